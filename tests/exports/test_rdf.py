"""RDF exports: every format parses with three independent parsers, formats agree, provenance is sound."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from exports import rdf
from exports.vocab import NG, entity_iri, relation_iri
from graph.model import ArticleInfo, Entity, KnowledgeGraph

RAPPER = shutil.which("rapper")
needs_rapper = pytest.mark.skipif(RAPPER is None, reason="raptor2-utils (rapper) is not installed")

FILES = {"turtle": "graph.ttl", "ntriples": "graph.nt", "trig": "graph.trig", "nquads": "graph.nq", "jsonld": "graph.jsonld"}
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
OX_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads"}


def _evidence(doc, sentence, start, end, relation, *, negated=False, modality=None, attribution=None, confidence=0.8):
    return {
        "doc_id": doc,
        "sentence_index": 0,
        "sentence": sentence,
        "start_char": start,
        "end_char": end,
        "relation": relation,
        "subject_text": "subject",
        "object_text": "object",
        "extractor": "clauses",
        "confidence": confidence,
        "negated": negated,
        "modality": modality,
        "attribution": attribution,
    }


def small_kg(name: str = "Vladimir Putin", sentence: str = "Trump spoke with Putin.", article_id: str = "a1") -> KnowledgeGraph:
    """Three entities, one positive, one hedged and one negated edge, two articles; no spaCy needed."""
    entities = {
        "person/donald-trump": Entity("person/donald-trump", "Donald Trump", "person", ("Trump",), ("U.S. President",), 3, (article_id, "a2")),
        "person/other": Entity("person/other", name, "person", (name.split()[-1] if name.split() else name,), ("leader",), 2, (article_id,)),
        "place/budapest": Entity("place/budapest", "Budapest", "place", (), (), 1, ("a2",)),
    }
    g = nx.MultiDiGraph()
    g.add_nodes_from(entities)
    g.add_edge("person/donald-trump", "person/other", key="speak with", evidence=[_evidence(article_id, sentence, 0, len(sentence), "spoke with")])
    g.add_edge(
        "person/donald-trump",
        "place/budapest",
        key="meet in",
        evidence=[_evidence("a2", "They will meet in Budapest.", 5, 30, "will meet in", modality="will", attribution="Kremlin")],
    )
    g.add_edge(
        "person/other", "place/budapest", key="not visit", evidence=[_evidence("a2", "He did not visit Budapest.", 31, 60, "did not visit", negated=True)]
    )
    articles = {
        article_id: ArticleInfo(article_id, f"Title of {name}", "2025-10-16", "https://example.org/a?x=1&y=2"),
        "a2": ArticleInfo("a2", None, "16 October"),
    }
    return KnowledgeGraph(graph=g, entities=entities, statements=[], articles=articles)


def write_all(kg: KnowledgeGraph, out: Path) -> dict[str, Path]:
    import newsgraph

    return newsgraph.export(kg, out, list(FILES))


def rapper_count(path: Path, syntax: str) -> int:
    """Triples (or quads) rapper reads; fails the test on any parse error."""
    done = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Error" not in done.stderr, f"rapper rejected {path.name}: {done.stderr[-2000:]}"
    return int(done.stderr.split("returned")[1].split()[0])


def rdflib_graph(path: Path, fmt: str) -> Graph:
    """The default graph (for graph.ttl/nt/jsonld: the only graph)."""
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=RDFLIB_FORMAT[fmt])
        return _copy(ds.graph(DATASET_DEFAULT_GRAPH_ID))
    g = Graph()
    g.parse(path, format=RDFLIB_FORMAT[fmt])
    return g


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def oxigraph_graph(path: Path, fmt: str) -> Graph:
    """What pyoxigraph reads from the file's default graph, as an rdflib Graph for comparison."""
    out = Graph()
    for quad in ox.parse(path=str(path), format=OX_FORMAT[fmt]):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            out.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    return out


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)  # RDF 1.1: a plain literal is an xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise AssertionError(f"unexpected term {term!r}: exports have no blank nodes")


# --------------------------------------------------------------------------- seed export


@pytest.fixture(scope="module")
def seed_reference(seed_out) -> Graph:
    """graph.nt of the seeds as read by rdflib: the graph every other format must equal."""
    return rdflib_graph(seed_out / "graph.nt", "ntriples")


@needs_rapper
@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_seed_export_parses_with_rapper(seed_out, fmt):
    assert rapper_count(seed_out / FILES[fmt], RAPPER_SYNTAX[fmt]) > 100


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_seed_export_default_graph_is_the_same_in_every_format_and_parser(seed_out, seed_reference, fmt):
    path = seed_out / FILES[fmt]
    assert isomorphic(rdflib_graph(path, fmt), seed_reference), f"rdflib reads {fmt} differently"
    assert isomorphic(oxigraph_graph(path, fmt), seed_reference), f"pyoxigraph reads {fmt} differently"


def test_seed_roundtrip_rdflib_to_pyoxigraph_and_back(seed_out, seed_reference):
    turtle_by_rdflib = seed_reference.serialize(format="turtle")
    store = ox.Store()
    store.load(turtle_by_rdflib.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    back = Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8"), format="nt")
    assert len(back) == len(seed_reference)
    assert isomorphic(back, seed_reference)


def test_seed_named_graphs_are_the_articles(seed_out, seed_kg):
    ds = Dataset()
    ds.parse(seed_out / "graph.trig", format="trig")
    named = {str(g.identifier) for g in ds.graphs() if str(g.identifier).startswith("https://w3id.org/newsgraph/article/")}
    with_evidence = {ev["doc_id"] for _, _, data in seed_kg.graph.edges(data=True) for ev in data["evidence"]}
    assert named == {str(rdf.article_iri(doc)) for doc in with_evidence}


def test_seed_every_assertion_has_evidence(seed_reference):
    rows = seed_reference.query(
        """SELECT ?s ?p ?o WHERE { ?p a ng:Relation . ?s ?p ?o .
           FILTER NOT EXISTS { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ng:negated false ;
                                  ng:sentence ?text ; prov:wasDerivedFrom ?article } }""",
        initNs={"ng": NG._NS, "rdf": RDF, "prov": URIRef("http://www.w3.org/ns/prov#")},
    )
    assert list(rows) == []


def test_seed_exports_are_byte_identical_when_rebuilt(seed_kg, seed_out, tmp_path):
    import newsgraph

    newsgraph.export(seed_kg, tmp_path, [*FILES, "rdf12"])
    for name in [*FILES.values(), "graph.ttl12"]:
        assert (tmp_path / name).read_bytes() == (seed_out / name).read_bytes(), name


# --------------------------------------------------------------------------- the model, on a small graph


@pytest.fixture(scope="module")
def small_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small")
    write_all(small_kg(), out)
    return out


def test_negated_edge_is_evidence_only(small_out):
    g = rdflib_graph(small_out / "graph.ttl", "turtle")
    other, budapest, visit = entity_iri("person/other"), entity_iri("place/budapest"), relation_iri("visit")
    assert (other, visit, budapest) not in g
    assert not any("not" in str(p) for p in g.predicates()), "no 'not-…' predicate may appear"
    (evidence,) = g.subjects(RDF.predicate, visit)
    assert (evidence, NG.negated, Literal(True)) in g
    assert (evidence, RDF.subject, other) in g and (evidence, RDF.object, budapest) in g


def test_positive_and_hedged_edges_are_asserted_with_qualifiers(small_out):
    g = rdflib_graph(small_out / "graph.ttl", "turtle")
    trump, budapest, meet = entity_iri("person/donald-trump"), entity_iri("place/budapest"), relation_iri("meet in")
    assert (trump, meet, budapest) in g
    (evidence,) = g.subjects(RDF.predicate, meet)
    assert g.value(evidence, NG.modality) == Literal("will")
    assert g.value(evidence, NG.attribution) == Literal("Kremlin")
    assert g.value(evidence, NG.negated) == Literal(False)
    assert g.value(meet, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == Literal("meet in")


def test_article_metadata_and_typed_dates(small_out):
    g = rdflib_graph(small_out / "graph.ttl", "turtle")
    schema = "https://schema.org/"
    a1, a2 = rdf.article_iri("a1"), rdf.article_iri("a2")
    assert g.value(a1, URIRef(schema + "datePublished")) == Literal("2025-10-16", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert g.value(a2, URIRef(schema + "datePublished")) == Literal("16 October")  # not ISO: kept as text
    assert str(g.value(a1, URIRef(schema + "headline"))) == "Title of Vladimir Putin"


def test_persons_get_roles_and_job_titles(small_out):
    g = rdflib_graph(small_out / "graph.ttl", "turtle")
    trump = entity_iri("person/donald-trump")
    assert g.value(trump, NG.role) == Literal("U.S. President")
    assert g.value(trump, URIRef("https://schema.org/jobTitle")) == Literal("U.S. President")
    assert (trump, RDF.type, URIRef("https://schema.org/Person")) in g


def test_trig_default_graph_equals_turtle_and_named_graphs_hold_each_articles_part(small_out):
    ds = Dataset()
    ds.parse(small_out / "graph.trig", format="trig")
    ttl = rdflib_graph(small_out / "graph.ttl", "turtle")
    a1 = ds.graph(rdf.article_iri("a1"))
    a2 = ds.graph(rdf.article_iri("a2"))
    assert (entity_iri("person/donald-trump"), relation_iri("speak with"), entity_iri("person/other")) in a1
    assert (entity_iri("person/donald-trump"), relation_iri("meet in"), entity_iri("place/budapest")) in a2
    assert (entity_iri("person/other"), relation_iri("visit"), entity_iri("place/budapest")) not in a2
    assert set(a1) | set(a2) <= set(ttl)


def test_streaming_writers_match_rdflib_to_graph(small_out):
    """The hand-written Turtle/N-Triples writers say exactly what rdflib's model says."""
    expected = rdf.to_graph(small_kg())
    for fmt in ("turtle", "ntriples"):
        assert isomorphic(rdflib_graph(small_out / FILES[fmt], fmt), expected), fmt
    ds = rdf.to_dataset(small_kg())
    parsed = Dataset()
    parsed.parse(small_out / "graph.nq", format="nquads")
    assert {(s, p, o, c) for s, p, o, c in ds.quads()} == {(s, p, o, c) for s, p, o, c in parsed.quads()}


def test_ntriples_lines_are_unique(small_out):
    lines = (small_out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))


def test_writers_do_not_build_an_rdflib_graph(monkeypatch, tmp_path):
    def refuse(*_args, **_kwargs):
        raise AssertionError("streaming writers must not build an rdflib Graph")

    monkeypatch.setattr(rdf, "to_graph", refuse)
    monkeypatch.setattr(rdf, "to_dataset", refuse)
    for write in (rdf.write_turtle, rdf.write_ntriples, rdf.write_trig, rdf.write_nquads):
        write(small_kg(), tmp_path / write.__name__)


# --------------------------------------------------------------------------- arbitrary text


NASTY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)
SCRIPTS = st.sampled_from(["Владимир Путин", "习近平", "נתניהו", "محمد بن سلمان", "Ελλάδα", "नरेंद्र मोदी", "🇺🇦 Zelensky 😀", 'He said "no" <b>\\ end', "tab\there\r\nnew"])


@needs_rapper
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.one_of(NASTY, SCRIPTS), sentence=st.one_of(NASTY, SCRIPTS), article_id=st.one_of(NASTY, SCRIPTS))
def test_any_name_sentence_and_article_id_gives_valid_rdf_everywhere(tmp_path_factory, name, sentence, article_id):
    if article_id == "a2":
        article_id = "a2x"
    out = tmp_path_factory.mktemp("nasty")
    kg = small_kg(name=name, sentence=sentence, article_id=article_id)
    write_all(kg, out)
    reference = rdflib_graph(out / "graph.nt", "ntriples")
    other = entity_iri("person/other")
    assert reference.value(other, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == Literal(name)
    for fmt in FILES:
        path = out / FILES[fmt]
        if fmt in RAPPER_SYNTAX:
            rapper_count(path, RAPPER_SYNTAX[fmt])
        assert isomorphic(oxigraph_graph(path, fmt), reference), fmt
        assert isomorphic(rdflib_graph(path, fmt), reference), fmt
    sentences = {str(o) for o in reference.objects(None, NG.sentence)}
    assert sentence in sentences


# --------------------------------------------------------------------------- optional RDF 1.2 export


def test_rdf12_export_has_one_reifier_per_evidence_and_the_same_provenance(seed_out):
    from newsgraph.sparql import load_store, run_query

    classic = load_store([seed_out / "graph.ttl"])
    rdf12 = load_store([seed_out / "graph.ttl12"])
    via_statement = run_query(
        classic, "SELECT ?ev ?s ?p ?o WHERE { ?ev a ng:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
    )
    via_reifier = run_query(rdf12, "SELECT ?ev ?s ?p ?o WHERE { ?ev a ng:Evidence ; rdf:reifies <<( ?s ?p ?o )>> }")
    as_set = lambda result: {tuple(str(t) for t in row) for row in result.rows}  # noqa: E731
    assert via_statement.rows and as_set(via_statement) == as_set(via_reifier)
    assert run_query(rdf12, "ASK { ?ev a rdf:Statement }").boolean is False
    plain = "SELECT ?s ?p ?o WHERE { ?p a ng:Relation . ?s ?p ?o }"
    assert as_set(run_query(classic, plain)) == as_set(run_query(rdf12, plain))


def test_jsonld_is_byte_identical_whatever_the_hash_seed(tmp_path):
    """rdflib writes JSON-LD in its store's hash order; the export must not."""
    import os
    import sys

    root = Path(__file__).resolve().parents[2]
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Angela Merkel met Emmanuel Macron in Berlin. Macron praised Merkel in Paris.", encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        subprocess.run(
            [sys.executable, "-m", "newsgraph", "build", str(corpus), "--out", str(out), "-q", "-f", "jsonld"],
            cwd=root, env={**os.environ, "PYTHONHASHSEED": seed}, check=True, timeout=300,
        )
        outputs.append((out / "graph.jsonld").read_bytes())
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------------------- qualifiers

QUALIFIERS = [
    {"kind": "time", "text": "on Thursday", "span": [20, 31], "value": "2025-10-16"},
    {"kind": "time", "text": "in 2003", "span": [32, 39], "value": "2003"},
    {"kind": "time", "text": "last week", "span": [40, 49], "value": "2025-W41"},
    {"kind": "duration", "text": "for 30 days", "span": [50, 61], "value": "P30D"},
    {"kind": "place", "text": "in Budapest", "span": [62, 73], "value": None},
    {"kind": "quantity", "text": "more than 300", "span": [0, 13], "value": "300"},
    {"kind": "manner", "text": "by phone", "span": [14, 22], "value": None},
]


@pytest.fixture(scope="module")
def qualified_out(tmp_path_factory):
    kg = small_kg()
    (ev,) = kg.graph.edges["person/donald-trump", "person/other", "speak with"]["evidence"]
    ev["qualifiers"] = QUALIFIERS
    out = tmp_path_factory.mktemp("qualified")
    write_all(kg, out)
    return out


def test_evidence_carries_qualifiers_and_the_report_date(qualified_out):
    xsd = "http://www.w3.org/2001/XMLSchema#"
    g = rdflib_graph(qualified_out / "graph.ttl", "turtle")
    (evidence,) = g.subjects(RDF.predicate, relation_iri("speak with"))
    assert set(g.objects(evidence, NG.time)) == {Literal("on Thursday"), Literal("in 2003"), Literal("last week")}
    assert set(g.objects(evidence, NG.timeValue)) == {Literal("2025-10-16", datatype=URIRef(xsd + "date")), Literal("2003", datatype=URIRef(xsd + "gYear"))}
    assert g.value(evidence, NG.duration) == Literal("for 30 days")
    assert g.value(evidence, NG.durationValue) == Literal("P30D", datatype=URIRef(xsd + "duration"))
    assert g.value(evidence, NG.place) == Literal("in Budapest")
    assert g.value(evidence, NG.quantity) == Literal("more than 300")
    assert g.value(evidence, NG.quantityValue) == Literal("300", datatype=URIRef(xsd + "decimal"))
    assert g.value(evidence, NG.manner) == Literal("by phone")
    assert g.value(evidence, NG.reportedOn) == Literal("2025-10-16", datatype=URIRef(xsd + "date"))
    (hedged,) = g.subjects(RDF.predicate, relation_iri("meet in"))
    assert g.value(hedged, NG.reportedOn) is None  # article a2's date "16 October" is not ISO


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_qualified_export_is_the_same_graph_in_every_format(qualified_out, fmt):
    reference = rdflib_graph(qualified_out / "graph.nt", "ntriples")
    assert isomorphic(rdflib_graph(qualified_out / FILES[fmt], fmt), reference)
    if RAPPER and fmt in RAPPER_SYNTAX:
        assert rapper_count(qualified_out / FILES[fmt], RAPPER_SYNTAX[fmt]) >= len(reference)


@pytest.mark.model
def test_places_carry_their_gazetteer_identifiers(tmp_path):
    import newsgraph
    from rdflib import OWL, URIRef

    from exports.vocab import NG

    kg = newsgraph.build_from_texts(["Putin flew to Budapest. Trump met him in Hungary on Friday."])
    newsgraph.export(kg, tmp_path, ["turtle"])
    from rdflib import RDFS

    g = Graph().parse(tmp_path / "graph.ttl")
    hungary = next(s for s, o in g.subject_objects(RDFS.label) if str(o) == "Hungary")
    assert (hungary, NG.iso3166Alpha2, Literal("HU")) in g
    assert any(str(o).startswith("https://sws.geonames.org/") for o in g.objects(hungary, OWL.sameAs))
    budapest = next(s for s, o in g.subject_objects(RDFS.label) if str(o) == "Budapest")
    assert isinstance(next(g.objects(budapest, OWL.sameAs)), URIRef)


# --------------------------------------------------------------------------- writer speed-ups that must change no byte


def test_named_graphs_reuse_the_evidence_of_the_default_graph_byte_for_byte(seed_kg):
    """TriG and N-Quads build each evidence node once (rdf._EvidenceMemo): the same text as building it twice."""
    naive = list(rdf.generate_ntriples(rdf.all_triples(seed_kg)))
    for doc, triples in rdf.article_triples(seed_kg):
        graph = " " + rdf.nt_term(rdf.article_iri(doc)) + " .\n"
        naive.extend(f"{rdf.nt_term(s)} {rdf.nt_term(p)} {rdf.nt_term(o)}{graph}" for s, p, o in triples)
    assert "".join(rdf.generate_nquads(seed_kg)) == "".join(naive)
    trig = "".join(rdf.generate_trig(seed_kg))
    assert trig.count(" {\n") == sum(1 for _ in rdf.article_triples(seed_kg))


def test_iri_caches_stay_bounded_and_write_what_they_would_without_them(monkeypatch):
    monkeypatch.setattr(rdf, "_MAX_REMEMBERED", 3)
    monkeypatch.setattr(rdf, "_IRIS", {})
    monkeypatch.setattr(rdf, "_TURTLE_IRIS", {})
    iris = [URIRef(f"https://example.org/x{i}") for i in range(10)] + [URIRef("https://example.org/a b<c>")]
    for _ in range(2):
        assert [rdf.nt_term(i) for i in iris][-1] == "<https://example.org/a%20b%3Cc%3E>"
        assert rdf._turtle_term(NG.Evidence) == "ng:Evidence" and rdf._turtle_term(RDF.type, predicate=True) == "a"
    assert len(rdf._IRIS) <= 3 and len(rdf._TURTLE_IRIS) <= 3
    assert rdf.nt_term(Literal("x")) == '"x"' and rdf.nt_term(Literal(3)).endswith("XMLSchema#integer>")


# --------------------------------------------------------------------------- views say so (issue 17)


@pytest.fixture(scope="module")
def view_out(tmp_path_factory):
    """Trump and Budapest of small_kg (the "meet in" relation between them), in every RDF format."""
    from graph.views import nodes_view

    part = nodes_view(small_kg(), ["person/donald-trump", "place/budapest"])
    out = tmp_path_factory.mktemp("view_rdf")
    write_all(part, out)
    return part, out


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_a_view_says_so_on_its_dataset_node_in_every_format(view_out, fmt):
    from rdflib.namespace import DCTERMS, RDFS, VOID

    part, out = view_out
    g = rdflib_graph(out / FILES[fmt], fmt)
    assert (rdf.VIEW_IRI, RDF.type, VOID.Dataset) in g
    line = part.meta["view"].line
    assert line == "Showing a chosen set of 2 nodes: 2 of 3 nodes and 1 of 3 relations."
    assert (rdf.VIEW_IRI, DCTERMS.description, Literal(line)) in g
    assert (rdf.VIEW_IRI, VOID.entities, Literal(2)) in g
    assert "graph.nq" in str(g.value(rdf.VIEW_IRI, RDFS.comment))
    assert isomorphic(g, oxigraph_graph(out / FILES[fmt], fmt))


def test_turtle_and_trig_of_a_view_begin_with_a_comment_saying_so(view_out):
    part, out = view_out
    for name in ("graph.ttl", "graph.trig"):
        head = (out / name).read_text(encoding="utf-8").splitlines()[:2]
        assert head == [f"# {part.meta['view'].line}", "# " + rdf.whole_graph_note()], name


def test_a_view_holds_only_its_relations_and_their_evidence(view_out):
    _, out = view_out
    g = rdflib_graph(out / "graph.ttl", "turtle")
    # Trump meets in Budapest; Trump–Putin and Putin's denied visit go, with their evidence and Putin
    trump, budapest = entity_iri("person/donald-trump"), entity_iri("place/budapest")
    assert set(g.subject_objects(relation_iri("meet in"))) == {(trump, budapest)}
    assert not set(g.subject_objects(relation_iri("speak with")))
    assert len(set(g.subjects(RDF.type, NG.Evidence))) == 1
    assert not list(g.triples((entity_iri("person/other"), None, None)))


def test_a_whole_graph_has_no_view_node_and_no_comment(tmp_path):
    out = tmp_path / "whole"
    write_all(small_kg(), out)
    g = rdflib_graph(out / "graph.ttl", "turtle")
    assert not list(g.triples((rdf.VIEW_IRI, None, None)))
    assert (out / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix ")


def test_a_label_with_a_line_break_cannot_end_the_comment(tmp_path):
    from graph.views import nodes_view

    kg = small_kg(name="Vladimir\nPutin")
    part = nodes_view(kg, ["person/other"], what="the node of Vladimir\nPutin\r\n@prefix x: <y> .")
    path = tmp_path / "graph.ttl"
    rdf.write_turtle(part, path)
    assert len(Graph().parse(path, format="turtle")) > 0
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("# Showing the node of Vladimir Putin @prefix")
