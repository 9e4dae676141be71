"""Registry of exporters: ``name -> writer(kg, path)``, each with its default file name.

Adding an export format is one module with a decorated writer.
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from extract.errors import UnknownNameError
from graph.model import KnowledgeGraph

from .atomic import guard_child, signals_blocked, stop_pool

__all__ = [
    "Exporter", "ExporterSpec", "register_exporter", "get_exporter", "exporter_names", "export",
    "DEFAULT_EXPORTS", "VIEW_EXPORTS", "WHOLE_GRAPH_EXPORTS", "whole_graph_note",
]


class Exporter(Protocol):
    """``writer(kg, path, **options)``; options are keyword-only and format-specific (``max_nodes`` for html)."""

    def __call__(self, kg: KnowledgeGraph, path: Path, /, **options: Any) -> None: ...


@dataclass(frozen=True)
class ExporterSpec:
    name: str
    filename: str
    description: str
    write: Exporter


_EXPORTERS: dict[str, ExporterSpec] = {}

#: What ``newsgraph build`` writes when no --format is given.
DEFAULT_EXPORTS = ("turtle", "trig", "nquads", "html", "graphml", "statements", "entities", "statements-parquet", "entities-parquet")

#: The formats ``newsgraph build`` writes from a view (:mod:`graph.views`) once a graph is too large
#: for one page or one readable file; every other format holds the whole graph (docs/scaling.md).
VIEW_EXPORTS = ("turtle", "jsonld", "html")
#: The formats that always hold the whole graph, named where a view says where the rest is.
WHOLE_GRAPH_EXPORTS = ("nquads", "trig", "graphml")


def whole_graph_note() -> str:
    """The sentence a view's files end their notice with: which files of the build hold everything.

    >>> whole_graph_note()
    'The whole graph is in the N-Quads, TriG and GraphML files of the build (graph.nq, graph.trig, graph.graphml).'
    """
    files = [get_exporter(name).filename for name in WHOLE_GRAPH_EXPORTS]
    return f"The whole graph is in the N-Quads, TriG and GraphML files of the build ({', '.join(files)})."


def register_exporter(name: str, *, filename: str, description: str) -> Callable[[Exporter], Exporter]:
    def decorate(func: Exporter) -> Exporter:
        _EXPORTERS[name] = ExporterSpec(name, filename, description, func)
        return func

    return decorate


def _ensure_loaded() -> None:
    from . import entities, graphml, html, parquet, rdf, statements  # noqa: F401  (register the built-ins)


def get_exporter(name: str) -> ExporterSpec:
    _ensure_loaded()
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise UnknownNameError(f"Unknown export format {name!r}; choose from: {', '.join(exporter_names())}.") from None


def exporter_names() -> list[str]:
    _ensure_loaded()
    return sorted(_EXPORTERS)


def export(
    kg: KnowledgeGraph,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = DEFAULT_EXPORTS,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    processes: int | None = None,
) -> dict[str, Path]:
    """Write each format into ``out_dir`` under its default name; return the paths.

    ``options`` maps a format name to keyword options for its writer, e.g.
    ``{"html": {"max_nodes": 500}}``; options of formats not in ``formats``
    are ignored, so one options mapping can serve many calls.

    The formats are independent, so they are written by up to ``processes``
    forked workers at once (default: one per core). Each worker inherits the
    graph copy-on-write, nothing is pickled, and every file is still written
    atomically; ``processes=1`` (or a process running other threads) writes
    them one after the other.
    """
    specs = [get_exporter(name) for name in formats]  # fail on a bad name before writing anything
    options = dict(options or {})
    for name in options:
        get_exporter(name)
    for spec in specs:
        _check_options(spec, options.get(spec.name, {}))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(spec.name, out / spec.filename, dict(options.get(spec.name, {}))) for spec in specs]
    workers = min(len(jobs), processes or os.cpu_count() or 1)
    # Forking a process that runs other threads (a Dask client, a progress
    # bar) can copy a held lock into the child and hang it: write serially then.
    if workers > 1 and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _write_in_workers(kg, jobs, workers)
    else:
        for name, path, opts in jobs:
            get_exporter(name).write(kg, path, **opts)
    return {name: path for name, path, _ in jobs}


# The graph handed to forked export workers: set just before the pool forks.
_FORKED_KG: KnowledgeGraph | None = None


def _write_forked(name: str, path: Path, opts: dict[str, Any]) -> str:
    assert _FORKED_KG is not None
    get_exporter(name).write(_FORKED_KG, path, **opts)
    return name


def _write_in_workers(kg: KnowledgeGraph, jobs: list[tuple[str, Path, dict[str, Any]]], workers: int) -> None:
    global _FORKED_KG
    _FORKED_KG = kg
    try:
        context = multiprocessing.get_context("fork")
        # Each worker dies with this process and leaves Ctrl-C to it (guard_child);
        # on any error or interrupt here the workers are stopped, not waited for.
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=guard_child, initargs=(os.getpid(),))
        try:
            with signals_blocked():  # the workers fork here
                futures = [pool.submit(_write_forked, name, path, opts) for name, path, opts in jobs]
            for future in futures:
                future.result()  # re-raises a writer's error here, in the caller
        except BaseException:
            stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        _FORKED_KG = None


def _check_options(spec: ExporterSpec, options: Mapping[str, Any]) -> None:
    """Refuse an option the writer does not take, before anything is written."""
    if not options:
        return
    parameters = inspect.signature(spec.write).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return
    accepted = sorted(name for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise UnknownNameError(
            f"Export format {spec.name!r} takes no option {', '.join(map(repr, unknown))}; "
            f"it takes: {', '.join(accepted) or 'no options'}."
        )
