"""SPARQL over newsgraph exports, on pyoxigraph.

Load one or more RDF files into an in-memory store and run a query::

    from newsgraph.sparql import load_store, run_query, write_results
    store = load_store(["out/graph.ttl"])
    result = run_query(store, "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }")
    write_results(result, sys.stdout, "csv")

Our prefixes (``ng:``, ``rel:``, ``schema:``, ``rdfs:``, ``skos:``, ``prov:`` …)
are predeclared, so queries may skip the PREFIX lines. In TriG/N-Quads the
default graph already holds the whole graph (the same triples as
``graph.ttl``), so a query gives the same answer on every export; the
per-article named graphs are there for ``GRAPH ?article { … }``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from exports.vocab import PREFIXES
from extract.errors import InputError, NewsgraphError

__all__ = [
    "QueryError",
    "QueryResult",
    "FORMATS_BY_EXTENSION",
    "load_store",
    "read_query",
    "is_update",
    "run_query",
    "write_results",
    "term_text",
    "RESULT_FORMATS",
    "results_text",
    "table_rows",
]

#: File extension → pyoxigraph format for :func:`load_store`.
FORMATS_BY_EXTENSION: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".ttl12": ox.RdfFormat.TURTLE,  # RDF 1.2 Turtle (exports' rdf12 format); pyoxigraph reads both
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}

#: Result formats :func:`write_results` knows, with their media types.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
}


class QueryError(NewsgraphError):
    """The query cannot be run: bad syntax (the parser's message says where), or an update."""


@dataclass
class QueryResult:
    """The materialised answer of one query.

    ``kind`` is ``"select"`` (``variables`` + ``rows``), ``"ask"`` (``boolean``)
    or ``"graph"`` (``triples``, for CONSTRUCT/DESCRIBE). ``truncated`` is
    true when ``max_rows`` (or ``max_bytes``) cut the answer short;
    ``truncated_by`` says which (``"max-rows"`` or ``"max-bytes"``).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    truncated_by: str = ""

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def column(self, name: str) -> list[str | None]:
        """The plain text of one variable in every row (IRIs as IRIs, literals as their value)."""
        index = self.variables.index(name)
        return [None if row[index] is None else term_text(row[index]) for row in self.rows]


def load_store(paths: Iterable[str | os.PathLike[str]]) -> ox.Store:
    """A fresh in-memory store holding every file (format chosen by extension)."""
    store = ox.Store()
    for raw in paths:
        path = Path(raw)
        fmt = FORMATS_BY_EXTENSION.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(FORMATS_BY_EXTENSION))
            raise InputError(f"{path}: cannot tell the RDF format from the extension {path.suffix!r}; use one of {known}.")
        if not path.is_file():
            raise InputError(f"{path}: no such file; build one with `newsgraph build INPUT --out DIR`.")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError) as err:
            raise InputError(f"{path}: not valid {fmt.name}: {err}") from None
    return store


def read_query(text: str) -> str:
    """The query itself, or the content of ``@path/to/query.rq``."""
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise InputError(f"{path}: no such query file.")
        return path.read_text(encoding="utf-8")
    return text


_COMMENT_OR_STRING = re.compile(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>")
# Keywords, not prefixed names or variables (PREFIX load: <…>, ?add).
_UPDATE_KEYWORD = re.compile(r"(?<![\w:?$-])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:-])", re.IGNORECASE)
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether ``text`` looks like SPARQL Update rather than a query.

    Only a hint for a friendlier message: the real guard is that queries are
    parsed as queries (``Store.query`` rejects update syntax).

    >>> is_update("INSERT DATA { <a:b> <a:c> <a:d> }")
    True
    >>> is_update('SELECT * WHERE { ?s ?p "insert data" }')
    False
    >>> is_update("PREFIX load: <http://example.org/> SELECT ?add WHERE { ?add load:copy ?x }")
    False
    """
    code = _COMMENT_OR_STRING.sub(" ", text)
    update = _UPDATE_KEYWORD.search(code)
    form = _QUERY_FORM.search(code)
    return update is not None and (form is None or update.start() < form.start())


def _prefix_header(query: str) -> dict[str, str]:
    """Our prefixes, except those the query declares itself."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w.-]*):", query, re.IGNORECASE)}
    return {p: ns for p, ns in PREFIXES.items() if p not in declared}


def run_query(store: ox.Store, query: str, *, max_rows: int | None = None, max_bytes: int | None = None) -> QueryResult:
    """Run a read-only query; ``max_rows`` caps rows (or triples), ``max_bytes`` the text they hold
    (an estimate of the serialised size), and either marks the result truncated."""
    if is_update(query):
        raise QueryError("SPARQL Update is not allowed: the store is read-only; send SELECT, ASK, CONSTRUCT or DESCRIBE.")
    try:
        answer = store.query(query, prefixes=_prefix_header(query))
    except SyntaxError as err:
        raise QueryError(f"bad query: {parser_message(err)}") from None
    except OSError as err:  # evaluation errors surface as OSError in pyoxigraph
        raise QueryError(f"query failed: {err}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    try:
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows, by = _take(([solution[v] for v in variables] for solution in answer), max_rows, max_bytes, _row_size)
            return QueryResult("select", variables=variables, rows=rows, truncated=bool(by), truncated_by=by)
        triples, by = _take(iter(answer), max_rows, max_bytes, _triple_size)
        return QueryResult("graph", triples=triples, truncated=bool(by), truncated_by=by)
    except (OSError, SyntaxError, ValueError) as err:
        raise QueryError(f"query failed: {err}") from None


_CHAR_CLASS = re.compile(r"\[[^\]]*\\u\{[^\]]*\]")


def parser_message(err: Exception) -> str:
    r"""The parser's message on one line, its long Unicode character classes shortened.

    >>> parser_message(SyntaxError("expected ['a' | '" + chr(92) + "u{00B7}']," + chr(10) + " [_]"))
    'expected <name character>, [_]'
    """
    return _CHAR_CLASS.sub("<name character>", " ".join(str(err).split()))


def _take(items: Iterator, limit: int | None, max_bytes: int | None = None, size=None) -> tuple[list, str]:
    """Up to ``limit`` items holding up to ``max_bytes``; the second value names the cap that cut, or ``""``."""
    out: list = []
    total = 0
    for item in items:
        if limit is not None and len(out) >= limit:
            return out, "max-rows"
        if max_bytes is not None:
            total += size(item)
            if total > max_bytes:  # stop before holding it: a huge answer must not fill the memory first
                return out, "max-bytes"
        out.append(item)
    return out, ""


def _term_size(term: object) -> int:
    # The value plus what every format wraps around it (JSON: {"type":"literal","value":""}).
    if term is None:
        return 0
    if isinstance(term, ox.Triple):
        return _term_size(term.subject) + _term_size(term.predicate) + _term_size(term.object)
    value = term.value  # type: ignore[attr-defined]
    extra = len(term.datatype.value) if isinstance(term, ox.Literal) and term.datatype else 0
    return len(value) + extra + 32


def _row_size(row: list) -> int:
    return sum(_term_size(t) for t in row) + 8


def _triple_size(triple: ox.Triple) -> int:
    return _term_size(triple) + 4


# --------------------------------------------------------------------------- result serialisation


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """What a reader wants to see: an IRI, a literal's value, ``_:id`` for a blank node."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate), "object": _json_term(term.object)},
    }


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters at all, even escaped: show them as U+FFFD.
    return xml_escape(_XML_INVALID.sub("\ufffd", text))


def _csv_cell(term: object) -> str:
    return "" if term is None else term_text(term)  # type: ignore[arg-type]


def _tsv_cell(term: object) -> str:
    return "" if term is None else str(term)  # pyoxigraph's str() is the N-Triples/Turtle form


def write_results(result: QueryResult, out: IO[str], fmt: str) -> None:
    """Write ``result`` as ``json``/``csv``/``tsv``/``xml`` (SPARQL 1.1 result formats) or,
    for CONSTRUCT/DESCRIBE, ``turtle``/``ntriples``."""
    if result.kind == "graph":
        rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
        prefixes = PREFIXES if fmt == "turtle" else None
        data = ox.serialize(result.triples, format=rdf_format, prefixes=prefixes) if result.triples else b""
        out.write(data.decode("utf-8"))
        return
    if fmt == "json":
        if result.kind == "ask":
            json.dump({"head": {}, "boolean": result.boolean}, out, ensure_ascii=False)
        else:
            bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
            json.dump({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, out, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        if result.kind == "ask":
            writer.writerow(["boolean"])
            writer.writerow(["true" if result.boolean else "false"])
        else:
            writer.writerow(result.variables)
            writer.writerows([_csv_cell(t) for t in row] for row in result.rows)
    elif fmt == "tsv":
        if result.kind == "ask":
            out.write("?boolean\n" + ("true" if result.boolean else "false") + "\n")
        else:
            out.write("\t".join("?" + v for v in result.variables) + "\n")
            for row in result.rows:
                out.write("\t".join(_tsv_cell(t) for t in row) + "\n")
    elif fmt == "xml":
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in result.variables))
        out.write("</head>\n")
        if result.kind == "ask":
            out.write(f"<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
        else:
            out.write("<results>\n")
            for row in result.rows:
                cells = "".join(
                    f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(result.variables, row) if t is not None
                )
                out.write(f"<result>{cells}</result>\n")
            out.write("</results>\n")
        out.write("</sparql>\n")
    else:
        raise QueryError(f"unknown result format {fmt!r}; choose from: {', '.join(RESULT_FORMATS)}.")


def results_text(result: QueryResult, fmt: str) -> str:
    """:func:`write_results` into a string."""
    buffer = io.StringIO()
    write_results(result, buffer, fmt)
    return buffer.getvalue()


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short_text(term: object) -> str:
    """:func:`term_text` with IRIs shortened by our prefixes (``ent:person/donald-trump``), for tables."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in _BY_LENGTH:
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
    return term_text(term)  # type: ignore[arg-type]


def table_rows(result: QueryResult) -> tuple[Sequence[str], list[list[str]]]:
    """Header and cells for a human-readable table (shared by the CLI)."""
    if result.kind == "ask":
        return ["boolean"], [["true" if result.boolean else "false"]]
    if result.kind == "graph":
        return ["subject", "predicate", "object"], [[short_text(t.subject), short_text(t.predicate), short_text(t.object)] for t in result.triples]
    return result.variables, [[short_text(t) for t in row] for row in result.rows]
