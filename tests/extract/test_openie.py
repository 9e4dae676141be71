"""extract.openie: the CaRB "tabbed" output the benchmark reads."""

from __future__ import annotations

import pytest

from extract.model import Argument, Provenance, Statement
from extract.openie import carb_line, extract_sentences


def _arg(text: str) -> Argument:
    return Argument(text=text, start_char=0, end_char=len(text))


def _statement(extra=()) -> Statement:
    prov = Provenance(doc_id="d", sentence_index=0, sentence="s", sentence_start=0, start_char=0, end_char=1, extractor="clauses.v2", extractor_version=2)
    return Statement(subject=_arg("The envoy"), relation="met", predicate="meet", object=_arg("Rubio"), provenance=prov, confidence=0.71234, extra=extra)


def test_carb_line_fields():
    line = carb_line("The envoy met Rubio in Riyadh .", _statement((_arg("in Riyadh"),)))
    assert line.split("\t") == ["The envoy met Rubio in Riyadh .", "0.7123", "met", "The envoy", "Rubio", "in Riyadh"]


def test_carb_line_drops_empty_arguments_and_flattens_whitespace():
    line = carb_line("x", _statement((_arg("  "), _arg("on\nTuesday"))))
    assert line.split("\t")[3:] == ["The envoy", "Rubio", "on Tuesday"]


@pytest.mark.model
def test_extract_sentences_keeps_input_lines_verbatim(nlp):
    lines = ["Trump and Putin agreed on a prisoner exchange .", "Nothing ."]
    results = list(extract_sentences(nlp, lines))
    assert [line for line, _ in results] == lines
    first = {(s.subject.text, s.relation, s.object.text) for s in results[0][1]}
    assert {("Trump", "agreed on", "a prisoner exchange"), ("Putin", "agreed on", "a prisoner exchange")} <= first
    assert results[1][1] == []


@pytest.mark.model
def test_extract_sentences_removes_duplicates_across_extractors(nlp):
    [(_, statements)] = list(extract_sentences(nlp, ["The envoy met Rubio in Riyadh ."], ["clauses.v2", "clauses.v2"]))
    keys = [(s.subject.text, s.relation, s.object.text, tuple(a.text for a in s.extra)) for s in statements]
    assert len(keys) == len(set(keys)) > 0
