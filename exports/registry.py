"""Registry of exporters: ``name -> writer(kg, path)``, each with its default file name.

Adding an export format is one module with a decorated writer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from extract.errors import UnknownNameError
from graph.model import KnowledgeGraph

__all__ = ["Exporter", "ExporterSpec", "register_exporter", "get_exporter", "exporter_names", "export", "DEFAULT_EXPORTS"]


class Exporter(Protocol):
    def __call__(self, kg: KnowledgeGraph, path: Path, /) -> None: ...


@dataclass(frozen=True)
class ExporterSpec:
    name: str
    filename: str
    description: str
    write: Exporter


_EXPORTERS: dict[str, ExporterSpec] = {}

#: What ``newsgraph build`` writes when no --format is given.
DEFAULT_EXPORTS = ("turtle", "trig", "nquads", "html", "graphml", "statements")


def register_exporter(name: str, *, filename: str, description: str) -> Callable[[Exporter], Exporter]:
    def decorate(func: Exporter) -> Exporter:
        _EXPORTERS[name] = ExporterSpec(name, filename, description, func)
        return func

    return decorate


def _ensure_loaded() -> None:
    from . import graphml, html, rdf, statements  # noqa: F401  (register the built-ins)


def get_exporter(name: str) -> ExporterSpec:
    _ensure_loaded()
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise UnknownNameError(f"Unknown export format {name!r}; choose from: {', '.join(exporter_names())}.") from None


def exporter_names() -> list[str]:
    _ensure_loaded()
    return sorted(_EXPORTERS)


def export(kg: KnowledgeGraph, out_dir: str | os.PathLike[str], formats: Iterable[str] = DEFAULT_EXPORTS) -> dict[str, Path]:
    """Write each format into ``out_dir`` under its default name; return the paths."""
    specs = [get_exporter(name) for name in formats]  # fail on a bad name before writing anything
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for spec in specs:
        path = out / spec.filename
        spec.write(kg, path)
        written[spec.name] = path
    return written
