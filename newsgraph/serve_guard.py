"""What the endpoint checks in a query before a worker sees it, and how it words a syntax error.

The checks read the query text with comments, strings and IRIs blanked out
(positions kept), so a ``{`` or the word SERVICE inside a literal never
counts. They guard the server, not the grammar: anything they let through is
still parsed by pyoxigraph, and anything the parser rejects is explained by
:func:`explain_syntax_error` in words that point at the mistake.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from exports.vocab import PREFIXES

__all__ = ["Refused", "QueryLimits", "blank_out", "check_query", "query_form", "service_targets", "explain_syntax_error"]


class Refused(Exception):
    """A query (or request) the endpoint will not run; ``status`` is the HTTP code to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryLimits:
    max_bytes: int = 65_536  # UTF-8 bytes of the query text
    max_nesting: int = 64  # depth of ( { [ — the parser recurses on each level
    federate: tuple[str, ...] = ()  # IRI prefixes SERVICE may call; empty: SERVICE refused


# Comments, strings (long ones first) and IRIs: blanked before any check.
_OPAQUE = re.compile(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>")
_KEYWORD = r"(?<![\w:?$.-]){}(?![\w:-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_SILENT = re.compile(r"\s*SILENT(?![\w:-])", re.IGNORECASE)
_TARGET = re.compile(r"\s*(<[^<>\s]*>|[?$]\w+|[A-Za-z][\w.-]*:[\w.%-]*|:[\w.%-]*)")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^<>\s]*)>", re.IGNORECASE)
_FORM = re.compile(_KEYWORD.format("(SELECT|ASK|CONSTRUCT|DESCRIBE)"), re.IGNORECASE)


def blank_out(query: str, iris: bool = True) -> str:
    """``query`` with comments, strings and (unless ``iris=False``) IRIs replaced by spaces (newlines kept, so positions hold)."""
    return _OPAQUE.sub(lambda m: m.group() if not iris and m.group().startswith("<") else re.sub(r"[^\n]", " ", m.group()), query)


def query_form(query: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first one outside strings), else ``None``.

    >>> query_form('PREFIX ex: <http://x/> # SELECT\\nCONSTRUCT { ?s ?p "ASK" } WHERE { { SELECT ?s WHERE {} } }')
    'CONSTRUCT'
    """
    match = _FORM.search(blank_out(query))
    return match.group(1).upper() if match else None


def declared_prefixes(query: str) -> dict[str, str]:
    """Our predeclared prefixes, overridden by the query's own PREFIX lines."""
    found = dict(PREFIXES)
    found.update({m.group(1): m.group(2) for m in _PREFIX_DECL.finditer(query)})
    return found


def service_targets(query: str) -> list[str | None]:
    """The IRI after each ``SERVICE`` (prefixed names expanded); ``None`` for a variable or an unknown prefix.

    >>> service_targets('SELECT * { SERVICE SILENT <http://a/sparql> { ?s ?p ?o } SERVICE ?x {} }')
    ['http://a/sparql', None]
    >>> service_targets('SELECT ?service { ?s ex:service "SERVICE <http://a/>" }')
    []
    """
    code = blank_out(query)
    text = blank_out(query, iris=False)
    prefixes = declared_prefixes(query)
    out: list[str | None] = []
    for match in _SERVICE.finditer(code):
        at = match.end()
        silent = _SILENT.match(code, at)
        if silent:
            at = silent.end()
        while at < len(text) and text[at].isspace():  # comments are blank here, the IRI is not
            at += 1
        target = _TARGET.match(text, at)
        token = target.group(1) if target else ""
        if token.startswith("<"):
            out.append(token[1:-1])
        elif ":" in token and not token.startswith(("?", "$")):
            prefix, _, local = token.partition(":")
            out.append(prefixes[prefix] + local if prefix in prefixes else None)
        else:
            out.append(None)
    return out


def nesting_depth(query: str) -> int:
    """How deep ``(``, ``{`` and ``[`` nest outside strings, comments and IRIs."""
    depth = deepest = 0
    for char in blank_out(query):
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth = max(0, depth - 1)
    return deepest


def check_query(query: str, limits: QueryLimits) -> None:
    """Raise :class:`Refused` (400) for a query too long, too deeply nested, or calling a SERVICE not allowed."""
    size = len(query.encode("utf-8"))
    if size > limits.max_bytes:
        raise Refused(400, f"the query is {size:,} bytes; this endpoint takes queries up to {limits.max_bytes:,} bytes (--max-query-bytes)")
    depth = nesting_depth(query)
    if depth > limits.max_nesting:
        raise Refused(
            400,
            f"the query nests brackets {depth} levels deep; the limit is {limits.max_nesting} (--max-nesting). "
            "Flatten the groups: { { ?s ?p ?o } } means the same as { ?s ?p ?o }.",
        )
    for target in service_targets(query):
        if not limits.federate:
            raise Refused(
                400,
                "SERVICE (federated query) is off on this endpoint: it would make the server fetch other URLs. "
                "Query the other endpoint yourself, or start the server with --federate URL-PREFIX.",
            )
        if target is None:
            raise Refused(400, "SERVICE needs a literal endpoint IRI here (not a variable or an undeclared prefix): only allowed endpoints may be called")
        if not any(target.startswith(prefix) for prefix in limits.federate):
            allowed = ", ".join(limits.federate)
            raise Refused(400, f"SERVICE <{target}> is not an allowed endpoint; this server may only call: {allowed}")


# --------------------------------------------------------------------------- syntax errors in words

_POSITION = re.compile(r"error at (\d+):(\d+)")
_KEYWORDS = (
    "SELECT ASK CONSTRUCT DESCRIBE WHERE PREFIX BASE FROM NAMED OPTIONAL UNION MINUS FILTER BIND VALUES GRAPH SERVICE "
    "DISTINCT REDUCED LIMIT OFFSET ORDER BY ASC DESC GROUP HAVING AS EXISTS NOT IN COUNT SUM MIN MAX AVG SAMPLE "
    "GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN "
    "UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS "
    "TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK "
    "ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE UNDEF TRUE FALSE"
).split()
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*|)(?<!\.):(?=[\w%\\])")
_QUERY_START = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*\S*|BASE\s+\S*)\s*)*", re.IGNORECASE)
_PAIRS = {")": "(", "}": "{", "]": "["}


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    return sum(len(x) + 1 for x in lines[: line - 1]) + min(max(col - 1, 0), len(lines[line - 1]))


def _near(query: str, offset: int) -> str:
    start = max(0, offset - 20)
    snippet = " ".join(query[start : offset + 20].split())
    return ("…" if start else "") + snippet + ("…" if offset + 20 < len(query) else "")


def _unknown_prefix(query: str, code: str) -> str | None:
    known = declared_prefixes(query)
    for match in _PREFIXED.finditer(code):
        prefix = match.group(1)
        if prefix not in known and prefix != "_":
            line, col = _line_col(query, match.start())
            return (
                f"unknown prefix '{prefix}:' at line {line}, column {col}; declare it (PREFIX {prefix}: <http://…>) "
                f"or use one of the predeclared prefixes: {', '.join(p + ':' for p in sorted(PREFIXES))}"
            )
    return None


def _bad_start(query: str, code: str) -> str | None:
    start = _QUERY_START.match(code)
    at = start.end() if start else 0
    word = _WORD.match(code, at)
    if word and word.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return None
    found = word.group() if word else code[at : at + 10].strip() or "nothing"
    guess = difflib.get_close_matches(found.upper(), ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"], n=1, cutoff=0.6)
    hint = f" — did you mean {guess[0]}?" if guess else ""
    line, col = _line_col(query, at)
    return f"a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX/BASE lines); line {line}, column {col} has '{found}'{hint}"


def _unbalanced(query: str, code: str) -> str | None:
    stack: list[tuple[str, int]] = []
    for offset, char in enumerate(code):
        if char in "({[":
            stack.append((char, offset))
        elif char in ")}]":
            if not stack or stack[-1][0] != _PAIRS[char]:
                line, col = _line_col(query, offset)
                return f"'{char}' at line {line}, column {col} closes nothing: check the brackets before it"
            stack.pop()
    if stack:
        char, offset = stack[-1]
        line, col = _line_col(query, offset)
        return f"the '{char}' at line {line}, column {col} is never closed"
    return None


def _expected(message: str) -> str:
    """The parser's list of what it expected, without its character classes."""
    tail = message.split("expected", 1)[1] if "expected" in message else ""
    tail = tail.replace("one of", "")
    items = [i.strip() for i in re.split(r",(?![^\[]*\])", tail)]
    words = [i.strip('"') for i in items if i and not i.startswith("[") and "Prefix not found" not in i]
    return ", ".join(dict.fromkeys(words))


def explain_syntax_error(query: str, message: str) -> str:
    """One sentence saying what is wrong and where, from the query and the parser's raw message.

    >>> explain_syntax_error("SELCT ?x WHERE { ?x ?p ?o }", "error at 1:10: expected CONSTRUCT")
    "bad query: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX/BASE lines); line 1, column 1 has 'SELCT' — did you mean SELECT?"
    >>> explain_syntax_error("SELECT * WHERE { ?s ?p ?o } LIMT 3", "error at 1:34: expected one of HAVING, OFFSET")
    "bad query: line 1, column 29 near '…WHERE { ?s ?p ?o } LIMT 3': 'LIMT' is not a keyword — did you mean LIMIT?"
    """
    code = blank_out(query)
    for explain in (_bad_start, _unknown_prefix, _unbalanced):
        found = explain(query, code)
        if found:
            return "bad query: " + found
    position = _POSITION.search(message)
    offset = _offset(query, int(position.group(1)), int(position.group(2))) if position else 0
    # The parser reports where it gave up, often just past the culprit: look back to the last word.
    bare = [m for m in _WORD.finditer(code[: offset + 1])
            if code[m.start() - 1 : m.start()] not in ("?", "$", ":", "@") and code[m.end() : m.end() + 1] != ":"]
    word = bare[-1] if bare else None
    if word and word.group().upper() not in _KEYWORDS:
        guess = difflib.get_close_matches(word.group().upper(), _KEYWORDS, n=1, cutoff=0.75)
        if guess:
            line, col = _line_col(query, word.start())
            return f"bad query: line {line}, column {col} near '{_near(query, word.start())}': '{word.group()}' is not a keyword — did you mean {guess[0]}?"
    line, col = _line_col(query, offset)
    expected = _expected(message)
    return f"bad query: line {line}, column {col} near '{_near(query, offset)}'" + (f": expected {expected}" if expected else ": the query cannot be read from here")


def describe_limits(limits: QueryLimits) -> Sequence[str]:
    """The limits as short lines, for the help page."""
    return [f"queries up to {limits.max_bytes:,} bytes, brackets nested up to {limits.max_nesting} deep",
            "SERVICE: " + (", ".join(limits.federate) if limits.federate else "off")]
