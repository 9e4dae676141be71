"""Passives read in the active voice: "a delegation led by Rubio" → ``Rubio –lead→ delegation``.

:mod:`.clauses` states a passive as written (``delegation –be led by→
Rubio``), which is what Open IE benchmarks expect, but a graph edge should
point from the agent to what it acts on, with the verb's lemma as its
relation, so that "Rubio leads the delegation" and "the delegation led by
Rubio" are one edge. This family adds that reading for every passive clause
(finite, "was led by", or participial, "led by") with a ``by`` agent; the
graph keeps it instead of the passive edge (:func:`graph.build.build_graph`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from ..model import Statement
from ..registry import register_extractor
from ._spans import ONE_THING_EXCLUDE, argument, attribution, conjuncts, is_negated, provenance, subtree_tokens
from .clauses import clause_frames, clause_modality, frame_subjects, is_passive

NAME = "passive.v1"
VERSION = 1

#: Below a direct reading: the agent phrase is sometimes a means ("hit by a drone").
_CONFIDENCE = 0.6


@register_extractor(NAME)
def extract_passive(doc: Doc) -> Iterator[Statement]:
    """Yield ``agent –verb→ patient`` for every passive clause with a ``by`` agent."""
    for sent_index, frame in clause_frames(doc):
        verb = frame.verb
        passive = is_passive(frame.rel_tokens) or (verb.dep_ == "acl" and verb.tag_ == "VBN")
        prep = frame.core.prep
        if not passive or frame.last is not verb or prep is None or prep.lower_ != "by":
            continue
        particle = [c for c in verb.children if c.dep_ == "prt"]
        predicate = " ".join([verb.lemma_.lower(), *(p.lower_ for p in particle)])
        relation = " ".join([verb.lemma_.lower(), *(p.text for p in particle)])
        for agent in conjuncts(frame.core.head):
            if agent.tag_ == "NN" and not agent.ent_type_ and not any(c.dep_ in {"det", "poss"} for c in agent.children):
                continue  # "informed by letter", "sent by post": a bare noun after "by" is the means, not an agent
            agent_tokens = subtree_tokens(agent, exclude_deps=ONE_THING_EXCLUDE)
            for subject, patient_tokens in frame_subjects(frame):
                yield Statement(
                    subject=argument(agent, agent_tokens),
                    relation=relation,
                    predicate=predicate,
                    object=argument(subject.token, patient_tokens),
                    provenance=provenance(doc, sent_index, [*agent_tokens, *frame.rel_tokens, prep, *patient_tokens], NAME, VERSION),
                    confidence=_CONFIDENCE,
                    extra=tuple(argument(c.head, c.tokens) for c in frame.rest),
                    negated=is_negated(verb),
                    modality=clause_modality(frame),
                    attribution=attribution(verb),
                )
