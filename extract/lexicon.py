"""Is a word an ordinary English word? WordNet's lemma index, as the spaCy pipeline ships it.

The English pipelines' rule lemmatizer carries WordNet's lists of nouns, verbs,
adjectives and adverbs (``lemmatizer/lookups/lookups.bin``, table
``lemma_index``: about 91,000 words). A surname that is no English word
("Lamboley", "Mauresmo", "Cragg") after a given name makes a person's name
whatever label the model gave it, where one that is ("Merrill Lynch",
"Sierra Wireless", "Bet Direct") may be a firm's (:mod:`extract.entities`).

The list is read from the installed pipeline package on first use, not from a
loaded ``Language``, so every process of a build (a pool worker, a Dask
worker) answers alike. Without the file (a pipeline without a rule
lemmatizer) every word counts as common, which turns the rules that ask off.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.lookups import Lookups

__all__ = ["is_english_word"]


@lru_cache(maxsize=1)
def _words() -> frozenset[str] | None:
    from .nlp import resolve_model_name

    try:
        package = Path(spacy.util.get_package_path(resolve_model_name()))
    except Exception:  # noqa: BLE001  (no pipeline package: the callers' rules stay off)
        return None
    for path in sorted(package.glob("**/lemmatizer/lookups/lookups.bin")):
        lookups = Lookups().from_disk(path.parent)
        if lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            return frozenset(word.lower() for part in index.values() for word in part)
    return None


def is_english_word(word: str) -> bool:
    """True when ``word`` (any case) is a WordNet noun, verb, adjective or adverb; True too when the list is missing."""
    words = _words()
    return words is None or word.lower() in words
