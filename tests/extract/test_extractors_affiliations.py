"""affiliations.v1: the organisation in a person's title (real model parses of sentences written for the tests)."""

from __future__ import annotations

import pytest

from extract.registry import DEFAULT_EXTRACTORS, OPENIE_EXTRACTORS, get_extractor

pytestmark = pytest.mark.model


def _triples(nlp, text: str) -> set[tuple[str, str, str]]:
    return {(s.subject.text, s.predicate, s.object.text) for s in get_extractor("affiliations.v1")(nlp(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He copied his friend, Rolling Stones guitarist Keith Richards.", ("Keith Richards", "guitarist of", "Rolling Stones")),
        ("Microsoft founder Bill Gates said so.", ("Bill Gates", "founder of", "Microsoft")),
        ("Russia's President Vladimir Putin met the envoy.", ("Vladimir Putin", "president of", "Russia")),
        ("The minister met Kremlin spokesman Dmitry Peskov.", ("Dmitry Peskov", "spokesman of", "Kremlin")),
        ("Wales centre Sonny Parker will miss the game.", ("Sonny Parker", "centre of", "Wales")),
        ("He met former Northern Ireland minister Sir Nicholas Scott.", ("Nicholas Scott", "former minister of", "Northern Ireland")),  # "Sir" is no role
    ],
)
def test_the_organisation_in_a_title(nlp, text, expected):
    assert expected in _triples(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Former Culture Secretary Chris Smith spoke.",  # a portfolio, not an organisation
        "Harry Potter star Daniel Radcliffe attended the premiere.",  # a work misread as a person is no employer
        "Secretary of State Marco Rubio flew home.",  # a title with nothing to belong to
        "Home Secretary Charles Clarke will speak.",  # a capitalised office after a non-country is a portfolio
        "Oscar host and comedian Chris Rock joked.",  # two roles in one: no single relation
    ],
)
def test_no_affiliation(nlp, text):
    assert _triples(nlp, text) == set()


def test_a_graph_reading_only():
    assert "affiliations.v1" in DEFAULT_EXTRACTORS and "affiliations.v1" not in OPENIE_EXTRACTORS
