"""extract.article: statements the parse cannot support are dropped; arguments are linked."""

from __future__ import annotations

import pytest

from extract.article import extract_article
from extract.model import Article

pytestmark = pytest.mark.model


def _statements(nlp, text):
    return [(s.subject.text, s.predicate, s.object.text) for s in extract_article(nlp(text), Article("t", text)).statements]


def test_an_argument_glued_across_a_spaced_dash_is_dropped(nlp):
    text = "The tour was arranged by John Smith - Acme's former head of press - who said it went well."
    assert not any(" - " in s or " - " in o for s, _, o in _statements(nlp, text))


def test_a_bracketed_list_names_instances_not_conjuncts(nlp):
    triples = _statements(nlp, "Sales fell in the biggest cities of Ruritania (Springfield, Shelbyville and Ogdenville).")
    assert ("Sales", "fall in biggest cities of", "Ruritania") in triples
    assert not any(o in {"Springfield", "Shelbyville", "Ogdenville"} for _, _, o in triples)


def test_a_verbless_line_states_nothing(nlp):
    assert _statements(nlp, "Jarosik (Gudjohnsen 45), Lampard, Duff") == []


def test_token_starts_and_verbless_lines_read_from_the_arrays_match_the_token_walk(nlp):
    from extract.article import _token_starts, _verbless

    doc = nlp("Jarosik (Gudjohnsen 45), Lampard\nChelsea won the match. Final score")
    sentences = [(sent.start, sent.end) for sent in doc.sents]
    assert _token_starts(doc) == {tok.idx: tok.i for tok in doc}
    walked = {i for i, sent in enumerate(doc.sents) if not any(t.pos_ in {"VERB", "AUX"} for t in sent)}
    assert _verbless(doc, sentences) == walked and 1 not in walked
    empty = nlp("")
    assert _token_starts(empty) == {} and _verbless(empty, []) == set()
