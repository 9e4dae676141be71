"""RDF exports: Turtle, N-Triples, TriG, N-Quads and JSON-LD.

Model (see README, "RDF vocabulary"):

* every entity is an IRI with ``rdfs:label``, ``skos:altLabel`` aliases,
  a schema.org ``rdf:type`` and ``ng:role`` titles;
* every merged edge is asserted once as a plain triple ``s rel:p o``;
* every supporting sentence is an ``ng:Evidence`` node that is also a
  standard ``rdf:Statement`` (``rdf:subject/predicate/object``), derived
  (``prov:wasDerivedFrom``) from a ``schema:NewsArticle``. Standard
  reification is queryable by every SPARQL 1.1 engine, unlike RDF-star.
* in TriG/N-Quads each article's evidence and assertions live in a named
  graph named by the article IRI; entities and vocabulary in the default graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from graph.model import KnowledgeGraph

from .atomic import atomic_write
from .registry import register_exporter
from .vocab import ART, EV, NG, REL, SCHEMA, TYPE_CLASS, article_iri, entity_iri, evidence_iri, relation_iri

__all__ = ["core_triples", "article_quads", "to_graph", "to_dataset"]

Triple = tuple[URIRef, URIRef, object]


def _bind(g: Graph) -> None:
    for prefix, ns in (("ng", NG._NS), ("schema", SCHEMA), ("ent", "https://w3id.org/newsgraph/entity/"), ("rel", REL), ("art", ART), ("ev", EV), ("skos", SKOS), ("prov", PROV)):
        g.bind(prefix, ns, override=True)


def core_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """Entities, relation terms and articles: the part that belongs to no single article."""
    for gid in sorted(kg.entities):
        e = kg.entities[gid]
        s = entity_iri(gid)
        yield s, RDF.type, TYPE_CLASS.get(e.type, NG.Thing)
        yield s, RDFS.label, Literal(e.label)
        yield s, NG.entityType, Literal(e.type)
        yield s, NG.mentionCount, Literal(e.mention_count)
        for alias in e.aliases:
            yield s, SKOS.altLabel, Literal(alias)
        for role in e.roles:
            yield s, NG.role, Literal(role)
        for article in e.articles:
            yield s, NG.mentionedIn, article_iri(article)
    predicates = sorted({key for _, _, key in kg.graph.edges(keys=True)})
    for predicate in predicates:
        p = relation_iri(predicate)
        yield p, RDF.type, RDF.Property
        yield p, RDF.type, NG.Relation
        yield p, RDFS.label, Literal(predicate)
    for aid in sorted(kg.articles):
        a = kg.articles[aid]
        s = article_iri(aid)
        yield s, RDF.type, SCHEMA.NewsArticle
        yield s, SCHEMA.identifier, Literal(aid)
        if a.title:
            yield s, SCHEMA.headline, Literal(a.title)
        if a.date:
            yield s, SCHEMA.datePublished, Literal(a.date)
        if a.url:
            yield s, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)


def article_quads(kg: KnowledgeGraph) -> Iterator[tuple[str, Triple]]:
    """(article id, triple) for every assertion and its evidence, in a stable order."""
    for u, v, key, data in sorted(kg.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        s, p, o = entity_iri(u), relation_iri(key), entity_iri(v)
        for ev in data["evidence"]:
            doc = ev["doc_id"]
            node = evidence_iri(doc, ev["start_char"], ev["end_char"], f"{u}|{key}|{v}")
            yield doc, (s, p, o)
            yield doc, (node, RDF.type, NG.Evidence)
            yield doc, (node, RDF.type, RDF.Statement)
            yield doc, (node, RDF.subject, s)
            yield doc, (node, RDF.predicate, p)
            yield doc, (node, RDF.object, o)
            yield doc, (node, PROV.wasDerivedFrom, article_iri(doc))
            yield doc, (node, NG.sentence, Literal(ev["sentence"]))
            yield doc, (node, NG.sentenceIndex, Literal(ev["sentence_index"]))
            yield doc, (node, NG.startChar, Literal(ev["start_char"]))
            yield doc, (node, NG.endChar, Literal(ev["end_char"]))
            yield doc, (node, NG.relationText, Literal(ev["relation"]))
            yield doc, (node, NG.extractor, Literal(ev["extractor"]))
            yield doc, (node, NG.confidence, Literal(float(ev["confidence"]), datatype=XSD.double))
            yield doc, (node, NG.negated, Literal(bool(ev["negated"])))
            if ev["modality"]:
                yield doc, (node, NG.modality, Literal(ev["modality"]))
            if ev["attribution"]:
                yield doc, (node, NG.attribution, Literal(ev["attribution"]))


def to_graph(kg: KnowledgeGraph) -> Graph:
    """Everything in one graph (what ``graph.ttl`` holds)."""
    g = Graph()
    _bind(g)
    for triple in core_triples(kg):
        g.add(triple)
    for _, triple in article_quads(kg):
        g.add(triple)
    return g


def to_dataset(kg: KnowledgeGraph) -> Dataset:
    """Core triples in the default graph, each article's evidence in its own named graph."""
    ds = Dataset()
    _bind(ds)
    for triple in core_triples(kg):
        ds.add(triple)
    for doc, triple in article_quads(kg):
        ds.graph(article_iri(doc)).add(triple)
    return ds


def _serialize(data: Graph, path: Path, fmt: str) -> None:
    with atomic_write(path, binary=True) as handle:
        data.serialize(destination=handle, format=fmt, encoding="utf-8")


@register_exporter("turtle", filename="graph.ttl", description="RDF Turtle: entities, assertions and evidence in one graph")
def write_turtle(kg: KnowledgeGraph, path: Path) -> None:
    _serialize(to_graph(kg), path, "turtle")


@register_exporter("ntriples", filename="graph.nt", description="RDF N-Triples (line based, for bulk loaders)")
def write_ntriples(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path) as handle:
        for line in sorted(set(to_graph(kg).serialize(format="nt").splitlines())):
            if line.strip():
                handle.write(line + "\n")


@register_exporter("trig", filename="graph.trig", description="RDF TriG: one named graph per article")
def write_trig(kg: KnowledgeGraph, path: Path) -> None:
    _serialize(to_dataset(kg), path, "trig")


@register_exporter("nquads", filename="graph.nq", description="RDF N-Quads: one named graph per article")
def write_nquads(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path) as handle:
        for line in sorted(set(to_dataset(kg).serialize(format="nquads").splitlines())):
            if line.strip():
                handle.write(line + "\n")


@register_exporter("jsonld", filename="graph.jsonld", description="RDF JSON-LD")
def write_jsonld(kg: KnowledgeGraph, path: Path) -> None:
    _serialize(to_graph(kg), path, "json-ld")
