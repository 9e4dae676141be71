"""build_graph over hand-made extractions: no model needed."""

from __future__ import annotations

import itertools

import pytest

from extract.model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Statement
from graph.build import build_graph, noisy_or


def _entity(local_id: str, label: str, etype: str = "person") -> LocalEntity:
    return LocalEntity(id=local_id, label=label, type=etype, mentions=(Mention(label, 0, len(label), 0, "name"),))


def _statement(doc: str, subj: str, pred: str, obj: str, *, s_ent=None, o_ent=None, start=0, conf=0.5, negated=False, modality=None) -> Statement:
    sentence = f"{subj} {pred} {obj}."
    return Statement(
        subject=Argument(subj, start, start + len(subj), subj, start, s_ent),
        relation=pred,
        predicate=pred,
        object=Argument(obj, start + 1, start + 2, obj, start + 1, o_ent),
        provenance=Provenance(doc, 0, sentence, start, start, start + len(sentence), "test.v1"),
        confidence=conf,
        negated=negated,
        modality=modality,
    )


def _extraction(doc: str, statements, entities) -> ArticleExtraction:
    return ArticleExtraction(Article(doc, "text"), tuple(statements), tuple(entities), n_sentences=1)


@pytest.fixture()
def two_articles():
    a = _extraction(
        "a",
        [
            _statement("a", "Trump", "call", "Putin", s_ent="e1", o_ent="e2", conf=0.6),
            _statement("a", "Trump", "call", "Putin", s_ent="e1", o_ent="e2", start=40, conf=0.5, modality="could"),
            _statement("a", "he", "want", "peace", start=80),
        ],
        [_entity("e1", "Donald Trump"), _entity("e2", "Vladimir Putin")],
    )
    b = _extraction(
        "b",
        [
            _statement("b", "Trump", "call", "Putin", s_ent="e7", o_ent="e3", conf=0.7),
            _statement("b", "Trump", "meet", "Putin", s_ent="e7", o_ent="e3", negated=True),
            _statement("b", "Trump", "praise", "Trump", s_ent="e7", o_ent="e7"),
        ],
        [_entity("e3", "Vladimir Putin"), _entity("e7", "Donald Trump")],
    )
    return a, b


def test_one_node_per_entity_and_one_edge_per_claim(two_articles):
    kg = build_graph(two_articles)
    assert sorted(kg.graph.nodes) == ["person/donald-trump", "person/vladimir-putin"]
    edges = kg.graph.get_edge_data("person/donald-trump", "person/vladimir-putin")
    assert set(edges) == {"communicate", "not meet"}  # keyed by relation class (graph.relations)
    call = edges["communicate"]
    assert call["label"] == "call" and call["relation_class"] == "communicate"
    assert call["weight"] == 3
    assert call["articles"] == ["a", "b"]
    assert call["statement_confidence"] == noisy_or([0.6, 0.5, 0.7])
    assert 0 < call["confidence"] < 1  # the edge model (graph.confidence), tested in test_confidence.py
    assert call["hedged"] == pytest.approx(1 / 3)
    assert [ev["doc_id"] for ev in call["evidence"]] == ["a", "a", "b"]


def test_negated_claims_never_merge_with_positive_ones(two_articles):
    kg = build_graph(two_articles)
    assert not kg.graph.has_edge("person/donald-trump", "person/vladimir-putin", key="meet")
    assert kg.graph.has_edge("person/donald-trump", "person/vladimir-putin", key="not meet")


def test_unresolved_and_reflexive_statements_are_kept_but_make_no_edge(two_articles):
    kg = build_graph(two_articles)
    assert len(kg.statements) == 6
    unresolved = [s for s in kg.statements if s.statement.subject.text == "he"]
    assert unresolved and unresolved[0].subject_id is None
    assert not kg.graph.has_edge("person/donald-trump", "person/donald-trump")
    assert "he" not in kg.graph and "peace" not in kg.graph


def test_nodes_carry_entity_attributes(two_articles):
    kg = build_graph(two_articles)
    node = kg.graph.nodes["person/vladimir-putin"]
    assert node["label"] == "Vladimir Putin"
    assert node["type"] == "person"
    assert node["articles"] == ["a", "b"]
    assert node["mentions"] == 2


def test_output_does_not_depend_on_input_order(two_articles):
    graphs = [build_graph(list(order)) for order in itertools.permutations(two_articles)]
    first = graphs[0]
    for other in graphs[1:]:
        assert list(first.graph.nodes(data=True)) == list(other.graph.nodes(data=True))
        assert list(first.graph.edges(keys=True, data=True)) == list(other.graph.edges(keys=True, data=True))


@pytest.mark.parametrize(("values", "expected"), [([], 0.0), ([0.5], 0.5), ([0.5, 0.5], 0.75), ([1.0, 0.2], 1.0)])
def test_noisy_or(values, expected):
    assert noisy_or(values) == pytest.approx(expected)


def test_synonymous_wordings_of_one_class_are_one_edge():
    a = _extraction(
        "a",
        [
            _statement("a", "Trump", "meet in", "Budapest", s_ent="e1", o_ent="e2"),
            _statement("a", "Trump", "meet at", "Budapest", s_ent="e1", o_ent="e2", start=40),
            _statement("a", "Trump", "meet in", "Budapest", s_ent="e1", o_ent="e2", start=80),
            _statement("a", "Trump", "juggle in", "Budapest", s_ent="e1", o_ent="e2", start=120),
        ],
        [_entity("e1", "Donald Trump"), _entity("e2", "Budapest")],
    )
    g = build_graph([a]).graph
    edges = g.get_edge_data("person/donald-trump", "person/budapest")
    assert set(edges) == {"meet", "juggle in"}  # an unclassed wording keeps its own edge
    assert edges["meet"]["labels"] == ["meet in", "meet at"] and edges["meet"]["label"] == "meet in"
    assert edges["juggle in"]["relation_class"] == "unclassed"


def test_between_equally_frequent_wordings_the_surest_reading_labels_the_edge():
    a = _extraction(
        "a",
        [
            _statement("a", "Myskina", "thrash at", "French Open", s_ent="e1", o_ent="e2", conf=0.3),
            _statement("a", "Myskina", "win at", "French Open", s_ent="e1", o_ent="e2", start=40, conf=0.6),
        ],
        [_entity("e1", "Anastasia Myskina"), _entity("e2", "French Open")],
    )
    edge = build_graph([a]).graph.get_edge_data("person/anastasia-myskina", "person/french-open")["compete"]
    assert edge["labels"] == ["win at", "thrash at"] and edge["label"] == "win at"
