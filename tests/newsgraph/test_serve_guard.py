"""The endpoint's checks on query text: size, nesting, SERVICE, and syntax errors in words."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from exports.vocab import PREFIXES
from newsgraph.serve_guard import QueryLimits, Refused, blank_out, check_query, explain_syntax_error, nesting_depth, query_form, service_targets

LIMITS = QueryLimits(max_bytes=2000, max_nesting=10)


@pytest.mark.parametrize(
    ("query", "targets"),
    [
        ("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
        ("select * where { service silent <http://a.example/> { ?s ?p ?o } }", ["http://a.example/"]),
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", [None]),
        ("PREFIX ex: <http://b.example/> SELECT * WHERE { SERVICE ex:sparql { ?s ?p ?o } }", ["http://b.example/sparql"]),
        ("SELECT * WHERE { SERVICE nope:sparql { ?s ?p ?o } }", [None]),
        ("SELECT * WHERE {\n  SERVICE # a comment\n  <http://c.example/> {} }", ["http://c.example/"]),
        # not SERVICE at all: a string, a comment, a variable, a prefixed name, an IRI
        ('SELECT ?service WHERE { ?s ex:service "SERVICE <http://a/>" } # SERVICE <http://b/>', []),
        ("PREFIX service: <http://s/> SELECT * WHERE { ?s service:x <http://x/SERVICE> }", []),
    ],
)
def test_service_targets(query, targets):
    assert service_targets(query) == targets


@pytest.mark.parametrize(
    ("query", "federate", "message"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", (), "SERVICE (federated query) is off"),
        ("SELECT * { SERVICE SILENT <http://10.0.0.1/> { ?s ?p ?o } }", (), "--federate URL-PREFIX"),
        ("SELECT * { SERVICE <http://other.example/sparql> {} }", ("https://query.wikidata.org/",), "not an allowed endpoint"),
        ("SELECT * { SERVICE ?x {} }", ("https://query.wikidata.org/",), "literal endpoint IRI"),
        ("SELECT * WHERE " + "{" * 11 + "}" * 11, (), "nests brackets 11 levels deep; the limit is 10"),
        ("SELECT * WHERE { FILTER(" + "(" * 12 + "1" + ")" * 12 + ") }", (), "limit is 10"),
        ("SELECT * WHERE { ?s ?p '" + "x" * 3000 + "' }", (), "up to 2,000 bytes"),
    ],
)
def test_check_query_refuses(query, federate, message):
    limits = QueryLimits(max_bytes=LIMITS.max_bytes, max_nesting=LIMITS.max_nesting, federate=federate)
    with pytest.raises(Refused) as exc:
        check_query(query, limits)
    assert exc.value.status == 400 and message in exc.value.message


@pytest.mark.parametrize(
    ("query", "federate"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 3", ()),
        ('SELECT * WHERE { ?s ?p "{{{{{{{{{{{{{{{{{{{{" }', ()),  # braces in a literal are not nesting
        ("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", ("https://query.wikidata.org/",)),
    ],
)
def test_check_query_lets_through(query, federate):
    check_query(query, QueryLimits(max_bytes=2000, max_nesting=10, federate=federate))


def test_blank_out_keeps_positions_and_lines():
    query = 'SELECT * # {{\nWHERE { ?s ?p "a{b" . ?s ?q <http://x/(> }'
    blank = blank_out(query)
    assert len(blank) == len(query) and blank.count("\n") == 1
    assert nesting_depth(query) == 1 and "{{" not in blank and "(" not in blank


@pytest.mark.parametrize(
    ("query", "form"),
    [("ASK { ?s ?p ?o }", "ASK"), ("# SELECT\nDESCRIBE <http://x/>", "DESCRIBE"), ("PREFIX select: <http://x/> CONSTRUCT WHERE {}", "CONSTRUCT"), ("nothing", None)],
)
def test_query_form(query, form):
    assert query_form(query) == form


def _parser_message(query: str) -> str:
    try:
        ox.Store().query(query, prefixes=dict(PREFIXES))
    except SyntaxError as err:
        return f"bad query: {err}"
    raise AssertionError("the query parsed")


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("SELCT ?x WHERE { ?x ?p ?o }", "did you mean SELECT?"),
        ("SELECT ?x WHERE { ?x foo:bar ?o }", "unknown prefix 'foo:' at line 1, column 22"),
        ("SELECT ?x WHERE {\n ?x ?p ?o", "'{' at line 1, column 17 is never closed"),
        ("SELECT ?x WHERE { ?x ?p ?o } }", "'}' at line 1, column 30 closes nothing"),
        ("SELECT ?x WHERE { ?x ?p ?o } LIMT 4", "'LIMT' is not a keyword — did you mean LIMIT?"),
        ("SELECT ?x WHERE { ?x ?p ?o . FILTR(?x) }", "did you mean FILTER?"),
        ("SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "expected BY"),
    ],
)
def test_syntax_errors_say_what_is_wrong(query, wanted):
    raw = _parser_message(query)
    message = explain_syntax_error(query, raw)
    assert wanted in message, message
    assert "\\u{" not in message and len(message) < 300


def test_service_after_an_iri_with_a_hash_on_the_same_line():
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT * { SERVICE <http://d.example/> { ?s rdfs:label ?l } }"
    assert service_targets(query) == ["http://d.example/"]
