"""Given names, their gender and honorifics (gender-guesser's list, offline)."""

from __future__ import annotations

import pytest

from extract.names import given_name_gender, honorific_gender, is_given_name, is_honorific, name_gender


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Margaret Bell", "f"), ("Jay Rockefeller", "m"), ("Mr Smith", "m"), ("Mrs Smith", "f"), ("Dame Judi Dench", "f"),
        ("Abigail", "f"), ("Rivera", None), ("Kim Collins", None),  # androgynous names decide nothing
        ("General Motors", None), ("Dr Smith", None),
    ],
)
def test_name_gender(name, gender):
    assert name_gender(name) == gender


@pytest.mark.parametrize(("word", "known"), [("Kitty", True), ("Loren", True), ("Manchester", False), ("Hotel", False), ("General", False)])
def test_is_given_name(word, known):
    assert is_given_name(word) is known


@pytest.mark.parametrize(("word", "honorific", "gender"), [("Mr", True, "m"), ("Mr.", True, "m"), ("Sir", True, "m"), ("Lord", True, "m"), ("Ms", True, "f"), ("Dr", True, None), ("Minister", False, None)])
def test_honorifics(word, honorific, gender):
    assert is_honorific(word) is honorific
    assert honorific_gender(word) == gender


def test_mostly_gendered_names_decide_nothing():
    assert given_name_gender("Sasha") is None


def test_the_detector_read_in_one_go_holds_gender_guessers_own_table():
    import gender_guesser.detector as gender

    from extract.names import _detector

    ours, theirs = _detector(), gender.Detector(case_sensitive=False)
    assert ours.names == theirs.names and list(ours.names) == list(theirs.names)
    assert [ours.get_gender(w) for w in ("Margaret", "jay", "Kim", "Zzyzx")] == [theirs.get_gender(w) for w in ("Margaret", "jay", "Kim", "Zzyzx")]
