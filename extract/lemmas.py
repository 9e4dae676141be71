"""Verb lemmas the rule lemmatizer gets wrong: "hoped" → "hop" instead of "hope".

spaCy's English rule lemmatizer strips "-ed"/"-ing" and keeps the first
candidate that is a known verb, so "hoped", "coped", "taped", "hoping" become
"hop", "cop", "tap", "hop" — and "hopes" "hop" — wrong relation labels ("hop to start"). English
spelling settles it: a one-syllable verb ending in a single vowel and a single
consonant doubles that consonant before the ending ("hop" → "hopped",
"tap" → "tapped"). An inflected form without the doubled consonant therefore
comes from the verb with a silent "e" ("hoped" → "hope"), when that verb
exists.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["VERB_LEMMAS", "repaired_lemma"]

#: Name of the pipeline component that repairs verb lemmas after the lemmatizer.
VERB_LEMMAS = "newsgraph_verb_lemmas"

#: One syllable ending in one vowel and one consonant that doubles (w, x and y never do).
_DOUBLING_STEM = re.compile(r"[^aeiouy]*[aeiou][b-df-hj-np-tvz]")
_ENDINGS = {"VBD": "ed", "VBN": "ed", "VBG": "ing", "VBZ": "es"}


def repaired_lemma(word: str, tag: str, lemma: str, verbs: frozenset[str]) -> str:
    """The lemma of an inflected verb ``word`` after the silent-"e" check (``lemma`` when it holds)."""
    ending = _ENDINGS.get(tag)
    word = word.lower()
    if ending is None or not word.endswith(ending) or lemma != word[: -len(ending)]:
        return lemma
    if _DOUBLING_STEM.fullmatch(lemma) and lemma + "e" in verbs:
        return lemma + "e"
    return lemma


@Language.factory(VERB_LEMMAS, requires=["token.lemma", "token.tag"], assigns=["token.lemma"])
def make_verb_lemmas(nlp: Language, name: str) -> "VerbLemmas":
    return VerbLemmas(nlp)


class VerbLemmas:
    """The component: reads the lemmatizer's own verb index, so no word list is kept here."""

    def __init__(self, nlp: Language) -> None:
        verbs: frozenset[str] = frozenset()
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                verbs = frozenset(lookups.get_table("lemma_index").get("verb", ()))
        self.verbs = verbs

    def __call__(self, doc: Doc) -> Doc:
        if self.verbs:
            for token in doc:
                if token.tag_ in _ENDINGS:
                    fixed = repaired_lemma(token.text, token.tag_, token.lemma_, self.verbs)
                    if fixed != token.lemma_:
                        token.lemma_ = fixed
        return doc
