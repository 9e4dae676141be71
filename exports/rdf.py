"""RDF exports: Turtle, N-Triples, TriG, N-Quads and JSON-LD.

The model (``docs/rdf.md`` explains the choices and shows queries):

* every entity is an IRI with ``rdfs:label``, ``skos:altLabel`` aliases,
  a schema.org ``rdf:type``, ``ng:role`` titles (and ``schema:jobTitle``
  for persons);
* every relation is a property ``rel:<slug>`` that is ``a ng:Relation`` with
  an ``rdfs:label``;
* every merged, non-negated edge is asserted once as a plain triple
  ``ent:s rel:p ent:o``. A negated edge (graph key ``"not meet in"``) is
  never asserted: it exists only as evidence with ``ng:negated true``;
* every supporting sentence is an ``ng:Evidence`` node that is also a
  standard ``rdf:Statement`` (``rdf:subject/predicate/object``) and a
  ``prov:Entity`` ``prov:wasDerivedFrom`` a ``schema:NewsArticle``. Standard
  reification is queryable by every SPARQL 1.1 engine, rdflib and
  pyoxigraph alike, in ``graph.ttl`` alone;
* in TriG/N-Quads the default graph holds exactly what ``graph.ttl`` holds,
  so every query runs the same on every file; in addition each article's
  assertions and evidence form a named graph named by the article IRI
  (``GRAPH ?article { … }``). Stores are queried with the plain default
  graph, not the union of all graphs, which would repeat every triple.

Turtle, N-Triples, TriG and N-Quads are written by streaming writers from
generators (no rdflib Graph is built), in a deterministic order, so the same
input gives byte-identical files and a BBC-size export takes seconds.
JSON-LD goes through rdflib (:func:`to_graph`).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import IO, Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID
from rdflib.term import Node

from graph.model import KnowledgeGraph
from graph.relations import RELATION_CLASSES, UNCLASSED, relation_class
from graph.views import view_of

from .atomic import atomic_write
from .gcpause import gc_paused
from .registry import register_exporter, whole_graph_note
from .vocab import (
    BASE,
    NEGATION_PREFIX,
    NG,
    PREFIXES,
    SCHEMA,
    TYPE_CLASS,
    article_iri,
    class_iri,
    entity_iri,
    evidence_iri,
    relation_iri,
    split_negation,
)

__all__ = [
    "Triple",
    "VIEW_IRI",
    "view_triples",
    "core_triples",
    "assertion_triples",
    "article_triples",
    "to_graph",
    "to_dataset",
    "nt_term",
    "generate_ntriples",
    "generate_nquads",
    "generate_turtle",
    "generate_trig",
    "rdf12_triples",
]

Triple = tuple[URIRef, URIRef, Node]
Edge = tuple[str, str, str, dict[str, Any]]


# --------------------------------------------------------------------------- triples


def _date_literal(text: str) -> Literal:
    """A typed ``xsd:date``/``xsd:dateTime`` when the date is ISO 8601, so dates sort; else a plain string."""
    value = text.strip()
    try:
        if len(value) == 10:
            return Literal(_dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        return Literal(_dt.datetime.fromisoformat(value).isoformat(), datatype=XSD.dateTime)
    except ValueError:
        return Literal(text)


def _decimal(value: float) -> str:
    """``0.77`` → ``"0.77"``: an ``xsd:decimal`` lexical form every parser keeps as written.

    (An ``xsd:double`` would come back from JSON-LD as ``"7.7E-1"``.)

    >>> _decimal(0.77), _decimal(1), _decimal(1e-05)
    ('0.77', '1.0', '0.00001')
    """
    text = f"{float(value):.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _entity_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    for gid in sorted(kg.entities):
        e = kg.entities[gid]
        s = entity_iri(gid)
        yield s, RDF.type, TYPE_CLASS.get(e.type, NG.Thing)
        yield s, RDFS.label, Literal(e.label)
        for alias in sorted(set(e.aliases) - {e.label}):
            yield s, SKOS.altLabel, Literal(alias)
        yield s, NG.entityType, Literal(e.type)
        yield s, NG.mentionCount, Literal(e.mention_count)
        for article in sorted(set(e.articles)):
            yield s, NG.mentionedIn, article_iri(article)
        roles = sorted(set(e.roles))
        for role in roles:
            yield s, NG.role, Literal(role)
        if e.type == "person":  # what schema.org tools and queries expect for a person's title
            for role in roles:
                yield s, SCHEMA.jobTitle, Literal(role)
        # offline gazetteer identifiers (extract/gazetteer.py): the export joins GeoNames and ISO 3166 data
        for name, value in sorted(e.identifiers):
            if name == "same_as":
                yield s, OWL.sameAs, URIRef(value)
            elif name in _IDENTIFIER_TERMS:
                yield s, _IDENTIFIER_TERMS[name], Literal(value)


_IDENTIFIER_TERMS = {"iso3166_alpha2": NG.iso3166Alpha2, "iso3166_alpha3": NG.iso3166Alpha3}


def _evidence_key(key: str, ev: dict[str, Any]) -> str:
    """The edge key of one piece of evidence: its own wording ("meet at"), negated like its edge.

    A graph edge merges the wordings of one relation class ("meet in", "meet
    at"); RDF keeps a property per wording, each a sub-property of its class,
    so a query can ask for the wording or for the class.
    """
    predicate, negated = split_negation(key)
    return (NEGATION_PREFIX if negated else "") + (ev.get("predicate") or predicate)


def _relation_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    predicates = sorted({split_negation(_evidence_key(key, ev))[0] for _, _, key, data in kg.graph.edges(keys=True, data=True) for ev in data["evidence"]})
    seen: set[URIRef] = set()
    classes: set[str] = set()
    for predicate in predicates:
        p = relation_iri(predicate)
        if p in seen:  # two spellings with one slug ("meet-in", "meet in"): one property, first label
            continue
        seen.add(p)
        yield p, RDF.type, RDF.Property
        yield p, RDF.type, NG.Relation
        yield p, RDFS.label, Literal(predicate)
        cls = relation_class(predicate)
        if cls == UNCLASSED:
            yield p, NG.relationClass, Literal(UNCLASSED)
        else:
            classes.add(cls)
            yield p, RDFS.subPropertyOf, class_iri(cls)
    for cls in sorted(classes):
        c = class_iri(cls)
        yield c, RDF.type, RDF.Property
        yield c, RDF.type, NG.RelationClass
        yield c, RDFS.label, Literal(cls)
        yield c, RDFS.comment, Literal(RELATION_CLASSES[cls][0])


def _article_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    for aid in sorted(kg.articles):
        a = kg.articles[aid]
        s = article_iri(aid)
        yield s, RDF.type, SCHEMA.NewsArticle
        yield s, SCHEMA.identifier, Literal(aid)
        if a.title:
            yield s, SCHEMA.headline, Literal(a.title)
        if a.date:
            yield s, SCHEMA.datePublished, _date_literal(a.date)
        if a.url:
            yield s, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)


#: The dataset node a view describes itself on (only files written from a view have it).
VIEW_IRI = URIRef(BASE + "view")


def view_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """What a view (:mod:`graph.views`) is, said on the dataset node :data:`VIEW_IRI`; nothing for a whole graph.

    ``<…/view> a void:Dataset ; dcterms:title "newsgraph view: ego" ; dcterms:description
    "Showing the ego network of X (radius 1): 40 of 26,515 nodes and …" ; rdfs:comment
    "The whole graph is in graph.nq, …" ; void:entities 40``, so a query, and a reader, can tell.
    """
    view = view_of(kg)
    if view is None:
        return
    yield VIEW_IRI, RDF.type, VOID.Dataset
    yield VIEW_IRI, DCTERMS.title, Literal(f"newsgraph view: {view.kind}")
    yield VIEW_IRI, DCTERMS.description, Literal(view.line)
    yield VIEW_IRI, RDFS.comment, Literal(whole_graph_note())
    yield VIEW_IRI, VOID.entities, Literal(view.nodes)


def _view_comment(kg: KnowledgeGraph) -> Iterator[str]:
    """``# Showing …`` lines at the top of a Turtle or TriG file written from a view."""
    view = view_of(kg)
    if view is not None:
        for text in (view.line, whole_graph_note()):
            yield "# " + " ".join(text.split()) + "\n"
        yield "\n"


def core_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """What a view is (:func:`view_triples`), entities, relation terms and articles: the part that belongs to no single article."""
    yield from view_triples(kg)
    yield from _entity_triples(kg)
    yield from _relation_triples(kg)
    yield from _article_triples(kg)


def _sorted_edges(kg: KnowledgeGraph) -> list[Edge]:
    return sorted(kg.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))


def assertion_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """Each merged, non-negated edge once as a plain triple ``s rel:p o``."""
    seen: set[Triple] = set()
    for u, v, key, data in _sorted_edges(kg):
        _, negated = split_negation(key)
        if negated:
            continue
        for ev in data["evidence"]:
            triple = (_entity_iri(u), _relation_iri(_evidence_key(key, ev)), _entity_iri(v))
            if triple not in seen:  # once per wording of the edge
                seen.add(triple)
                yield triple


class _Ev:
    """The terms of an evidence node, looked up once: ``NG.sentence`` builds a new URIRef on every access."""

    type, subject, predicate, object = RDF.type, RDF.subject, RDF.predicate, RDF.object
    classes = (NG.Evidence, RDF.Statement, PROV.Entity)
    derived_from = PROV.wasDerivedFrom
    sentence, sentence_index, start, end = NG.sentence, NG.sentenceIndex, NG.startChar, NG.endChar
    relation_text, subject_text, object_text, extractor = NG.relationText, NG.subjectText, NG.objectText, NG.extractor
    confidence, negated, modality, attribution, reported_on = NG.confidence, NG.negated, NG.modality, NG.attribution, NG.reportedOn
    decimal = XSD.decimal


# vocab percent-encodes every part of an IRI each time; an export asks for the
# same entity, relation and article IRIs again and again (every edge, every
# evidence node). The caches are bounded for streamed exports.
_entity_iri = lru_cache(maxsize=1 << 16)(entity_iri)
_relation_iri = lru_cache(maxsize=1 << 14)(relation_iri)
_article_iri = lru_cache(maxsize=1 << 14)(article_iri)


def _evidence_triples(u: str, v: str, key: str, ev: dict[str, Any], reported_on: str | None = None) -> Iterator[Triple]:
    """One evidence node: a reified ``rdf:Statement`` with its sentence, offsets and qualifiers.

    ``reported_on`` is the article's date, written as ``ng:reportedOn`` when it is ISO.
    """
    doc = ev["doc_id"]
    s, p, o = _entity_iri(u), _relation_iri(key), _entity_iri(v)
    node = evidence_iri(doc, ev["start_char"], ev["end_char"], f"{u}|{key}|{v}")
    _, negated = split_negation(key)
    for cls in _Ev.classes:
        yield node, _Ev.type, cls
    yield node, _Ev.subject, s
    yield node, _Ev.predicate, p
    yield node, _Ev.object, o
    yield node, _Ev.derived_from, _article_iri(doc)
    yield node, _Ev.sentence, Literal(ev["sentence"])
    yield node, _Ev.sentence_index, Literal(int(ev["sentence_index"]))
    yield node, _Ev.start, Literal(int(ev["start_char"]))
    yield node, _Ev.end, Literal(int(ev["end_char"]))
    yield node, _Ev.relation_text, Literal(ev["relation"])
    if ev.get("subject_text"):
        yield node, _Ev.subject_text, Literal(ev["subject_text"])
    if ev.get("object_text"):
        yield node, _Ev.object_text, Literal(ev["object_text"])
    yield node, _Ev.extractor, Literal(ev["extractor"])
    yield node, _Ev.confidence, Literal(_decimal(ev["confidence"]), datatype=_Ev.decimal)
    yield node, _Ev.negated, Literal(bool(ev["negated"]) or negated)
    if ev.get("modality"):
        yield node, _Ev.modality, Literal(ev["modality"])
    if ev.get("attribution"):
        yield node, _Ev.attribution, Literal(ev["attribution"])
    yield from _qualifier_triples(node, ev.get("qualifiers", ()))
    if reported_on and (day := _date_literal(reported_on)).datatype is not None:
        yield node, _Ev.reported_on, day


#: Qualifier kind → (text property, value property, value → datatype or None when not typed).
_QUALIFIER_TERMS = {
    "time": (NG.time, NG.timeValue),
    "duration": (NG.duration, NG.durationValue),
    "place": (NG.place, None),
    "quantity": (NG.quantity, NG.quantityValue),
    "manner": (NG.manner, None),
}
_TIME_TYPES = ((re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date), (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth), (re.compile(r"\d{4}"), XSD.gYear))
_DURATION = re.compile(r"P(?:\d+[YMWD])+|PT\d+[HMS]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _qualifier_value(kind: str, value: str) -> Literal | None:
    """The typed literal of a qualifier value: a date/month/year, a duration or a number; ``None`` if untyped (an ISO week)."""
    if kind == "time":
        return next((Literal(value, datatype=dtype) for pattern, dtype in _TIME_TYPES if pattern.fullmatch(value)), None)
    if kind == "duration" and _DURATION.fullmatch(value):
        return Literal(value, datatype=XSD.duration)
    if kind == "quantity" and _NUMBER.fullmatch(value):
        return Literal(value, datatype=XSD.decimal)
    return None


def _qualifier_triples(node: URIRef, qualifiers: Iterable[dict[str, Any]]) -> Iterator[Triple]:
    """``ng:time "on Thursday"`` and ``ng:timeValue "2025-10-16"^^xsd:date`` … in a stable order."""
    texts: set[Triple] = set()
    values: set[Triple] = set()
    for q in qualifiers:
        terms = _QUALIFIER_TERMS.get(q["kind"])
        if terms is None:
            continue
        texts.add((node, terms[0], Literal(q["text"])))
        typed = _qualifier_value(q["kind"], q["value"]) if q.get("value") and terms[1] is not None else None
        if typed is not None:
            values.add((node, terms[1], typed))
    yield from sorted(texts | values, key=lambda t: (str(t[1]), str(t[2])))


def _edges_by_article(kg: KnowledgeGraph) -> dict[str, list[tuple[str, str, str, dict[str, Any]]]]:
    """article id → [(u, v, key, evidence record)], edges in sorted order."""
    by_article: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = defaultdict(list)
    for u, v, key, data in _sorted_edges(kg):
        for ev in data["evidence"]:
            by_article[ev["doc_id"]].append((u, v, _evidence_key(key, ev), ev))
    return by_article


def article_triples(kg: KnowledgeGraph, memo: _EvidenceMemo | None = None) -> Iterator[tuple[str, Iterator[Triple]]]:
    """(article id, its triples) in article order: the article's positive assertions, then its evidence.

    ``memo`` holds the evidence triples :func:`all_triples` made for the default graph, so the
    named graphs of TriG and N-Quads reuse them instead of building every term twice.
    """
    by_article = _edges_by_article(kg)
    for doc in sorted(by_article):
        info = kg.articles.get(doc)
        yield doc, _one_article(by_article[doc], info.date if info else None, memo)


def _assertion(u: str, v: str, key: str) -> Triple | None:
    """The plain triple an edge asserts; ``None`` for a negated edge, which is never asserted."""
    if split_negation(key)[1]:
        return None
    return _entity_iri(u), _relation_iri(key), _entity_iri(v)


class _EvidenceMemo:
    """Evidence triples by (edge, wording, evidence record), kept from the default graph for the named graphs.

    The evidence records are the graph's own dicts, alive for the whole export,
    so their ``id`` names them; each entry is taken out when it is used again.
    """

    def __init__(self) -> None:
        self._triples: dict[tuple[str, str, str, int, str | None], list[Triple]] = {}

    def triples(self, u: str, v: str, key: str, ev: dict[str, Any], reported_on: str | None, *, keep: bool) -> list[Triple]:
        name = (u, v, key, id(ev), reported_on)
        triples = self._triples.pop(name, None)
        if triples is None:
            triples = list(_evidence_triples(u, v, key, ev, reported_on))
        if keep:
            self._triples[name] = triples
        return triples


def _new_evidence(
    u: str, v: str, key: str, ev: dict[str, Any], seen: set[URIRef], reported_on: str | None = None,
    memo: _EvidenceMemo | None = None, *, keep: bool = False,
) -> list[Triple]:
    """The evidence node's triples, or nothing when the same statement in the same span was already written."""
    if memo is None:
        triples = list(_evidence_triples(u, v, key, ev, reported_on))
    else:
        triples = memo.triples(u, v, key, ev, reported_on, keep=keep)
    if triples[0][0] in seen:
        return []
    seen.add(triples[0][0])
    return triples


def _one_article(edges: list[tuple[str, str, str, dict[str, Any]]], reported_on: str | None = None, memo: _EvidenceMemo | None = None) -> Iterator[Triple]:
    asserted = dict.fromkeys(t for u, v, key, _ in edges if (t := _assertion(u, v, key)) is not None)
    yield from asserted
    evidence_seen: set[URIRef] = set()
    for u, v, key, ev in edges:
        yield from _new_evidence(u, v, key, ev, evidence_seen, reported_on, memo)


def _evidence_in_edge_order(kg: KnowledgeGraph, memo: _EvidenceMemo | None = None) -> Iterator[Triple]:
    """Every edge's assertion followed by its evidence: the readable order of ``graph.ttl``."""
    asserted: set[Triple] = set()
    evidence_seen: set[URIRef] = set()
    for u, v, edge_key, data in _sorted_edges(kg):
        keyed = [(_evidence_key(edge_key, ev), ev) for ev in data["evidence"]]
        for key, _ in keyed:
            triple = _assertion(u, v, key)
            if triple is not None and triple not in asserted:
                asserted.add(triple)
                yield triple
        for key, ev in keyed:
            info = kg.articles.get(ev["doc_id"])
            yield from _new_evidence(u, v, key, ev, evidence_seen, info.date if info else None, memo, keep=True)


def all_triples(kg: KnowledgeGraph, memo: _EvidenceMemo | None = None) -> Iterator[Triple]:
    """Every triple of ``graph.ttl``, each exactly once, in a stable order (evidence kept in ``memo`` for :func:`article_triples`)."""
    yield from core_triples(kg)
    yield from _evidence_in_edge_order(kg, memo)


RDF_REIFIES = URIRef(str(RDF) + "reifies")


def rdf12_triples(kg: KnowledgeGraph) -> Iterator[tuple[URIRef, URIRef, Any]]:
    """:func:`all_triples` with RDF 1.2 reifiers instead of ``rdf:Statement`` reification.

    Each evidence node says ``ev rdf:reifies <<( s p o )>>`` (a triple term,
    written as a Python tuple) instead of ``rdf:subject/predicate/object``;
    everything else is the same. Only RDF 1.2 parsers (pyoxigraph) read it.
    """
    subject = predicate = None
    for s, p, o in all_triples(kg):
        if p == RDF.type and o == RDF.Statement:
            continue
        if p == RDF.subject:
            subject = o
        elif p == RDF.predicate:
            predicate = o
        elif p == RDF.object:
            yield s, RDF_REIFIES, (subject, predicate, o)
        else:
            yield s, p, o


def to_graph(kg: KnowledgeGraph) -> Graph:
    """Everything in one rdflib graph (the content of ``graph.ttl``)."""
    g = Graph()
    _bind(g)
    for triple in all_triples(kg):
        g.add(triple)
    return g


def to_dataset(kg: KnowledgeGraph) -> Dataset:
    """The content of ``graph.trig`` as an rdflib Dataset."""
    ds = Dataset()
    _bind(ds)
    for triple in all_triples(kg):
        ds.add(triple)
    for doc, triples in article_triples(kg):
        named = ds.graph(article_iri(doc))
        for triple in triples:
            named.add(triple)
    return ds


def _bind(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)


# --------------------------------------------------------------------------- term syntax

# Characters N-Triples/Turtle forbid raw in an IRI; our IRIs are percent-encoded,
# this is the last line of defence for IRIs built elsewhere.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
# Literal characters written as escapes: the required ones plus every other control
# character, so no parser (rapper included) ever sees a raw control byte.
_LITERAL_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


# a DefinedNamespace attribute is a lookup each time: the datatypes the writers test, once
_XSD_STRING, _XSD_INTEGER, _XSD_BOOLEAN, _XSD_DECIMAL = XSD.string, XSD.integer, XSD.boolean, XSD.decimal


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    return _ECHAR.get(ch) or f"\\u{ord(ch):04X}"


def _iri(value: str) -> str:
    plain = str.__str__(value)  # a URIRef hashes like its text but never equals a str key
    written = _IRIS.get(plain)
    if written is None:
        written = _remember(_IRIS, plain, "<" + _IRI_FORBIDDEN.sub(lambda m: "%" + "".join(f"{b:02X}" for b in m.group().encode()), plain) + ">")
    return written


# Every IRI of an export is written many times (a predicate in every evidence
# node, an entity in all its edges): each is escaped once. The caches are
# bounded: a streamed export of millions of evidence nodes must not keep them all.
_IRIS: dict[str, str] = {}
_MAX_REMEMBERED = 500_000


def _remember(cache: dict[str, str], key: str, value: str) -> str:
    if len(cache) >= _MAX_REMEMBERED:
        cache.clear()
    cache[key] = value
    return value


def _literal_text(value: str) -> str:
    return '"' + _LITERAL_ESCAPE.sub(_escape_char, value) + '"'


def nt_term(term: Node) -> str:
    """One term in N-Triples syntax (also valid Turtle/TriG/N-Quads).

    >>> nt_term(Literal('say "hi"\\n'))
    '"say \\\\"hi\\\\"\\\\n"'
    >>> nt_term(Literal(3))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    kind = type(term)  # an exact type test is cheaper than isinstance on rdflib terms: the common cases first
    if kind is URIRef:
        return _iri(term)
    if kind is Literal or isinstance(term, Literal):
        text = _literal_text(str(term))
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype
        if datatype is not None and datatype != _XSD_STRING:
            return f"{text}^^{_iri(datatype)}"
        return text
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, tuple) and len(term) == 3:  # an RDF 1.2 triple term
        return "<<( " + " ".join(nt_term(t) for t in term) + " )>>"
    raise TypeError(f"cannot write {type(term).__name__} {term!r}: exports use IRIs, literals and triple terms only")


# Local names we dare to abbreviate: a strict subset of Turtle's PN_LOCAL.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?|")
_BY_LENGTH = [(prefix, str(ns)) for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))]
_RDF_TYPE = str(RDF.type)
#: IRI text → its Turtle form (prefixed name or ``<…>``), worked out once per process like :data:`_IRIS`.
_TURTLE_IRIS: dict[str, str] = {}


def _prefixed(iri: str) -> str:
    """``ng:Evidence`` for an IRI in a known namespace with a safe local name, else ``<…>``."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _SAFE_LOCAL.fullmatch(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns):]}"
    return _iri(iri)

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


def _turtle_term(term: Node, *, predicate: bool = False) -> str:
    """Like :func:`nt_term` but with prefixed names, ``a``, bare integers and booleans."""
    if isinstance(term, URIRef):
        plain = str.__str__(term)
        if predicate and plain == _RDF_TYPE:
            return "a"
        written = _TURTLE_IRIS.get(plain)
        if written is None:
            written = _remember(_TURTLE_IRIS, plain, _prefixed(plain))
        return written
    if isinstance(term, Literal) and (datatype := term.datatype) is not None and not term.language:
        lexical = str(term)
        if datatype == _XSD_INTEGER and _INTEGER.fullmatch(lexical):
            return lexical
        if datatype == _XSD_BOOLEAN and lexical in ("true", "false"):
            return lexical
        if datatype == _XSD_DECIMAL and _DECIMAL.fullmatch(lexical):
            return lexical
        if datatype != _XSD_STRING:
            return f"{_literal_text(lexical)}^^{_turtle_term(datatype)}"
    return nt_term(term)


# --------------------------------------------------------------------------- streaming writers


def generate_ntriples(triples: Iterable[Triple]) -> Iterator[str]:
    """One N-Triples line per triple (``networkx.generate_edgelist`` style)."""
    for s, p, o in triples:
        yield f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


def generate_nquads(kg: KnowledgeGraph) -> Iterator[str]:
    """Default-graph lines (= ``graph.nt``), then each article's named graph, line by line."""
    memo = _EvidenceMemo()
    yield from generate_ntriples(all_triples(kg, memo))
    for doc, triples in article_triples(kg, memo):
        graph = " " + nt_term(article_iri(doc)) + " .\n"
        for s, p, o in triples:
            yield f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph}"


def _prefix_lines() -> Iterator[str]:
    for prefix, ns in PREFIXES.items():
        yield f"@prefix {prefix}: {_iri(ns)} .\n"
    yield "\n"


def _turtle_body(triples: Iterable[Triple], indent: str = "") -> Iterator[str]:
    """Triples grouped by subject (``;``) and predicate (``,``) as long as they arrive together."""
    subject: Node | None = None
    predicate: Node | None = None
    for s, p, o in triples:
        obj = _turtle_term(o)
        # most triples repeat the very term objects of the one before: "is" spares rdflib's __eq__
        same_subject = s is subject or s == subject
        if same_subject and (p is predicate or p == predicate):
            yield f" ,\n{indent}        {obj}"
        elif same_subject:
            predicate = p
            yield f" ;\n{indent}    {_turtle_term(p, predicate=True)} {obj}"
        else:
            if subject is not None:
                yield " .\n\n"
            subject, predicate = s, p
            yield f"{indent}{_turtle_term(s)} {_turtle_term(p, predicate=True)} {obj}"
    if subject is not None:
        yield " .\n"


def generate_turtle(kg: KnowledgeGraph) -> Iterator[str]:
    """``graph.ttl``: prefixes, entities, relations, articles, then each assertion with its evidence."""
    yield from _view_comment(kg)
    yield from _prefix_lines()
    yield from _turtle_body(all_triples(kg))


def generate_trig(kg: KnowledgeGraph) -> Iterator[str]:
    """``graph.trig``: the default graph (= ``graph.ttl``), then one named graph block per article."""
    yield from _view_comment(kg)
    yield from _prefix_lines()
    yield "{\n"
    memo = _EvidenceMemo()
    yield from _turtle_body(all_triples(kg, memo), indent="    ")
    yield "}\n"
    for doc, triples in article_triples(kg, memo):
        yield f"\n{_turtle_term(article_iri(doc))} {{\n"
        yield from _turtle_body(triples, indent="    ")
        yield "}\n"


def _write_lines(lines: Iterable[str], path: Path) -> None:
    with gc_paused(), atomic_write(path) as handle:  # see exports/gcpause.py
        _write_buffered(lines, handle)


def _write_buffered(lines: Iterable[str], handle: IO[str], batch: int = 4096) -> None:
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= batch:
            handle.write("".join(buffer))
            buffer.clear()
    handle.write("".join(buffer))


# --------------------------------------------------------------------------- registered exporters


@register_exporter("turtle", filename="graph.ttl", description="RDF Turtle: entities, assertions and evidence in one graph")
def write_turtle(kg: KnowledgeGraph, path: Path) -> None:
    _write_lines(generate_turtle(kg), path)


@register_exporter("ntriples", filename="graph.nt", description="RDF N-Triples (line based, for bulk loaders)")
def write_ntriples(kg: KnowledgeGraph, path: Path) -> None:
    _write_lines(generate_ntriples(all_triples(kg)), path)


@register_exporter("trig", filename="graph.trig", description="RDF TriG: merged graph plus one named graph per article")
def write_trig(kg: KnowledgeGraph, path: Path) -> None:
    _write_lines(generate_trig(kg), path)


@register_exporter("nquads", filename="graph.nq", description="RDF N-Quads: merged graph plus one named graph per article")
def write_nquads(kg: KnowledgeGraph, path: Path) -> None:
    _write_lines(generate_nquads(kg), path)


# Not ".ttl": Turtle 1.1 tools (raptor, rdflib, Jena before 5) claim that extension and then
# reject the RDF 1.2 syntax (VERSION, <<( … )>>); ".ttl12" is claimed by none, so no tool is fooled.
@register_exporter(
    "rdf12",
    filename="graph.ttl12",
    description="RDF 1.2 Turtle: evidence as reifiers (ev rdf:reifies <<( s p o )>>); for pyoxigraph and other RDF 1.2 stores",
)
def write_rdf12(kg: KnowledgeGraph, path: Path) -> None:
    _write_lines(chain(['VERSION "1.2"\n'], _prefix_lines(), _turtle_body(rdf12_triples(kg))), path)


_JSONLD_CONTEXT = {prefix: ns for prefix, ns in PREFIXES.items()}


def _canonical_jsonld(value: Any) -> Any:
    """Sort every JSON-LD array: rdflib writes nodes and values in its store's hash order.

    Arrays here are sets of nodes or values (the export uses no ``@list``),
    so their order carries no meaning and sorting them changes nothing but
    the bytes, which must be the same for the same input.
    """
    if isinstance(value, dict):
        return {k: _canonical_jsonld(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


@register_exporter("jsonld", filename="graph.jsonld", description="RDF JSON-LD (the graph.ttl content)")
def write_jsonld(kg: KnowledgeGraph, path: Path) -> None:
    with gc_paused():
        document = json.loads(to_graph(kg).serialize(format="json-ld", context=_JSONLD_CONTEXT))
    with atomic_write(path) as handle:
        json.dump(_canonical_jsonld(document), handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")
