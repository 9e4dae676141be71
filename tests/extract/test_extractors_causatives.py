"""causatives.v1: who a causative makes act (real model parses of sentences written for the tests)."""

from __future__ import annotations

import pytest

from extract.registry import DEFAULT_EXTRACTORS, OPENIE_EXTRACTORS, get_extractor


def _found(nlp, text: str):
    return list(get_extractor("causatives.v1")(nlp(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The president made him wait all day.", ("The president", "make wait", "him")),
        ("Ukraine helped the rebels win.", ("Ukraine", "help win", "the rebels")),
        ("The minister let the company go bankrupt.", ("The minister", "let go", "the company")),
    ],
)
def test_causer_to_causee(nlp, text, expected):
    assert expected in {(s.subject.text, s.predicate, s.object.text) for s in _found(nlp, text)}


def test_hedge_and_negation_of_the_governing_clause_are_kept(nlp):
    statement = next(s for s in _found(nlp, "The government will not let the company go bankrupt.") if s.predicate == "let go")
    assert statement.negated and statement.modality == "will"


@pytest.mark.parametrize(
    "text",
    [
        "Witnesses saw the men leave the building.",  # perceiving is no causing
        "The board wants the firm to grow.",  # a to-infinitive is the clause reading's
        "She made a cake for the party.",  # no small clause
    ],
)
def test_no_causative(nlp, text):
    assert _found(nlp, text) == []


def test_runs_in_the_build_not_in_open_ie():
    assert "causatives.v1" in DEFAULT_EXTRACTORS and "causatives.v1" not in OPENIE_EXTRACTORS
