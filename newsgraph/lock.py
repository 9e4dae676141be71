"""An exclusive lock on an output folder, so two builds never write the same files.

The lock is a file beside the folder (``.OUT.newsgraph.lock``), not inside it:
the folder itself is swapped whole at the end of a build (see
:func:`exports.atomic.staged_folder`), and a failed first build must not leave
a folder holding nothing but a lock. The file is removed when the lock is
released. A worker process forked while the lock is held closes its copy of
the descriptor at once, so a worker that outlives its build (it should not:
see :func:`exports.atomic.guard_child`) can never keep the folder locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from extract.errors import NewsgraphError

__all__ = ["OutputLocked", "output_lock", "lock_path"]

_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


class OutputLocked(NewsgraphError):
    """Another build is writing the same output folder."""


def lock_path(out_dir: str | os.PathLike[str]) -> Path:
    """Where the lock of ``out_dir`` lives: a hidden file beside it."""
    out = Path(os.path.abspath(out_dir))
    return out.parent / f".{out.name}.newsgraph.lock"


@contextlib.contextmanager
def output_lock(out_dir: str | os.PathLike[str]) -> Iterator[None]:
    out = Path(os.path.abspath(out_dir))
    path = lock_path(out)
    try:
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(20, "it is a file", str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NewsgraphError(f"Cannot write to output folder {str(out)!r}: {err.strerror or err}. Choose another --out.") from err
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as err:
            raise NewsgraphError(f"Cannot write to output folder {str(out)!r}: {err.strerror or err}. Choose another --out.") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLocked(f"Another newsgraph build is writing {str(out)!r}; wait for it to finish or choose another --out.") from None
        # A build that finished between our open and our flock removed the file we
        # locked; lock the file that is there now instead, or two builds would both win.
        try:
            current = os.stat(path).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(fd).st_ino:
            break
        os.close(fd)
    _HELD.add(fd)
    try:
        yield
    finally:
        _HELD.discard(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)
