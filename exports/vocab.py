"""The newsgraph RDF vocabulary and the IRIs of entities, relations, articles and evidence."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from graph.ids import slugify

__all__ = ["BASE", "NG", "SCHEMA", "ENT", "REL", "ART", "EV", "TYPE_CLASS", "entity_iri", "relation_iri", "article_iri", "evidence_iri"]

BASE = "https://w3id.org/newsgraph/"
SCHEMA = Namespace("https://schema.org/")
ENT = Namespace(BASE + "entity/")
REL = Namespace(BASE + "relation/")
ART = Namespace(BASE + "article/")
EV = Namespace(BASE + "evidence/")


class NG(DefinedNamespace):
    """Terms of our own ontology; a typo is an error, not a silent new IRI."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Relation: URIRef
    Evidence: URIRef
    Concept: URIRef
    Group: URIRef
    Thing: URIRef
    # entity properties
    role: URIRef
    mentionCount: URIRef
    mentionedIn: URIRef
    entityType: URIRef
    # evidence properties
    sentence: URIRef
    sentenceIndex: URIRef
    startChar: URIRef
    endChar: URIRef
    relationText: URIRef
    subjectText: URIRef
    objectText: URIRef
    extractor: URIRef
    confidence: URIRef
    negated: URIRef
    modality: URIRef
    attribution: URIRef
    # edge summary
    supportCount: URIRef


TYPE_CLASS = {
    "person": SCHEMA.Person,
    "organization": SCHEMA.Organization,
    "place": SCHEMA.Place,
    "event": SCHEMA.Event,
    "work": SCHEMA.CreativeWork,
    "product": SCHEMA.Product,
    "group": NG.Group,
    "concept": NG.Concept,
}


def _segment(text: str) -> str:
    """Percent-encode everything that is not safe in one IRI path segment."""
    return quote(text, safe="-._~")


def entity_iri(entity_id: str) -> URIRef:
    return URIRef(ENT + "/".join(_segment(part) for part in entity_id.split("/")))


def relation_iri(predicate: str) -> URIRef:
    return URIRef(REL + _segment(slugify(predicate)))


def article_iri(article_id: str) -> URIRef:
    return URIRef(ART + _segment(article_id))


def evidence_iri(article_id: str, start: int, end: int, key: str) -> URIRef:
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return URIRef(f"{EV}{_segment(article_id)}/{start}-{end}-{digest}")
