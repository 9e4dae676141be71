"""GraphML for Gephi and friends: every attribute a plain string or number."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

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
        flat.add_edge(u, v, key=key, **attrs)
    return flat


@register_exporter("graphml", filename="graph.graphml", description="GraphML for Gephi, yEd, networkx")
def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path, binary=True) as handle:
        nx.write_graphml(flat_graph(kg), handle, encoding="utf-8", prettyprint=True)
