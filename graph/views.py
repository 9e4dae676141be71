"""Views: a part of a :class:`KnowledgeGraph` that is still a whole graph.

A corpus of thousands of articles makes a graph no page can draw and no
reader can take in one file. A view keeps some of its nodes, every relation
among them with all its evidence, their statements and the articles they come
from, and says what it is (``kg.meta["view"]``, a :class:`View`), so an
exporter can write "Showing the ego network of Tony Blair (radius 1): 40 of
26,515 nodes" instead of passing a part off as the whole.

* :func:`top_view` keeps the ``n`` most important nodes
  (:func:`graph.analysis.importance_order`);
* :func:`ego_view` keeps the nodes within ``radius`` relations of one node,
  found by id, label or alias as ``newsgraph explain`` finds it;
* :func:`nodes_view` keeps a given set of nodes (what a SPARQL query selected,
  :func:`newsgraph.view.query_view`).

The result is a plain :class:`KnowledgeGraph`: every exporter writes it.
A view of a view counts its totals against the first, whole graph.

>>> import networkx as nx
>>> from graph.model import KnowledgeGraph
>>> g = nx.MultiDiGraph([("a", "b", "meet", {"weight": 2, "evidence": []}), ("b", "c", "call", {"weight": 1, "evidence": []})])
>>> part = top_view(KnowledgeGraph(graph=g, entities={}, statements=[], articles={}), 2)
>>> sorted(part.graph), part.meta["view"].line
(['a', 'b'], 'Showing the 2 most important nodes: 2 of 3 nodes and 1 of 2 relations.')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from extract.errors import InputError

from .analysis import importance_order
from .explain import find_entity
from .model import KnowledgeGraph

__all__ = ["VIEW_KEY", "View", "view_of", "top_view", "ego_view", "nodes_view", "find_node"]

#: Where a view records itself in ``kg.meta``.
VIEW_KEY = "view"


@dataclass(frozen=True)
class View:
    """What a view holds: its kind, how it was chosen, and how much of the whole graph it keeps.

    ``kind`` is ``"top"``, ``"ego"``, ``"nodes"`` or ``"query"``; ``parameters``
    holds plain values (``{"n": 500}``, ``{"node": "person/tony-blair",
    "label": "Tony Blair", "radius": 1}``…); ``what`` is the phrase that
    names it ("the ego network of Tony Blair (radius 1)").
    """

    kind: str
    what: str
    nodes: int
    edges: int
    nodes_total: int
    edges_total: int
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Whether the view happens to hold the whole graph."""
        return self.nodes == self.nodes_total and self.edges == self.edges_total

    @property
    def line(self) -> str:
        """One sentence for a page or a terminal: "Showing the …: 40 of 26,515 nodes and 81 of 61,203 relations."."""
        return (
            f"Showing {self.what}: {self.nodes:,} of {_plural(self.nodes_total, 'node')} "
            f"and {self.edges:,} of {_plural(self.edges_total, 'relation')}."
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for ``report.json`` and the explorer's data."""
        return {
            "kind": self.kind, "what": self.what, "parameters": dict(self.parameters), "line": self.line,
            "nodes": self.nodes, "edges": self.edges, "nodes_total": self.nodes_total, "edges_total": self.edges_total,
        }


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def view_of(kg: KnowledgeGraph) -> View | None:
    """The :class:`View` ``kg`` holds, or ``None`` for a whole graph."""
    view = kg.meta.get(VIEW_KEY)
    return view if isinstance(view, View) else None


def top_view(kg: KnowledgeGraph, n: int) -> KnowledgeGraph:
    """The ``n`` most important nodes (:func:`graph.analysis.importance_order`) and every relation among them."""
    if n < 1:
        raise InputError(f"a top view keeps at least 1 node (got {n}).")
    keep = importance_order(kg.graph)[:n]
    what = f"the {_plural(len(keep), 'most important node')}" if len(keep) != 1 else "the most important node"
    return _restrict(kg, keep, "top", what, {"n": n})


def ego_view(kg: KnowledgeGraph, node: str, radius: int = 1) -> KnowledgeGraph:
    """The nodes within ``radius`` relations of ``node`` (either direction) and every relation among them.

    ``node`` is an id or a name: a label or alias, found as ``newsgraph explain``
    finds it (:func:`find_node`); raises :class:`InputError` naming close matches
    when no node has it.
    """
    if radius < 0:
        raise InputError(f"radius must be 0 or more (got {radius}).")
    center, others = find_node(kg, node)
    distances = nx.single_source_shortest_path_length(kg.graph.to_undirected(as_view=True), center, cutoff=radius)
    label = kg.graph.nodes[center].get("label", center)
    parameters: dict[str, Any] = {"node": center, "label": label, "radius": radius, "query": node}
    if others:
        parameters["also_matched"] = others
    return _restrict(kg, distances, "ego", f"the ego network of {label} (radius {radius})", parameters)


def nodes_view(kg: KnowledgeGraph, ids: Iterable[str], *, kind: str = "nodes", what: str | None = None, parameters: Mapping[str, Any] | None = None) -> KnowledgeGraph:
    """The given nodes and every relation among them; an id the graph does not hold is an :class:`InputError`.

    ``kind``, ``what`` and ``parameters`` describe how the set was chosen (a query view passes its own).
    """
    keep = list(dict.fromkeys(ids))
    missing = [i for i in keep if i not in kg.graph]
    if missing:
        shown = ", ".join(repr(m) for m in missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise InputError(f"{len(missing)} of the {len(keep)} node ids are not in the graph: {shown}.")
    description = what or f"a chosen set of {_plural(len(keep), 'node')}"
    return _restrict(kg, keep, kind, description, dict(parameters or {}))


def find_node(kg: KnowledgeGraph, name: str) -> tuple[str, list[str]]:
    """The node ``name`` means (an id, else a label or alias), and the ids of other nodes it also matched.

    Matching is :func:`graph.explain.find_entity`'s (case, accents, titles and
    surnames forgiven); of several matches the most important node wins.
    Raises :class:`InputError` with the closest labels when nothing matches.
    """
    if name in kg.graph:
        return name, []
    records = [
        {"id": gid, "label": data.get("label", gid), "aliases": list(data.get("aliases", ())), "type": data.get("type", "thing")}
        for gid, data in kg.graph.nodes(data=True)
    ]
    found = [r["id"] for r in find_entity(records, name)]
    if not found:
        raise InputError(f"No node named {name!r} in the graph.{_close_matches(name, [r['label'] for r in records])}")
    if len(found) == 1:
        return found[0], []
    ordered = sorted(found, key=lambda n: _importance_key(kg.graph, n))
    return ordered[0], ordered[1:]


def _importance_key(graph: nx.MultiDiGraph, node: str) -> tuple[int, int, int, str]:
    """:func:`importance_order`'s sort key for one node, without ranking the whole graph."""
    edges = [(u, v, d) for u, v, d in (*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)) if u != v]
    weight = sum(int(d.get("weight", len(d.get("evidence", [])) or 1)) for _, _, d in edges)
    partners = {v if u == node else u for u, v, _ in edges}
    return -weight, -len(partners), -int(graph.nodes[node].get("mentions", 0)), node


def _close_matches(name: str, labels: list[str]) -> str:
    from rapidfuzz import fuzz, process

    close = list(dict.fromkeys(m[0] for m in process.extract(name, labels, scorer=fuzz.WRatio, limit=8, score_cutoff=60)))[:5]
    return f" Did you mean: {', '.join(close)}?" if close else " Look names up in entities.jsonl or with `newsgraph explain`."


def _restrict(kg: KnowledgeGraph, keep: Iterable[str], kind: str, what: str, parameters: Mapping[str, Any]) -> KnowledgeGraph:
    """``kg`` cut down to ``keep``: its nodes, the relations among them, their statements and articles."""
    kept = set(keep)
    whole = view_of(kg)
    graph = nx.MultiDiGraph()
    # the whole graph's order (build_graph adds nodes and edges sorted), so exports stay deterministic
    graph.add_nodes_from((n, dict(d)) for n, d in kg.graph.nodes(data=True) if n in kept)
    graph.add_edges_from((u, v, k, dict(d)) for u, v, k, d in kg.graph.edges(keys=True, data=True) if u in kept and v in kept)
    entities = {gid: e for gid, e in kg.entities.items() if gid in kept}
    # a statement stays when every entity it names stays: its ids never point out of the view
    statements = [
        gs for gs in kg.statements
        if (gs.subject_id in kept or gs.object_id in kept) and all(g is None or g in kept for g in (gs.subject_id, gs.object_id))
    ]
    used = {a for _, d in graph.nodes(data=True) for a in d.get("articles", ())}
    used |= {a for e in entities.values() for a in e.articles}
    used |= {ev["doc_id"] for _, _, d in graph.edges(data=True) for ev in d.get("evidence", ())}
    used |= {gs.statement.provenance.doc_id for gs in statements}
    articles = {aid: info for aid, info in kg.articles.items() if aid in used}
    recorded = View(
        kind, what, graph.number_of_nodes(), graph.number_of_edges(),
        whole.nodes_total if whole else kg.graph.number_of_nodes(),
        whole.edges_total if whole else kg.graph.number_of_edges(),
        dict(parameters),
    )
    meta = {**kg.meta, VIEW_KEY: recorded}
    return KnowledgeGraph(graph=graph, entities=entities, statements=statements, articles=articles, meta=meta)
