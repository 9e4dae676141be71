"""GraphML for Gephi and friends: every attribute a plain string or number."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from extract.model import QUALIFIER_KINDS
from graph.model import KnowledgeGraph

from .atomic import atomic_write
from .registry import register_exporter

__all__ = ["flat_graph", "write_graphml"]


def _flat(value: object) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flat_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of the graph whose attributes GraphML can hold (lists joined, evidence as JSON)."""
    flat = nx.MultiDiGraph()
    for node, data in kg.graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for u, v, key, data in kg.graph.edges(keys=True, data=True):
        attrs = {k: _flat(val) for k, val in data.items() if k != "evidence"}
        attrs["evidence"] = _flat([{k: e[k] for k in ("doc_id", "sentence", "confidence")} for e in data.get("evidence", [])])
        attrs.update(_qualifier_attrs(kg, data.get("evidence", [])))
        flat.add_edge(u, v, key=key, **attrs)
    return flat


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _qualifier_attrs(kg: KnowledgeGraph, evidence: list[dict[str, Any]]) -> dict[str, str]:
    """``time``, ``place``, … as " | "-joined distinct texts over the evidence; ``reported_on`` the earliest article date.

    Every edge gets every key (empty when unknown), so GraphML declares each once.
    """
    texts: dict[str, list[str]] = {kind: [] for kind in QUALIFIER_KINDS}
    for ev in evidence:
        for q in ev.get("qualifiers", ()):
            if q["kind"] in texts and q["text"] not in texts[q["kind"]]:
                texts[q["kind"]].append(q["text"])
    attrs = {kind: " | ".join(values) for kind, values in texts.items()}
    dates = sorted((d for ev in evidence if (info := kg.articles.get(ev["doc_id"])) and (d := info.date)), key=lambda d: (not _ISO_DAY.match(d), d))
    attrs["reported_on"] = dates[0] if dates else ""
    return attrs


@register_exporter("graphml", filename="graph.graphml", description="GraphML for Gephi, yEd, networkx")
def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path, binary=True) as handle:
        nx.write_graphml(flat_graph(kg), handle, encoding="utf-8", prettyprint=True)
