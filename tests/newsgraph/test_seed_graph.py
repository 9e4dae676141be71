"""The seed graph holds what the five seed articles say: the design card's example triples and a connected story."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "this", "that"}


def _node(g, label):
    return next(n for n, d in g.nodes(data=True) if d["label"] == label)


def test_trump_called_putin(seed_kg):
    g = seed_kg.graph
    trump, putin = _node(g, "Donald Trump"), _node(g, "Vladimir Putin")
    labels = {label for u, v, k, d in g.edges(keys=True, data=True) if {u, v} == {trump, putin} and k == "communicate" for label in d["labels"]}
    assert any(label.startswith(("call", "phone call")) for label in labels), labels


def test_the_summit_is_located_in_budapest(seed_kg):
    g = seed_kg.graph
    budapest = _node(g, "Budapest")
    located = [u for u, v, k in g.in_edges(budapest, keys=True) if k == "located in"]
    assert located and all(g.nodes[u]["type"] == "event" for u in located)
    assert {g.nodes[u]["label"] for u in located} & {"meeting", "summit", "Budapest meeting", "Budapest summit"}


def test_most_nodes_have_an_edge(seed_kg):
    g = seed_kg.graph
    isolated = [n for n in g if g.degree(n) == 0]
    assert len(isolated) <= 0.25 * g.number_of_nodes()


def test_no_node_is_a_pronoun(seed_kg):
    assert not {d["label"].lower() for _, d in seed_kg.graph.nodes(data=True)} & PRONOUNS


def test_things_and_events_are_nodes(seed_kg):
    types = {d["type"] for _, d in seed_kg.graph.nodes(data=True)}
    assert {"concept", "event"} <= types
