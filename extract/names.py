"""Personal names: honorifics, given names and the gender a given name usually has.

Knowledge comes from ``gender-guesser`` (a list of about 40,000 first names
from 50+ countries with their usual gender, shipped inside the package: no
download at run time). It answers two questions the small spaCy model cannot:

* **is this word a given name?** — "Kitty Oppenheimer", "Loren Shaw" are
  people whatever label the NER gave them (type evidence in
  :mod:`extract.entities`);
* **which pronoun can it take?** — "Jay Rockefeller named her ..." cannot
  mean Jay (pronoun agreement in :mod:`extract.coref`).

Only names the list calls plainly ``male`` or ``female`` decide a gender;
``mostly_*`` and ``andy`` (androgynous) names decide nothing, so "Kim" or
"Sasha" never block a pronoun.

Honorifics (Mr, Mrs, Sir, Lord, Dame …) are neither part of a name nor a role:
they only carry a gender.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["HONORIFICS", "honorific_gender", "is_honorific", "given_name_gender", "is_given_name", "name_gender"]

#: Honorifics and the gender they imply (None: either).
HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "master": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "madame": "f", "dame": "f", "lady": "f",
    "mme": "f", "mlle": "f", "m": "m",
    "dr": None, "prof": None, "rev": None, "mx": None,
}

#: Words that look like given names in the list but, capitalised at the start of a
#: multi-word name, are more often titles or places ("General Motors", "Golden Gate").
_NOT_GIVEN = {"general", "major", "president", "king", "queen", "prince", "princess", "saint", "st", "san", "santa", "new", "north", "south", "east", "west", "fort", "port", "mount", "lake", "royal", "grand", "great", "united", "golden"}


def _key(word: str) -> str:
    return word.strip(".,'’").lower()


def is_honorific(word: str) -> bool:
    """True for Mr, Mrs, Ms, Sir, Lord, Dame, Dr … (with or without a full stop)."""
    return _key(word) in HONORIFICS


def honorific_gender(word: str) -> str | None:
    """"m" for Mr/Sir/Lord, "f" for Mrs/Ms/Dame/Lady, None otherwise."""
    return HONORIFICS.get(_key(word))


@lru_cache(maxsize=1)
def _detector():  # noqa: ANN202 - gender_guesser has no type hints
    """gender-guesser's detector, its list read in one go.

    ``Detector()`` reads its 48,000-line file through ``codecs.open`` line by
    line, which costs more than parsing it. The file is read whole here and
    cut with ``str.splitlines`` (the line boundaries ``codecs`` uses, hence
    ``newline=""``); every line goes through the detector's own parser, so
    the table is the same.
    """
    import os

    import gender_guesser.detector as gender

    detector = gender.Detector.__new__(gender.Detector)
    detector.case_sensitive = False
    detector.names = {}
    with open(os.path.join(os.path.dirname(gender.__file__), "data", "nam_dict.txt"), encoding="utf-8", newline="") as data:
        text = data.read()
    eat = detector._eat_name_line
    for line in text.splitlines():
        eat(line.strip())
    return detector


@lru_cache(maxsize=65536)
def _guess(word: str) -> str:
    if not word[:1].isalpha() or len(word) < 2:
        return "unknown"
    return _detector().get_gender(word)


def given_name_gender(word: str) -> str | None:
    """"m" or "f" when ``word`` is a given name of one clear gender, else None.

    >>> given_name_gender("Margaret"), given_name_gender("Jay"), given_name_gender("Kim")
    ('f', 'm', None)
    """
    key = _key(word)
    if key in _NOT_GIVEN:
        return None
    guess = _guess(key)
    return {"male": "m", "female": "f"}.get(guess)


def is_given_name(word: str) -> bool:
    """True when ``word`` is in the given-name list (any gender, also androgynous)."""
    key = _key(word)
    return key not in _NOT_GIVEN and _guess(key) != "unknown"


def name_gender(name: str) -> str | None:
    """The gender a person's name implies: its honorific, else its given name.

    The first word of a multi-word name is the given name ("Margaret Bell");
    a one-word name counts when the list knows it as a given name of one
    clear gender ("Abigail"); most lone surnames ("Rivera") are not in it.
    """
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return None
    if is_honorific(words[0]):
        gender = honorific_gender(words[0])
        if gender:
            return gender
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        return given_name_gender(words[0]) if words[0][:1].isupper() else None
    return given_name_gender(words[0])
