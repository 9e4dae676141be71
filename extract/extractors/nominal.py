"""Nominal relations: facts stated with an event noun instead of a verb.

"After a long call with Vladimir Putin, Donald Trump announced …",
"Zelensky's trip to Washington", "the phone call between Trump and Putin",
"a ceasefire between Israel and Hamas", "Russia's invasion of Ukraine": the
noun names the happening and its phrases name who took part. Each gives a
statement whose relation is the noun and its preposition (``call with``,
``trip to``, ``invasion of``).

Who the agent is comes from the syntax, never from position alone:

* the possessor ("Zelensky's trip to Washington", "Russia's invasion of Ukraine");
* a ``by`` phrase ("the invasion of Ukraine by Russia");
* "between X and Y": both, as one symmetric statement;
* for communication and travel nouns only, the subject of the clause that the
  noun's phrase modifies ("*After a call with Putin*, Trump announced" →
  Trump; "*During a trip to Kyiv*, Scholz said" → Scholz). An attack or a
  deal in such a phrase says nothing about the clause's subject ("After the
  attack on Kyiv, Putin said …" is not Putin's attack), so it gives nothing.

Which preposition introduces the other participant depends on the noun's
class (:data:`NOUN_CLASSES`). A noun that is the object of its clause's verb
("held talks with Lavrov") is read by :mod:`.mediated` instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._spans import ONE_THING_EXCLUDE, argument, attribution, conjuncts, is_negated, modality, provenance, subtree_tokens
from .mediated import is_named

NAME = "nominal.v1"
VERSION = 1

#: Noun class → (nouns, prepositions that introduce the other participant, whether the clause subject may be the agent).
NOUN_CLASSES: dict[str, tuple[frozenset[str], frozenset[str], bool]] = {
    "communicate": (
        frozenset("call conversation talk talks meeting summit negotiation negotiations discussion discussions interview dialogue exchange chat phone-call".split()),
        frozenset({"with"}),
        True,
    ),
    "travel": (frozenset("trip visit journey tour flight return".split()), frozenset({"to"}), True),
    "attack": (
        frozenset("attack attacks strike strikes invasion offensive bombing assault raid occupation annexation".split()),
        frozenset({"on", "against", "of"}),
        False,
    ),
    "fight": (frozenset("war conflict fight battle dispute clash row".split()), frozenset({"with", "against", "on"}), False),
    "agree": (
        frozenset("deal agreement ceasefire truce treaty pact accord contract partnership alliance".split()),
        frozenset({"with"}),
        False,
    ),
}
_NOUN_CLASS = {noun: name for name, (nouns, _, _) in NOUN_CLASSES.items() for noun in nouns}
#: Prepositions whose phrase sets the scene of a clause ("after the call"): its subject took part.
_SCENE_PREPS = {"after", "before", "following", "during", "in", "at", "since", "on"}
_CONFIDENCE = {"possessor": 0.7, "by": 0.7, "between": 0.7, "clause-subject": 0.6}


@register_extractor(NAME)
def extract_nominal(doc: Doc) -> Iterator[Statement]:
    """Yield one statement per (agent, participant) of every event noun with both."""
    for sent_index, sent in enumerate(doc.sents):
        for noun in sent:
            if noun.pos_ == "NOUN" and noun.lemma_.lower() in _NOUN_CLASS and noun.dep_ != "dobj":
                yield from _noun_statements(doc, sent_index, noun)


def _noun_statements(doc: Doc, sent_index: int, noun: Token) -> Iterator[Statement]:
    _, preps, subject_may_act = NOUN_CLASSES[_NOUN_CLASS[noun.lemma_.lower()]]
    phrases = [(p, o) for p in noun.children if p.dep_ == "prep" and p.i > noun.i for o in p.children if o.dep_ == "pobj"]
    between = [(p, o) for p, o in phrases if p.lower_ == "between"]
    for prep, obj in between:
        sides = [t for t in conjuncts(obj) if is_named(t)]
        for a, b in zip(sides, sides[1:]):
            yield _statement(doc, sent_index, noun, a, "with", b, "between", symmetric=True)
    participants = [(p, o) for p, o in phrases if p.lower_ in preps]
    if not participants:
        return
    agents = _agents(noun, subject_may_act)
    for rule, agent in agents:
        for prep, obj in participants:
            for target in conjuncts(obj):
                if is_named(target) and target is not agent:
                    yield _statement(doc, sent_index, noun, agent, prep.lower_, target, rule)


def _agents(noun: Token, subject_may_act: bool) -> list[tuple[str, Token]]:
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return [("possessor", t) for t in conjuncts(owner) if is_named(t)]
    by = next((o for p in noun.children if p.dep_ == "agent" or (p.dep_ == "prep" and p.lower_ == "by") for o in p.children if o.dep_ == "pobj"), None)
    if by is not None:
        return [("by", t) for t in conjuncts(by) if is_named(t)]
    if not subject_may_act or noun.dep_ != "pobj":
        return []
    prep = noun.head
    clause = prep.head
    if prep.lower_ not in _SCENE_PREPS or clause.pos_ not in {"VERB", "AUX"} or prep.i > clause.i and prep.dep_ != "prep":
        return []
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return []
    return [("clause-subject", t) for t in conjuncts(subject) if is_named(t)]


def _statement(doc: Doc, sent_index: int, noun: Token, agent: Token, prep: str, target: Token, rule: str, *, symmetric: bool = False) -> Statement:
    compounds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    noun_words = " ".join([*(c.lower_ for c in compounds), noun.lemma_.lower()])
    surface = " ".join([*(c.text for c in compounds), noun.text])
    agent_tokens = subtree_tokens(agent, exclude_deps=ONE_THING_EXCLUDE)
    target_tokens = subtree_tokens(target, exclude_deps=ONE_THING_EXCLUDE)
    clause = noun.head.head if noun.dep_ == "pobj" else noun.head
    verb = clause if clause.pos_ in {"VERB", "AUX"} else None
    return Statement(
        subject=argument(agent, agent_tokens),
        relation=f"{surface} {prep}",
        predicate=f"{noun_words} {prep}",
        object=argument(target, target_tokens),
        provenance=provenance(doc, sent_index, [*agent_tokens, *compounds, noun, *target_tokens], NAME, VERSION),
        confidence=_CONFIDENCE[rule],
        negated=verb is not None and rule == "clause-subject" and is_negated(verb),
        modality=modality(verb) if verb is not None and rule == "clause-subject" else None,
        attribution=attribution(verb) if verb is not None else None,
        symmetric=symmetric,
    )
