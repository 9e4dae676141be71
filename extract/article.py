"""One article in, one :class:`ArticleExtraction` out: entities, statements, links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy
from spacy.attrs import IDX, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc

from .concepts import link_concepts
from .entities import EntityIndex
from .mentions import find_entities
from .model import Argument, Article, ArticleExtraction, Statement
from .qualifiers import qualify
from .registry import DEFAULT_EXTRACTORS, get_extractor
from .sentences import doc_text

__all__ = ["extract_article"]


def extract_article(doc: Doc, article: Article, extractors: Sequence[str] = DEFAULT_EXTRACTORS) -> ArticleExtraction:
    """Run entity detection and every named extractor over a parsed article.

    Each statement argument is linked to the local entity whose mention holds
    its head word; an argument that names no entity but a thing or a happening
    is linked to a concept or event of the article (:mod:`.concepts`); the
    others keep ``entity=None``.
    """
    doc.user_data["doc_id"] = article.id
    index = find_entities(doc)
    head_token = _token_starts(doc)
    statements: list[Statement] = []
    seen: set[tuple] = set()
    sentences = [(sent.start, sent.end) for sent in doc.sents]
    verbless = _verbless(doc, sentences)
    for name in extractors:
        for statement in get_extractor(name)(doc):
            if statement.provenance.sentence_index in verbless or _crosses_dash(doc, statement.subject) or _crosses_dash(doc, statement.object):
                continue
            linked = replace(
                statement,
                subject=_link(statement.subject, index, head_token, doc),
                object=_link(statement.object, index, head_token, doc),
                extra=tuple(_link(a, index, head_token, doc) for a in statement.extra),
                provenance=replace(statement.provenance, doc_id=article.id),
            )
            linked = qualify(doc, linked, article_date=article.date)
            key = (linked.subject.start_char, linked.subject.end_char, linked.predicate, linked.object.start_char, linked.object.end_char)
            if key in seen:  # two extractors found the same claim
                continue
            seen.add(key)
            statements.append(linked)
    statements, concepts = link_concepts(doc, index, statements, head_token)
    _drop_caches(doc)
    statements.sort(key=lambda s: (s.provenance.start_char, s.subject.start_char, s.predicate, s.object.start_char, s.provenance.extractor))
    return ArticleExtraction(
        article=article,
        statements=tuple(statements),
        entities=(*index.entities, *concepts),
        n_sentences=len(sentences),
        n_tokens=len(doc),
    )


def _token_starts(doc: Doc) -> dict[int, int]:
    """Start character → token index, read from the Doc's arrays (arguments name their head by its start)."""
    return dict(zip(doc.to_array(IDX).tolist(), range(len(doc)))) if len(doc) else {}


_VERB_POS = (VERB, AUX)


def _verbless(doc: Doc, sentences: list[tuple[int, int]]) -> set[int]:
    """Numbers of the sentences without a verb or auxiliary.

    A line without a verb is a list, a table row or a caption ("Jarosik
    (Gudjohnsen 45), Lampard"): it states nothing. Read from the POS array.
    """
    if not len(doc):
        return set()
    verbs = numpy.concatenate(([0], numpy.cumsum(numpy.isin(doc.to_array(POS), _VERB_POS))))
    return {number for number, (start, end) in enumerate(sentences) if verbs[end] == verbs[start]}


_SPACED_DASHES = {"-", "--", "–", "—"}
_DASH_CHARACTER = re.compile("[-–—]")  # every member of _SPACED_DASHES holds one
_GLUE_DEPS = {"compound", "poss", "amod", "nmod", "nummod"}


def _crosses_dash(doc: Doc, arg: Argument) -> bool:
    """An argument the parser glued across a spaced dash ("Rob Partridge - Marley's former head of press").

    A name or modifier before " - " taken as a modifier of a noun after it
    is a structure news prose does not have: the dash opens an apposition
    or an aside. The statement is dropped rather than guessed.
    """
    span = doc.char_span(arg.start_char, arg.end_char, alignment_mode="expand")
    if span is None or _DASH_CHARACTER.search(doc_text(doc), span.start_char, span.end_char) is None:
        return False  # no dash token without a dash character: most arguments end here
    for dash in span:
        if dash.text in _SPACED_DASHES and dash.whitespace_ and dash.i > 0 and doc[dash.i - 1].whitespace_:
            if any(t.dep_ in _GLUE_DEPS and t.i < dash.i < t.head.i for t in span):
                return True
    return False


def _link(arg: Argument, index: EntityIndex, head_token: dict[int, int], doc: Doc) -> Argument:
    token = head_token.get(arg.head_start)
    if token is None or doc[token].tag_ == "PRP$":
        return arg  # a possessive standing for its lost noun ("Their fourth [try]") is not who the argument is
    entity = index.entity_at(token)
    return replace(arg, entity=entity) if entity else arg


def _drop_caches(doc: Doc) -> None:
    """Forget what the extractors computed once per Doc (clause frames, quotations: ``newsgraph.*`` keys).

    Those hold Tokens, which hold the Doc: left in place they make a reference
    cycle that keeps every parsed article in memory until the garbage
    collector's next full pass.
    """
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("newsgraph.")]:
        del doc.user_data[key]
