"""graph.analysis on small hand-built graphs whose answers are known."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import (
    centrality_table,
    collapse,
    communities,
    community_of,
    ego_network,
    importance_order,
    label_subset,
    pagerank_check,
    relation_frequencies,
    sparql_records,
    to_dataframe,
)


def _graph(edges: list[tuple[str, str, str]], *, lone: tuple[str, ...] = ()) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node in sorted({n for u, v, _ in edges for n in (u, v)} | set(lone)):
        g.add_node(node, label=node.upper(), type="person", mentions=1)
    for u, v, rel in edges:
        g.add_edge(u, v, key=rel, weight=1, articles=[f"doc-{u}"], evidence=[{}])
    return g


STAR = _graph([("hub", leaf, "meet") for leaf in "abcd"], lone=("z",))
PATH = _graph([("a", "b", "call"), ("b", "c", "call"), ("c", "d", "call")])
TWO_TRIANGLES = _graph(
    [("a1", "a2", "x"), ("a2", "a3", "x"), ("a3", "a1", "x"), ("b1", "b2", "x"), ("b2", "b3", "x"), ("b3", "b1", "x"), ("a1", "b1", "bridge")]
)


def test_collapse_sums_parallel_relations_and_drops_loops():
    g = _graph([("a", "b", "meet"), ("a", "b", "call"), ("b", "a", "thank"), ("a", "a", "self")])
    assert collapse(g)["a"]["b"]["weight"] == 3
    assert collapse(g, directed=True)["a"]["b"]["weight"] == 2
    assert not collapse(g).has_edge("a", "a")


@pytest.mark.parametrize(("graph", "most_between"), [(STAR, "hub"), (PATH, "b"), (TWO_TRIANGLES, "a1")])
def test_betweenness_finds_the_broker(graph, most_between):
    rows = centrality_table(graph)
    assert max(rows, key=lambda r: (r["betweenness"], r["id"] == most_between))["id"] == most_between
    assert {r["id"] for r in rows} == set(graph)


def test_centrality_columns_and_order():
    rows = centrality_table(STAR)
    assert set(rows[0]) == {"id", "label", "type", "mentions", "statements", "degree", "betweenness"}  # a star has no cycle: no PageRank
    by_id = {r["id"]: r for r in rows}
    assert by_id["hub"]["degree"] == 4 == by_id["hub"]["statements"] and by_id["z"]["degree"] == 0
    assert rows[0]["id"] == "hub" and rows[-1]["id"] == "z"
    assert [r["statements"] for r in rows] == sorted((r["statements"] for r in rows), reverse=True)
    # Forced, PageRank flows along the relations to the leaves: the reason it is left out by default.
    forced = {r["id"]: r for r in centrality_table(STAR, pagerank=True)}
    assert forced["a"]["pagerank"] > forced["hub"]["pagerank"]
    assert len(centrality_table(STAR, top=2)) == 2


CYCLES = _graph([("a", "b", "x"), ("b", "c", "x"), ("c", "a", "x"), ("c", "d", "x")])


@pytest.mark.parametrize(("graph", "meaningful", "words"), [
    (STAR, False, "0 of 5 connected"), (PATH, False, "0 of 4"), (CYCLES, True, "3 of 4"), (nx.MultiDiGraph(), False, "no entity"),
])
def test_pagerank_only_where_it_means_something(graph, meaningful, words):
    ok, note = pagerank_check(graph)
    assert ok is meaningful and words in note
    assert ("pagerank" in centrality_table(graph)[0]) is meaningful if graph.number_of_nodes() else True


def test_importance_weighs_statements_before_neighbours():
    g = _graph([("a", "b", "meet"), ("c", "d", "x"), ("c", "e", "x")])
    g.edges["a", "b", "meet"]["weight"] = 5  # five sentences about a and b
    assert importance_order(g)[:2] == ["a", "b"] and importance_order(g)[2] == "c"


@pytest.mark.parametrize(("positions", "order", "expected"), [
    ({"a": (0, 0), "b": (0.1, 0), "c": (5, 0)}, "abc", {"a", "c"}),
    ({"a": (0, 0), "b": (0.1, 0), "c": (5, 0)}, "bac", {"b", "c"}),  # the more important keeps its place
    ({"a": (0, 0), "b": (0, 1), "c": (0, 2)}, "abc", {"a", "b", "c"}),  # rows apart: all fit
])
def test_label_subset_never_overlaps(positions, order, expected):
    labels = {n: n.upper() * 5 for n in positions}
    kept = label_subset(positions, labels, order, char_width=0.1, line_height=0.5)
    assert set(kept) == expected


def test_centrality_of_an_empty_graph():
    assert centrality_table(nx.MultiDiGraph()) == []


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_communities_split_two_triangles(seed):
    groups = communities(TWO_TRIANGLES, seed=seed)
    assert sorted(map(sorted, groups)) == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    membership = community_of(groups)
    assert membership["a1"] == membership["a2"] != membership["b1"]


def test_communities_can_leave_out_lone_entities():
    assert {"z"} in communities(STAR)
    assert all(len(c) > 1 for c in communities(STAR, min_size=2))


@pytest.mark.parametrize(("center", "radius", "expected"), [("a", 1, {"a", "b"}), ("b", 1, {"a", "b", "c"}), ("a", 2, {"a", "b", "c"}), ("d", 3, {"a", "b", "c", "d"})])
def test_ego_network_follows_relations_both_ways(center, radius, expected):
    ego = ego_network(PATH, center, radius=radius)
    assert set(ego) == expected
    assert all(ego.has_edge(u, v, k) for u, v, k in PATH.edges(keys=True) if u in expected and v in expected)


def test_ego_network_of_an_unknown_entity_says_how_to_find_ids():
    with pytest.raises(KeyError, match="entity_by_name"):
        ego_network(PATH, "nobody")


def test_relation_frequencies():
    g = _graph([("a", "b", "meet"), ("c", "d", "meet"), ("a", "c", "call")])
    rows = relation_frequencies(g)
    assert rows == [
        {"relation": "meet", "edges": 2, "sentences": 2, "articles": 2},
        {"relation": "call", "edges": 1, "sentences": 1, "articles": 1},
    ]


def test_sparql_records_converts_terms():
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(
        b'@prefix ex: <http://example.org/> . ex:a ex:name "Alice" ; ex:age 41 ; ex:score 0.5 ; ex:ok true . ex:b ex:name "Bob" .',
        format=pyoxigraph.RdfFormat.TURTLE,
    )
    rows = sparql_records(
        store,
        "PREFIX ex: <http://example.org/> SELECT ?s ?name ?age ?score ?ok WHERE { ?s ex:name ?name "
        "OPTIONAL { ?s ex:age ?age } OPTIONAL { ?s ex:score ?score } OPTIONAL { ?s ex:ok ?ok } } ORDER BY ?name",
    )
    assert rows == [
        {"s": "http://example.org/a", "name": "Alice", "age": 41, "score": 0.5, "ok": True},
        {"s": "http://example.org/b", "name": "Bob", "age": None, "score": None, "ok": None},
    ]


def test_to_dataframe():
    pytest.importorskip("pandas")
    frame = to_dataframe(centrality_table(STAR), index="id")
    assert frame.loc["hub", "degree"] == 4
    assert to_dataframe([]).empty


def test_communities_do_not_depend_on_node_order():
    # a view of under half a graph iterates its node set, in an order that changes with the process's
    # hash seed: the split must be the same whatever order the nodes and edges come in
    import random

    r = random.Random(3)
    names = [f"entity/n{i:03d}" for i in range(200)]
    pairs = [tuple(r.sample(names, 2)) + (r.randint(1, 3),) for _ in range(700)]
    forward, backward = nx.MultiDiGraph(), nx.MultiDiGraph()
    forward.add_nodes_from(names)
    backward.add_nodes_from(reversed(names))
    for a, b, w in pairs:
        forward.add_edge(a, b, key="k", weight=w)
    for a, b, w in reversed(pairs):
        backward.add_edge(a, b, key="k", weight=w)
    assert communities(forward) == communities(backward)
