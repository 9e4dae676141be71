"""An exclusive lock on an output folder, so two builds never write the same files."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from extract.errors import NewsgraphError

__all__ = ["OutputLocked", "output_lock"]


class OutputLocked(NewsgraphError):
    """Another build is writing the same output folder."""


@contextlib.contextmanager
def output_lock(out_dir: str | os.PathLike[str]) -> Iterator[None]:
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / ".newsgraph.lock", "w")
    except OSError as err:
        raise NewsgraphError(f"Cannot write to output folder {str(out)!r}: {err.strerror or err}. Choose another --out.") from err
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(f"Another newsgraph build is writing {str(out)!r}; wait for it to finish or choose another --out.") from None
        yield
    finally:
        handle.close()
