"""The explorer in a real browser: headless Chromium opens graph.html from file:// with no network.

One browser for the session (conftest), one page file per graph; each test reloads the page it needs
so no state leaks between tests.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from exports.html import render_html
from extract.model import Article
from graph.model import ArticleInfo

pytestmark = pytest.mark.browser

TRUMP, PUTIN, ZELENSKY = "person/donald-trump", "person/vladimir-putin", "person/volodymyr-zelensky"
BUDAPEST, NATO, MALLORY, KYIV, EVE = "place/budapest", "organization/nato", "person/mallory", "place/kyiv", "person/eve"
RLO = "\u202e"

#: Three articles, each a headline and paragraphs; the statements below point into them.
TEXTS = {
    "a1": ("Leaders talk", "2025-10-10", "Trump and Putin spoke for hours.\n\nTrump spoke with Putin on Thursday. Putin will meet Trump in Budapest.\n\nTrump called Putin again later."),
    "a2": ("Kyiv waits", "2025-10-15", "Officials were cautious.\n\nTrump may meet Zelensky, officials said. Zelensky did not join NATO."),
    "a3": (None, "2025-10-20", f"Mallory said it {RLO}loud{RLO}.\n\nMallory praised Trump at length."),
}


def _ev(kg_factory, doc, sentence, relation, confidence, **flags):
    ev = kg_factory.evidence(doc, sentence, relation, confidence, **flags)
    start = TEXTS[doc][2].index(sentence)
    return ev | {"start_char": start, "end_char": start + len(sentence)}


@pytest.fixture(scope="module")
def rich_kg(kg_factory):
    """Seven connected entities and a lone one; one pair with three relations in two classes, a negated
    relation, a hedged one, a weak one, article texts with headlines and dates, a bidi override in a name."""
    kg = kg_factory(
        [
            (ZELENSKY, "Volodymyr Zelensky", "person", ["Zelenskiy"]), (TRUMP, "Donald Trump", "person", ["Trump"]),
            (PUTIN, "Vladimir Putin", "person", ["Putin"]), (BUDAPEST, "Budapest", "place", []), (NATO, "NATO", "organization", []),
            (MALLORY, "Mallory", "person", []), (KYIV, "Kyiv", "place", ["Kiev"]), (EVE, f"Eve {RLO}evil", "person", []),
        ],
        [
            (TRUMP, PUTIN, "consult", [_ev(kg_factory, "a1", "Trump spoke with Putin on Thursday.", "spoke with", 0.9),
                                       _ev(kg_factory, "a1", "Trump called Putin again later.", "called", 0.7)]),
            (PUTIN, TRUMP, "meet", [_ev(kg_factory, "a1", "Putin will meet Trump in Budapest.", "will meet", 0.8, modality="will")]),
            (PUTIN, BUDAPEST, "meet in", [_ev(kg_factory, "a1", "Putin will meet Trump in Budapest.", "meet in", 0.8)]),
            (TRUMP, ZELENSKY, "meet", [_ev(kg_factory, "a2", "Trump may meet Zelensky, officials said.", "meet", 0.6, modality="may", attribution="officials")]),
            (ZELENSKY, NATO, "not join", [_ev(kg_factory, "a2", "Zelensky did not join NATO.", "join", 0.3, negated=True)]),
            (MALLORY, TRUMP, "praise", [_ev(kg_factory, "a3", "Mallory praised Trump at length.", "praise", 0.2)]),
            (EVE, MALLORY, "praise", [_ev(kg_factory, "a3", "Mallory praised Trump at length.", "praise", 0.5)]),
        ],
    )
    classes = {"consult": ("consult", ["speak with", "call"]), "meet": ("meet", ["meet"]), "meet in": ("meet", ["meet in"])}
    for u, v, k, data in kg.graph.edges(keys=True, data=True):
        cls, labels = classes.get(k, ("unclassed", [k.removeprefix("not ")]))
        data.update(relation_class=cls, labels=labels, label=labels[0])
    kg.articles = {aid: ArticleInfo.from_article(Article(aid, text, title=title, date=date, source=f"corpus/{aid}.txt")) for aid, (title, date, text) in TEXTS.items()}
    return kg


@pytest.fixture(scope="module")
def pages(rich_kg, tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pages")
    out = {"rich": base / "graph.html", "small": base / "small.html", "default": base / "default.html"}
    # every relation drawn at load (the 0.2 one too): the default threshold has its own test
    out["rich"].write_text(render_html(rich_kg, min_confidence=0.0), encoding="utf-8")
    out["small"].write_text(render_html(rich_kg, first_view=2, min_confidence=0.0), encoding="utf-8")  # Trump and Putin first, the rest on demand
    out["default"].write_text(render_html(rich_kg), encoding="utf-8")
    return out


@pytest.fixture
def page(browser, pages, load_page):
    load_page(browser, pages["rich"])
    return browser


def js(driver, script, *args):
    """Run ``script`` in the page; a single expression (no ``;``) is returned."""
    statements = ";" in script or script.lstrip().startswith(("return", "const", "let"))
    return driver.execute_script(script if statements else "return " + script, *args)


def _errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def _settle(driver):
    """Let requestAnimationFrame work (labels, counts) happen."""
    driver.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));")


def _truth(driver) -> dict:
    """What is drawn and in view, read from vis-network itself, not from the page's own bookkeeping."""
    return js(driver, """
        const drawn = network.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id);
        const canvas = network.canvas.frame.canvas;
        const inView = drawn.filter(id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
            return p.x >= 0 && p.x <= canvas.clientWidth && p.y >= 0 && p.y <= canvas.clientHeight; });
        const lines = network.body.data.edges.get({filter: e => !e.hidden}).map(e => e.id);
        return {drawn: drawn.length, inView: inView.length, lines: lines.length};
    """)


def _counts_text(driver) -> str:
    return driver.find_element("id", "counts").text


# ---------- honest counts ----------

def test_first_view_draws_every_connected_entity_without_errors_or_requests(page, rich_kg):
    connected = sum(1 for n in rich_kg.graph if rich_kg.graph.degree(n) > 0)
    assert js(page, "network.body.data.nodes.length") == rich_kg.graph.number_of_nodes()
    assert js(page, "newsgraph.visibleNodeIds().length") == connected
    assert js(page, "performance.getEntriesByType('resource').length") == 0
    assert _errors(page) == []


def test_counts_are_true_at_load_after_zoom_and_after_filters(page, rich_kg):
    _settle(page)
    truth, counts = _truth(page), js(page, "newsgraph.counts()")
    assert counts["nodesDrawn"] == truth["drawn"] == counts["nodesInView"] == truth["inView"] == 7
    assert counts["linesDrawn"] == truth["lines"] == 6 and counts["edgesDrawn"] == rich_kg.graph.number_of_edges() == 7
    assert counts["nodesDrawn"] + counts["nodesFiltered"] + counts["nodesIsolatedHidden"] + counts["nodesNotDrawn"] == counts["nodesInPage"]
    text = _counts_text(page)
    assert "Drawn: 7 entities and 7 relations (6 lines)" in text and "In view: 7 entities" in text and "1 entity without relations hidden" in text
    # zoomed in on one entity, most of the graph leaves the view and the count says so
    js(page, "network.moveTo({position: network.getPositions([arguments[0]])[arguments[0]], scale: 6, animation: false}); network.emit('zoom', {})", NATO)
    _settle(page)
    truth, counts = _truth(page), js(page, "newsgraph.counts()")
    assert counts["nodesInView"] == truth["inView"] < truth["drawn"] == 7
    assert f"In view: {truth['inView']} entit" in _counts_text(page)
    page.find_element("css selector", "#types input[data-type=person]").click()
    _settle(page)
    truth, counts = _truth(page), js(page, "newsgraph.counts()")
    assert counts["nodesDrawn"] == truth["drawn"] == 2  # Budapest and NATO stay; their relations are hidden with the people
    assert counts["nodesFiltered"] == 5 and "5 entities filtered out" in _counts_text(page)


def test_isolated_entities_start_hidden_with_a_count_and_a_switch(page, rich_kg):
    isolated = [n for n in rich_kg.graph if rich_kg.graph.degree(n) == 0]
    assert page.find_element("id", "isolated-count").text == f"({len(isolated)})"
    page.find_element("id", "hide-isolated").click()
    _settle(page)
    assert js(page, "newsgraph.visibleNodeIds().length") == rich_kg.graph.number_of_nodes()
    assert _truth(page)["inView"] == rich_kg.graph.number_of_nodes()  # shown in view, not parked off-screen
    page.find_element("id", "reset").click()
    assert js(page, "newsgraph.visibleNodeIds().length") == rich_kg.graph.number_of_nodes() - len(isolated)


def test_entities_not_drawn_yet_are_counted_and_can_be_drawn(browser, pages, load_page):
    load_page(browser, pages["small"])
    _settle(browser)
    assert sorted(js(browser, "newsgraph.visibleNodeIds()")) == [TRUMP, PUTIN]
    counts = js(browser, "newsgraph.counts()")
    assert counts["nodesNotDrawn"] == 5 and "5 entities not drawn yet" in _counts_text(browser)
    assert js(browser, "newsgraph.expand(arguments[0])", TRUMP) == 2  # Zelensky and Mallory (Putin is drawn already)
    assert set(js(browser, "newsgraph.visibleNodeIds()")) == {TRUMP, PUTIN, ZELENSKY, MALLORY}
    _settle(browser)
    assert _truth(browser)["drawn"] == 4 and js(browser, "newsgraph.counts().nodesNotDrawn") == 3
    js(browser, "newsgraph.focusEntity(arguments[0])", NATO)  # a search result is always drawn
    assert NATO in js(browser, "newsgraph.visibleNodeIds()")


def test_the_confidence_filter_starts_at_the_chosen_threshold(browser, pages, load_page, rich_kg):
    from graph.confidence import DEFAULT_THRESHOLD

    load_page(browser, pages["default"])
    _settle(browser)
    assert float(js(browser, "return document.getElementById('minconf').value")) == pytest.approx(DEFAULT_THRESHOLD, abs=0.05)
    weak = sum(1 for *_, d in rich_kg.graph.edges(data=True) if d["confidence"] < DEFAULT_THRESHOLD)
    assert weak and js(browser, "newsgraph.counts().edgesFiltered") == weak  # hidden, and counted as filtered out
    js(browser, "const s = document.getElementById('minconf'); s.value = '0'; s.dispatchEvent(new Event('input'));")
    assert js(browser, "newsgraph.counts().edgesFiltered") == 0


# ---------- readable at any size ----------

def test_the_most_important_names_are_labelled_readable_and_apart(page):
    _settle(page)
    labelled = js(page, "newsgraph.labelledIds()")
    assert TRUMP in labelled
    screen_px = js(page, "nodes.get(arguments[0]).font.size * network.getScale()", TRUMP)
    assert 12 <= screen_px <= 20
    unlabelled = set(js(page, "newsgraph.visibleNodeIds()")) - set(labelled)
    for node in unlabelled:  # a name left out is drawn too small to see
        assert js(page, "nodes.get(arguments[0]).font.size * network.getScale()", node) < 5


@pytest.mark.parametrize(("query", "expected"), [("Zelenskiy", ZELENSKY), ("kiev", KYIV), ("putin", PUTIN)])
def test_search_finds_an_alias_and_focuses_it(page, query, expected):
    search = page.find_element("id", "search")
    search.send_keys(query)
    search.send_keys("\n")
    assert js(page, "network.getSelectedNodes()") == [expected]
    assert js(page, "newsgraph.state.selected") == expected
    assert expected in js(page, "newsgraph.visibleNodeIds()")  # Kyiv has no relation: found, it is drawn anyway
    assert js(page, "nodes.get(arguments[0]).label", expected) in page.find_element("id", "details").text


@pytest.mark.parametrize(("hops", "expected"), [(1, {TRUMP, PUTIN, ZELENSKY, MALLORY}), (2, {TRUMP, PUTIN, ZELENSKY, MALLORY, BUDAPEST, NATO, EVE})])
def test_ego_network(page, hops, expected):
    js(page, "newsgraph.focusEntity(arguments[0])", TRUMP)
    page.find_element("id", f"ego{hops}").click()
    assert set(js(page, "newsgraph.visibleNodeIds()")) == expected
    page.find_element("id", "reset").click()
    assert len(js(page, "newsgraph.visibleNodeIds()")) == 7


def test_shortest_path_between_two_entities(page):
    js(page, "newsgraph.focusEntity(arguments[0])", EVE)
    box = page.find_element("id", "path-to")
    box.send_keys("NATO\n")
    path = js(page, "newsgraph.state.path.nodes")
    assert path == [EVE, MALLORY, TRUMP, ZELENSKY, NATO]
    assert set(js(page, "newsgraph.visibleNodeIds()")) == set(path)
    assert "4 step(s)" in page.find_element("id", "path-note").text
    # with negated relations filtered out there is no way to NATO any more
    js(page, "newsgraph.resetFilters(); newsgraph.state.negated = false; newsgraph.applyFilters()")
    assert js(page, "newsgraph.shortestPath(arguments[0], arguments[1])", EVE, NATO) is None


def test_layout_can_be_re_run_and_stops_again(page):
    assert js(page, "document.body.dataset.layouts") == "1"  # the first view was settled before it was shown
    js(page, "const ids = NODES.map(n => n.id); nodes.update(ids.map((id, i) => ({id, x: 40 * i, y: 0})));")  # all in a row
    before = js(page, "network.getPositions()")
    page.find_element("id", "relayout").click()
    _wait_for(page, "document.body.dataset.layouts === '2'")
    after = js(page, "network.getPositions()")
    assert any(abs(before[n]["x"] - after[n]["x"]) > 1 for n in after if n in before)
    assert js(page, "network.physics.options.enabled") is False
    page.find_element("id", "community-layout").click()
    assert js(page, "newsgraph.state.colorBy") == "community"
    assert _errors(page) == []


# ---------- relations as a researcher reads them ----------

def test_relations_of_one_pair_are_one_line_that_opens_to_its_statements(page):
    lines = js(page, "newsgraph.visibleLineIds()")
    pair = js(page, "newsgraph.groupOfEdge.get(EDGES.findIndex(e => e.ng_key === 'consult'))")
    assert pair in lines
    assert js(page, "newsgraph.groupOfEdge.get(EDGES.findIndex(e => e.ng_key === 'meet' && e.from === arguments[0] && e.to === arguments[1]))", PUTIN, TRUMP) == pair
    assert js(page, "edges.get(arguments[0]).label", pair) == "consult ×2 +1"
    js(page, "newsgraph.showGroup(arguments[0])", pair)
    details = page.find_element("id", "details").text
    assert "2 relation classes · 3 statements" in details
    assert "consult (2) — speak with, call" in details and "meet (1)" in details
    assert "Trump spoke with Putin on Thursday." in details and "Trump called Putin again later." in details


def test_confidence_negation_and_modality_are_drawn(page):
    style = js(page, """
        const line = key => edges.get(newsgraph.groupOfEdge.get(EDGES.findIndex(e => e.ng_key === key && e.from !== arguments[0])));
        return Object.fromEntries(['consult', 'not join', 'praise', 'meet in'].map(k => [k, line(k)]));
    """, EVE)
    alpha = {k: float(v["color"]["color"].rsplit(",", 1)[1].rstrip(")")) for k, v in style.items()}  # praise: Mallory's, 0.2
    assert alpha["consult"] > alpha["meet in"] > alpha["not join"] > alpha["praise"]  # 0.9 > 0.8 > 0.3 > 0.2
    assert style["not join"]["dashes"] and style["not join"]["label"].startswith("not ")
    assert not style["consult"]["dashes"]
    hedged = js(page, "edges.get(newsgraph.groupOfEdge.get(EDGES.findIndex(e => e.ng_key === 'meet' && e.to === arguments[0])))", ZELENSKY)
    assert hedged["label"] == "meet (may)" and hedged["dashes"]


@pytest.mark.parametrize(("control", "hidden_key"), [("show-negated", "not join"), ("show-hedged", "meet")])
def test_negated_and_hedged_filters(page, control, hidden_key):
    page.find_element("id", control).click()
    keys = js(page, "newsgraph.visibleEdgeIds().map(i => EDGES[i].ng_key)")
    assert hidden_key not in keys or (hidden_key == "meet" and keys.count("meet") == 0)
    assert len(keys) < 7


def test_confidence_and_relation_class_filters(page, rich_kg):
    js(page, "const s = document.getElementById('minconf'); s.value = '0.7'; s.dispatchEvent(new Event('input'));")
    strong = [(u, v) for u, v, d in rich_kg.graph.edges(data=True) if d["confidence"] >= 0.7]
    assert len(js(page, "newsgraph.visibleEdgeIds()")) == len(strong)
    assert set(js(page, "newsgraph.visibleNodeIds()")) == {n for pair in strong for n in pair}
    page.find_element("id", "reset").click()
    js(page, "const s = document.getElementById('relation'); s.value = 'meet'; s.dispatchEvent(new Event('change'));")
    assert sorted(js(page, "newsgraph.visibleEdgeIds().map(i => EDGES[i].ng_key)")) == ["meet", "meet", "meet in"]


def test_hover_tooltip_shows_classes_and_evidence(page):
    line = js(page, "newsgraph.groupOfEdge.get(EDGES.findIndex(e => e.ng_key === 'meet' && e.to === arguments[0]))", ZELENSKY)
    js(page, "network.emit('hoverEdge', {edge: arguments[0], pointer: {DOM: {x: 10, y: 10}}});", line)
    tip = page.find_element("id", "tooltip").text
    assert "Trump may meet Zelensky" in tip and "modality: may" in tip and "according to: officials" in tip and "meet (1)" in tip


# ---------- articles ----------

def _wait_for(driver, script, *args, timeout=5.0):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        value = js(driver, script, *args)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out: {script}")


def test_evidence_shows_the_sentence_in_its_paragraph_and_opens_the_article(page):
    js(page, "newsgraph.showEdge(EDGES.findIndex(e => e.ng_key === 'meet in'))")
    mark = _wait_for(page, "const m = document.querySelector('#details .paragraph mark'); return m && m.parentNode.textContent")
    assert mark == "Trump spoke with Putin on Thursday. Putin will meet Trump in Budapest."
    assert js(page, "document.querySelector('#details .paragraph mark').textContent") == "Putin will meet Trump in Budapest."
    assert "Leaders talk · 2025-10-10" in page.find_element("id", "details").text  # the title, not the id
    page.find_element("css selector", "#details .evidence .link").click()
    _wait_for(page, "document.body.dataset.reader === 'a1'")
    reader = page.find_element("id", "reader").text
    assert "Leaders talk" in reader and "Trump called Putin again later." in reader
    assert js(page, "document.querySelector('#reader p.here mark').textContent") == "Putin will meet Trump in Budapest."


def test_untitled_article_is_named_by_its_first_words(page):
    assert js(page, "ARTICLES.a3.title") is None
    assert js(page, "ARTICLES.a3.display").startswith("Mallory said it")


def test_article_and_date_range_filters(page, rich_kg):
    assert page.find_element("id", "dates").is_displayed()
    js(page, "const s = document.getElementById('date-to'); s.value = '1'; s.dispatchEvent(new Event('input'));")  # up to 2025-10-15
    assert page.find_element("id", "date-to-out").text == "2025-10-15"
    keys = js(page, "newsgraph.visibleEdgeIds().map(i => EDGES[i].ng_articles[0])")
    assert keys and set(keys) <= {"a1", "a2"}
    page.find_element("id", "reset").click()
    js(page, "const s = document.getElementById('article'); s.value = 'a3'; s.dispatchEvent(new Event('change'));")
    in_a3 = {n for n, d in rich_kg.graph.nodes(data=True) if "a3" in d["articles"] and rich_kg.graph.degree(n)}
    assert set(js(page, "newsgraph.visibleNodeIds()")) == in_a3


# ---------- export what you see ----------

def test_svg_png_and_csv_of_the_view(page):
    _settle(page)
    svg = js(page, "newsgraph.svgText()")
    drawn = len(js(page, "newsgraph.visibleNodeIds()"))
    assert svg.startswith("<?xml") and svg.count("<circle") == drawn and svg.count("<line") == len(js(page, "newsgraph.visibleLineIds()"))
    assert "Donald Trump" in svg and "<script" not in svg and RLO not in svg
    assert js(page, "newsgraph.pngDataUrl()").startswith("data:image/png;base64,")
    rows = list(csv.reader(io.StringIO(js(page, "newsgraph.csvNodes()"))))
    assert rows[0][:3] == ["id", "label", "type"] and len(rows) == drawn + 1
    js(page, "network.selectNodes([arguments[0], arguments[1]]);", TRUMP, PUTIN)
    rels = list(csv.reader(io.StringIO(js(page, "newsgraph.csvEdges()"))))
    assert sorted(r[2] for r in rels[1:]) == ["consult", "meet"]  # the relations between the two selected entities
    assert len(list(csv.reader(io.StringIO(js(page, "newsgraph.csvNodes()"))))) == 3


def test_a_url_fragment_restores_the_view(browser, pages, load_page):
    load_page(browser, pages["rich"])
    js(browser, "newsgraph.focusEntity(arguments[0]); newsgraph.showEgo(1);", PUTIN)
    browser.find_element("css selector", "#types input[data-type=place]").click()
    fragment = js(browser, "newsgraph.viewFragment()")
    expected = set(js(browser, "newsgraph.visibleNodeIds()"))
    assert expected == {PUTIN, TRUMP}
    on_screen = "const p = network.canvasToDOM(network.getPositions([arguments[0]])[arguments[0]]); return [p.x, p.y];"
    where = js(browser, on_screen, TRUMP)
    browser.get("about:blank")
    browser.get(pages["rich"].resolve().as_uri() + "#" + fragment)
    _wait_for(browser, "document.body && document.body.dataset.ready === '1'")
    assert set(js(browser, "newsgraph.visibleNodeIds()")) == expected
    assert js(browser, "newsgraph.state.selected") == PUTIN
    # the same layout, the same viewport: within a few pixels (on a loaded CI machine the restored
    # picture has been seen up to 11 px off; the picture is the same one)
    assert js(browser, on_screen, TRUMP) == pytest.approx(where, abs=20)
    assert not browser.find_element("css selector", "#types input[data-type=place]").is_selected()


# ---------- hostile text ----------

def test_hostile_sentence_shows_as_text_and_never_runs(browser, toy_kg, hostile_sentence, tmp_path_factory, load_page):
    path = tmp_path_factory.mktemp("toy") / "graph.html"
    path.write_text(render_html(toy_kg), encoding="utf-8")
    load_page(browser, path)
    js(browser, "newsgraph.showEdge(EDGES.findIndex(e => e.label === 'praise'))")
    details = js(browser, "document.getElementById('details').textContent")
    assert hostile_sentence in details
    assert js(browser, "document.querySelectorAll('#details img, #details script').length") == 0
    assert js(browser, "window.__pwned === undefined")
    assert _errors(browser) == []


def test_bidi_overrides_are_shown_neutralised(page):
    js(page, "newsgraph.focusEntity(arguments[0])", EVE)
    assert RLO not in page.find_element("id", "details").text and "Eve \ufffdevil" in page.find_element("id", "details").text
    assert RLO not in js(page, "nodes.get(arguments[0]).label", EVE)
    js(page, "newsgraph.openArticle('a3', null)")
    _wait_for(page, "document.body.dataset.reader === 'a3'")
    text = js(page, "document.getElementById('reader').textContent")
    assert "Mallory said it \ufffdloud\ufffd." in text and RLO not in text


# ---------- the seeds and the notebook ----------

@pytest.mark.model
def test_seed_page(browser, seed_out, seed_kg, load_page):
    seconds = load_page(browser, seed_out / "graph.html")
    assert js(browser, "network.body.data.nodes.length") == seed_kg.graph.number_of_nodes()
    assert js(browser, "performance.getEntriesByType('resource').length") == 0
    assert _errors(browser) == []
    assert seconds < 20
    _settle(browser)
    truth, counts = _truth(browser), js(browser, "newsgraph.counts()")
    assert counts["nodesDrawn"] == truth["drawn"] and counts["nodesInView"] == truth["inView"] == truth["drawn"]
    assert counts["nodesDrawn"] + counts["nodesFiltered"] + counts["nodesIsolatedHidden"] + counts["nodesNotDrawn"] == seed_kg.graph.number_of_nodes()
    labelled = js(browser, "newsgraph.labelledIds()")
    assert {"person/donald-trump", "person/vladimir-putin"} <= set(labelled)
    titled = [a for a in seed_kg.articles.values() if a.title]
    assert all(js(browser, "ARTICLES[arguments[0]].display", a.id) == a.title for a in titled)
    # The picture in the README (docs/img/explorer.png) is taken from this page: the first view,
    # with the busiest pair's line opened.
    pair = js(browser, "return [...newsgraph.groups.values()].sort((a, b) => b.members.length - a.members.length)[0].id")
    js(browser, "newsgraph.showGroup(arguments[0]); document.querySelector('#details details').open = true;", pair)
    assert js(browser, "document.querySelectorAll('#details .evidence').length") > 0
    artifacts = Path(__file__).resolve().parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    time.sleep(0.3)
    assert browser.save_screenshot(str(artifacts / "explorer.png"))


def test_notebook_iframe_draws_the_graph(browser, rich_kg, tmp_path):
    from exports.html import notebook_view

    host = tmp_path / "notebook-output.html"
    host.write_text(f"<!DOCTYPE html><html><body>{notebook_view(rich_kg, height=500).data}</body></html>", encoding="utf-8")
    browser.get(host.resolve().as_uri())
    assert "If no graph shows below" in browser.find_element("tag name", "body").text
    browser.switch_to.frame(browser.find_element("tag name", "iframe"))
    try:
        _wait_for(browser, "document.body && document.body.dataset.ready === '1'")
        assert js(browser, "network.body.data.nodes.length") == rich_kg.graph.number_of_nodes()
        assert _errors(browser) == []
    finally:
        browser.switch_to.default_content()
