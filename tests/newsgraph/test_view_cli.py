"""Views for large corpora (issue 17): `newsgraph build --view`, `newsgraph view`, and the library behind them, on the seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, VOID

import newsgraph
from exports.rdf import VIEW_IRI
from exports.vocab import entity_iri
from extract.errors import InputError, UnknownNameError
from graph.analysis import importance_order
from graph.views import view_of
from newsgraph.sparql import QueryError
from newsgraph.view import auto_view, check_view_spec, choose_view, export_with_view, load_build, query_view

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PEOPLE = "SELECT ?node WHERE { ?node a schema:Person } ORDER BY ?node"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, capture_output=True, text=True, env=dict(os.environ), timeout=600)


def _turtle(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


# --------------------------------------------------------------------------- the library


def test_specs_name_the_views(seed_kg):
    assert choose_view(seed_kg, "all") is None
    assert set(choose_view(seed_kg, "top:7").graph) == set(importance_order(seed_kg.graph)[:7])
    ego = view_of(choose_view(seed_kg, "ego:Putin:2"))
    assert (ego.kind, ego.parameters["label"], ego.parameters["radius"]) == ("ego", "Vladimir Putin", 2)
    assert view_of(choose_view(seed_kg, "ego:Vladimir Putin")).parameters["radius"] == 1
    ids = importance_order(seed_kg.graph)[:2]
    assert set(choose_view(seed_kg, "nodes:" + ",".join(ids)).graph) == set(ids)


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        ("middle:3", UnknownNameError, "choose from: all .*top:N.*ego:LABEL"),
        ("top", InputError, "needs an argument: top:N"),
        ("top:many", InputError, "'many' is not a whole number"),
        ("top:0", InputError, "at least 1 node"),
        ("query:no-such-file.rq", InputError, "no such query file"),
    ],
)
def test_a_bad_spec_is_refused_before_any_article_is_read(spec, error, message):
    with pytest.raises(error, match=message):
        check_view_spec(spec)


def test_a_query_file_that_is_no_select_is_refused_before_the_build(tmp_path):
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(QueryError, match="SELECT"):
        check_view_spec(f"query:{ask}")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?node WHERE { ?node", encoding="utf-8")
    with pytest.raises(QueryError, match="bad query"):
        check_view_spec(f"query:{bad}")


def test_query_view_keeps_the_entities_its_node_variable_binds(seed_kg):
    part = query_view(seed_kg, "SELECT ?label ?node WHERE { ?node a schema:Person ; rdfs:label ?label }", name="people.rq")
    people = {n for n, d in seed_kg.graph.nodes(data=True) if d["type"] == "person"}
    assert people and set(part.graph) == people
    view = view_of(part)
    assert view.kind == "query" and view.parameters == {"query": "people.rq", "variable": "node", "rows": len(people)}
    assert view.line.startswith(f"Showing the {len(people)} nodes the query people.rq selected: {len(people)} of {seed_kg.graph.number_of_nodes()} nodes")


def test_query_view_takes_the_first_variable_without_a_node_one_and_refuses_no_entities(seed_kg):
    first = query_view(seed_kg, "SELECT ?who WHERE { ?who a schema:Place }")
    assert {d["type"] for _, d in first.graph.nodes(data=True)} == {"place"}
    with pytest.raises(InputError, match="bound no entity"):
        query_view(seed_kg, "SELECT ?label WHERE { ?x rdfs:label ?label }")


def test_query_view_runs_on_a_given_store_too(seed_kg, seed_out):
    store = ox.Store()
    store.bulk_load(path=str(seed_out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    assert set(query_view(seed_kg, PEOPLE, store=store).graph) == set(query_view(seed_kg, PEOPLE).graph)


def test_auto_view_cuts_only_a_graph_above_the_threshold(seed_kg):
    size = seed_kg.graph.number_of_nodes()
    assert auto_view(seed_kg) is None  # the seeds are small
    part = auto_view(seed_kg, min_nodes=size - 1, nodes=10)
    assert view_of(part).kind == "top" and part.graph.number_of_nodes() == 10
    assert auto_view(seed_kg, min_nodes=size, nodes=10) is None


def test_export_with_view_writes_only_turtle_jsonld_and_html_from_the_view(seed_kg, tmp_path):
    written, view = export_with_view(seed_kg, tmp_path, ["turtle", "jsonld", "html", "nquads", "entities"], view="top:10")
    assert list(written) == ["turtle", "jsonld", "html", "nquads", "entities"]
    assert view.nodes == 10 and view.nodes_total == seed_kg.graph.number_of_nodes()
    assert (VIEW_IRI, DCTERMS.description, rdflib.Literal(view.line)) in _turtle(tmp_path / "graph.ttl")
    jsonld = rdflib.Graph().parse(tmp_path / "graph.jsonld", format="json-ld")
    assert (VIEW_IRI, VOID.entities, rdflib.Literal(10)) in jsonld
    assert "Showing the 10 most important nodes" in (tmp_path / "graph.html").read_text(encoding="utf-8")
    whole = ox.Store()
    whole.bulk_load(path=str(tmp_path / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    assert not list(whole.quads_for_pattern(ox.NamedNode(str(VIEW_IRI)), None, None))
    assert sum(1 for _ in (tmp_path / "entities.jsonl").open()) == len(seed_kg.entities)
    assert export_with_view(seed_kg, tmp_path / "auto", ["turtle"])[1] is None  # auto: the seeds are small


def test_auto_view_of_a_large_graph_holds_as_many_nodes_as_the_page(seed_kg, tmp_path, monkeypatch):
    import newsgraph.view as view_module

    monkeypatch.setattr(view_module, "AUTO_VIEW_MIN_NODES", 20)
    monkeypatch.setattr(view_module, "AUTO_VIEW_NODES", 15)
    assert export_with_view(seed_kg, tmp_path / "a", ["turtle"])[1].nodes == 15
    assert export_with_view(seed_kg, tmp_path / "b", ["html"], options={"html": {"max_nodes": 30}})[1].nodes == 30
    assert export_with_view(seed_kg, tmp_path / "c", ["html"], options={"html": {"max_nodes": 5}})[1].nodes == 15
    assert export_with_view(seed_kg, tmp_path / "d", ["nquads", "graphml"])[1] is None  # nothing to write from a view
    with pytest.raises(UnknownNameError):
        export_with_view(seed_kg, tmp_path / "e", ["nquads"], view="middle:3")


def test_the_public_api_offers_the_views(seed_kg):
    assert set(newsgraph.top_view(seed_kg, 3).graph) == set(importance_order(seed_kg.graph)[:3])
    assert {"top_view", "ego_view", "nodes_view", "query_view", "choose_view", "export_with_view", "View"} <= set(newsgraph.__all__)


# --------------------------------------------------------------------------- the commands


@pytest.fixture(scope="module")
def viewed(tmp_path_factory):
    """The seeds built with --view top:12: the view files, the whole-graph files and the tables."""
    out = tmp_path_factory.mktemp("view_cli") / "out"
    result = run_cli(
        "build", str(SEEDS), "--out", str(out), "--view", "top:12",
        "--format", "turtle", "--format", "jsonld", "--format", "html", "--format", "nquads", "--format", "entities",
    )
    assert result.returncode == 0, result.stderr
    return out, result


def test_build_with_a_view_says_so_on_the_terminal_and_in_the_report(viewed):
    out, result = viewed
    assert "graph.ttl, graph.jsonld, graph.html hold a view, not the whole graph. Showing the 12 most important nodes: 12 of " in result.stderr
    assert "The whole graph is in the N-Quads, TriG and GraphML files" in result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["view"]["kind"] == "top" and report["view"]["nodes"] == 12
    assert report["view"]["nodes_total"] == report["entities"]


def test_build_with_a_view_writes_the_whole_graph_into_nquads(viewed):
    out, _ = viewed
    ttl = _turtle(out / "graph.ttl")
    assert (VIEW_IRI, VOID.entities, rdflib.Literal(12)) in ttl
    assert (out / "graph.ttl").read_text(encoding="utf-8").startswith("# Showing the 12 most important nodes: 12 of ")
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    typed = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/newsgraph/ontology#entityType"), None, ox.DefaultGraph())}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(typed) == report["entities"] > 12
    assert len({s for s in ttl.subjects(rdflib.URIRef("https://w3id.org/newsgraph/ontology#entityType"))}) == 12
    assert 'id="view-note"' in (out / "graph.html").read_text(encoding="utf-8")


def test_view_command_writes_another_view_from_the_builds_extractions(viewed, tmp_path):
    out, _ = viewed
    query = tmp_path / "people.rq"
    query.write_text(PEOPLE, encoding="utf-8")
    result = run_cli("view", str(out), f"query:{query}")
    assert result.returncode == 0, result.stderr
    target = out / "views" / "query-people"
    assert result.stdout.startswith("Showing the ") and "the query people.rq selected" in result.stdout
    assert "  wrote " in result.stdout and "graph.ttl" in result.stdout
    ttl = _turtle(target / "graph.ttl")
    types = {str(o) for o in ttl.objects(None, rdflib.URIRef("https://w3id.org/newsgraph/ontology#entityType"))}
    assert types == {"person"}
    assert sorted(p.name for p in target.iterdir()) == ["graph.html", "graph.jsonld", "graph.ttl"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert f" of {report['entities']} nodes" in result.stdout  # the same graph as the build's: no warning
    assert "warning" not in result.stderr


def test_view_command_ego_network_into_a_chosen_folder(viewed, tmp_path):
    out, _ = viewed
    target = tmp_path / "putin"
    result = run_cli("view", str(out), "ego:Putin", "--out", str(target), "--format", "turtle")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Showing the ego network of Vladimir Putin (radius 1): ")
    ttl = _turtle(target / "graph.ttl")
    labelled = set(ttl.subjects(rdflib.URIRef("https://w3id.org/newsgraph/ontology#entityType")))
    expected = newsgraph.ego_view(load_build(out), "Putin")
    assert labelled == {entity_iri(n) for n in expected.graph} and len(labelled) > 3  # Putin and his partners, nobody else


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ego:Vladimir Putkin",), "No node named 'Vladimir Putkin' in the graph. Did you mean: Vladimir Putin"),
        (("top",), "needs an argument"),
        (("all",), "writes one view"),
    ],
)
def test_view_command_errors_are_one_clear_line(viewed, args, message):
    out, _ = viewed
    result = run_cli("view", str(out), *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_load_build_makes_the_builds_graph_again_from_its_tables(viewed, seed_kg):
    out, _ = viewed
    kg = load_build(out)
    assert sorted(kg.graph.edges(keys=True)) == sorted(seed_kg.graph.edges(keys=True))
    assert kg.entities == seed_kg.entities and "differs_from_build" not in kg.meta
    assert load_build(out, nodes="entities").meta["differs_from_build"].startswith("the build's graph had ")


def test_view_command_without_tables_says_how_to_get_them(tmp_path):
    result = run_cli("view", str(tmp_path), "top:5")
    assert result.returncode == 2 and "no extractions here" in result.stderr


def test_build_refuses_a_bad_view_before_parsing(tmp_path):
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "out"), "--view", "middle:3")
    assert result.returncode == 2 and "Unknown view 'middle:3'" in result.stderr
    assert not (tmp_path / "out").exists()
