"""``newsgraph.sparql`` and ``newsgraph query``: pyoxigraph over the seed export."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from extract.errors import InputError
from newsgraph.cli import main
from newsgraph.sparql import QueryError, is_update, load_store, read_query, results_text, run_query

NAMES = 'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name'


@pytest.fixture(scope="module")
def store(seed_out):
    return load_store([seed_out / "graph.ttl"])


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.trig", "graph.nq", "graph.jsonld"])
def test_every_export_answers_the_same(seed_out, store, name):
    expected = run_query(store, NAMES).column("name")
    assert "Donald Trump" in expected
    assert run_query(load_store([seed_out / name]), NAMES).column("name") == expected


def test_result_formats_are_valid(store):
    result = run_query(store, NAMES)
    n = len(result)
    data = json.loads(results_text(result, "json"))
    assert data["head"]["vars"] == ["name"] and len(data["results"]["bindings"]) == n
    rows = list(csv.reader(io.StringIO(results_text(result, "csv"))))
    assert rows[0] == ["name"] and len(rows) == n + 1 and ["Donald Trump"] in rows
    tsv = results_text(result, "tsv").splitlines()
    assert tsv[0] == "?name" and '"Donald Trump"' in tsv
    root = ET.fromstring(results_text(result, "xml"))
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == n


def test_ask_and_construct(store):
    assert run_query(store, 'ASK { ?s rdfs:label "Donald Trump" }').boolean is True
    graph = run_query(store, 'CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a schema:Person ; rdfs:label ?l }')
    assert graph.kind == "graph" and len(graph) == len(run_query(store, NAMES))
    assert "Donald Trump" in results_text(graph, "turtle")


def test_max_rows_marks_truncation(store):
    result = run_query(store, NAMES, max_rows=2)
    assert len(result) == 2 and result.truncated
    assert not run_query(store, NAMES).truncated


@pytest.mark.parametrize(
    "query",
    ["INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "LOAD <http://example.org/x>", "SELEC ?x", ""],
)
def test_updates_and_bad_queries_are_refused(store, query):
    before = len(store)
    with pytest.raises(QueryError):
        run_query(store, query)
    assert len(store) == before


def test_update_detection_ignores_strings_and_iris():
    assert not is_update('SELECT * WHERE { ?s ?p "DELETE this" . ?s <http://x/insert> ?o }')
    assert is_update("PREFIX x: <a:> DELETE DATA { x:a x:b x:c }")


def test_load_errors_say_what_to_do(tmp_path):
    with pytest.raises(InputError, match="extension"):
        load_store([tmp_path / "graph.xyz"])
    with pytest.raises(InputError, match="no such file"):
        load_store([tmp_path / "missing.ttl"])
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> ", encoding="utf-8")
    with pytest.raises(InputError, match="not valid"):
        load_store([bad])


def test_read_query_from_file(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(NAMES, encoding="utf-8")
    assert read_query(f"@{path}") == NAMES
    assert read_query(NAMES) == NAMES


def test_cli_table_csv_json_and_file(seed_out, tmp_path, capsys):
    ttl = str(seed_out / "graph.ttl")
    main(["query", ttl, NAMES])
    out = capsys.readouterr().out
    assert "Donald Trump" in out and "rows" in out
    main(["query", ttl, NAMES, "--format", "csv"])
    assert "Donald Trump" in capsys.readouterr().out.splitlines()
    main(["query", ttl, NAMES, "-f", "json"])
    assert json.loads(capsys.readouterr().out)["head"]["vars"] == ["name"]
    query_file = tmp_path / "names.rq"
    query_file.write_text(NAMES, encoding="utf-8")
    main(["query", ttl, f"@{query_file}", "-f", "tsv"])
    assert '"Donald Trump"' in capsys.readouterr().out
    main(["query", ttl, str(seed_out / "graph.trig"), "--file", str(query_file), "-f", "csv"])
    assert "Donald Trump" in capsys.readouterr().out


def test_cli_bad_query_is_one_line(seed_out, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["query", str(seed_out / "graph.ttl"), "SELECT ?x WHERE { ?x"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: bad query") and "\n" not in err
