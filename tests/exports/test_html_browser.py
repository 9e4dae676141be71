"""The explorer in a real browser: headless Chromium opens graph.html from file:// with no network."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from exports.html import render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def toy_page(toy_kg, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("toy") / "graph.html"
    path.write_text(render_html(toy_kg), encoding="utf-8")
    return path


@pytest.fixture
def toy(browser, toy_page, load_page):
    load_page(browser, toy_page)
    return browser


def _visible(driver) -> int:
    return driver.execute_script("return newsgraph.visibleNodeIds().length")


def _errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def _connected(kg) -> int:
    return sum(1 for n in kg.graph if kg.graph.degree(n) > 0)


def test_all_nodes_are_drawn_without_errors_or_requests(toy, toy_kg):
    assert toy.execute_script("return network.body.data.nodes.length") == toy_kg.graph.number_of_nodes()
    assert toy.execute_script("return network.body.data.edges.length") == toy_kg.graph.number_of_edges()
    assert _visible(toy) == _connected(toy_kg)  # entities without relations start hidden
    assert toy.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert _errors(toy) == []


def test_hostile_sentence_shows_as_text_and_never_runs(toy, hostile_sentence):
    edge_id = toy.execute_script("return EDGES.findIndex(e => e.label === 'praise')")
    toy.execute_script("newsgraph.showEdge(arguments[0])", edge_id)
    details = toy.execute_script("return document.getElementById('details').textContent")
    assert hostile_sentence in details
    assert toy.execute_script("return document.querySelectorAll('#details img, #details script').length") == 0
    assert toy.execute_script("return window.__pwned === undefined")
    assert _errors(toy) == []


@pytest.mark.parametrize(("query", "expected"), [("Zelenskiy", "person/volodymyr-zelensky"), ("kiev", "place/kyiv"), ("putin", "person/vladimir-putin")])
def test_search_finds_an_alias_and_focuses_it(toy, query, expected):
    search = toy.find_element("id", "search")
    search.send_keys(query)
    search.send_keys("\n")
    assert toy.execute_script("return network.getSelectedNodes()") == [expected]
    assert toy.execute_script("return newsgraph.state.selected") == expected
    label = toy.execute_script("return nodes.get(arguments[0]).label", expected)
    assert label in toy.find_element("id", "details").text


def test_type_filter_hides_that_type(toy, toy_kg):
    people = sum(1 for _, d in toy_kg.graph.nodes(data=True) if d["type"] == "person")
    isolated_people = sum(1 for n, d in toy_kg.graph.nodes(data=True) if d["type"] == "person" and toy_kg.graph.degree(n) == 0)
    toy.find_element("css selector", "#types input[data-type=person]").click()
    assert _visible(toy) == _connected(toy_kg) - (people - isolated_people)  # the others stay, their relations hidden
    toy.find_element("id", "reset").click()
    assert _visible(toy) == _connected(toy_kg)


def test_isolated_entities_start_hidden_with_a_count_and_a_switch(toy, toy_kg):
    isolated = toy_kg.graph.number_of_nodes() - _connected(toy_kg)
    assert isolated > 0
    assert toy.find_element("id", "isolated-count").text == f"({isolated})"
    toy.find_element("id", "hide-isolated").click()
    assert _visible(toy) == toy_kg.graph.number_of_nodes()
    toy.find_element("id", "reset").click()
    assert _visible(toy) == _connected(toy_kg)


def test_relation_filter_keeps_its_ends(toy):
    toy.execute_script("const s = document.getElementById('relation'); s.value = 'meet in'; s.dispatchEvent(new Event('change'));")
    assert sorted(toy.execute_script("return newsgraph.visibleNodeIds()")) == ["person/vladimir-putin", "place/budapest"]
    assert len(toy.execute_script("return newsgraph.visibleEdgeIds()")) == 1


def test_confidence_and_article_filters(toy, toy_kg):
    toy.execute_script("const s = document.getElementById('minconf'); s.value = '0.7'; s.dispatchEvent(new Event('input'));")
    strong = [(u, v) for u, v, d in toy_kg.graph.edges(data=True) if d["confidence"] >= 0.7]
    assert len(toy.execute_script("return newsgraph.visibleEdgeIds()")) == len(strong)
    assert set(toy.execute_script("return newsgraph.visibleNodeIds()")) == {n for pair in strong for n in pair}
    toy.find_element("id", "reset").click()
    toy.execute_script("const s = document.getElementById('article'); s.value = 'a3'; s.dispatchEvent(new Event('change'));")
    in_a3 = {n for n, d in toy_kg.graph.nodes(data=True) if "a3" in d["articles"]}
    assert set(toy.execute_script("return newsgraph.visibleNodeIds()")) == in_a3


@pytest.mark.parametrize(("hops", "expected"), [
    (1, {"person/donald-trump", "person/vladimir-putin", "person/volodymyr-zelensky", "person/mallory"}),
    (2, {"person/donald-trump", "person/vladimir-putin", "person/volodymyr-zelensky", "person/mallory", "place/budapest", "organization/nato"}),
])
def test_ego_network(toy, hops, expected):
    toy.execute_script("newsgraph.focusEntity('person/donald-trump')")
    toy.find_element("id", f"ego{hops}").click()
    assert set(toy.execute_script("return newsgraph.visibleNodeIds()")) == expected
    toy.find_element("id", "reset").click()
    assert _visible(toy) == 6


def test_hover_tooltip_shows_evidence(toy):
    edge_id = toy.execute_script("return EDGES.findIndex(e => e.label === 'meet')")
    toy.execute_script("network.emit('hoverEdge', {edge: arguments[0], pointer: {DOM: {x: 10, y: 10}}})", edge_id)
    tip = toy.find_element("id", "tooltip").text
    assert "Trump may meet Zelensky" in tip and "modality: may" in tip and "according to: officials" in tip


@pytest.mark.model
def test_seed_page(browser, seed_out, seed_kg, load_page):
    seconds = load_page(browser, seed_out / "graph.html")
    assert browser.execute_script("return network.body.data.nodes.length") == seed_kg.graph.number_of_nodes()
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert _errors(browser) == []
    assert seconds < 20
    busiest = max(seed_kg.graph.nodes, key=lambda n: seed_kg.graph.degree(n))
    label = seed_kg.graph.nodes[busiest]["label"]
    assert busiest in browser.execute_script("return newsgraph.findEntities(arguments[0]).map(n => n.id)", label)
    # The picture in the README (docs/img/explorer.png) is taken from this page:
    # the busiest entity's strongest relation with its evidence open.
    edge = browser.execute_script(
        "const es = EDGES.map((e, i) => [e, i]).filter(([e]) => e.from === arguments[0] || e.to === arguments[0]);"
        "es.sort((a, b) => b[0].ng_confidence - a[0].ng_confidence); return es.length ? es[0][1] : null;",
        busiest,
    )
    if edge is not None:
        browser.execute_script("newsgraph.showEdge(arguments[0])", edge)
    artifacts = Path(__file__).resolve().parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(artifacts / "explorer.png"))


def test_notebook_iframe_draws_the_graph(browser, toy_kg, tmp_path):
    from exports.html import notebook_view

    host = tmp_path / "notebook-output.html"
    host.write_text(f"<!DOCTYPE html><html><body>{notebook_view(toy_kg, height=500).data}</body></html>", encoding="utf-8")
    browser.get(host.resolve().as_uri())
    browser.switch_to.frame(browser.find_element("tag name", "iframe"))
    try:
        for _ in range(200):
            if browser.execute_script("return document.body && document.body.dataset.ready === '1'"):
                break
            time.sleep(0.05)
        assert browser.execute_script("return network.body.data.nodes.length") == toy_kg.graph.number_of_nodes()
    finally:
        browser.switch_to.default_content()
