"""Registry of exporters: ``name -> writer(kg, path)``, each with its default file name.

Adding an export format is one module with a decorated writer.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from extract.errors import UnknownNameError
from graph.model import KnowledgeGraph

__all__ = ["Exporter", "ExporterSpec", "register_exporter", "get_exporter", "exporter_names", "export", "DEFAULT_EXPORTS"]


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
DEFAULT_EXPORTS = ("turtle", "trig", "nquads", "html", "graphml", "statements", "entities")


def register_exporter(name: str, *, filename: str, description: str) -> Callable[[Exporter], Exporter]:
    def decorate(func: Exporter) -> Exporter:
        _EXPORTERS[name] = ExporterSpec(name, filename, description, func)
        return func

    return decorate


def _ensure_loaded() -> None:
    from . import entities, graphml, html, rdf, statements  # noqa: F401  (register the built-ins)


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
) -> dict[str, Path]:
    """Write each format into ``out_dir`` under its default name; return the paths.

    ``options`` maps a format name to keyword options for its writer, e.g.
    ``{"html": {"max_nodes": 500}}``; options of formats not in ``formats``
    are ignored, so one options mapping can serve many calls.
    """
    specs = [get_exporter(name) for name in formats]  # fail on a bad name before writing anything
    options = dict(options or {})
    for name in options:
        get_exporter(name)
    for spec in specs:
        _check_options(spec, options.get(spec.name, {}))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for spec in specs:
        path = out / spec.filename
        spec.write(kg, path, **options.get(spec.name, {}))
        written[spec.name] = path
    return written


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
