"""Repairs of text damage that misleads the parser, applied while reading.

Scraped news often loses the space or line break between a dateline or a
heading and the next word: "WashingtonAfter a long call", "at a time
whenRelations with Moscow". spaCy then reads one unknown token and the
entity is lost. We re-insert the break only where the second half is a
function word (or the first half is one), so genuine camel-case names
(YouTube, McDonald, PayPal, iPhone) stay whole. A glued dateline at the
start of a line gets a line break, so it does not become part of the
first sentence.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["repair_glued_words", "strip_accents"]

_FUNCTION_WORDS = frozenset(w for w in STOP_WORDS if w.isalpha())

# "WashingtonAfter", "MoscowThe", "WashingtonA": Capitalised word + capitalised function word.
_CAP_CAP = re.compile(r"\b([A-Z][a-z]{2,})([A-Z][a-z]*)\b")
# "whenRelations", "forZa": lower-case function word + capitalised word.
_LOW_CAP = re.compile(r"\b([a-z]{2,})([A-Z][a-z]+)\b")


# What may stand before a glued word on a dateline: "Moscow / ", "KYIV, ".
_DATELINE_PREFIX = re.compile(r"(?:[A-Z][\w.'-]*[ ,/]+)*$")


def _split_cap_cap(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    if tail.lower() not in _FUNCTION_WORDS:
        return match.group(0)
    line_start = match.string.rfind("\n", 0, match.start()) + 1
    before = match.string[line_start : match.start()]
    # A dateline glued to the first sentence gets its own line (and so its own sentence).
    separator = "\n" if _DATELINE_PREFIX.fullmatch(before) else " "
    return f"{head}{separator}{tail}"


def _split_low_cap(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    return f"{head} {tail}" if head in _FUNCTION_WORDS else match.group(0)


def repair_glued_words(text: str) -> str:
    """Insert the lost space in glued dateline/heading words.

    >>> repair_glued_words("WashingtonAfter a call, at a time whenRelations cooled")
    'Washington\\nAfter a call, at a time when Relations cooled'
    >>> repair_glued_words("the talks in MoscowThe pattern")
    'the talks in Moscow The pattern'
    >>> repair_glued_words("YouTube and McDonald and iPhone stay")
    'YouTube and McDonald and iPhone stay'
    """
    text = _CAP_CAP.sub(_split_cap_cap, text)
    return _LOW_CAP.sub(_split_low_cap, text)


def strip_accents(text: str) -> str:
    """Drop combining marks after compatibility decomposition ("Orbán" → "Orban").

    Letters of scripts without such marks (Cyrillic, Han…) are kept as they are.

    >>> strip_accents("Orbán Zelenskyy Линкёпинг")
    'Orban Zelenskyy Линкепинг'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
