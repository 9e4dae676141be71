"""Causatives read as a relation to the one caused to act: "Putin made him wait" → ``Putin –make wait→ him``.

:mod:`.clauses` states "made him wait all day" with the whole small clause as
its object (what Open IE benchmarks expect), so the graph gets no edge to the
person made to wait. Under "make", "let", "have" and "help" a bare
infinitive with its own subject names who was caused to act; this family
adds ``causer –make wait→ causee``, the causative and the caused verb (and
its particle) in the label, the hedge and negation of the governing clause
kept ("will not let him go").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from ..model import Statement
from ..registry import register_extractor
from ._spans import ONE_THING_EXCLUDE, argument, attribution, is_causative, is_negated, provenance, subtree_tokens
from .clauses import clause_frames, clause_modality, frame_subjects

NAME = "causatives.v1"
VERSION = 1

#: Verbs whose object is made to act ("see" and "hear" report what was perceived, not caused).
_CAUSING = frozenset({"make", "let", "have", "help"})

#: Below a direct reading: the small clause is sometimes a misparse ("helped Ukraine win" is fine, "had it fixed" is no person).
_CONFIDENCE = 0.6


@register_extractor(NAME)
def extract_causatives(doc: Doc) -> Iterator[Statement]:
    """Yield ``causer –cause act→ causee`` for every "made/let/had/helped X act" clause."""
    for sent_index, frame in clause_frames(doc):
        verb, caused = frame.verb, frame.core.head
        if verb.lemma_.lower() not in _CAUSING or caused.dep_ != "ccomp" or caused.head != frame.last or not is_causative(caused):
            continue
        causee = next((c for c in caused.children if c.dep_ == "nsubj" and c.i < caused.i), None)
        if causee is None or causee.pos_ not in {"PRON", "PROPN", "NOUN"}:
            continue
        particle = [c for c in caused.children if c.dep_ == "prt"]
        words = [frame.last.lemma_.lower(), caused.lemma_.lower(), *(p.lower_ for p in particle)]
        causee_tokens = subtree_tokens(causee, exclude_deps=ONE_THING_EXCLUDE)
        for subject, subject_tokens in frame_subjects(frame):
            yield Statement(
                subject=argument(subject.token, subject_tokens),
                relation=" ".join([*(t.text for t in frame.rel_tokens), caused.text, *(p.text for p in particle)]),
                predicate=" ".join(words),
                object=argument(causee, causee_tokens),
                provenance=provenance(doc, sent_index, [*subject_tokens, *frame.rel_tokens, *causee_tokens, caused, *particle], NAME, VERSION),
                confidence=_CONFIDENCE,
                negated=is_negated(frame.last) or is_negated(verb),
                modality=clause_modality(frame),
                attribution=attribution(verb),
            )
