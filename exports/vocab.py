"""The newsgraph RDF vocabulary and the IRIs of entities, relations, articles and evidence.

Every IRI is built from ids that are already stable (entity ids are slugs,
article ids come from the input), and every path segment is percent-encoded,
so any name — quotes, angle brackets, spaces, non-Latin scripts, emoji —
gives an IRI that every RDF parser accepts, and the same input gives the
same IRIs.

>>> str(entity_iri("person/donald-trump"))
'https://w3id.org/newsgraph/entity/person/donald-trump'
>>> str(relation_iri("meet in"))
'https://w3id.org/newsgraph/relation/meet-in'
>>> str(article_iri('a "quoted" <id>'))
'https://w3id.org/newsgraph/article/a%20%22quoted%22%20%3Cid%3E'
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from graph.ids import slugify

__all__ = [
    "BASE",
    "NG",
    "SCHEMA",
    "ENT",
    "REL",
    "ART",
    "EV",
    "PREFIXES",
    "TYPE_CLASS",
    "NEGATION_PREFIX",
    "split_negation",
    "entity_iri",
    "relation_iri",
    "class_iri",
    "article_iri",
    "evidence_iri",
]

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
    Relation: URIRef  # every relation predicate (rel:meet-in a ng:Relation)
    RelationClass: URIRef  # a class of relations (ng:communicate); each rel: property is rdfs:subPropertyOf one
    relationClass: URIRef  # "unclassed" on a relation property no class fits
    Evidence: URIRef  # one sentence that supports (or denies) one statement
    Concept: URIRef
    Group: URIRef
    Thing: URIRef  # entity of a type schema.org has no class for
    # entity properties
    role: URIRef  # a title or role the articles give the entity ("U.S. President")
    mentionCount: URIRef
    mentionedIn: URIRef
    entityType: URIRef
    iso3166Alpha2: URIRef  # a country's ISO 3166-1 alpha-2 code, from the offline gazetteer
    iso3166Alpha3: URIRef  # and its alpha-3 code
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
    # evidence qualifiers (extract/qualifiers.py): the circumstance as written, plus a typed value when known
    time: URIRef  # when: "on Thursday", "last week", "in 2003"
    duration: URIRef  # for how long: "for 30 days"
    place: URIRef  # where, when it is not the object: "in Budapest"
    quantity: URIRef  # how many or how much: "more than 300", "$3.25bn"
    manner: URIRef  # how, e.g. the channel: "by phone", "in person"
    timeValue: URIRef  # the time normalised against the article date: xsd:date, xsd:gYearMonth or xsd:gYear
    durationValue: URIRef  # the duration as xsd:duration ("P30D")
    quantityValue: URIRef  # the number as xsd:decimal ("3250000000")
    reportedOn: URIRef  # the date of the article the evidence comes from (xsd:date)
    # relation classes (graph/relations.py): super-properties of the rel: properties
    say: URIRef
    communicate: URIRef
    meet: URIRef
    visit: URIRef
    negotiate: URIRef
    agree: URIRef
    support: URIRef
    praise: URIRef
    criticise: URIRef
    accuse: URIRef
    threaten: URIRef
    request: URIRef
    attack: URIRef
    sanction: URIRef
    supply: URIRef
    transact: URIRef
    own: URIRef
    lead: URIRef
    memberOf: URIRef
    employ: URIRef
    roleOf: URIRef
    locatedIn: URIRef
    partOf: URIRef
    include: URIRef
    relatedTo: URIRef
    compete: URIRef
    create: URIRef
    start: URIRef
    end: URIRef
    change: URIRef
    involve: URIRef
    # "is" is a Python keyword: ng:is is reached through class_iri("is")


#: Prefixes bound in every serialisation (and offered to SPARQL queries).
PREFIXES: dict[str, str] = {
    "ng": str(NG._NS),
    "rel": str(REL),
    "art": str(ART),
    "ev": str(EV),
    "ent": str(ENT),
    "schema": str(SCHEMA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": str(XSD),
}

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

#: How the graph keys a negated statement: ``"not meet in"``.
NEGATION_PREFIX = "not "


def split_negation(edge_key: str) -> tuple[str, bool]:
    """``"not meet in"`` → ``("meet in", True)``; the positive predicate and whether it was denied.

    >>> split_negation("not meet in")
    ('meet in', True)
    >>> split_negation("meet in")
    ('meet in', False)
    """
    if edge_key.startswith(NEGATION_PREFIX):
        return edge_key[len(NEGATION_PREFIX) :], True
    return edge_key, False


def _segment(text: str) -> str:
    """Percent-encode everything that is not unreserved in one IRI path segment.

    Non-ASCII letters are encoded too (as UTF-8 octets): an opaque but
    portable IRI that every parser and every SPARQL engine agrees on; the
    readable name is the entity's ``rdfs:label``.
    """
    return quote(text, safe="-._~")


def class_iri(relation_class: str) -> URIRef:
    """The property of a relation class: ``"located in"`` → ``ng:locatedIn``, ``"communicate"`` → ``ng:communicate``.

    >>> str(class_iri("located in"))
    'https://w3id.org/newsgraph/ontology#locatedIn'
    """
    first, *rest = relation_class.split()
    name = first + "".join(w.capitalize() for w in rest)
    return URIRef(str(NG._NS) + name) if name == "is" else NG[name]


def entity_iri(entity_id: str) -> URIRef:
    """``person/donald-trump`` → ``<…/entity/person/donald-trump>`` (each ``/`` part encoded)."""
    return URIRef(ENT + "/".join(_segment(part) for part in entity_id.split("/")))


def relation_iri(predicate: str) -> URIRef:
    """The property for a normalised relation: ``"meet in"`` → ``rel:meet-in``.

    A negated key (``"not meet in"``) maps to the positive property: negation
    is a qualifier of the evidence, never part of the predicate.
    """
    positive, _ = split_negation(predicate)
    return URIRef(REL + _segment(slugify(positive)))


def article_iri(article_id: str) -> URIRef:
    return URIRef(ART + _segment(article_id))


def evidence_iri(article_id: str, start: int, end: int, key: str) -> URIRef:
    """One evidence node per (article, sentence span, statement); ``key`` names the statement."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return URIRef(f"{EV}{_segment(article_id)}/{start}-{end}-{digest}")
