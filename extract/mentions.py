"""Every mention of an article's entities: names first, then the descriptions and pronouns that refer to them.

Its own module so that :mod:`.entities` (names) and :mod:`.coref`
(references to names) do not import each other.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .coref import resolve_references
from .entities import EntityIndex, find_names

__all__ = ["find_entities"]


def find_entities(doc: Doc) -> EntityIndex:
    """Named entities of the article plus the pronouns and descriptions that refer to them."""
    index = find_names(doc)
    resolve_references(doc, index)
    return index
