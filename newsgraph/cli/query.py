"""``newsgraph query FILE... "SPARQL" [--format table|csv|json|tsv|xml]``"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..sparql import RESULT_FORMATS, load_store, read_query, run_query, table_rows, write_results
from . import app

_FORMATS = ("table", "csv", "json", "tsv", "xml", "turtle", "ntriples")


@app.command("query")
def query_command(
    args: list[str] = typer.Argument(
        ..., metavar="FILE... [QUERY]", help="RDF files (.ttl .nt .trig .nq .jsonld), then the SPARQL query or @query.rq."
    ),
    query_file: Path = typer.Option(None, "--file", "-q", help="Read the query from this file instead."),
    fmt: str = typer.Option("table", "--format", "-f", help=f"Output: {', '.join(_FORMATS)}."),
    limit: int = typer.Option(None, "--max-rows", min=1, help="Print at most this many rows."),
) -> None:
    """Run a SPARQL query over exported RDF files (pyoxigraph, in memory).

    Our prefixes (ng: rel: ent: art: ev: schema: rdf: rdfs: skos: prov: xsd:)
    need no PREFIX lines. Example:

        newsgraph query out/graph.ttl @docs/queries/neighbours.rq
    """
    if fmt not in _FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(_FORMATS)}", param_hint="--format")
    if query_file is not None:
        files, text = args, query_file.read_text(encoding="utf-8")
    elif len(args) >= 2:
        files, text = args[:-1], read_query(args[-1])
    else:
        raise typer.BadParameter("give at least one RDF file and a query (or --file QUERY.rq)", param_hint="FILE... QUERY")
    store = load_store(files)
    result = run_query(store, text, max_rows=limit)
    if fmt == "table":
        _print_table(result)
    else:
        if result.kind == "graph" and fmt not in ("turtle", "ntriples"):
            fmt = "turtle"  # CONSTRUCT/DESCRIBE give triples, not a table
        elif result.kind != "graph" and fmt in ("turtle", "ntriples"):
            raise typer.BadParameter(f"{fmt} is for CONSTRUCT/DESCRIBE; use one of {', '.join(f for f in RESULT_FORMATS if f not in ('turtle', 'ntriples'))}", param_hint="--format")
        write_results(result, sys.stdout, fmt)
    if result.truncated:
        typer.secho(f"(stopped after {limit} rows: --max-rows)", err=True, fg=typer.colors.YELLOW)


def _print_table(result) -> None:
    """A table when it fits the terminal; otherwise one block of `column: value` lines per row.

    A squeezed table folds every cell into a column of word fragments, which
    nobody can read; long sentences and IRIs read best one per line.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from extract.normalize import escape_unsafe

    header, rows = table_rows(result)
    # Literals from any RDF file: terminal escapes and bidi overrides are shown, never obeyed.
    header = [escape_unsafe(h) for h in header]
    rows = [[escape_unsafe(cell) for cell in row] for row in rows]
    console = Console()
    natural = sum(max([len(h), *(len(r[i]) for r in rows)]) + 3 for i, h in enumerate(header)) + 1
    if natural <= console.width:
        table = Table(*header, show_lines=False, header_style="bold")
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        console.print(table)
    else:
        label_width = max((len(h) for h in header), default=0)
        for number, row in enumerate(rows, start=1):
            console.print(f"[bold]row {number}[/bold]")
            for name, cell in zip(header, row):
                if cell:
                    console.print(f"  [dim]{escape(name).ljust(label_width)}[/dim]  {escape(cell)}", soft_wrap=True)
    noun = "row" if len(rows) == 1 else "rows"
    console.print(f"{len(rows)} {noun}", style="dim")
