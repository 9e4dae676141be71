"""Confidence of a graph edge: how likely a researcher judges the edge right against its sentences.

A statement's confidence (:mod:`extract.extractors._confidence`) says whether
the extractor read the sentence right; an edge can still be wrong when an
argument was linked to the wrong node (a pronoun resolved to the speaker, an
entity found inside a longer phrase) or when the reading is one of the
graph-only ones (participants of an adjunct, what a reported clause is
about). The edge model is a logistic regression over cues of that kind, fitted
by ``benchmarks/judge_edges.py fit`` on edges judged by hand against their
evidence (held-out folds reported in docs/extraction.md); the weights are
constants here, so a build needs no fitted file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from extract.model import Statement

__all__ = ["EDGE_WEIGHTS", "DEFAULT_THRESHOLD", "edge_features", "edge_confidence"]

#: Extractor families that read an edge off a noun phrase or an adjunct rather than a verb's arguments.
_READING_FAMILIES = ("appositions", "mediated", "passive", "nominal", "reciprocal", "participants", "reported")

#: Logistic weights over :func:`edge_features` (``benchmarks/judge_edges.py fit``).
EDGE_WEIGHTS: dict[str, float] = {
    "bias": 0.0,
    "statement_confidence": 1.0,
}

#: The explorer's and the exports' default lower bound on edge confidence, chosen on the judged edges.
DEFAULT_THRESHOLD = 0.0


def _family(statement: Statement) -> str:
    return statement.provenance.extractor.split(".", 1)[0]


def _inner(argument_text: str, head: str) -> float:
    """How much longer the argument phrase is than its head, in words (an entity read inside a phrase)."""
    extra = len(argument_text.split()) - max(1, len(head.split()))
    return min(max(extra, 0), 8) / 8


def edge_features(evidence: Sequence[Statement], *, subject_type: str, object_type: str, relation_class: str) -> dict[str, float]:
    """The cues of one edge, each scaled to about [0, 1]; ``evidence`` is every statement behind it."""
    best = max(evidence, key=lambda s: s.confidence)
    families = {_family(s) for s in evidence}
    features = {
        "statement_confidence": best.confidence,
        "support": min(math.log2(len(evidence)), 3) / 3,
        "articles": float(len({s.provenance.doc_id for s in evidence}) > 1),
        "subject_concept": float(subject_type in {"concept", "event"}),
        "object_concept": float(object_type in {"concept", "event"}),
        "subject_pronoun": float(all(s.subject.is_pronoun for s in evidence)),
        "object_pronoun": float(all(s.object.is_pronoun for s in evidence)),
        "subject_inner": min(_inner(s.subject.text, s.subject.head) for s in evidence),
        "object_inner": min(_inner(s.object.text, s.object.head) for s in evidence),
        "unclassed": float(relation_class == "unclassed"),
        "hedged": float(all(s.modality for s in evidence)),
        "reported": float(all(s.attribution for s in evidence)),
        "sentence_length": min(len(best.provenance.sentence.split()), 60) / 60,
        "clause_reading": float("clauses" in families),
    }
    for family in _READING_FAMILIES:
        features[f"only_{family}"] = float(families == {family})
    return features


def edge_confidence(evidence: Sequence[Statement], *, subject_type: str, object_type: str, relation_class: str) -> float:
    """Probability that the edge is right, from :data:`EDGE_WEIGHTS`."""
    features = edge_features(evidence, subject_type=subject_type, object_type=object_type, relation_class=relation_class)
    z = EDGE_WEIGHTS["bias"] + sum(EDGE_WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return round(1 / (1 + math.exp(-z)), 4)
