"""Adjunct participants: a named thing in a clause's further prepositional phrases is related to its subject.

"Dmitriev proposed *to Elon Musk* that …", "Trump wrote … *on Truth Social*",
"he will discuss the conversation *with Zelensky*": :mod:`.clauses` states
the clause once, with its first complement as the object, and keeps the other
phrases as extra arguments. When such a phrase names an entity, the entity
took part in what the clause says, so this family adds
``subject –verb prep→ entity`` (``propose to``, ``write on``, ``discuss with``).

Time phrases ("after the summit"), comparisons ("as", "like", "than"),
"according to" (a source, not a participant) and phrases before the verb
(scene-setting: "In Kyiv, …") give nothing, nor do the phrases of a bare noun
subject ("truancy has been reduced through …"; "the company" may be a name's
description, so it counts). A phrase that is the clause's
own object is already a statement of :mod:`.clauses`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._confidence import mediated_confidence
from ._spans import ONE_THING_EXCLUDE, SPEECH_VERBS, argument, attribution, conjuncts, provenance, span_text, subtree_tokens
from .clauses import ClauseFrame, clause_frames, clause_modality, frame_subjects, group_negated, predicate_of, title_word
from .mediated import is_named

_DEFINITE = {"the", "this", "that", "these", "those"}
_WHEN_LABELS = {"DATE", "TIME"}

NAME = "participants.v1"
VERSION = 1

_SKIP_PREPS = {"as", "like", "than", "according", "by", "during", "after", "before", "since", "until", "amid", "throughout", "despite", "including", "of"}


@register_extractor(NAME)
def extract_participants(doc: Doc) -> Iterator[Statement]:
    """Yield ``subject –verb prep→ entity`` for every named entity in a clause's further phrases."""
    for sent_index, frame in clause_frames(doc):
        if frame.verb.tag_ == "VBG" and frame.verb.dep_ in {"acl", "advcl"}:
            continue  # a participle modifying a noun or a clause: its "subject" is a guess
        if frame.last.lemma_ == "be":
            continue  # "is behind Raul at the Bernabeu": a copula's first phrase is its object, the others scenery
        speech = frame.last.lemma_ in SPEECH_VERBS
        core_end = max(t.i for t in frame.core.tokens)
        for extra in frame.rest:
            prep = extra.prep
            if prep is None or prep.i < frame.verb.i or prep.lower_ in _SKIP_PREPS or prep.head not in (frame.verb, frame.last) or title_word(prep):
                continue
            if speech and prep.lower_ not in {"to", "with", "on"}:
                continue  # where something was said is rarely news, and its phrase is often the reported clause's ("on" is the medium)
            if prep.i == core_end + 1 and frame.core.prep is None and frame.core.head.pos_ == "NOUN":
                continue  # "expressed frustration with Putin": the phrase completes the noun (see .mediated)
            dated = extra.head.ent_type_ in _WHEN_LABELS
            for target in conjuncts(extra.head):
                if dated and target.ent_type_ not in _WHEN_LABELS:
                    continue  # "games against France on 7 September, Cyprus on 8 October": a name beside a date belongs elsewhere
                if is_named(target):
                    yield from _statements(doc, sent_index, frame, prep, target)


def _statements(doc: Doc, sent_index: int, frame: ClauseFrame, prep: Token, target: Token) -> Iterator[Statement]:
    prep_words = [prep]
    light = _light_object(frame)
    relation = " ".join(filter(None, (span_text(frame.rel_tokens), span_text(light), prep.text)))
    predicate = " ".join(filter(None, (predicate_of(frame.rel_tokens, []), " ".join(t.lower_ for t in light), prep.lower_)))
    target_tokens = subtree_tokens(target, exclude_deps=ONE_THING_EXCLUDE)
    for subject, subj_tokens in frame_subjects(frame):
        subj = subject.token
        if not (is_named(subj) or any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in subj.children)):
            continue  # "truancy has been reduced through the Programme": a bare noun's adjuncts are scenery ("the company" may be Saab)
        yield Statement(
            subject=argument(subj, subj_tokens),
            relation=relation,
            predicate=predicate,
            object=argument(target, target_tokens),
            provenance=provenance(doc, sent_index, [*subj_tokens, *frame.rel_tokens, *prep_words, *target_tokens], NAME, VERSION),
            confidence=mediated_confidence(
                subject_kind=subject.kind,
                subject_tokens=subj_tokens,
                object_tokens=target_tokens,
                n_extras=len(frame.rest),
                prepositional=True,
                verb=frame.verb,
                object_head=target,
                subject_head=subj,
            ),
            negated=group_negated(frame.rel_tokens),
            modality=clause_modality(frame),
            attribution=attribution(frame.verb) if frame.last.lemma_ not in SPEECH_VERBS else None,
        )



def _light_object(frame: ClauseFrame) -> list[Token]:
    """The words of the object that read with the verb, kept in the relation as written.

    A noun object's head ("take place in", "send weapons to") and an adjective
    complement ("set loose on", "proved less popular across") complete
    the verb; without them the label says something else ("be set on").
    """
    head = frame.core.head
    if frame.core.prep is not None:
        # a bare noun after the verb's first preposition is an idiom of the verb: "gone on sale in Europe",
        # "came into force in May" (not "go in Europe"); "agreed on a deal in Geneva" has a thing of its own
        if head.pos_ == "NOUN" and head.dep_ == "pobj" and not any(c.dep_ in {"det", "poss", "nummod", "amod", "compound"} for c in head.children):
            return [*(frame.core.prep_words or [frame.core.prep]), head]
        return []
    if head.dep_ not in {"dobj", "obj", "acomp", "oprd"}:
        return []
    if head.pos_ == "ADJ":
        return [t for t in frame.core.tokens if t.dep_ in {"advmod", "neg"} and t.head is head and t.i < head.i] + [head]
    if head.pos_ != "NOUN" or head.ent_type_:
        return []  # a name the tagger took for a noun ("inducted rock band U2 into …") is a node, not part of the verb
    # the noun's head as written, without its determiners and modifiers: "earned a law degree last
    # year from Oxford University" → "earn degree from"; without it "earn from" misleads
    return [head]
