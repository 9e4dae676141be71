"""The --aliases file: YAML short and full forms, CSV, and helpful errors."""

from __future__ import annotations

import pytest

from extract.errors import InputError
from graph.aliases import load_aliases, parse_aliases


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kiev: Kyiv\n", "yaml"),
        ("merge:\n  Kyiv: [Kiev]\n", "yaml"),
        ("merge:\n  Kyiv: Kiev\n", "yaml"),
        ("Kiev,Kyiv\n", "csv"),
        ("alias,canonical\nKiev,Kyiv\n", "csv"),
        ("alias,canonical,action\nKiev,Kyiv,merge\n", "csv"),
    ],
)
def test_merge_forms(text, kind):
    table = parse_aliases(text, kind=kind)
    assert table.canonical_name("kiev") == "Kyiv"
    assert table.canonical_name("KYIV") == "Kyiv"
    assert table.canonical_name("Moscow") is None


@pytest.mark.parametrize(("text", "kind"), [("never:\n  - [Washington, George Washington]\n", "yaml"), ("Washington,George Washington,never\n", "csv")])
def test_never_forms(text, kind):
    table = parse_aliases(text, kind=kind)
    assert table.forbids({"washington"}, {"george washington"})
    assert not table.forbids({"washington"}, {"moscow"})


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("- Kiev\n- Kyiv\n", "yaml", "expected a mapping"),
        ("Kiev: [Kyiv, Kiew]\n", "yaml", "one canonical name"),
        ("never: [[Kiev]]\n", "yaml", "two or more names"),
        ("merge: [Kiev]\n", "yaml", "must map each canonical"),
        ("Kiev: [unclosed\n", "yaml", "not valid YAML"),
        ("Kiev\n", "csv", "line 1"),
        ("Kiev,Kyiv,maybe\n", "csv", "'merge' or 'never'"),
    ],
)
def test_bad_files_say_what_is_wrong(text, kind, message):
    with pytest.raises(InputError, match=message):
        parse_aliases(text, kind=kind)


def test_load_by_suffix(tmp_path):
    (tmp_path / "a.yaml").write_text("Kiev: Kyiv\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("Zelenskiy,Volodymyr Zelensky\n", encoding="utf-8")
    assert load_aliases(tmp_path / "a.yaml").canonical_name("Kiev") == "Kyiv"
    assert load_aliases(tmp_path / "a.csv").canonical_name("zelenskiy") == "Volodymyr Zelensky"
    with pytest.raises(InputError, match="Cannot read aliases file"):
        load_aliases(tmp_path / "missing.yaml")


def test_empty_file_is_an_empty_table():
    assert not parse_aliases("", kind="yaml")


@pytest.mark.parametrize(
    ("never", "a", "b"),
    [
        ("[Kiev, Kyiv Oblast]", "kyiv", "kyiv oblast"),  # alias spelling in the file, canonical name on the node
        ("[Kyiv, Kyiv Oblast]", "kiev", "kyiv oblast"),  # and the other way round
    ],
)
def test_never_pair_with_any_alias_spelling(never, a, b):
    table = parse_aliases(f"merge:\n  Kyiv: [Kiev]\nnever:\n  - {never}\n")
    assert table.forbids({a}, {b}) and table.forbids({b}, {a})
    assert not table.forbids({a}, {"lviv"})


def test_unmatched_lists_aliases_and_never_names_as_written():
    table = parse_aliases("merge:\n  Kyiv: [Kiev, Kiew]\nnever:\n  - [Washington, George Washington]\n")
    assert table.unmatched({"kiev", "washington"}) == ["George Washington", "Kiew"]
    assert table.unmatched({"kiev", "kiew", "washington", "george washington"}) == []
