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

__all__ = ["repair_glued_words", "strip_accents", "strip_unsafe", "escape_unsafe", "UNSAFE_CHARS"]

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


#: Characters no label should carry: C0/C1 controls but tab and newline (a terminal
#: reads ESC as the start of a command), the bidirectional embeddings, overrides and
#: isolates (U+202A–U+202E, U+2066–U+2069: they reorder what a reader sees, the
#: "Trojan Source" trick) and lone surrogates (not encodable as UTF-8 at all).
UNSAFE_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_FOR_TERMINAL = re.compile(f"[\r{UNSAFE_CHARS}]")


def strip_unsafe(text: str) -> str:
    r"""Drop control and bidi-override characters; a lone surrogate becomes U+FFFD.

    >>> strip_unsafe("Putin\x1b[31m met \u202eTrump\u202c\ud800") == "Putin[31m met Trump\ufffd"
    True
    """
    if _UNSAFE.search(text) is None:  # the common case costs one scan
        return text
    return _UNSAFE.sub("", _SURROGATE.sub("\ufffd", text))


def escape_unsafe(text: str) -> str:
    r"""Show control, carriage-return and bidi characters as visible escapes, for a terminal.

    Newlines and tabs stay; everything a terminal would act on is printed as ``\xNN``/``\uNNNN``.

    >>> print(escape_unsafe("a\x1b[2Jb \u202e c\nd"))
    a\x1b[2Jb \u202e c
    d
    """
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)
