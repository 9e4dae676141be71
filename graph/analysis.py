"""Questions researchers ask of a news graph: who is central, which groups, whose neighbourhood, which relations.

Plain functions over the :class:`networkx.MultiDiGraph` that
:func:`graph.build.build_graph` makes (``kg.graph``). Each returns plain
records (lists of dicts), which :func:`to_dataframe` turns into a pandas
DataFrame when pandas is installed; the notebooks in ``notebooks/`` only
call these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

__all__ = [
    "collapse",
    "statement_degree",
    "importance_order",
    "pagerank_check",
    "centrality_table",
    "label_subset",
    "communities",
    "community_of",
    "ego_network",
    "relation_frequencies",
    "sparql_records",
    "to_dataframe",
]

Record = dict[str, Any]


def collapse(graph: nx.MultiDiGraph, *, directed: bool = False) -> nx.Graph:
    """One edge per connected pair, ``weight`` = supporting sentences summed over its relations.

    Self-loops are dropped: an entity does not make itself central.

    >>> g = nx.MultiDiGraph([("a", "b", "meet", {"weight": 2}), ("b", "a", "call", {"weight": 1})])
    >>> collapse(g)["a"]["b"]["weight"]
    3
    """
    simple: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        weight = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def statement_degree(graph: nx.MultiDiGraph) -> Counter[str]:
    """Statements that link each entity to another one (supporting sentences summed over its relations).

    This is the mention-weighted degree: an entity named in ten sentences with one partner counts
    ten, one named once with each of three partners counts three. Self-loops do not count.

    >>> g = nx.MultiDiGraph([("a", "b", "meet", {"weight": 2}), ("b", "c", "call", {"weight": 1})])
    >>> sorted(statement_degree(g).items())
    [('a', 2), ('b', 3), ('c', 1)]
    """
    counts: Counter[str] = Counter({n: 0 for n in graph.nodes})
    for u, v, data in graph.edges(data=True):
        if u != v:
            weight = int(data.get("weight", len(data.get("evidence", [])) or 1))
            counts[u] += weight
            counts[v] += weight
    return counts


def importance_order(graph: nx.MultiDiGraph) -> list[str]:
    """Entities most important first: statements linking them, then distinct neighbours, then mentions.

    The order the explorer draws and labels entities in, and the default order of
    :func:`centrality_table`. Ties go to the smaller id, so it does not depend on insertion order.
    """
    statements = statement_degree(graph)
    neighbours = collapse(graph)
    return sorted(graph.nodes, key=lambda n: (-statements[n], -neighbours.degree(n), -graph.nodes[n].get("mentions", 0), n))


#: PageRank is reported only when at least this share of the connected entities lie on directed cycles.
PAGERANK_MIN_CYCLIC_SHARE = 0.25


def pagerank_check(graph: nx.MultiDiGraph) -> tuple[bool, str]:
    """Whether PageRank means something on this graph, and a note saying why (or why not).

    PageRank ranks where a random walk along relations ends up. On a graph that is mostly
    chains and stars (news graphs of a few articles are), the walk drains into the ends of
    chains, so a sink ("Rome Statute" at the end of "X invoked the Rome Statute") outranks the
    people who act. It is worth reading only when a good share of the entities lie on directed
    cycles (one large strongly connected component).
    """
    directed = collapse(graph, directed=True)
    connected = [n for n in directed if directed.degree(n) > 0]
    if not connected:
        return False, "PageRank left out: no entity has a relation."
    cyclic = max((len(c) for c in nx.strongly_connected_components(directed.subgraph(connected)) if len(c) > 1), default=0)
    share = cyclic / len(connected)
    if share < PAGERANK_MIN_CYCLIC_SHARE:
        return False, (
            f"PageRank left out: only {cyclic} of {len(connected)} connected entities ({share:.0%}) lie on directed cycles, "
            "so it would rank the ends of chains (sinks) first; read statements and degree instead."
        )
    return True, f"PageRank follows the direction of relations; {cyclic} of {len(connected)} connected entities ({share:.0%}) lie on directed cycles."


def centrality_table(
    graph: nx.MultiDiGraph, *, top: int | None = None, betweenness_sample: int | None = None, seed: int = 7, pagerank: bool | None = None
) -> list[Record]:
    """Statements, degree, betweenness (and PageRank where meaningful) of every entity, most important first.

    ``statements`` is the mention-weighted degree (:func:`statement_degree`), ``degree`` counts
    distinct neighbours in either direction, ``betweenness`` is computed on the undirected collapsed
    graph (``betweenness_sample`` pivots approximate it on big graphs). Rows are ordered as
    :func:`importance_order`. ``pagerank=None`` adds a ``pagerank`` column only where
    :func:`pagerank_check` finds it meaningful (``True`` forces it, ``False`` leaves it out).
    """
    undirected = collapse(graph)
    k = betweenness_sample if betweenness_sample and betweenness_sample < undirected.number_of_nodes() else None
    betweenness = nx.betweenness_centrality(undirected, k=k, seed=seed) if undirected.number_of_nodes() else {}
    if pagerank is None:
        pagerank = pagerank_check(graph)[0]
    ranks = nx.pagerank(collapse(graph, directed=True), weight="weight") if pagerank and graph.number_of_nodes() else {}
    statements = statement_degree(graph)
    rows = []
    for node in importance_order(graph):
        data = graph.nodes[node]
        row: Record = {
            "id": node,
            "label": data.get("label", node),
            "type": data.get("type"),
            "mentions": data.get("mentions", 0),
            "statements": statements[node],
            "degree": undirected.degree(node),
            "betweenness": round(betweenness.get(node, 0.0), 6),
        }
        if pagerank:
            row["pagerank"] = round(ranks.get(node, 0.0), 6)
        rows.append(row)
    return rows[:top] if top is not None else rows


def label_subset(
    positions: Mapping[str, tuple[float, float]],
    labels: Mapping[str, str],
    order: Iterable[str],
    *,
    char_width: float,
    line_height: float,
) -> dict[str, str]:
    """The labels that can be drawn without overlapping, the first in ``order`` first.

    ``positions`` are label centres and ``char_width``/``line_height`` the size of one character,
    all in the same units (data units of a plot). A label is kept when its box overlaps no box
    already kept, so the most important names are always readable and crowded minor ones drop out.

    >>> label_subset({"a": (0, 0), "b": (0.1, 0), "c": (5, 0)}, {"a": "Alpha", "b": "Beta", "c": "Gamma"}, "abc", char_width=0.2, line_height=0.3)
    {'a': 'Alpha', 'c': 'Gamma'}
    """
    kept: dict[str, str] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for node in order:
        if node not in positions or node not in labels:
            continue
        x, y = positions[node]
        half_w = len(labels[node]) * char_width / 2
        box = (x - half_w, y - line_height / 2, x + half_w, y + line_height / 2)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        kept[node] = labels[node]
    return kept


def communities(graph: nx.MultiDiGraph, *, seed: int = 7, resolution: float = 1.0, min_size: int = 1) -> list[set[str]]:
    """Louvain communities of the undirected collapsed graph, largest first.

    Lone entities are communities of one; ``min_size=2`` leaves them out.
    The ``seed`` makes the split reproducible.
    """
    undirected = collapse(graph)
    if not undirected.number_of_nodes():
        return []
    # Louvain follows the graph's node and edge order, and a subgraph view iterates its node set, whose
    # order changes with every process's hash seed; on integers in sorted order, edges added sorted,
    # the split is the same in every run
    ids = sorted(undirected)
    index = {node: i for i, node in enumerate(ids)}
    numbered = nx.Graph()
    numbered.add_nodes_from(range(len(ids)))
    numbered.add_weighted_edges_from(sorted((min(index[u], index[v]), max(index[u], index[v]), d["weight"]) for u, v, d in undirected.edges(data=True)))
    found = nx.community.louvain_communities(numbered, weight="weight", resolution=resolution, seed=seed)
    groups = [{ids[i] for i in c} for c in found if len(c) >= min_size]
    groups.sort(key=lambda c: (-len(c), min(c)))
    return groups


def community_of(groups: Sequence[Iterable[str]]) -> dict[str, int]:
    """Entity id → index of its community in ``groups``.

    >>> community_of([{"a", "b"}, {"c"}]) == {"a": 0, "b": 0, "c": 1}
    True
    """
    return {node: index for index, group in enumerate(groups) for node in group}


def ego_network(graph: nx.MultiDiGraph, center: str, *, radius: int = 1) -> nx.MultiDiGraph:
    """The entities within ``radius`` relations of ``center`` (either direction), with all relations among them."""
    if center not in graph:
        raise KeyError(f"{center!r} is not an entity of this graph; look ids up with kg.entity_by_name(name).id")
    return nx.ego_graph(graph, center, radius=radius, undirected=True).copy()


def relation_frequencies(graph: nx.MultiDiGraph) -> list[Record]:
    """Each relation with how many entity pairs it links and how many sentences support it, most frequent first."""
    edges: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    for _, _, key, data in graph.edges(keys=True, data=True):
        edges[key] += 1
        sentences[key] += data.get("weight", len(data.get("evidence", [])) or 1)
        articles.setdefault(key, set()).update(data.get("articles", []))
    rows = [{"relation": rel, "edges": edges[rel], "sentences": sentences[rel], "articles": len(articles[rel])} for rel in edges]
    rows.sort(key=lambda r: (-r["edges"], -r["sentences"], r["relation"]))
    return rows


def sparql_records(store: Any, query: str) -> list[Record]:
    """Run a SPARQL SELECT on a pyoxigraph ``Store`` and return one dict per solution.

    IRIs and strings become ``str``; numeric and boolean literals become
    Python numbers and booleans; unbound variables become ``None``.
    """
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return [{name: _python_value(solution[name]) for name in names} for solution in solutions]


_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#boolean": lambda text: text == "true",
}


def _python_value(term: Any) -> Any:
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    convert = _NUMERIC.get(getattr(datatype, "value", ""))
    return convert(term.value) if convert else term.value


def to_dataframe(records: Iterable[Mapping[str, Any]], *, index: str | None = None) -> Any:
    """A pandas DataFrame of records (``pip install pandas`` if missing)."""
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - pandas comes with the test extra
        raise ImportError("to_dataframe needs pandas: pip install pandas") from err
    frame = pd.DataFrame(list(records))
    return frame.set_index(index) if index is not None and not frame.empty else frame
