"""Outputs that are either old or new, never half-written: per file and as a set.

:func:`atomic_write` writes a file under a temporary name and renames it into
place, so a build killed at any moment leaves the previous file whole.

:func:`staged_folder` does the same for the whole output folder: a build
writes every file into a staging folder beside ``--out`` and, once all are
written, the two folders are exchanged in one ``renameat2(RENAME_EXCHANGE)``
system call (Linux; elsewhere two renames in a row). A reader therefore sees
the complete old set or the complete new one, never ``report.json`` of one
build beside ``graph.ttl`` of another. What the folder holds that newsgraph
did not write (the extraction cache, your own files) is carried over.

:func:`guard_child` makes a worker process die with the build that started
it, so no orphan keeps writing into a folder after its build is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "write_text_atomic", "staged_folder", "staging_paths", "guard_child", "signals_blocked", "stop_pool", "STAGING_MARK", "file_mode"]

#: A file only an unfinished staging folder holds (removed when it is swapped in).
STAGING_MARK = ".newsgraph-staging"

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux 4.7+)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets from ``open()``: 0666 less the umask (mkstemp would give 0600)."""
    return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success, rename it over ``path``.

    The file gets the mode any new file would get under the user's umask, so
    colleagues, a web server or a container user can read what the umask allows.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": encoding, "newline": "\n"})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    with atomic_write(path) as handle:
        handle.write(text)


# -- the output set ---------------------------------------------------------------


def staging_paths(target: str | os.PathLike[str]) -> tuple[Path, Path]:
    """(staging folder, retired folder) of ``target``: hidden siblings on the same file system."""
    out = Path(os.path.abspath(target))
    return out.parent / f".{out.name}.newsgraph-new", out.parent / f".{out.name}.newsgraph-old"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc older than 2.28, musl
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # the file system has no exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def _carry_over(old: Path, new: Path, owned: set[str]) -> None:
    """Move what newsgraph did not write (cache, the user's files) from ``old`` into ``new``."""
    for entry in sorted(os.listdir(old)):
        if entry in owned or entry == STAGING_MARK or (entry.startswith(".") and entry.endswith(".tmp")):
            continue
        if not os.path.lexists(new / entry):
            os.rename(old / entry, new / entry)


def _recover(target: Path, owned: set[str]) -> None:
    """Tidy what a build killed during a previous swap left beside ``target``.

    A staging folder still marked is an unfinished new set: it goes. An
    unmarked one is the old set after an exchange whose clean-up was cut
    short, and the retired folder the same after a two-rename swap: their
    cache and user files go back into ``target`` first.
    """
    stage, retired = staging_paths(target)
    if stage.is_dir():
        if (stage / STAGING_MARK).exists() or not target.is_dir():
            shutil.rmtree(stage, ignore_errors=True)
        else:
            _carry_over(stage, target, owned)
            shutil.rmtree(stage, ignore_errors=True)
    if retired.is_dir():
        if not target.exists():
            os.rename(retired, target)  # killed between the two renames: the old set is back
        else:
            _carry_over(retired, target, owned)
            shutil.rmtree(retired, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        os.unlink(target / STAGING_MARK)


class StagedFolder:
    """What :func:`staged_folder` yields: the folder to write into, and afterwards how long the swap took."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.swap_seconds: float | None = None


@contextlib.contextmanager
def staged_folder(target: str | os.PathLike[str], owned: Iterable[str] = ()) -> Iterator[StagedFolder]:
    """Write a new set of outputs into a staging folder beside ``target``, then swap it in whole.

    ``owned`` names the files newsgraph writes: those of the old set are
    dropped with it; anything else in ``target`` is carried over. If the
    body raises (an error, Ctrl-C), the staging folder is removed and
    ``target`` is exactly as it was. Call under :func:`newsgraph.lock.output_lock`.
    """
    out = Path(os.path.abspath(target))
    names = set(owned)
    _recover(out, names)
    stage, retired = staging_paths(out)
    stage.mkdir()
    (stage / STAGING_MARK).touch()
    staged = StagedFolder(stage)
    try:
        yield staged
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    started = time.perf_counter()
    if not out.exists():
        os.unlink(stage / STAGING_MARK)
        os.rename(stage, out)
    else:
        with contextlib.suppress(OSError):
            os.chmod(stage, os.stat(out).st_mode & 0o7777)  # the folder keeps the mode its owner gave it
        if _exchange(stage, out):
            os.unlink(out / STAGING_MARK)
            _carry_over(stage, out, names)
            shutil.rmtree(stage, ignore_errors=True)
        else:
            os.rename(out, retired)
            os.rename(stage, out)
            os.unlink(out / STAGING_MARK)
            _carry_over(retired, out, names)
            shutil.rmtree(retired, ignore_errors=True)
    staged.swap_seconds = time.perf_counter() - started


# -- worker processes -------------------------------------------------------------------


def _die_with(parent_pid: int) -> None:
    """Kill this process when ``parent_pid`` goes, however it goes (even SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent_pid:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:  # elsewhere: notice that we were re-parented
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while worker processes are forked.

    A signal that lands inside ``fork()``'s at-fork hooks raises where Python
    can only print "Exception ignored" and carry on, so the interrupt would be
    lost; held back, it is delivered the moment the fork is done. The children
    start with the signals blocked too, until :func:`guard_child` has set
    their own handling.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def guard_child(parent_pid: int) -> None:
    """Call first in every worker process a build forks.

    The worker dies with its parent (``PR_SET_PDEATHSIG`` on Linux, a watcher
    thread elsewhere), so no orphan keeps renaming files into an output
    folder, and it ignores Ctrl-C: the terminal sends SIGINT to the whole
    process group, and the parent, not each worker with its own traceback,
    decides what an interrupt means and stops the workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with(parent_pid)


def stop_pool(pool: Any, grace: float = 2.0) -> None:
    """Stop a process pool now: cancel what waits, SIGTERM the workers, SIGKILL any that linger.

    ``shutdown(wait=True)`` would first finish every batch in flight (minutes
    on long articles) while the user waits for Ctrl-C to work. The pool keeps
    its processes in a private mapping; there is no public way to reach them.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(grace)
        if process.is_alive():
            process.kill()
            process.join(grace)
    pool.shutdown(wait=False, cancel_futures=True)
