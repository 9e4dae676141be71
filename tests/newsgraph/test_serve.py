"""``newsgraph serve``: a real SPARQL 1.1 Protocol endpoint on 127.0.0.1, a real client."""

from __future__ import annotations

import csv
import importlib.util
import http.client
import io
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from extract.errors import InputError
from newsgraph.server import ServerConfig, SparqlServer, host_names

ROOT = Path(__file__).resolve().parents[2]

NAMES = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 717^4 rows


@pytest.fixture(scope="module")
def server(seed_out):
    config = ServerConfig(
        timeout=2.0, max_rows=50, max_bytes=64_000, workers=2, header_timeout=5.0, body_timeout=5.0, cors=("http://app.example",), watch=0
    )
    with SparqlServer([seed_out / "graph.ttl"], host="127.0.0.1", port=0, config=config) as srv:
        srv.start()
        yield srv


@pytest.fixture(scope="module")
def tiny_ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "tiny.ttl"
    lines = ["@prefix ex: <http://example.org/> ."] + [f'ex:p{i} a ex:Person ; ex:name "person {i}" .' for i in range(150)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tight(tiny_ttl):
    config = ServerConfig(
        timeout=1.5, workers=2, max_memory=300 << 20, queue_wait=0.3, header_timeout=1.0, body_timeout=1.0, max_connections=6, watch=0
    )
    with SparqlServer([tiny_ttl], host="127.0.0.1", port=0, config=config) as srv:
        srv.start()
        yield srv


@pytest.fixture(scope="module")
def listener():
    # the SPARQL endpoint "inside the network" the load benchmark also uses: it counts the requests it gets
    spec = importlib.util.spec_from_file_location("serve_load", Path(__file__).resolve().parents[2] / "benchmarks" / "serve_load.py")
    serve_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve_load)
    inner = serve_load.inside_endpoint()
    yield inner
    inner.shutdown()


@pytest.fixture(scope="module")
def federated(tiny_ttl, listener):
    config = ServerConfig(workers=1, federate=(listener.url,), watch=0)
    with SparqlServer([tiny_ttl], host="127.0.0.1", port=0, config=config) as srv:
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


# --------------------------------------------------------------------------- issue 15: safe to expose, standard to use


def test_server_header_names_no_version(server):
    _, headers, _ = request(server, params={"query": "ASK {}"})
    assert headers["Server"] == "newsgraph-sparql"


@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:8000", "10.0.0.7", "[::2]"])
def test_foreign_host_header_is_refused(server, host):
    response = _raw(server, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert response.startswith(b"HTTP/1.1 403") and b"--allow-host" in response


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "LOCALHOST."])
def test_own_host_names_are_served(server, host):
    port = server.httpd.server_address[1]
    response = _raw(server, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
    assert response.startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize(
    ("bound", "extra", "host", "allowed"),
    [
        ("127.0.0.1", (), "localhost", True),
        ("127.0.0.1", (), "evil.example", False),
        ("127.0.0.1", ("sparql.lab.example",), "sparql.lab.example", True),
        ("0.0.0.0", (), "192.168.1.20", True),  # any interface: IP literals are fine, names are not
        ("0.0.0.0", (), "evil.example", False),
        ("::1", (), "::1", True),
    ],
)
def test_host_names(bound, extra, host, allowed):
    names, any_ip = host_names(bound, extra)
    if any_ip and not allowed:
        assert host not in names
    else:
        assert (host in names or any_ip) is allowed


@pytest.mark.parametrize("silent", ["", "SILENT "])
def test_service_is_refused_and_never_called(server, listener, silent):
    query = f"SELECT * WHERE {{ SERVICE {silent}<{listener.url}> {{ ?s ?p ?o }} }}"
    before = listener.hits
    status, _, body = request(server, params={"query": query})
    assert status == 400 and b"SERVICE (federated query) is off" in body
    assert listener.hits == before


def test_service_on_the_allow_list_is_called(federated, listener):
    status, _, body = request(federated, params={"query": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"})
    assert status == 200 and b"from the inside" in body
    status, _, body = request(federated, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/elsewhere> { ?s ?p ?o } }"})
    assert status == 400 and b"not an allowed endpoint" in body


def test_deeply_nested_query_is_400_and_no_worker_dies(server):
    end = time.monotonic() + 20
    while server.pool.idle < server.config.workers and time.monotonic() < end:  # a worker stopped by an earlier test
        time.sleep(0.1)
    nested = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000
    status, _, body = request(server, "POST", body=nested.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"bytes" in body
    deep = "SELECT * WHERE " + "{" * 1000 + "}" * 1000
    status, _, body = request(server, "POST", body=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"nests brackets 1000 levels deep" in body
    assert server.pool.idle == server.config.workers  # nothing was killed or respawned


@pytest.mark.parametrize(
    "payload",
    [
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}",
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 6\r\nContent-Length: 6\r\n\r\nASK {}",
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 6, 6\r\n\r\nASK {}",
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n",
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 20\r\n\r\nGET /smuggled HTTP/1.1",
    ],
)
def test_ambiguous_request_length_is_refused(server, payload):
    response = _raw(server, payload)
    assert response.startswith(b"HTTP/1.1 400"), response[:200]
    assert response.count(b"HTTP/1.1") == 1  # nothing after it was read as a second request


def test_cors_preflight_and_answers(server):
    conn = http.client.HTTPConnection(*server.httpd.server_address[:2], timeout=5)
    conn.request("OPTIONS", "/sparql", headers={"Origin": "http://app.example", "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "content-type"})
    response = conn.getresponse()
    response.read()
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == "http://app.example"
    assert "POST" in response.getheader("Access-Control-Allow-Methods")
    assert "Content-Type" in response.getheader("Access-Control-Allow-Headers")
    conn.close()
    _, headers, _ = request(server, params={"query": "ASK {}"}, headers={"Origin": "http://app.example"})
    assert headers["Access-Control-Allow-Origin"] == "http://app.example" and "X-Newsgraph-Truncated" in headers["Access-Control-Expose-Headers"]
    _, headers, _ = request(server, params={"query": "ASK {}"}, headers={"Origin": "http://other.example"})
    assert "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (NAMES, "image/png"),
        ("ASK { ?s ?p ?o }", "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("DESCRIBE ?s WHERE { ?s rdfs:label \"Budapest\" }", "text/csv, image/*"),
    ],
)
def test_unservable_accept_is_406(server, query, accept):
    status, _, body = request(server, params={"query": query}, headers={"Accept": accept})
    assert status == 406 and b"ask for one of" in body


@pytest.mark.parametrize(
    ("accept", "ctype", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_construct_in_every_rdf_format(server, accept, ctype, rdflib_format):
    query = 'CONSTRUCT { ?s rdfs:label ?l ; a ?t } WHERE { ?s rdfs:label "Donald Trump" ; rdfs:label ?l ; a ?t }'
    status, headers, body = request(server, params={"query": query}, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    graph = Graph().parse(data=body.decode(), format=rdflib_format)
    assert len(graph) >= 2 and any(str(o) == "Donald Trump" for o in graph.objects())


@pytest.mark.parametrize("fmt", [XML, JSONLD])
def test_sparqlwrapper_construct_into_an_rdflib_graph(server, fmt):
    sparql = client(server, fmt)
    sparql.setQuery('CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label "Donald Trump" ; rdfs:label ?l }')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = sparql.queryAndConvert()
    # SPARQLWrapper warns (and gives bytes) when the answer is not the format it asked for
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)], [str(w.message) for w in caught]
    assert isinstance(graph, Graph) and [str(o) for o in graph.objects()] == ["Donald Trump"]


def test_rdflib_sparqlstore(server):
    graph = Graph(SPARQLStore(server.url, returnFormat="xml"))
    rows = list(graph.query(NAMES))
    assert "Donald Trump" in [str(r[0]) for r in rows]
    assert graph.query('ASK { ?s rdfs:label "Donald Trump" }').askAnswer is True
    constructed = graph.query('CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label "Budapest" ; rdfs:label ?l }').graph
    assert [str(o) for o in constructed.objects()] == ["Budapest"]


def test_answers_are_capped_in_bytes_with_the_header(server):
    query = 'SELECT (REPLACE(REPLACE(STR(?s), "", "aaaa"), "", "bbbb") AS ?x) WHERE { ?s ?p ?o }'
    status, headers, body = request(server, params={"query": query})
    assert status == 200 and headers["X-Newsgraph-Truncated"] == "max-bytes=64000"
    assert len(body) <= 64_000 and json.loads(body)["results"]["bindings"]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("SELCT ?name WHERE { ?p rdfs:label ?name }", "did you mean SELECT?"),
        ("SELECT ?name WHERE { ?p foaf:name ?name }", "unknown prefix 'foaf:'"),
    ],
)
def test_error_messages_say_what_is_wrong(server, query, wanted):
    status, _, body = request(server, params={"query": query})
    assert status == 400 and wanted in body.decode() and len(body) < 400


def test_query_page_offline_with_the_readme_examples(server):
    status, headers, body = request(server, path="/", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    names = sorted(p.stem for p in (ROOT / "docs" / "queries").glob("*.rq"))
    assert names and all(f'href="/?example={n}"' in page for n in names)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from elsewhere
    status, _, body = request(server, path="/", params={"example": "aliases"})
    assert status == 200 and b"<table>" in body and b"Zelensk" in body


def test_query_page_escapes_everything(server):
    query = 'SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}'
    status, _, body = request(server, path="/", params={"query": query})
    assert status == 200 and b"<script>" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
    status, _, body = request(server, path="/", params={"query": "SELECT <script> WHERE {"})
    assert status == 200 and b"<script>" not in body and b"class=err" in body


def test_ipv6_loopback(tiny_ttl):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        srv = SparqlServer([tiny_ttl], host="::1", port=0, config=ServerConfig(workers=1, watch=0))
    except InputError as err:
        pytest.skip(f"no IPv6 loopback here: {err}")
    with srv:
        srv.start()
        assert srv.url.startswith("http://[::1]:")
        sparql = SPARQLWrapper(srv.url)
        sparql.setReturnFormat(JSON)
        sparql.setQuery("ASK { ?s ?p ?o }")
        assert sparql.queryAndConvert()["boolean"] is True


# ---- a second endpoint with tight limits, on a tiny file


def test_keep_alive_answers_come_at_once(tight):
    conn = http.client.HTTPConnection(*tight.httpd.server_address[:2], timeout=5)
    started = time.monotonic()
    for _ in range(40):
        conn.request("GET", "/sparql?query=ASK%7B%7D")
        response = conn.getresponse()
        assert response.status == 200 and response.read()
    elapsed = time.monotonic() - started
    conn.close()
    assert elapsed < 1.0, f"{elapsed:.2f} s for 40 keep-alive answers (two writes cost ~40 ms each)"


def test_slow_headers_are_cut_at_the_deadline(tight):
    with socket.create_connection(tight.httpd.server_address[:2], timeout=5) as sock:
        started = time.monotonic()
        closed = None
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
        while time.monotonic() - started < 4:
            try:
                sock.sendall(b"X")
                sock.settimeout(0.2)
                if sock.recv(100) == b"":
                    closed = time.monotonic() - started
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = time.monotonic() - started
                break
    assert closed is not None and closed < tight.config.header_timeout + 1.5


def test_slow_body_is_cut_at_the_deadline(tight):
    with socket.create_connection(tight.httpd.server_address[:2], timeout=5) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
        started = time.monotonic()
        data = b""
        try:
            while True:
                sock.sendall(b" ")
                sock.settimeout(0.2)
                try:
                    chunk = sock.recv(1000)
                except TimeoutError:
                    continue
                data += chunk
                if not chunk:
                    break
        except OSError:
            pass
    assert time.monotonic() - started < tight.config.body_timeout + 1.5
    assert data == b"" or data.startswith((b"HTTP/1.1 408", b"HTTP/1.1 400"))


def test_connections_are_bounded(tight):
    address = tight.httpd.server_address[:2]
    idle = [socket.create_connection(address, timeout=5) for _ in range(tight.config.max_connections)]
    try:
        for sock in idle:
            sock.sendall(b"GET /spa")
        time.sleep(0.2)
        with socket.create_connection(address, timeout=5) as extra:
            extra.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert extra.recv(100).startswith(b"HTTP/1.1 503")
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.3)
    status, _, _ = request(tight, params={"query": "ASK {}"})
    assert status == 200


def test_a_runaway_client_leaves_a_worker_for_others(tight):
    def runaway():
        conn = http.client.HTTPConnection(*tight.httpd.server_address[:2], timeout=10, source_address=("127.0.0.2", 0))
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": SLOW}))
        response = conn.getresponse()
        statuses.append((response.status, response.getheader("Retry-After")))
        conn.close()

    statuses: list[tuple[int, str | None]] = []
    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    started = time.monotonic()
    status, _, _ = request(tight, params={"query": "ASK { ?s ?p ?o }"})
    assert status == 200 and time.monotonic() - started < 0.8
    for t in threads:
        t.join()
    assert sorted(s for s, _ in statuses) == [503, 503]  # one stopped at the time limit, one told to wait
    assert all(r is not None and int(r) >= 1 for _, r in statuses)


def test_memory_limit_stops_the_query_and_the_worker_comes_back(tight):
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i ?a ?d ?g"  # grows ~0.3 GB/s
    status, headers, body = request(tight, params={"query": query})
    assert status == 503 and b"memory limit of 300 MB" in body and headers["Retry-After"]
    end = time.monotonic() + 20
    while tight.pool.idle < tight.config.workers and time.monotonic() < end:
        time.sleep(0.1)
    status, _, _ = request(tight, params={"query": "ASK { ?s ?p ?o }"})
    assert status == 200
