"""The ``newsgraph`` command: a thin layer over the library API, one module per command."""

from __future__ import annotations

import sys

import typer

from extract.errors import NewsgraphError

app = typer.Typer(
    name="newsgraph",
    help="Turn news articles into one knowledge graph: RDF, interactive HTML, GraphML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors.")) -> None:
    _state["debug"] = debug


from . import build as _build  # noqa: E402,F401  (registers commands)
from . import oie as _oie  # noqa: E402,F401
from . import explain as _explain  # noqa: E402,F401
from . import bench as _bench  # noqa: E402,F401
from . import query as _query  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    """Entry point: a researcher sees one line per problem, a developer adds --debug."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, standalone_mode=False)
    except NewsgraphError as err:
        if _state["debug"] or "--debug" in args:
            raise
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        raise SystemExit(2) from None
    except typer.Abort:
        typer.secho("aborted", err=True)
        raise SystemExit(130) from None
    except typer.Exit as exit_:
        raise SystemExit(exit_.exit_code) from None
    except typer.TyperException as err:  # usage errors: bad option values, missing arguments
        show = getattr(err, "show", None)
        if show is None:
            raise
        show()
        raise SystemExit(getattr(err, "exit_code", 2)) from None
