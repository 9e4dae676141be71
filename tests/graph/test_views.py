"""graph.views on a graph built from hand-made extractions: no model needed."""

from __future__ import annotations

import pytest

from extract.errors import InputError
from extract.model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Statement
from graph.analysis import importance_order
from graph.build import build_graph, edge_statements
from graph.views import View, ego_view, find_node, nodes_view, top_view, view_of

ALICE, BOB, CAROL, DAN, EVE = "person/alice-adams", "person/bob-brown", "person/carol-clark", "person/dan-dower", "person/eve-evans"


def _entity(local_id: str, label: str) -> LocalEntity:
    return LocalEntity(id=local_id, label=label, type="person", mentions=(Mention(label, 0, len(label), 0, "name"),))


def _statement(doc: str, subj: str, pred: str, obj: str, s_ent: str | None, o_ent: str | None, start: int) -> Statement:
    sentence = f"{subj} {pred} {obj}."
    return Statement(
        subject=Argument(subj, start, start + len(subj), subj, start, s_ent),
        relation=pred,
        predicate=pred,
        object=Argument(obj, start + 1, start + 2, obj, start + 1, o_ent),
        provenance=Provenance(doc, 0, sentence, start, start, start + len(sentence), "test.v1"),
        confidence=0.7,
    )


@pytest.fixture(scope="module")
def kg():
    """Alice–Bob (twice), Bob–Carol, Carol–Dan, Alice–Eve in article a; Dan–Eve in b; a lone Zed in c."""
    a = ArticleExtraction(
        Article("a", "text of a", title="A"),
        (
            _statement("a", "Alice", "meet", "Bob", "e1", "e2", 0),
            _statement("a", "Alice", "meet", "Bob", "e1", "e2", 40),
            _statement("a", "Bob", "call", "Carol", "e2", "e3", 80),
            _statement("a", "Carol", "praise", "Dan", "e3", "e4", 120),
            _statement("a", "Alice", "thank", "Eve", "e1", "e5", 160),
            _statement("a", "Alice", "want", "peace", "e1", None, 200),
            _statement("a", "they", "want", "talks", None, None, 240),
        ),
        (_entity("e1", "Alice Adams"), _entity("e2", "Bob Brown"), _entity("e3", "Carol Clark"), _entity("e4", "Dan Dower"), _entity("e5", "Eve Evans")),
        n_sentences=7,
    )
    b = ArticleExtraction(
        Article("b", "text of b", title="B"),
        (_statement("b", "Dan", "visit", "Eve", "e1", "e2", 0),),
        (_entity("e1", "Dan Dower"), _entity("e2", "Eve Evans")),
        n_sentences=1,
    )
    c = ArticleExtraction(Article("c", "text of c", title="C"), (), (_entity("e1", "Zed Zane"),), n_sentences=1)
    return build_graph([a, b, c])


def test_top_view_keeps_the_most_important_nodes_and_every_relation_among_them(kg):
    part = top_view(kg, 3)
    expected = importance_order(kg.graph)[:3]
    assert sorted(part.graph) == sorted(expected)
    among = {(u, v, k) for u, v, k in kg.graph.edges(keys=True) if u in expected and v in expected}
    assert set(part.graph.edges(keys=True)) == among
    for u, v, k in among:  # every attribute, the evidence included, as in the whole graph
        assert part.graph.edges[u, v, k] == kg.graph.edges[u, v, k]
    for node in expected:
        assert part.graph.nodes[node] == kg.graph.nodes[node]


def test_a_view_says_what_it_is(kg):
    part = top_view(kg, 3)
    view = view_of(part)
    assert isinstance(view, View) and view.kind == "top" and view.parameters == {"n": 3}
    assert (view.nodes, view.nodes_total) == (3, kg.graph.number_of_nodes())
    assert (view.edges, view.edges_total) == (part.graph.number_of_edges(), kg.graph.number_of_edges())
    assert view.line == f"Showing the 3 most important nodes: 3 of 6 nodes and {view.edges} of 5 relations."
    assert view.as_dict()["line"] == view.line and not view.complete
    assert view_of(kg) is None
    assert part.meta["view"] is view and "view" not in kg.meta


def test_statements_and_articles_stay_consistent_with_the_kept_edges(kg):
    part = ego_view(kg, ALICE)  # Alice, Bob, Eve: mentioned in a and (Eve) b
    kept = set(part.graph)
    assert kept == {ALICE, BOB, EVE}
    for gs in part.statements:
        assert {gs.subject_id, gs.object_id} - {None} <= kept
    whole = edge_statements(kg)
    assert edge_statements(part) == {edge: found for edge, found in whole.items() if edge[0] in kept and edge[1] in kept}
    # "Alice want peace" stays (its other end is no entity); "they want talks" names no kept node
    assert {gs.statement.relation for gs in part.statements} == {"meet", "thank", "want"}
    assert sorted(part.entities) == sorted(kept)
    assert sorted(part.articles) == ["a", "b"]  # not c, where only Zed is


def test_the_whole_graph_is_left_as_it_was(kg):
    nodes, edges, statements = dict(kg.graph.nodes(data=True)), kg.graph.number_of_edges(), len(kg.statements)
    part = top_view(kg, 2)
    part.graph.nodes[next(iter(part.graph))]["label"] = "changed"
    assert dict(kg.graph.nodes(data=True)) == nodes
    assert (kg.graph.number_of_edges(), len(kg.statements)) == (edges, statements)


@pytest.mark.parametrize(
    ("name", "radius", "expected"),
    [
        (ALICE, 0, {ALICE}),
        ("Alice Adams", 1, {ALICE, BOB, EVE}),
        ("alice adams", 2, {ALICE, BOB, EVE, CAROL, DAN}),
        ("Carol", 1, {CAROL, BOB, DAN}),  # a surname-less first name: the label contains it
        ("Dan Dower", 1, {DAN, CAROL, EVE}),  # edges count in both directions
    ],
)
def test_ego_view_finds_the_node_by_id_label_or_part_of_it(kg, name, radius, expected):
    part = ego_view(kg, name, radius)
    assert set(part.graph) == expected
    view = view_of(part)
    assert view.kind == "ego" and view.parameters["radius"] == radius
    label = kg.graph.nodes[view.parameters["node"]]["label"]
    assert view.line.startswith(f"Showing the ego network of {label} (radius {radius}): {len(expected)} of 6 nodes")


def test_an_unknown_name_is_an_input_error_naming_close_matches(kg):
    with pytest.raises(InputError, match=r"No node named 'Alise Adams'.*Did you mean: Alice Adams"):
        ego_view(kg, "Alise Adams")


def test_a_name_of_several_nodes_picks_the_most_important_and_says_which_others(kg):
    center, others = find_node(kg, "e")  # "e" is in every label but Zed's... and Zed's too
    assert center == importance_order(kg.graph)[0]
    assert center not in others and len(others) >= 3
    assert view_of(ego_view(kg, "e")).parameters["also_matched"] == others


def test_nodes_view_keeps_the_given_nodes_and_refuses_unknown_ids(kg):
    part = nodes_view(kg, [DAN, EVE, DAN])
    assert set(part.graph) == {DAN, EVE}
    assert list(part.graph.edges(keys=True)) == [(DAN, EVE, "visit")]
    assert sorted(part.articles) == ["a", "b"]  # Dan and Eve are mentioned in a too
    assert view_of(part).line == "Showing a chosen set of 2 nodes: 2 of 6 nodes and 1 of 5 relations."
    with pytest.raises(InputError, match=r"1 of the 2 node ids are not in the graph: 'person/nobody'"):
        nodes_view(kg, [DAN, "person/nobody"])


def test_a_view_of_a_view_counts_against_the_whole_graph(kg):
    part = top_view(ego_view(kg, ALICE, 2), 2)
    view = view_of(part)
    assert (view.nodes, view.nodes_total, view.edges_total) == (2, 6, 5)


def test_a_top_view_larger_than_the_graph_holds_all_of_it(kg):
    view = view_of(top_view(kg, 100))
    assert view.complete and view.line.startswith("Showing the 6 most important nodes: 6 of 6 nodes")
    with pytest.raises(InputError):
        top_view(kg, 0)
    with pytest.raises(InputError):
        ego_view(kg, ALICE, -1)
