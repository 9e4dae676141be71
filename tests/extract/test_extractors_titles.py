"""titles.v1 and possessives.v1 (opt-in families, not in DEFAULT_EXTRACTORS)."""

from __future__ import annotations

import pytest

from extract.registry import DEFAULT_EXTRACTORS, get_extractor

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia's President Vladimir Putin spoke with reporters.", ("Vladimir Putin", "is President of", "Russia")),
        ("Prime Minister Keir Starmer visited the factory.", ("Keir Starmer", "is", "Prime Minister")),
    ],
)
def test_titles(nlp, text, expected):
    found = [(s.subject.text, s.relation, s.object.text) for s in get_extractor("titles.v1")(nlp(text))]
    assert found == [expected]


def test_possessive_has(nlp):
    found = [(s.subject.text, s.relation, s.object.text) for s in get_extractor("possessives.v1")(nlp("The company's chief executive resigned."))]
    assert found == [("The company", "has", "chief executive")]


def test_pronoun_possessors_are_skipped(nlp):
    assert list(get_extractor("possessives.v1")(nlp("Its chief executive resigned."))) == []


def test_opt_in_families_are_not_default():
    assert "titles.v1" not in DEFAULT_EXTRACTORS and "possessives.v1" not in DEFAULT_EXTRACTORS
