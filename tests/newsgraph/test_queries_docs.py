"""Every query in docs/queries/ runs on the seed export and gives its documented answer.

The answers depend on extraction and entity resolution; a failure here may
mean the pipeline lost a fact the documentation promises, not a broken query.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from newsgraph.sparql import load_store, run_query

QUERIES = Path(__file__).resolve().parents[2] / "docs" / "queries"
ALL = sorted(p.name for p in QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def stores(seed_out):
    return {name: load_store([seed_out / name]) for name in ("graph.ttl", "graph.trig", "graph.nq")}


@pytest.fixture(scope="module")
def rdflib_graph(seed_out):
    return Graph().parse(seed_out / "graph.ttl", format="turtle")


def answer(stores, name: str, file: str = "graph.ttl") -> list[dict[str, str | None]]:
    result = run_query(stores[file], (QUERIES / name).read_text(encoding="utf-8"))
    return [{v: result.column(v)[i] for v in result.variables} for i in range(len(result.rows))]


def test_there_are_example_queries():
    assert {"neighbours.rq", "provenance.rq", "persons-roles.rq", "aliases.rq", "budapest-by-date.rq", "relation-frequencies.rq"} <= set(ALL)


@pytest.mark.parametrize("name", [n for n in ALL if n != "claims-by-article.rq"])
def test_same_answer_on_every_file_and_on_rdflib(stores, rdflib_graph, name):
    """Plain queries need no named graphs: graph.ttl, graph.trig and graph.nq agree, and so does rdflib."""
    text = (QUERIES / name).read_text(encoding="utf-8")
    rows = {file: sorted(map(tuple, map(dict.items, answer(stores, name, file))), key=str) for file in stores}
    assert rows["graph.ttl"] == rows["graph.trig"] == rows["graph.nq"]
    result = rdflib_graph.query(text)
    variables = [str(v) for v in result.vars]
    by_rdflib = sorted((tuple((v, None if row[v] is None else str(row[v])) for v in variables) for row in result), key=str)
    assert by_rdflib == rows["graph.ttl"]


def test_neighbours_of_trump_include_putin(stores):
    assert "Vladimir Putin" in {row["neighbour"] for row in answer(stores, "neighbours.rq")}


def test_trump_talked_to_putin(stores):
    assert "Vladimir Putin" in {row["person"] for row in answer(stores, "talked-to.rq")}


def test_provenance_leads_to_article_and_sentence(stores, seed_kg):
    rows = answer(stores, "provenance.rq")
    assert rows, "no sentence supports any Trump–Putin relation"
    for row in rows:
        assert row["article"] in seed_kg.articles
        assert "Putin" in row["sentence"]
        assert 0 <= int(row["start"]) < int(row["end"])
        assert 0.0 < float(row["confidence"]) <= 1.0


def test_persons_and_roles(stores):
    roles = {(row["person"], row["role"]) for row in answer(stores, "persons-roles.rq")}
    assert any(person == "Donald Trump" and "President" in role for person, role in roles)
    assert any(person == "Vladimir Putin" and "President" in role for person, role in roles)


def test_zelenskiy_is_an_alias_of_volodymyr_zelensky(stores):
    rows = answer(stores, "aliases.rq")
    assert {row["label"] for row in rows} == {"Volodymyr Zelensky"}
    assert "Zelenskiy" in {row["alias"] for row in rows}


def test_statements_about_budapest(stores):
    rows = answer(stores, "budapest-by-date.rq")
    # "the Hungarian capital" is Budapest too: the description was resolved to it
    assert rows and all("Budapest" in row["sentence"] or "Hungarian capital" in row["sentence"] for row in rows)
    assert any(row["subject"] in ("Donald Trump", "Vladimir Putin") and "meet" in row["relation"] for row in rows)
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates)


def test_relation_frequencies_match_the_graph(stores, seed_kg):
    rows = answer(stores, "relation-frequencies.rq")
    # RDF asserts each wording of an edge (its "labels") with its own property
    positive = [(u, v, label) for u, v, key, data in seed_kg.graph.edges(keys=True, data=True) if not key.startswith("not ") for label in data["labels"]]
    assert sum(int(row["assertions"]) for row in rows) == len(positive)
    assert all(int(row["sentences"]) >= int(row["assertions"]) for row in rows)


def test_negated_claims_are_exactly_the_negated_evidence(stores, seed_kg):
    rows = answer(stores, "negated.rq")
    expected = sum(len(data["evidence"]) for _, _, key, data in seed_kg.graph.edges(keys=True, data=True) if key.startswith("not "))
    assert len(rows) == expected


def test_claims_by_article_uses_the_named_graphs(stores, seed_kg):
    assert answer(stores, "claims-by-article.rq", "graph.ttl") == []  # no named graphs in Turtle
    rows = answer(stores, "claims-by-article.rq", "graph.trig")
    assert rows == answer(stores, "claims-by-article.rq", "graph.nq")
    expected = {}
    for _, _, key, data in seed_kg.graph.edges(keys=True, data=True):
        if not key.startswith("not "):
            for doc, wording in {(ev["doc_id"], ev["predicate"]) for ev in data["evidence"]}:
                expected[doc] = expected.get(doc, 0) + 1
    assert {row["article"]: int(row["claims"]) for row in rows} == expected
