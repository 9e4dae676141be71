"""``newsgraph serve``: a real SPARQL 1.1 Protocol endpoint on 127.0.0.1, a real client."""

from __future__ import annotations

import csv
import http.client
import io
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from extract.errors import InputError
from newsgraph.server import ServerConfig, SparqlServer

NAMES = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 717^4 rows


@pytest.fixture(scope="module")
def server(seed_out):
    config = ServerConfig(timeout=2.0, max_rows=50, workers=2, header_timeout=5.0, body_timeout=5.0)
    with SparqlServer([seed_out / "graph.ttl"], host="127.0.0.1", port=0, config=config) as srv:
        srv.start()
        yield srv


def client(server, fmt=JSON, method=None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


def request(server, method="GET", path="/sparql", body=None, headers=None, params=None):
    url = server.url.replace("/sparql", path) + ("?" + urllib.parse.urlencode(params) if params else "")
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_binds_to_loopback_with_os_port(server):
    host, port = server.httpd.server_address[:2]
    assert host == "127.0.0.1" and port > 0


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_json_with_sparqlwrapper(server, method):
    sparql = client(server, JSON, method)
    sparql.setQuery(NAMES)
    data = sparql.queryAndConvert()
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert "Donald Trump" in names and names == sorted(names)


def test_select_csv_tsv_xml(server):
    for fmt in (CSV, TSV, XML):
        sparql = client(server, fmt)
        sparql.setQuery(NAMES)
        result = sparql.query()
        body = result.response.read()
        if fmt == CSV:
            assert ["Donald Trump"] in list(csv.reader(io.StringIO(body.decode())))
        elif fmt == TSV:
            assert '"Donald Trump"' in body.decode().splitlines()
        else:
            names = [e.text for e in ET.fromstring(body).iter("{http://www.w3.org/2005/sparql-results#}literal")]
            assert "Donald Trump" in names


def test_ask_and_construct(server):
    sparql = client(server, JSON)
    sparql.setQuery('ASK { ?s rdfs:label "Donald Trump" }')
    assert sparql.queryAndConvert()["boolean"] is True
    sparql = client(server, TURTLE)
    sparql.setQuery('CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label "Donald Trump" ; rdfs:label ?l }')
    result = sparql.query()
    assert result.response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=result.response.read().decode(), format="turtle")
    assert len(graph) == 1
    status, headers, body = request(server, params={"query": "DESCRIBE ?s WHERE { ?s rdfs:label \"Budapest\" }"}, headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert len(Graph().parse(data=body.decode(), format="nt")) > 0


def test_raw_sparql_query_post(server):
    status, headers, body = request(server, "POST", body=NAMES.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and b"Donald Trump" in body


def test_bad_query_is_400_saying_what_is_wrong(server):
    sparql = client(server)
    sparql.setQuery("SELECT ?x WHERE { ?x")
    with pytest.raises(QueryBadFormed) as exc:
        sparql.query()
    assert "'{' at line 1, column 17 is never closed" in str(exc.value)


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"method": "POST", "body": b"update=INSERT+DATA+%7B%3Ca%3Ab%3E+%3Ca%3Ac%3E+%3Ca%3Ad%3E%7D", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        {"method": "POST", "body": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"params": {"update": "CLEAR ALL"}},
        {"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
        {"params": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_updates_are_refused_and_change_nothing(server, kwargs):
    status, _, body = request(server, **kwargs)
    assert status == 403, body
    sparql = client(server)
    sparql.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(sparql.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == server.n_triples


def test_sparqlwrapper_update_is_refused(server):
    sparql = SPARQLWrapper(server.url, updateEndpoint=server.url)
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        sparql.query()


def test_time_limit_stops_a_runaway_query_and_the_server_recovers(server):
    started = time.monotonic()
    status, _, body = request(server, params={"query": SLOW})
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert elapsed < server.config.timeout + 3
    sparql = client(server)
    sparql.setQuery(NAMES)
    assert sparql.queryAndConvert()["results"]["bindings"]  # the other worker answers at once
    time.sleep(0.1)


def test_result_size_is_capped(server):
    status, headers, body = request(server, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == server.config.max_rows
    assert headers["X-Newsgraph-Truncated"] == f"max-rows={server.config.max_rows}"


def _raw(server, payload: bytes) -> bytes:
    host, port = server.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


MALFORMED: list[bytes] = [
    b"",
    b"\r\n\r\n",
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET /sparql HTTP/9.9\r\n\r\n",
    b"GET /sparql?query=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query=%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query= HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query=a&query=b HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    b"GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\nSELECT",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\nContent-Type: application/sparql-query\r\n\r\nSELECT",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/sparql-query\r\n\r\nSELECT",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Type: application/sparql-query\r\n\r\n\xff\xfe\xfd\xfc",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Type: text/html\r\n\r\nhello",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"DELETE /sparql HTTP/1.1\r\nHost: x\r\n\r\n",
    b"PUT /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    b"GET /sparql?query=SELECT%20*%20WHERE%20%7B HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?" + b"&".join(b"a%d=1" % i for i in range(500)) + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D HTTP/1.1\r\nHost: x\r\nAccept: ;;;q=zz,,*/*;q=\r\n\r\n",
    b"GET /sparql HTTP/1.1\r\n" + b"X-Long: " + b"b" * 70000 + b"\r\n\r\n",
    bytes(range(256)),
]


def test_survives_hundreds_of_malformed_requests(server):
    deadline = time.monotonic() + 90
    sent = 0
    for _round in range(12):  # 12 × 26 = 312 requests, loopback only
        for payload in MALFORMED:
            response = _raw(server, payload)
            if response:
                status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
                assert status != 500 and status != 200 or payload.startswith(b"GET /sparql?query=SELECT+*"), (payload[:80], response[:200])
            sent += 1
            assert time.monotonic() < deadline, "the malformed-request loop took too long"
    assert sent == 12 * len(MALFORMED)
    sparql = client(server)
    sparql.setQuery(NAMES)
    assert "Donald Trump" in [b["name"]["value"] for b in sparql.queryAndConvert()["results"]["bindings"]]


def test_help_page_and_unknown_method(server):
    status, _, body = request(server, path="/")
    assert status == 200 and b"/sparql" in body
    conn = http.client.HTTPConnection(*server.httpd.server_address[:2], timeout=5)
    conn.request("PATCH", "/sparql")
    response = conn.getresponse()
    assert response.status == 405 and response.getheader("Allow") == "GET, POST, OPTIONS"
    conn.close()


def test_missing_or_bad_file_fails_before_serving(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        SparqlServer([tmp_path / "missing.ttl"], port=0)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="not valid"):
        SparqlServer([bad], port=0, config=ServerConfig(workers=1))
