"""graph.nq bulk-loaded into an on-disk Oxigraph store (`oxigraph load`), queried over HTTP (`oxigraph serve-read-only`).

The path docs/scaling.md gives for graphs too big for ``newsgraph serve``
(which holds the data in memory): answers must equal pyoxigraph's on the same file.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from newsgraph.sparql import load_store

ROOT = Path(__file__).resolve().parents[2]
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="needs the oxigraph CLI (pip install oxigraph; in the test extra)")

NG = "PREFIX ng: <https://w3id.org/newsgraph/ontology#>\n"
RELATION_TRIPLES = NG + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?p a ng:Relation }"
ARTICLE_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ALL_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(endpoint: str, query: str) -> list[dict]:
    request = urllib.request.Request(
        endpoint + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["results"]["bindings"]


def _count(endpoint: str, query: str) -> int:
    return int(_ask(endpoint, query)[0]["n"]["value"])


@pytest.fixture(scope="module")
def endpoint(seed_out, tmp_path_factory):
    """``oxigraph load`` of the seeds' graph.nq into a store folder, then a read-only server over it."""
    store = tmp_path_factory.mktemp("store") / "oxigraph"
    loaded = subprocess.run([OXIGRAPH, "load", "--location", str(store), "--file", str(seed_out / "graph.nq")], capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    server = subprocess.Popen(
        [OXIGRAPH, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _ask(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve-read-only did not answer: {server.stderr.read() if server.poll() is not None else 'timeout'}")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def in_memory(seed_out):
    return load_store([seed_out / "graph.nq"])


def _memory_count(store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_the_store_holds_every_quad_of_the_file(endpoint, seed_out):
    quads = {line for line in (seed_out / "graph.nq").read_text(encoding="utf-8").splitlines() if line.strip()}
    assert _count(endpoint, ALL_QUADS) == len(quads)


def test_relation_triples_and_article_graphs_match_pyoxigraph_in_memory(endpoint, in_memory, seed_kg):
    relations = _count(endpoint, RELATION_TRIPLES)
    assert relations == _memory_count(in_memory, RELATION_TRIPLES) > 0
    # every asserted edge wording is one ng relation triple in the default graph
    asserted = {(u, v, ev["predicate"]) for u, v, key, d in seed_kg.graph.edges(keys=True, data=True) if not key.startswith("not ") for ev in d["evidence"]}
    assert relations <= len(asserted)
    articles_with_evidence = {ev["doc_id"] for _, _, d in seed_kg.graph.edges(data=True) for ev in d["evidence"]}
    assert _count(endpoint, ARTICLE_GRAPHS) == _memory_count(in_memory, ARTICLE_GRAPHS) == len(articles_with_evidence)


def test_a_readme_query_gives_the_same_answer_over_http(endpoint, in_memory):
    query = (ROOT / "docs" / "queries" / "talked-to.rq").read_text(encoding="utf-8")
    over_http = [{name: term["value"] for name, term in row.items()} for row in _ask(endpoint, query)]
    solutions = in_memory.query(query)
    names = [v.value for v in solutions.variables]
    local = [{name: row[name].value for name in names if row[name] is not None} for row in solutions]
    assert over_http == local  # the query orders its rows
    assert {"person": "Vladimir Putin", "class": "communicate"}.items() <= next(r for r in over_http if r["person"] == "Vladimir Putin").items()
