"""Noun-mediated statements: "Trump expressed frustration with Putin" → ``Trump –expressed frustration with→ Putin``.

Many news clauses relate two named things through a common noun: the verb's
object is "frustration", "pressure", "talks", "a ceasefire", and the second
entity sits in a prepositional phrase on that noun ("frustration *with
Putin*", "held talks *with Lavrov*", "broker a ceasefire *between Israel and
Hamas*"). :mod:`.clauses` states such a clause with the whole noun phrase as
the object, whose head ("frustration") is no entity, so the graph gets no
edge between the two entities. This family adds a second reading of the same
clause: the noun and its preposition join the relation and the named thing
is the object.

Light-verb constructions ("held talks with X", "had a call with X",
"signed a deal with X") are the same pattern: the subject of the verb is a
participant because the syntax says so. A noun outside the clause's object
never makes a statement: "After a long call with Putin, Trump announced …"
does not say who called whom, so nothing is inferred from it.

Rules (all grammatical, no word lists):

* the clause (as :func:`.clauses.clause_frame` reads it) has an object whose
  head is a common noun (not a name, pronoun or number);
* that noun has a prepositional phrase after it whose object is a named
  thing (a named entity other than dates and quantities, a proper noun, or
  a personal pronoun the coreference step can resolve); or the phrase hangs
  on the verb right after the object ("ramp up pressure on Putin" is parsed
  both ways by the tagger, and means the same);
* coordinated names give one statement each ("between Israel and Hamas");
* comparing prepositions ("as", "like", "than"), a noun's "by" (its agent
  or author: "a rate rise by the ECB", "a novel by Zadie Smith") and clause
  objects reached through a time preposition ("during the visit to Moscow")
  mediate nothing;
* a named indirect object is who the noun is for: "handed Chelsea a boost"
  → ``the draw –handed boost→ Chelsea``.

Confidence is the clause model's score of the same cues scaled by
``_confidence.MEDIATED_SCALE``: these readings rank below direct readings,
so on CaRB they only extend the low end of the precision–recall curve.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..nouns import NON_CLASSIFYING_ADJECTIVES, TIME_PREPOSITIONS, share_words
from ..registry import register_extractor
from ._confidence import mediated_confidence
from ._spans import SPEECH_VERBS, argument, attribution, conjuncts, provenance, span_text, subtree_tokens
from .clauses import ClauseFrame, clause_frames, clause_modality, frame_subjects, group_negated, predicate_of, title_word

NAME = "mediated.v1"
VERSION = 1

#: Named-entity labels that are things a relation can point to (dates, amounts and ordinals are not).
_NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
_PERSONAL_PRONOUNS = {"him", "her", "them", "us", "he", "she", "they", "we", "me", "you"}
_NOUN_MODIFIERS = {"compound", "amod"}
#: Prepositions that compare ("as", "like", "than") relate nothing to the noun.
_COMPARING = {"as", "like", "than"}
_ARG_EXCLUDE = {"relcl", "appos", "punct", "conj", "cc"}


@register_extractor(NAME)
def extract_mediated(doc: Doc) -> Iterator[Statement]:
    """Yield one statement per (subject, named thing) linked through the clause object's noun."""
    for sent_index, frame in clause_frames(doc):
        noun = frame.core.head
        if not _is_common_noun(noun) or (frame.core.prep is not None and frame.core.prep.lower_ in TIME_PREPOSITIONS):
            continue
        for prep, target in _mediating_phrases(frame, noun):
            yield from _statements(doc, sent_index, frame, noun, prep, target)
        if frame.core.prep is None and frame.core.head.dep_ == "dobj":
            # "gave Dementieva another thrashing", "handed Chelsea a boost": the named indirect object
            # is who the noun is for (the clause reading keeps only the noun)
            # (the parser makes some recipients a first object: "giving Mr Blair the same message")
            for dative in (c for c in frame.verb.children if c.dep_ in {"dative", "dobj"} and c.i < noun.i and is_named(c)):
                yield from _statements(doc, sent_index, frame, noun, None, dative)


def _meaningful_modifier(token: Token) -> bool:
    """A modifier that changes what the noun relates ("merger talks", "military aid"), not one that grades it ("long call")."""
    if token.ent_type_ == "NORP" and token.pos_ == "ADJ":
        return True  # "British urban act", "Russian oil": a nationality classifies
    return token.lower_ not in NON_CLASSIFYING_ADJECTIVES and not token.ent_type_ and token.pos_ in {"NOUN", "ADJ", "VERB"}


def _hyphenated(token: Token) -> bool:
    """Part of a hyphenated word ("long-term", "co-operation"), whose pieces mean nothing alone."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return before or after


def _is_common_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and not token.ent_type_ and token.tag_ not in {"CD"}


def is_named(token: Token) -> bool:
    """A thing a graph node can stand for: a named entity, a proper noun or a resolvable personal pronoun."""
    if token.ent_type_:
        return token.ent_type_ in _NAMED_LABELS
    if token.pos_ == "NOUN" and any(c.dep_ == "appos" and c.i > token.i and (c.ent_type_ in _NAMED_LABELS or c.pos_ == "PROPN") for c in token.children):
        return True  # "the Swedish defense company Saab": the description is linked to the name it introduces
    return token.pos_ == "PROPN" or (token.pos_ == "PRON" and token.lower_ in _PERSONAL_PRONOUNS)


def _mediating_phrases(frame: ClauseFrame, noun: Token) -> list[tuple[Token, Token]]:
    """``(preposition, object)`` pairs that relate the noun to a named thing."""
    found = []
    for child in noun.children:
        # ("by" on a noun names its agent or author: "a rate rise by the ECB", "a novel by Zadie Smith")
        if child.dep_ == "prep" and child.i > noun.i and child.lower_ not in _COMPARING and child.lower_ != "by" \
                and child.lower_ not in TIME_PREPOSITIONS and not title_word(child):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and is_named(obj):
                found.append((child, obj))
        if found:
            break  # the first phrase on the noun is the one that completes it
    if not found and frame.core.prep is None:
        # the tagger often hangs the phrase on the verb: "ramp up [pressure] [on Putin]"
        end = max(t.i for t in frame.core.tokens)
        for extra in frame.rest:
            prep = extra.prep
            if prep is not None and prep.i == end + 1 and prep.lower_ not in _COMPARING and prep.head in (frame.verb, frame.last) and is_named(extra.head):
                found.append((prep, extra.head))
                break
    return found


def _statements(doc: Doc, sent_index: int, frame: ClauseFrame, noun: Token, prep: Token | None, target: Token) -> Iterator[Statement]:
    # half of a hyphenated word ("term" of "long-term") is no modifier, as in concept labels
    # (nor is the "-" itself, when the tagger took it for a word)
    noun_words = sorted([*(c for c in noun.children if c.dep_ in _NOUN_MODIFIERS and c.i < noun.i and not _hyphenated(c) and any(ch.isalnum() for ch in c.text)), noun], key=lambda t: t.i)
    # a share keeps its number ("own 99.3% of"): without it, it says nothing
    label_words = [t.lower_ for t in noun_words if t is not noun and _meaningful_modifier(t)] + [share_words(noun) or noun.lower_]
    relation_tokens = [*frame.rel_tokens, *frame.prep_words, *noun_words, *([prep] if prep is not None else [])]
    relation = " ".join(filter(None, (span_text(frame.rel_tokens), span_text(frame.prep_words), span_text(noun_words), prep.text if prep is not None else None)))
    # the noun as written: number changes meaning ("hold talks with" is not "hold talk with")
    predicate = " ".join(filter(None, (predicate_of(frame.rel_tokens, frame.prep_words), " ".join(label_words), prep.lower_ if prep is not None else None)))
    extras = [argument(c.head, c.tokens) for c in frame.rest if c.prep is not prep]
    negated = group_negated(frame.rel_tokens)
    said_by = attribution(frame.verb) if frame.last.lemma_ not in SPEECH_VERBS else None
    for subject, subj_tokens in frame_subjects(frame):
        subj = subject.token
        for obj in conjuncts(target):
            if not is_named(obj):
                continue
            obj_tokens = subtree_tokens(obj, exclude_deps=_ARG_EXCLUDE)
            yield Statement(
                subject=argument(subj, subj_tokens),
                relation=relation,
                predicate=predicate,
                object=argument(obj, obj_tokens),
                provenance=provenance(doc, sent_index, subj_tokens + relation_tokens + obj_tokens, NAME, VERSION),
                confidence=mediated_confidence(
                    subject_kind=subject.kind,
                    subject_tokens=subj_tokens,
                    object_tokens=obj_tokens,
                    n_extras=len(extras),
                    prepositional=True,
                    verb=frame.verb,
                    object_head=obj,
                    subject_head=subj,
                ),
                extra=tuple(extras),
                negated=negated,
                modality=clause_modality(frame),
                attribution=said_by,
            )
