"""The query page at ``/``: a form, the README's example queries one click away, the answer as a table.

It works offline and without JavaScript: the form and the example links send
the query back to ``/``, the server runs it like any other and renders the
answer here. Nothing is loaded from elsewhere (the only style is inline and
allowed by hash in the Content-Security-Policy) and every piece of query,
answer or file text is HTML-escaped.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["Example", "load_examples", "render_page", "CSP"]

_STYLE = (
    "body{font:15px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}"
    "textarea{width:100%;height:14em;font:13px/1.4 monospace}"
    "table{border-collapse:collapse;font-size:13px;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:13px}"
    ".err{color:#a00;white-space:pre-wrap}.note{color:#666;font-size:13px}ul.ex{columns:2;padding-left:1.2em}"
)
CSP = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
    + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "docs" / "queries"


@dataclass(frozen=True)
class Example:
    name: str  # file stem, e.g. "talked-to"
    title: str  # its first comment line
    text: str


def load_examples(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """The ``*.rq`` files of ``folder`` (the README's example queries); none when it is not there."""
    out = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        first = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), path.stem)
        out.append(Example(path.stem, first, text))
    return out


def _table(body: bytes) -> str:
    data = json.loads(body)
    if "boolean" in data:
        return f"<p>ASK: <b>{'true' if data['boolean'] else 'false'}</b></p>"
    names = data["head"]["vars"]
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(row[n]['value']) if n in row else ''}</td>" for n in names) + "</tr>" for row in rows
    )
    return f"<p class=note>{len(rows)} row(s)</p><table><tr>{head}</tr>{cells}</table>"


def render_page(
    examples: list[Example],
    query: str = "",
    answer: tuple[str, bytes] | None = None,
    error: str | None = None,
    notes: list[str] | None = None,
) -> bytes:
    """The whole page; ``answer`` is (media type, body) of the query's answer, ``error`` its refusal."""
    links = "".join(
        f'<li><a href="/?{escape(urlencode({"example": ex.name}))}">{escape(ex.name)}</a> — {escape(ex.title)}</li>' for ex in examples
    )
    result = ""
    if error:
        result = f"<p class=err>{escape(error)}</p>"
    elif answer is not None:
        media, body = answer
        if media.startswith("application/sparql-results+json"):
            result = _table(body)
        else:
            result = f"<pre>{escape(body.decode('utf-8', 'replace'))}</pre>"
    limits = "".join(f"<li>{escape(n)}</li>" for n in notes or [])
    page = f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>newsgraph SPARQL</title>
<meta name=viewport content="width=device-width,initial-scale=1"><style>{_STYLE}</style></head>
<body><h1>newsgraph SPARQL endpoint</h1>
<p class=note>Read-only SPARQL 1.1. Programs send queries to <code>/sparql</code> (GET <code>?query=</code>, or POST form or
<code>application/sparql-query</code>). Prefixes rdf: rdfs: skos: xsd: schema: prov: ng: ent: rel: art: ev: are predeclared.</p>
<form method=get action="/"><textarea name=query spellcheck=false>{escape(query)}</textarea>
<p><button type=submit>Run</button></p></form>
{result}
<h2>Example queries</h2><ul class=ex>{links or "<li>(docs/queries/ is not next to this installation)</li>"}</ul>
<h2>Limits</h2><ul class=note>{limits}</ul>
</body></html>
"""
    return page.encode("utf-8")
