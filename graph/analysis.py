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
    "centrality_table",
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


def centrality_table(graph: nx.MultiDiGraph, *, top: int | None = None, betweenness_sample: int | None = None, seed: int = 7) -> list[Record]:
    """Degree, betweenness and PageRank of every entity, most central (PageRank) first.

    ``degree`` counts distinct neighbours in either direction; ``betweenness``
    is computed on the undirected collapsed graph (``betweenness_sample``
    pivots approximate it on big graphs); ``pagerank`` follows the direction
    of relations, weighted by supporting sentences.
    """
    undirected = collapse(graph)
    directed = collapse(graph, directed=True)
    k = betweenness_sample if betweenness_sample and betweenness_sample < undirected.number_of_nodes() else None
    betweenness = nx.betweenness_centrality(undirected, k=k, seed=seed) if undirected.number_of_nodes() else {}
    pagerank = nx.pagerank(directed, weight="weight") if directed.number_of_nodes() else {}
    rows = [
        {
            "id": node,
            "label": data.get("label", node),
            "type": data.get("type"),
            "mentions": data.get("mentions", 0),
            "degree": undirected.degree(node),
            "betweenness": round(betweenness.get(node, 0.0), 6),
            "pagerank": round(pagerank.get(node, 0.0), 6),
        }
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["id"]))
    return rows[:top] if top is not None else rows


def communities(graph: nx.MultiDiGraph, *, seed: int = 7, resolution: float = 1.0, min_size: int = 1) -> list[set[str]]:
    """Louvain communities of the undirected collapsed graph, largest first.

    Lone entities are communities of one; ``min_size=2`` leaves them out.
    The ``seed`` makes the split reproducible.
    """
    undirected = collapse(graph)
    if not undirected.number_of_nodes():
        return []
    found = nx.community.louvain_communities(undirected, weight="weight", resolution=resolution, seed=seed)
    groups = [set(c) for c in found if len(c) >= min_size]
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
