"""The data model holds plain values: it pickles, compares and serialises."""

import json
import pickle

import pytest

from extract.model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Statement


@pytest.fixture()
def extraction() -> ArticleExtraction:
    statement = Statement(
        subject=Argument("Trump", 0, 5, "Trump", 0, "e1"),
        relation="called",
        predicate="call",
        object=Argument("Putin", 13, 18, "Putin", 13, "e2"),
        provenance=Provenance("a1", 0, "Trump called Putin.", 0, 0, 18, "clauses.v1"),
        confidence=0.8,
    )
    entities = (
        LocalEntity("e1", "Donald Trump", "person", (Mention("Trump", 0, 5, 0, "name"),)),
        LocalEntity("e2", "Vladimir Putin", "person", (Mention("Putin", 13, 18, 0, "name"),)),
    )
    return ArticleExtraction(Article("a1", "Trump called Putin.", title="Call"), (statement,), entities, 1, 4)


def test_extraction_pickles_and_compares_equal(extraction):
    assert pickle.loads(pickle.dumps(extraction)) == extraction
    assert hash(extraction.statements[0]) == hash(pickle.loads(pickle.dumps(extraction.statements[0])))


def test_statement_serialises_to_json(extraction):
    record = json.loads(json.dumps(extraction.statements[0].to_dict()))
    assert record["subject"]["text"] == "Trump"
    assert record["provenance"]["extractor"] == "clauses.v1"


def test_entity_lookup_by_local_id(extraction):
    assert extraction.entity("e2").label == "Vladimir Putin"
    assert extraction.entity("e9") is None


def test_article_meta_omits_missing_fields():
    assert Article("x", "t", title="T", url="u").meta == {"title": "T", "url": "u"}


def test_values_are_frozen(extraction):
    with pytest.raises(AttributeError):
        extraction.article.id = "other"  # type: ignore[misc]
