"""Stable, readable identifiers: the same input always gives the same ids."""

from __future__ import annotations

import hashlib
import re

from extract.normalize import strip_accents

__all__ = ["slugify", "entity_id"]

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case, accent-free where possible, words joined by ``-``.

    Letters of non-Latin scripts are kept (IRIs allow them); anything that is
    not a letter or digit becomes a separator. An empty result falls back to
    a short hash so every name has a slug.

    >>> slugify("Volodymyr Zelensky")
    'volodymyr-zelensky'
    >>> slugify('Orbán "the" <Hungarian>')
    'orban-the-hungarian'
    """
    slug = _NON_WORD.sub("-", strip_accents(text).casefold()).strip("-_")
    slug = slug.replace("_", "-")
    if not slug:
        return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug[:max_length].rstrip("-")


def entity_id(entity_type: str, label: str) -> str:
    """``type/slug``, e.g. ``person/donald-trump``."""
    return f"{entity_type}/{slugify(label)}"
