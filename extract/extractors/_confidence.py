"""Confidence of a statement from cues that predict whether it is right.

Verb-clause statements get a small logistic model over general, non-lexical
cues (no words, no sentences): how the subject was found (its own subject
beats one borrowed from a relative pronoun, a modified noun or a coordinated
verb), how deep the verb sits in the parse (embedded clauses are parsed
worse), how long the sentence and the arguments are (long spans carry
attachment errors), whether the heads are named entities or pronouns,
whether the object is a clause or a bare prepositional phrase, how many
extra arguments there are. The weights were fitted once on CaRB dev with
``benchmarks/fit_confidence.py`` (soft labels = each statement's best CaRB
precision against the gold tuples of its sentence) and are written here as
constants, so extraction needs no fitted file at run time. See
docs/extraction.md for the fit and the held-out check.

Nominal statements (appositions, titles, possessives) get their family's
measured precision as a base, nudged by the same length and entity cues.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from spacy.tokens import Token

__all__ = ["clause_features", "clause_confidence", "mediated_confidence", "nominal_confidence", "name_reading_confidence", "clamp", "depth", "recording", "CLAUSE_WEIGHTS"]

#: Logistic weights over :func:`clause_features`, fitted by benchmarks/fit_confidence.py.
CLAUSE_WEIGHTS: dict[str, float] = {
    "bias": 1.458,
    "subject_relative": 0.151,
    "subject_modified": -0.129,
    "subject_inherited": 0.019,
    "verb_depth": -0.397,
    "subject_entity": 0.224,
    "object_entity": -0.004,
    "subject_pronoun": -0.088,
    "object_pronoun": -0.188,
    "prepositional": 0.167,
    "clausal_object": 0.253,
    "extras": -0.551,
    "argument_length": -0.456,
    "sentence_length": -0.47,
    "untensed_verb": -0.087,
    "subordinate_clause": -0.528,
    "object_length": -0.028,
    "comma_in_arguments": -0.54,
    "root_verb": 0.126,
}

_recorder: list[dict[str, float]] | None = None


@contextmanager
def recording() -> Iterator[list[dict[str, float]]]:
    """Collect the feature dict of every clause statement scored inside the block (for fitting)."""
    global _recorder
    previous, _recorder = _recorder, []
    try:
        yield _recorder
    finally:
        _recorder = previous


def clamp(score: float) -> float:
    """Keep a score in (0, 1) and round it so output is stable across runs."""
    return round(max(0.02, min(0.98, score)), 3)


def depth(token: Token) -> int:
    """Number of heads above ``token`` up to the sentence root."""
    n = 0
    while token.head.i != token.i:
        token = token.head
        n += 1
    return n


def clause_features(
    *,
    subject_kind: str,
    subject_tokens: list[Token],
    object_tokens: list[Token],
    n_extras: int,
    prepositional: bool,
    verb: Token,
    object_head: Token,
    subject_head: Token,
) -> dict[str, float]:
    """The cues of one clause statement, each scaled to about [0, 1]."""
    has_aux = any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    return {
        "subject_relative": float(subject_kind == "relative"),
        "subject_modified": float(subject_kind == "modified"),
        "subject_inherited": float(subject_kind == "inherited"),
        "verb_depth": min(depth(verb), 4) / 4,
        "subject_entity": float(bool(subject_head.ent_type_)),
        "object_entity": float(bool(object_head.ent_type_)),
        "subject_pronoun": float(subject_head.pos_ == "PRON"),
        "object_pronoun": float(object_head.pos_ == "PRON"),
        "prepositional": float(prepositional),
        "clausal_object": float(object_head.pos_ in {"VERB", "AUX"}),
        "extras": min(n_extras, 3) / 3,
        "argument_length": min(len(subject_tokens) + len(object_tokens), 40) / 40,
        "sentence_length": min(len(verb.sent), 60) / 60,
        "untensed_verb": float(verb.tag_ in {"VBG", "VBN", "VB"} and not has_aux),
        "subordinate_clause": float(verb.dep_ in {"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp"}),
        "object_length": min(len(object_tokens), 30) / 30,
        "comma_in_arguments": float(any(t.text in {",", ";", "--", ":"} for t in (*subject_tokens, *object_tokens))),
        "root_verb": float(verb.dep_ == "ROOT"),
    }


def clause_confidence(**cues) -> float:
    """Logistic score of a clause statement; see :data:`CLAUSE_WEIGHTS`."""
    features = clause_features(**cues)
    if _recorder is not None:
        _recorder.append(features)
    z = CLAUSE_WEIGHTS["bias"] + sum(CLAUSE_WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return clamp(1 / (1 + math.exp(-z)))


#: Noun-mediated readings (``mediated.v1``) are a second reading of a clause that already has a
#: statement; they rank below every direct reading so they never push a direct one under the
#: best CaRB threshold. Chosen by 5-fold CV on CaRB dev (docs/extraction.md).
MEDIATED_SCALE = 0.3


def mediated_confidence(**cues) -> float:
    """Confidence of a noun-mediated statement: the clause score of the same reading, scaled down.

    Not recorded for fitting: the logistic weights are fitted on direct readings only.
    """
    features = clause_features(**cues)
    z = CLAUSE_WEIGHTS["bias"] + sum(CLAUSE_WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return clamp(MEDIATED_SCALE / (1 + math.exp(-z)))


#: Readings of a name's own words that Open IE benchmarks annotate ("President Bush" → Bush is
#: President; "Courtaulds' operations" → Courtaulds has operations) rank below every clause reading:
#: on CaRB dev they extend the curve (AUC 0.388 → 0.395) without moving the best-F1 point.
NAME_READING_SCALE = 0.3


def name_reading_confidence(base: float, **cues) -> float:
    """:func:`nominal_confidence` scaled by :data:`NAME_READING_SCALE` (titles and possessives)."""
    return clamp(NAME_READING_SCALE * nominal_confidence(base, **cues))


def nominal_confidence(base: float, *, subject_head: Token, object_tokens: list[Token], subject_tokens: list[Token]) -> float:
    """Confidence of a statement read off a noun phrase (apposition, possessive, title).

    ``base`` is the family's measured precision; named subjects and short
    arguments raise it, long ones lower it.
    """
    score = base
    if subject_head.ent_type_:
        score += 0.05
    length = len(subject_tokens) + len(object_tokens)
    score -= min(0.3, 0.02 * max(0, length - 5))
    return clamp(score)
