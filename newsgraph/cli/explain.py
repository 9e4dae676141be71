"""``newsgraph explain ENTITY --graph OUT_DIR``"""

from __future__ import annotations

from pathlib import Path

import typer

from extract.normalize import escape_unsafe
from graph.explain import explain_entity, format_explanation

from . import app


@app.command("explain")
def explain_command(
    entity: str = typer.Argument(..., help="Entity name, alias or id (e.g. 'Zelensky' or 'person/volodymyr-zelensky')."),
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Output folder of `newsgraph build` (holds entities.jsonl)."),
) -> None:
    """Show an entity's aliases, roles and which rule merged each mention, article by article."""
    for number, record in enumerate(explain_entity(graph, entity)):
        if number:
            typer.echo("")
        # entities.jsonl may come from anywhere: an ESC or a bidi override in a label
        # must be shown, not obeyed by the terminal.
        typer.echo(escape_unsafe(format_explanation(record)))
