"""Possessive statements: "Courtaulds' textile operations" → ``Courtaulds –has→ textile operations``.

A possessive noun phrase asserts that the possessor has the possessed thing.
Pronoun possessors ("its", "his") are skipped: on their own they say nothing
a reader can use. Possessed nouns in apposition with a name are left to
:mod:`.appositions`, which reads them as roles ("Putin's envoy, Dmitriev").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._confidence import name_reading_confidence
from ._spans import argument, copula_for, provenance, subtree_tokens

NAME = "possessives.v1"
VERSION = 1

_OBJECT_EXCLUDE = {"relcl", "appos", "punct", "conj", "cc", "acl", "prep"}


@register_extractor(NAME)
def extract_possessives(doc: Doc) -> Iterator[Statement]:
    """Yield ``possessor –has→ possessed`` for every non-pronoun possessor."""
    for sent_index, sent in enumerate(doc.sents):
        for token in sent:
            if token.dep_ != "poss" or token.pos_ not in {"PROPN", "NOUN"}:
                continue
            possessed = token.head
            if possessed.pos_ not in {"NOUN", "PROPN"} or _in_apposition(possessed):
                continue
            statement = _statement(doc, sent_index, token, possessed)
            if statement is not None:
                yield statement


def _in_apposition(noun: Token) -> bool:
    return noun.dep_ == "appos" or any(c.dep_ == "appos" for c in noun.children)


def _statement(doc: Doc, sent_index: int, possessor: Token, possessed: Token) -> Statement | None:
    subj_tokens = [t for t in subtree_tokens(possessor, exclude_deps={"appos", "relcl", "punct"}) if t.dep_ != "case"]
    possessor_end = max(t.i for t in possessor.subtree)
    obj_tokens = [t for t in subtree_tokens(possessed, exclude_deps=_OBJECT_EXCLUDE) if t.i > possessor_end]
    if not subj_tokens or not obj_tokens:
        return None
    return Statement(
        subject=argument(possessor, subj_tokens),
        relation=copula_for(possessor, "have"),
        predicate="have",
        object=argument(possessed, obj_tokens),
        provenance=provenance(doc, sent_index, subj_tokens + obj_tokens, NAME, VERSION),
        confidence=name_reading_confidence(0.55, subject_head=possessor, subject_tokens=subj_tokens, object_tokens=obj_tokens),
    )
