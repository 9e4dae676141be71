"""Where each sentence of a parsed Doc starts and what it says (and the Doc's text and token texts), worked out once per Doc.

``Token.sent`` walks the parse on every call; entity mentions, statement
provenance and concepts all ask for it, so the sentence starts and texts are
kept on the Doc (``doc.user_data``, "newsgraph.*" keys, dropped when the
article is done: :func:`extract.article.extract_article`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span, Token

__all__ = ["sentence_index", "sentence_words", "doc_text", "token_texts", "trailing_spaces", "per_doc"]

_STARTS_KEY = "newsgraph.sentence_starts"
_WORDS_KEY = "newsgraph.sentence_words"
_TEXT_KEY = "newsgraph.text"
_TOKEN_TEXTS_KEY = "newsgraph.token_texts"
_SPACES_KEY = "newsgraph.trailing_spaces"


def per_doc(doc: Doc, key: str, compute: Callable[[Doc], Any]) -> Any:
    """``compute(doc)``, kept in ``doc.user_data`` under ``key`` (a "newsgraph." key, dropped with the
    article) and worked out again only if the Doc changed length (retokenised)."""
    cached = doc.user_data.get(key)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), compute(doc))
        doc.user_data[key] = cached
    return cached[1]


def sentence_index(where: Span | Token) -> int:
    """Index of the sentence holding ``where`` (a span's first token, or a token)."""
    starts = per_doc(where.doc, _STARTS_KEY, lambda doc: [s.start for s in doc.sents])
    return bisect_right(starts, where.start if isinstance(where, Span) else where.i) - 1


def _words(doc: Doc) -> list[tuple[str, int]]:
    out = []
    for sent in doc.sents:
        text = sent.text
        out.append((text.strip(), sent.start_char + len(text) - len(text.lstrip())))
    return out


def sentence_words(doc: Doc, index: int) -> tuple[str, int]:
    """The words of sentence ``index`` and the character where they start.

    Line breaks belong to the sentence they end; evidence shows the words only.
    """
    return per_doc(doc, _WORDS_KEY, _words)[index]


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins every token's text again on each access."""
    return per_doc(doc, _TEXT_KEY, lambda d: d.text)


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, read from the Doc's ORTH array: no Token object per word."""
    return per_doc(doc, _TOKEN_TEXTS_KEY, lambda d: [d.vocab.strings[orth] for orth in d.to_array(ORTH).tolist()] if len(d) else [])


def trailing_spaces(doc: Doc) -> list[int]:
    """1 where a token has a space after it, 0 where not (the Doc's SPACY array)."""
    return per_doc(doc, _SPACES_KEY, lambda d: d.to_array(SPACY).tolist() if len(d) else [])
