"""`newsgraph explain`: finding a node by any of its names, every node of one name, and why they are apart."""

from __future__ import annotations

import json

import pytest

from graph.explain import EntityNotFoundError, explain_entity, format_explanation


def _record(gid, label, etype="person", aliases=(), kept_apart=(), identifiers=None):
    return {
        "id": gid, "label": label, "type": etype, "aliases": list(aliases), "roles": [], "mention_count": 1, "articles": ["a"],
        "sentences": [["a", 0]], "merged_from": [{"doc_id": "a", "local_id": "e1", "local_label": label, "rule": "same-name", "mentions": []}],
        "kept_apart": [{"id": o, "reason": r} for o, r in kept_apart], "identifiers": identifiers or {},
    }


@pytest.fixture()
def graph_dir(tmp_path):
    records = [
        _record("person/vladimir-putin", "Vladimir Putin", aliases=["Putin"]),
        _record("person/john-smith", "John Smith", kept_apart=[("person/john-smith-2", "roles of different countries: US Senator / Australian cricketer")]),
        _record("person/john-smith-2", "John Smith", kept_apart=[("person/john-smith", "roles of different countries: US Senator / Australian cricketer")]),
        _record("place/kyiv", "Kyiv", "place", aliases=["Kiev"], identifiers={"same_as": "https://sws.geonames.org/703448/"}),
        _record("person/tony-blair", "Tony Blair"),
    ]
    (tmp_path / "entities.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("query", "label"),
    [("President Putin", "Vladimir Putin"), ("Mr Blair", "Tony Blair"), ("Blair", "Tony Blair"), ("Kiev", "Kyiv"), ("putin", "Vladimir Putin")],
)
def test_any_name_finds_the_node(graph_dir, query, label):
    assert explain_entity(graph_dir, query)[0]["label"] == label


def test_every_node_of_a_name_is_shown_with_why_it_is_apart(graph_dir):
    found = explain_entity(graph_dir, "person/john-smith")
    assert [r["id"] for r in found] == ["person/john-smith", "person/john-smith-2"]
    text = format_explanation(found[0])
    assert "kept apart from person/john-smith-2: roles of different countries" in text


def test_identifiers_are_shown(graph_dir):
    assert "same_as=https://sws.geonames.org/703448/" in format_explanation(explain_entity(graph_dir, "Kyiv")[0])


def test_unknown_name_suggests_close_spellings(graph_dir):
    with pytest.raises(EntityNotFoundError, match="Did you mean: .*Vladimir Putin"):
        explain_entity(graph_dir, "Vladmir Putn")
