"""The ``newsgraph`` command: a thin layer over the library API, one module per command."""

from __future__ import annotations

import atexit
import errno
import os
import signal
import sqlite3
import sys
import threading
from typing import NoReturn

import typer

from extract.errors import NewsgraphError

app = typer.Typer(
    name="newsgraph",
    help="Turn news articles into one knowledge graph: RDF, interactive HTML, GraphML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state: dict[str, object] = {"debug": False, "signal": None}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors (also accepted after the command).")) -> None:
    _state["debug"] = _state["debug"] or debug


from . import build as _build  # noqa: E402,F401  (registers commands)
from . import oie as _oie  # noqa: E402,F401
from . import explain as _explain  # noqa: E402,F401
from . import bench as _bench  # noqa: E402,F401
from . import query as _query  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import view as _view  # noqa: E402,F401

_STOP_SIGNALS = {signal.SIGINT: "SIGINT (Ctrl-C)", signal.SIGTERM: "SIGTERM"}
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM: unwinds like Ctrl-C, so every ``finally`` stops workers and removes staging files."""


def _on_signal(signum: int, _frame: object) -> None:
    if _state["signal"] is not None:
        return  # a second Ctrl-C must not cut the clean-up of the first short
    _state["signal"] = signum
    raise Stopped(signum)


def _split_debug(args: list[str]) -> tuple[bool, list[str]]:
    """``--debug`` anywhere before ``--``: people add it at the end of the command they just ran."""
    end = args.index("--") if "--" in args else len(args)
    rest = [a for a in args[:end] if a != "--debug"] + args[end:]
    return len(rest) != len(args), rest


def _disk_full(err: BaseException) -> str | None:
    """A one-line message when ``err`` means the disk (or the user's quota) is full."""
    if isinstance(err, OSError) and err.errno in _DISK_FULL:
        where = f" writing {err.filename!r}" if err.filename else ""
        detail = "" if err.errno == errno.ENOSPC else f" ({err.strerror})"
        return f"No space left on the device{where}{detail}. Free some space, or choose another --out (and --cache-dir)."
    if isinstance(err, sqlite3.Error) and ("full" in str(err) or "disk I/O" in str(err)):
        return f"The extraction cache cannot be written ({err}): the disk is probably full. Free some space, or use --no-cache or another --cache-dir."
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: a researcher sees one line per problem, a developer adds --debug.

    SIGINT exits 130 and SIGTERM 143 (128 + the signal), each with one line,
    so ``newsgraph build … && publish`` never publishes an interrupted build.
    """
    debug, args = _split_debug(list(sys.argv[1:] if argv is None else argv))
    _state["debug"], _state["signal"] = debug, None
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {sig: signal.signal(sig, _on_signal) for sig in _STOP_SIGNALS}
    try:
        code = _run(args)
    finally:
        for sig, previous in handlers.items():
            signal.signal(sig, previous)
    if code:
        raise SystemExit(code)


def command() -> None:
    """The ``newsgraph`` executable: :func:`main`, then an exit without the interpreter's teardown.

    Tearing down the interpreter frees every object one by one: after a build
    of 400 articles (the graph, the model, the extraction kept for the
    exports) that is 0.6-0.8 s the user waits for nothing, since the process
    is ending. Exit handlers still run and every stream is flushed first; if
    a thread other than a daemon is still running, the normal exit waits for
    it. A notebook or a test calling :func:`main` keeps the normal path.
    """
    try:
        main()
    except SystemExit as stop:
        code = stop.code
    else:
        code = 0
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        raise SystemExit(code)
    leave(_exit_status(code))


def leave(status: int) -> NoReturn:
    """End the process with ``status`` now: exit handlers run and stdout/stderr are flushed, nothing is torn down."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`newsgraph … | head`): as Python's own exit, 120
            status = status or 120
    os._exit(status)


def _exit_status(code: object) -> int:
    """What ``SystemExit(code)`` would make the process exit with (a message is printed, as Python does)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _run(args: list[str]) -> int:
    try:
        try:
            result = app(args=args, standalone_mode=False)
        except Stopped:  # raised outside typer's own handling (while it was starting up)
            result = 130
    except NewsgraphError as err:
        if _state["debug"]:
            raise
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        return 2
    except typer.Abort:
        typer.secho("aborted", err=True)
        return 130
    except typer.Exit as exit_:
        return exit_.exit_code
    except typer.TyperException as err:  # usage errors: bad option values, missing arguments
        show = getattr(err, "show", None)
        if show is None:
            raise
        show()
        return getattr(err, "exit_code", 2)
    except (OSError, sqlite3.Error) as err:
        message = _disk_full(err)
        if message is None or _state["debug"]:
            raise
        typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
        return 2
    signum = _state["signal"]
    if signum is not None and result == 130:  # typer turns KeyboardInterrupt into exit code 130
        typer.secho(f"stopped by {_STOP_SIGNALS[signum]}; an unfinished build leaves the previous outputs as they were", err=True)
        return 128 + int(signum)
    if signum is not None and result is None:
        # The signal came where Python could not raise it (it printed "Exception ignored")
        # and the command ran to its end: still say so, and still fail, so no `&& publish` runs.
        typer.secho(f"stopped by {_STOP_SIGNALS[signum]} just as the command finished; its outputs are complete", err=True)
        return 128 + int(signum)
    return result if isinstance(result, int) else 0
