"""Concept and event nodes across articles (graph.concepts, graph.build): merging, scope, the entity-only view."""

from __future__ import annotations

import pytest

import newsgraph
from extract.model import Article, ArticleExtraction, LocalEntity, Mention
from graph.concepts import resolve_concepts

TEXTS = [
    {"id": "a", "text": "The government suspended military aid to Ukraine. Military aid had helped Ukraine for years. Russia launched the invasion. The invasion failed."},
    {"id": "b", "text": "Germany increased military aid to Poland. Critics said military aid was too small. Iraq launched the invasion. The invasion succeeded."},
]


def _local(local_id: str, label: str, etype: str, key: str, scoped: bool = False) -> LocalEntity:
    return LocalEntity(local_id, label, etype, (Mention(label, 0, len(label), 0, "concept", "concept-head"),), canonical_key=key, article_scoped=scoped)


def _extraction(doc_id: str, *entities: LocalEntity) -> ArticleExtraction:
    return ArticleExtraction(Article(doc_id, ""), (), tuple(entities))


def test_concepts_merge_by_key_and_scoped_events_stay_in_their_article():
    entities, mapping = resolve_concepts(
        [
            _extraction("a", _local("c1", "sanctions", "concept", "sanction"), _local("c2", "summit", "event", "summit", scoped=True)),
            _extraction("b", _local("c1", "sanction", "concept", "sanction"), _local("c2", "summit", "event", "summit", scoped=True)),
        ]
    )
    assert mapping[("a", "c1")] == mapping[("b", "c1")]
    assert mapping[("a", "c2")] != mapping[("b", "c2")]
    assert entities[mapping[("a", "c1")]].articles == ("a", "b")


def test_concept_ids_never_reuse_an_entity_id():
    entities, mapping = resolve_concepts([_extraction("a", _local("c1", "aid", "concept", "aid"))], taken={"concept/aid"})
    assert mapping[("a", "c1")] != "concept/aid"


@pytest.fixture(scope="module")
def two_articles():
    return newsgraph.build_from_texts(TEXTS)


@pytest.mark.model
def test_a_concept_named_in_two_articles_is_one_node(two_articles):
    g = two_articles.graph
    aid = [n for n, d in g.nodes(data=True) if d["label"] == "military aid"]
    assert len(aid) == 1 and set(g.nodes[aid[0]]["articles"]) == {"a", "b"}


@pytest.mark.model
def test_a_bare_event_is_one_node_per_article(two_articles):
    g = two_articles.graph
    invasions = [n for n, d in g.nodes(data=True) if d["label"] == "invasion"]
    assert len(invasions) == 2


@pytest.mark.model
def test_every_concept_node_has_an_edge(two_articles):
    g = two_articles.graph
    for node, data in g.nodes(data=True):
        if data["type"] in {"concept", "event"}:
            assert g.degree(node) > 0, node
    assert all(e.id in g for e in two_articles.entities.values() if e.type in {"concept", "event"})


@pytest.mark.model
def test_entities_only_view_has_no_concepts():
    kg = newsgraph.build_from_texts(TEXTS, nodes="entities")
    assert {d["type"] for _, d in kg.graph.nodes(data=True)}.isdisjoint({"concept", "event"})


def test_an_unknown_node_set_is_refused():
    with pytest.raises(newsgraph.NewsgraphError, match="entities"):
        newsgraph.build_from_texts(["x"], nodes="everything")


@pytest.mark.model
def test_a_symmetric_statement_is_one_edge():
    kg = newsgraph.build_from_texts(["Macron and Scholz met in Berlin. Scholz and Macron met again in Paris."])
    g = kg.graph
    macron = next(n for n, d in g.nodes(data=True) if d["label"] == "Macron")
    scholz = next(n for n, d in g.nodes(data=True) if d["label"] == "Scholz")
    meets = [(u, v) for u, v, k, d in g.edges(keys=True, data=True) if k == "meet" and "meet with" in d["labels"] and {u, v} == {macron, scholz}]
    assert len(meets) == 1
    (u, v) = meets[0]
    assert g.edges[u, v, "meet"]["symmetric"] and g.edges[u, v, "meet"]["weight"] == 2


@pytest.mark.model
def test_the_active_reading_replaces_the_passive_edge():
    kg = newsgraph.build_from_texts(["The US delegation led by Marco Rubio arrived in Moscow."])
    keys = {k for _, _, k in kg.graph.edges(keys=True)}
    assert "lead" in keys and "be led by" not in keys


def test_a_named_event_is_an_entity_node_even_without_an_edge():
    # "the Heineken Cup" is named: a node like a person, kept by --nodes entities; a concept-layer
    # event ("the summit") is a node only while an edge reaches it
    from graph.build import build_graph
    from graph.concepts import is_concept_node

    named = LocalEntity("e1", "Heineken Cup", "event", (Mention("Heineken Cup", 0, 12, 0, "name", "ner"),), type_votes=(("event", 1.0),))
    kg = build_graph([_extraction("a", named, _local("c1", "summit", "event", "summit"))], nodes="entities")
    labels = {d["label"] for _, d in kg.graph.nodes(data=True)}
    assert labels == {"Heineken Cup"}
    assert not is_concept_node(next(e for e in kg.entities.values() if e.label == "Heineken Cup"))
