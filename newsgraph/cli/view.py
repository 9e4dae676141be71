"""``newsgraph view OUT_DIR SPEC [--out DIR] [--format turtle --format jsonld --format html]``"""

from __future__ import annotations

from pathlib import Path

import typer

from exports.registry import VIEW_EXPORTS, export, get_exporter, whole_graph_note
from extract.errors import InputError
from extract.normalize import escape_unsafe
from extract.sources import display_path
from graph.views import view_of

from ..lock import output_lock
from ..view import check_view_spec, choose_view, load_build, view_folder_name
from . import app


@app.command("view")
def view_command(
    build_dir: Path = typer.Argument(..., help="Output folder of `newsgraph build` (its tables/ hold the extractions)."),
    spec: str = typer.Argument(..., help="top:N, ego:LABEL[:RADIUS], query:FILE.rq (a SELECT of ?node entity IRIs) or nodes:FILE (one id a line)."),
    out: Path = typer.Option(None, "--out", "-o", help="Where the view's files go (default BUILD_DIR/views/SPEC, e.g. out/views/ego-tony-blair-1)."),
    formats: list[str] = typer.Option(list(VIEW_EXPORTS), "--format", "-f", help="Export formats (repeatable); any format works, all hold the view."),
    max_nodes: int = typer.Option(None, "--max-nodes", min=1, help="Entities drawn in graph.html, most connected first (default 1000)."),
    aliases: Path = typer.Option(None, "--aliases", help="The build's --aliases file, if it had one (the graph is resolved again from the extractions)."),
    nodes: str = typer.Option("all", "--nodes", help="The build's --nodes: all or entities."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Write Turtle, JSON-LD and graph.html of one view of a built graph (without parsing anything again).

    The graph is made again from the build's extractions (BUILD_DIR/tables/), then cut
    down to the view; every file says it holds a view. Example:

        newsgraph view out "ego:Tony Blair:2"
    """
    for name in formats:
        get_exporter(name)
    check_view_spec(spec)
    if spec.strip() in ("all", "auto"):
        raise InputError(f"newsgraph view writes one view; {spec.strip()!r} is none (choose top:N, ego:LABEL[:RADIUS], query:FILE.rq or nodes:FILE).")
    kg = load_build(build_dir, aliases=aliases, nodes=nodes)
    part = choose_view(kg, spec)
    assert part is not None
    target = out if out is not None else build_dir / "views" / view_folder_name(spec)
    with output_lock(target):
        written = export(part, target, formats, options={"html": {"max_nodes": max_nodes}} if max_nodes else None)
    if quiet:
        return
    shown = view_of(part)
    assert shown is not None
    if "differs_from_build" in kg.meta:
        typer.secho(f"warning: {kg.meta['differs_from_build']}", err=True, fg=typer.colors.YELLOW)
    typer.echo(escape_unsafe(shown.line))
    others = shown.parameters.get("also_matched")
    if others:
        typer.echo(escape_unsafe(f"  ({shown.parameters['query']!r} also names {', '.join(others[:5])}{' …' if len(others) > 5 else ''}; give an id to choose)"))
    for path in written.values():
        typer.echo(f"  wrote {display_path(target / path.name)}")
    typer.echo(whole_graph_note())
