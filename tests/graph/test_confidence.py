"""Edge confidence (graph.confidence): the cues and the direction of every fitted weight."""

from __future__ import annotations

import pytest

from extract.model import Argument, Provenance, Statement
from graph.confidence import DEFAULT_THRESHOLD, EDGE_WEIGHTS, edge_confidence, edge_features


def _statement(extractor="clauses.v2", confidence=0.7, modality=None, relation="met", subject_pronoun=False):
    return Statement(
        subject=Argument("Smith", 0, 5, head="Smith", is_pronoun=subject_pronoun),
        relation=relation,
        predicate="meet",
        object=Argument("Jones", 10, 15, head="Jones"),
        provenance=Provenance("a", 0, "Smith met Jones.", 0, 0, 16, extractor),
        confidence=confidence,
        modality=modality,
    )


NODES = dict(subject_type="person", object_type="person", relation_class="meet", subject_label="John Smith", object_label="Ann Jones")


def test_every_weight_names_a_cue():
    cues = edge_features([_statement()], **NODES)
    assert set(EDGE_WEIGHTS) - {"bias"} <= set(cues)
    assert all(0.0 <= v <= 1.0 for v in cues.values())


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (_statement(confidence=0.9), _statement(confidence=0.3)),  # the extractor's own confidence counts
        (_statement(), _statement(modality="may")),  # a hedged claim ranks lower
        (_statement(), _statement(relation="could meet")),
        (_statement(extractor="reported.v1"), _statement(extractor="participants.v1")),
    ],
)
def test_ranking(better, worse):
    assert edge_confidence([better], **NODES) > edge_confidence([worse], **NODES)


def test_a_concept_subject_ranks_below_a_person():
    person = edge_confidence([_statement()], **NODES)
    concept = edge_confidence([_statement()], **{**NODES, "subject_type": "concept", "subject_label": "officials"})
    assert concept < person


def test_threshold_is_a_probability():
    assert 0.0 <= DEFAULT_THRESHOLD < 1.0
