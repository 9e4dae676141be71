"""IRIs: stable, valid for every parser, whatever the name."""

from __future__ import annotations

import shutil
import subprocess

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from exports.rdf import generate_ntriples
from exports.vocab import NG, NEGATION_PREFIX, article_iri, entity_iri, evidence_iri, relation_iri, split_negation
from graph.ids import entity_id

RAPPER = shutil.which("rapper")
NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=0, max_size=30)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald Trump", "https://w3id.org/newsgraph/entity/person/donald-trump"),
        ('Orbán "the" <Hungarian>', "https://w3id.org/newsgraph/entity/person/orban-the-hungarian"),
        ("Владимир Путин", "https://w3id.org/newsgraph/entity/person/%D0%B2%D0%BB%D0%B0%D0%B4%D0%B8%D0%BC%D0%B8%D1%80-%D0%BF%D1%83%D1%82%D0%B8%D0%BD"),
    ],
)
def test_entity_iris_are_readable_slugs_or_percent_encoded(name, expected):
    assert str(entity_iri(entity_id("person", name))) == expected


def test_negation_never_reaches_the_predicate():
    assert relation_iri(NEGATION_PREFIX + "meet in") == relation_iri("meet in")
    assert split_negation("not meet in") == ("meet in", True)
    assert split_negation("nothing") == ("nothing", False)


def test_unknown_ontology_term_is_an_error():
    with pytest.raises(AttributeError):
        NG.supportCnt  # noqa: B018


def _valid_everywhere(iris: list[URIRef]) -> None:
    triples = [(iri, NG.sentence, Literal("x")) for iri in iris]
    text = "".join(generate_ntriples(triples))
    assert len(Graph().parse(data=text, format="nt")) == len(set(iris))
    assert len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))) == len(iris)
    if RAPPER:
        done = subprocess.run([RAPPER, "-i", "ntriples", "-c", "-", "http://example.org/"], input=text, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stderr, done.stderr


@settings(max_examples=40, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=20))
def test_any_name_gives_valid_stable_iris(names):
    iris = []
    for name in names:
        iris.append(entity_iri(entity_id("person", name)))
        iris.append(relation_iri(name))
        iris.append(article_iri(name))
        iris.append(evidence_iri(name, 0, len(name), name))
        assert entity_iri(entity_id("person", name)) == iris[-4]  # same input, same IRI
    for iri in iris:
        assert not any(ch in iri for ch in ' <>"{}|^`\\') and iri.isascii()
    _valid_everywhere(iris)
