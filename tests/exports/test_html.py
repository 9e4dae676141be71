"""The explorer page without a browser: what goes into it and what stays out."""

from __future__ import annotations

import base64
import html
import json
import re
import zlib

import pytest

import newsgraph
from exports.html import (
    DEFAULT_MAX_NODES,
    build_network,
    iframe_srcdoc,
    layout_positions,
    neutralise,
    notebook_view,
    paragraph_spans,
    render_html,
    safe_json,
    select_nodes,
)
from extract.model import Article
from graph import analysis
from graph.model import ArticleInfo
from exports.registry import export, get_exporter
from extract.errors import InputError, UnknownNameError


def _payload(page: str, name: str):
    match = re.search(rf"const {name} = (.*?);\n", page)
    assert match, name
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "<!--", "a & b", "\u2028line\u2029", '<img src=x onerror="x()">'],
)
def test_safe_json_cannot_close_the_script_element(value):
    text = safe_json({"s": value})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": value}


def test_page_is_self_contained(toy_kg):
    page = render_html(toy_kg)
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "default-src 'none'" in page
    # No element that could fetch anything: every script and style is inline.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert "vis.Network" in page and "vis-network" in page


def test_hostile_sentence_is_only_data(toy_kg, hostile_sentence):
    page = render_html(toy_kg)
    assert hostile_sentence not in page
    assert "<script>window.__pwned" not in page
    sentences = [ev["sentence"] for e in _payload(page, "EDGES") for ev in e["ng_evidence"]]
    assert hostile_sentence in sentences
    our_script = page.rsplit('"use strict";', 1)[-1]
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", our_script)


def test_every_node_and_edge_carries_its_evidence(toy_kg):
    page = render_html(toy_kg)
    nodes, edges = _payload(page, "NODES"), _payload(page, "EDGES")
    assert {n["id"] for n in nodes} == set(toy_kg.graph.nodes)
    assert len(edges) == toy_kg.graph.number_of_edges()
    by_id = {n["id"]: n for n in nodes}
    assert by_id["person/volodymyr-zelensky"]["ng_aliases"] == ["Zelenskiy", "Zelensky"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes if n["ng_first"])
    meet = next(e for e in edges if e["label"] == "meet")
    assert meet["arrows"] == "to"
    assert meet["ng_evidence"][0] == {
        "doc_id": "a2", "sentence": "Trump may meet Zelensky, officials said.", "confidence": 0.6, "relation": "meet",
        "negated": False, "modality": "may", "attribution": "officials", "reported_on": None, "paragraph": None,
    }
    assert meet["ng_modality"] == "may" and not meet["ng_negated"]
    assert next(e for e in edges if e["ng_key"] == "not join")["ng_negated"]
    articles = _payload(page, "ARTICLES")
    assert articles["a2"]["title"] == "Title of a2" == articles["a2"]["display"]


@pytest.mark.parametrize("max_nodes", [1, 2, 3, 7, 100])
def test_max_nodes_keeps_the_most_important(toy_kg, max_nodes):
    net, stats = build_network(toy_kg, max_nodes=max_nodes)
    shown = {n["id"] for n in net.nodes}
    assert len(shown) == min(max_nodes, toy_kg.graph.number_of_nodes()) == stats["nodes_shown"]
    assert stats["nodes_total"] == toy_kg.graph.number_of_nodes()
    assert all(e["from"] in shown and e["to"] in shown for e in net.edges)
    assert stats["edges_shown"] == len(net.edges)
    assert shown == set(analysis.importance_order(toy_kg.graph)[:max_nodes])
    assert sorted(n["ng_rank"] for n in net.nodes) == list(range(len(shown)))


@pytest.mark.parametrize("first_view", [1, 2, 4, 80])
def test_first_view_is_the_most_important_connected_entities_with_positions(toy_kg, first_view):
    net, stats = build_network(toy_kg, first_view=first_view)
    first = [n for n in net.nodes if n["ng_first"]]
    assert len(first) == stats["first_view"] == min(first_view, 6)  # six entities have relations
    assert all(isinstance(n["x"], float) for n in first) and all(n["x"] is None for n in net.nodes if not n["ng_first"])
    assert "place/kyiv" not in {n["id"] for n in first}  # no relation, never in a first view


def test_first_view_prefers_named_entities_over_concepts(kg_factory):
    ev = kg_factory.evidence
    concepts = [(f"concept/c{i}", f"c{i}", "concept", []) for i in range(10)]
    people = [(f"person/p{i}", f"P{i}", "person", []) for i in range(10)]
    # every concept is busier than every person
    edges = [(c[0], concepts[(i + 1) % 10][0], "link", [ev("d", "s", "link", 0.9)] * 3) for i, c in enumerate(concepts)]
    edges += [(p[0], people[(i + 1) % 10][0], "meet", [ev("d", "s", "meet", 0.9)]) for i, p in enumerate(people)]
    net, _ = build_network(kg_factory(concepts + people, edges), first_view=10)
    first = [n["ng_type"] for n in net.nodes if n["ng_first"]]
    assert first.count("person") == 8 and first.count("concept") == 2


def test_select_nodes_refuses_nonsense(toy_kg):
    with pytest.raises(InputError):
        select_nodes(toy_kg.graph, 0)


def test_layout_keeps_nodes_apart(toy_kg):
    import networkx as nx

    pos = layout_positions(nx.Graph(toy_kg.graph.to_undirected()))
    assert set(pos) == set(toy_kg.graph)
    points = list(pos.values())
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 30


_LAYOUT_SCRIPT = """
import json, networkx as nx
from exports.html import layout_positions
g = nx.Graph([(f"n{i}", f"n{(i * 7) % 40}") for i in range(40)] + [("x", "y"), ("lone-a", "lone-a")])
g.add_nodes_from(["lone-b", "lone-c"])
print(json.dumps(layout_positions(g), sort_keys=True))
"""


def test_layout_is_the_same_in_every_process():
    """Byte-identical outputs: the layout must not follow hash-ordered sets (PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    runs = {
        subprocess.run([sys.executable, "-c", _LAYOUT_SCRIPT], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin\u202eniT", "Putin\ufffdniT"),  # right-to-left override
        ("a\u2066b\u2069c\u200fd", "a\ufffdb\ufffdc\ufffdd"),  # isolates, right-to-left mark
        ("bell\x07 nul\x00 del\x7f", "bell\u2407 nul\u2400 del\u2421"),
        ("C1\x85\x9b", "C1\ufffd\ufffd"),
        ("lines\nand\ttabs stay, so do ü, 中文, emoji 🙂 and joiners \u200d", "lines\nand\ttabs stay, so do ü, 中文, emoji 🙂 and joiners \u200d"),
    ],
)
def test_neutralise_keeps_length_and_makes_controls_visible(text, expected):
    assert neutralise(text) == expected and len(neutralise(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("Head\n\nOne.\nStill one.\n\n  Two.  ", ["Head", "One.\nStill one.", "Two."]),
        ("Line one.\nLine two.\n", ["Line one.", "Line two."]),
        ("Only one.", ["Only one."]),
        ("", []),
    ],
)
def test_paragraph_spans(text, paragraphs):
    assert [text[s:e] for s, e in paragraph_spans(text)] == paragraphs


def test_page_carries_article_texts_packed_with_each_sentence_paragraph(kg_factory):
    text = "Leaders meet\n\nTrump met Putin.\n\nPutin thanked \u202eTrump.\nLater."
    ev = kg_factory.evidence
    sentence = "Putin thanked \u202eTrump."
    evidence = ev("a1", sentence, "thank", 0.9) | {"start_char": text.index(sentence)}
    kg = kg_factory([("p/putin", "Putin", "person", []), ("p/trump", "Trump", "person", [])], [("p/putin", "p/trump", "thank", [evidence])])
    kg.articles = {"a1": ArticleInfo.from_article(Article("a1", text, title=None, date="2025-01-02"))}
    assert kg.articles["a1"].text == text and len(kg.articles["a1"].text_z) < len(text.encode()) + 20
    page = render_html(kg)
    packed = _payload(page, "TEXTS")["a1"]
    paragraphs = json.loads(zlib.decompress(base64.b64decode(packed)).decode("utf-8"))
    assert paragraphs == ["Leaders meet", "Trump met Putin.", "Putin thanked \ufffdTrump.\nLater."]
    edge = _payload(page, "EDGES")[0]
    assert edge["ng_evidence"][0]["paragraph"] == 2
    assert edge["ng_evidence"][0]["sentence"] == "Putin thanked \ufffdTrump."  # neutralised in the payload too
    assert _payload(page, "ARTICLES")["a1"]["display"] == "Leaders meet Trump met Putin. Putin thanked \ufffdTrump. Later."
    assert "\u202e" not in page


def test_registry_passes_options_to_the_html_writer(toy_kg, tmp_path):
    written = export(toy_kg, tmp_path, ["html", "statements"], options={"html": {"max_nodes": 2}, "turtle": {}})
    page = written["html"].read_text(encoding="utf-8")
    assert len(_payload(page, "NODES")) == 2
    assert _payload(page, "STATS")["nodes_total"] == toy_kg.graph.number_of_nodes()


@pytest.mark.parametrize(
    ("options", "message"),
    [({"html": {"max_node": 2}}, "max_nodes"), ({"statements": {"max_nodes": 2}}, "no option"), ({"htlm": {}}, "Unknown export format")],
)
def test_registry_refuses_bad_options_before_writing(toy_kg, tmp_path, options, message):
    with pytest.raises(UnknownNameError, match=message):
        export(toy_kg, tmp_path / "out", ["html", "statements"], options=options)
    assert not (tmp_path / "out").exists()


def test_default_export_draws_up_to_the_default(toy_kg, tmp_path):
    get_exporter("html").write(toy_kg, tmp_path / "g.html")
    assert _payload((tmp_path / "g.html").read_text(encoding="utf-8"), "STATS")["max_nodes"] == DEFAULT_MAX_NODES


def test_notebook_view_is_an_escaped_srcdoc_iframe(toy_kg):
    view = notebook_view(toy_kg, height=400)
    markup = view.data
    assert markup.startswith('<div class="newsgraph-explorer">') and "height: 400px" in markup
    srcdoc = re.search(r'srcdoc="([^"]*)"', markup).group(1)
    assert "<" not in srcdoc and '"' not in srcdoc
    assert html.unescape(srcdoc) == render_html(toy_kg)
    assert iframe_srcdoc("<b>", height=1).count("&lt;b&gt;") == 1


def test_saved_notebook_without_the_live_page_still_says_what_it_is(toy_kg):
    bundle = notebook_view(toy_kg)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "7 entities, 5 relations" in bundle["text/plain"] and "run this cell" in bundle["text/plain"]
    # what an untrusted notebook renders: the sanitizer strips the iframe, the hint stays
    stripped = re.sub(r"<iframe.*?</iframe>", "", bundle["text/html"], flags=re.S)
    assert "run this cell" in stripped and "7 entities" in stripped
    assert newsgraph.show is notebook_view


def test_public_api_exports_html(toy_kg, tmp_path):
    written = newsgraph.export(toy_kg, tmp_path, ["html"], options={"html": {"max_nodes": 3}})
    assert len(_payload(written["html"].read_text(encoding="utf-8"), "NODES")) == 3


@pytest.mark.model
def test_seed_page_has_every_seed_entity(seed_out, seed_kg):
    page = (seed_out / "graph.html").read_text(encoding="utf-8")
    nodes = _payload(page, "NODES")
    assert len(nodes) == min(DEFAULT_MAX_NODES, seed_kg.graph.number_of_nodes())
    assert len(_payload(page, "EDGES")) == seed_kg.graph.number_of_edges()


# --------------------------------------------------------------------------- views say so (issue 17)


def test_a_page_of_a_view_says_so_in_its_own_text(toy_kg):
    from graph.views import ego_view

    part = ego_view(toy_kg, "Putin")
    page = render_html(part)
    line = "Showing the ego network of Vladimir Putin (radius 1): 3 of 7 nodes and 2 of 5 relations."
    note = re.search(r'<div id="view-note"[^>]*data-view-kind="ego">(.*?)</div>', page)
    assert note, "no visible view note"
    assert html.unescape(note.group(1)).startswith(line)
    assert "graph.nq" in note.group(1)
    stats = _payload(page, "STATS")
    assert stats["view"]["line"] == line and stats["view"]["nodes_total"] == 7
    assert stats["nodes_total"] == 3  # the page's own counts are the view's
    assert line.rstrip(".") in notebook_view(part).hint


def test_a_page_of_the_whole_graph_has_no_view_note(toy_kg):
    page = render_html(toy_kg)
    assert 'id="view-note"' not in page
    assert "view" not in _payload(page, "STATS")


def test_a_hostile_label_in_the_view_note_is_only_text(kg_factory):
    from graph.views import ego_view

    ev = kg_factory.evidence("a1", "Mallory met Bob.", "meet", 0.9)
    kg = kg_factory([("person/m", '<img src=x onerror="x()">\u202eevil', "person", []), ("person/b", "Bob", "person", [])], [("person/m", "person/b", "meet", [ev])])
    page = render_html(ego_view(kg, "person/m"))
    note = re.search(r'<div id="view-note"[^>]*>(.*?)</div>', page).group(1)
    assert "<img" not in note and "&lt;img" in note and "\u202e" not in note
