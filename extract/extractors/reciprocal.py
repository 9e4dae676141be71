"""Joint subjects of reciprocal predicates: "Lavrov and Rubio will speak by phone" → ``Lavrov –speak with→ Rubio``.

A reciprocal verb ("meet", "speak", "agree", "clash") with a coordinated
subject and no object of its own states a relation *between* the
coordinated parties, which a subject–verb–object reading cannot express (it
has no object to name). One symmetric statement per pair of coordinated
subjects; their relation to the rest of the clause ("meet in Budapest")
stays with :mod:`.clauses`. "President Putin and I will meet" gives the pair
too: the pronoun is resolved like any other argument.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._spans import ONE_THING_EXCLUDE, argument, attribution, is_negated, modality, provenance, subtree_tokens

NAME = "reciprocal.v1"
VERSION = 1

#: Verbs whose coordinated subject acts on each other (VerbNet's "meet", "talk", "correspond", "battle", "marry" classes).
RECIPROCAL_VERBS = frozenset(
    """
    meet speak talk chat confer converse negotiate agree disagree argue quarrel clash fight battle compete collide
    correspond cooperate collaborate partner ally merge unite reconcile marry wed divorce split separate trade
    """.split()
)
_OBJECT_DEPS = {"dobj", "obj", "attr", "oprd", "ccomp", "xcomp"}
_CONFIDENCE = 0.7


@register_extractor(NAME)
def extract_reciprocal(doc: Doc) -> Iterator[Statement]:
    """Yield one symmetric statement per pair of coordinated subjects of a reciprocal verb."""
    for sent_index, sent in enumerate(doc.sents):
        for verb in sent:
            if verb.pos_ == "VERB" and verb.lemma_.lower() in RECIPROCAL_VERBS and not any(c.dep_ in _OBJECT_DEPS for c in verb.children):
                yield from _pairs(doc, sent_index, verb)


def _pairs(doc: Doc, sent_index: int, verb: Token) -> Iterator[Statement]:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not subject.conjuncts:
        return
    # any noun phrase: a party named by a description ("his US counterpart") is resolved like any argument
    parties = [t for t in (subject, *subject.conjuncts) if t.pos_ in {"PROPN", "NOUN", "PRON"} and t.tag_ not in {"WDT", "WP"}]
    verb_group = [c for c in verb.children if c.dep_ in {"aux", "neg"}]
    relation = " ".join(t.text for t in sorted([*verb_group, verb], key=lambda t: t.i)) + " with"
    predicate = f"{verb.lemma_.lower()} with"
    for a, b in combinations(parties, 2):
        a_tokens = subtree_tokens(a, exclude_deps=ONE_THING_EXCLUDE)
        b_tokens = subtree_tokens(b, exclude_deps=ONE_THING_EXCLUDE)
        yield Statement(
            subject=argument(a, a_tokens),
            relation=relation,
            predicate=predicate,
            object=argument(b, b_tokens),
            provenance=provenance(doc, sent_index, [*a_tokens, *verb_group, verb, *b_tokens], NAME, VERSION),
            confidence=_CONFIDENCE,
            negated=is_negated(verb),
            modality=modality(verb),
            attribution=attribution(verb),
            symmetric=True,
        )
