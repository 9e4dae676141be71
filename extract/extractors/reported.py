"""What a reported clause is about: "Putin warned that supplying Tomahawks to Kyiv would …" → ``Putin –warn about→ Tomahawks``.

A speech act's object is a whole clause, which is no node, so the speaker
and what they spoke of stay apart in the graph. The subject of the reported
clause is what the speaker talks about; this family relates the two
(``say about``, ``warn about``). A gerund subject ("supplying Tomahawks")
is about its object. Pronoun subjects ("he said it would …") and the
speaker themself ("Trump said he would …") give nothing: the first says
nothing on its own, the second is the speaker's own plan, stated by the
reported clause's own statements.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._spans import ONE_THING_EXCLUDE, SPEECH_VERBS, argument, is_negated, modality, provenance, subtree_tokens

NAME = "reported.v1"
VERSION = 1

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_ARG_EXCLUDE = ONE_THING_EXCLUDE | {"prep"}  # the topic without its phrases ("the economy", not "the economy of Japan")
_CONFIDENCE = 0.55


@register_extractor(NAME)
def extract_reported(doc: Doc) -> Iterator[Statement]:
    """Yield ``speaker –verb about→ topic`` for every speech verb with a reported clause."""
    for sent_index, sent in enumerate(doc.sents):
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
                continue
            speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
            if speaker is None or clause is None:
                continue
            topic = _topic(clause)
            if topic is None or topic.lower_ == speaker.lower_:
                continue
            yield _statement(doc, sent_index, verb, speaker, topic)


def _topic(clause: Token) -> Token | None:
    subject = next((c for c in clause.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None:
        return None
    if subject.tag_ == "VBG":  # "supplying Tomahawks would …" is about the Tomahawks
        subject = next((c for c in subject.children if c.dep_ in {"dobj", "obj"}), None)
        if subject is None:
            return None
    if subject.pos_ not in {"NOUN", "PROPN"} or subject.like_num or subject.ent_type_ in _AMOUNTS:
        return None  # "just 1.3% in the UK are capable": an amount is no topic
    return subject


_AMOUNTS = {"PERCENT", "MONEY", "QUANTITY", "CARDINAL", "DATE", "TIME", "ORDINAL"}


def _statement(doc: Doc, sent_index: int, verb: Token, speaker: Token, topic: Token) -> Statement:
    speaker_tokens = subtree_tokens(speaker, exclude_deps=_ARG_EXCLUDE)
    topic_tokens = subtree_tokens(topic, exclude_deps=_ARG_EXCLUDE)
    return Statement(
        subject=argument(speaker, speaker_tokens),
        relation=f"{verb.text} about",
        predicate=f"{verb.lemma_.lower()} about",
        object=argument(topic, topic_tokens),
        provenance=provenance(doc, sent_index, [*speaker_tokens, verb, *topic_tokens], NAME, VERSION),
        confidence=_CONFIDENCE,
        negated=is_negated(verb),
        modality=modality(verb),
    )
