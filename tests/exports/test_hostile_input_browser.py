"""Hostile article text end to end: CLI build → RDF that raptor accepts → a page that runs nothing injected."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = (
    "Angela Merkel met Emmanuel Macron in Berlin on Monday. "
    "<script>window.__pwned = 1</script> Merkel praised Macron in Paris, \"the 'best' \\ partner\". "
    "<img src=x onerror=\"window.__pwned = 2\"> Macron thanked Merkel in Brussels.\n\n"
    "Olaf Scholz met Merkel in Bonn, \u202egnizama\u202c said \u2066critics\u2069 with a bell\x07."
)
#: Characters that reorder or hide text; the page must never show them raw.
INVISIBLE = ("\u202e", "\u202c", "\u2066", "\u2069", "\x07")


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "records.jsonl").write_text(
        json.dumps({"id": "a<b>\"c\"", "title": "<i>Title</i> & \"quotes\"", "url": "https://example.org/?a=<x>", "text": "Olaf Scholz met Joe Biden in Washington."}) + "\n{broken\n",
        encoding="utf-8",
    )
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = base / "out"
    result = subprocess.run(
        [sys.executable, "-m", "newsgraph", "build", str(corpus), "--out", str(out), "--format", "turtle", "--format", "ntriples",
         "--format", "nquads", "--format", "trig", "--format", "html", "--format", "statements"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.skipif(shutil.which("rapper") is None, reason="needs raptor2-utils (rapper)")
@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nt", "ntriples"), ("graph.nq", "nquads"), ("graph.trig", "trig")])
def test_outputs_of_hostile_input_parse_with_rapper(hostile_out, name, syntax):
    result = subprocess.run(["rapper", "-q", "-c", "-i", syntax, str(hostile_out / name)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_hostile_text_reaches_the_evidence_verbatim(hostile_out):
    sentences = {json.loads(line)["sentence"] for line in (hostile_out / "statements.jsonl").read_text(encoding="utf-8").splitlines()}
    assert any("<script>" in s or "onerror" in s for s in sentences)


@pytest.mark.browser
def test_page_runs_no_injected_script(browser, load_page, hostile_out):
    load_page(browser, hostile_out / "graph.html")
    edges = browser.execute_script("return EDGES.length")
    assert edges > 0
    shown = []
    for edge_id in range(edges):  # show every edge's evidence, hostile sentences included
        browser.execute_script("newsgraph.showEdge(arguments[0])", edge_id)
        assert browser.execute_script("return document.querySelectorAll('#details img, #details script').length") == 0
        shown.append(browser.execute_script("return document.getElementById('details').textContent"))
    for node_id in browser.execute_script("return NODES.map(n => n.id)"):
        browser.execute_script("newsgraph.showNode(arguments[0])", node_id)
    assert browser.execute_script("return window.__pwned === undefined")
    assert any("<script>" in text or "onerror=" in text for text in shown), "the hostile sentence is shown as text"
    readers = []
    for article in browser.execute_script("return Object.keys(ARTICLES)"):  # every article in the reading pane
        browser.execute_script("newsgraph.openArticle(arguments[0], null)", article)
        for _ in range(100):
            if browser.execute_script("return document.body.dataset.reader === arguments[0]", article):
                break
            time.sleep(0.05)
        readers.append(browser.execute_script("return document.getElementById('reader').textContent"))
        assert browser.execute_script("return document.querySelectorAll('#reader img, #reader script').length") == 0
    # the reader drops or the page neutralises them (test_html_browser checks the page on its own)
    assert any("gnizama" in text for text in readers), "the article text is in the reading pane"
    page_text = browser.execute_script(
        "return document.body.textContent + NODES.map(n => n.label).join(' ') + JSON.stringify(EDGES) + JSON.stringify(ARTICLES)"
    )
    assert not any(ch in page_text for ch in INVISIBLE) and not any(ch in text for text in shown + readers for ch in INVISIBLE)
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
