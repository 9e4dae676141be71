"""GraphML for Gephi and friends: every attribute a plain string or number.

The file is valid XML whatever the input: characters XML 1.0 cannot hold (C0
controls, lone surrogates, U+FFFE/U+FFFF) are written as visible ``\\xNN``
escapes. Edges get their own ids (``e0``, ``e1``, ...): the relation key of the
multigraph repeats across node pairs and may contain spaces, which GraphML
readers such as igraph misread; it is kept in the ``relation`` attribute.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from extract.model import QUALIFIER_KINDS
from graph.model import KnowledgeGraph

from .atomic import atomic_write
from .gcpause import gc_paused
from .registry import register_exporter

__all__ = ["flat_graph", "write_graphml", "xml_text"]


_NOT_XML = re.compile("[^\\t\\n\\r\\x20-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]")


def xml_text(text: str) -> str:
    r"""``text`` with every character XML 1.0 forbids shown as a ``\xNN`` (or ``\uNNNN``) escape.

    >>> print(xml_text("doc\x01id\ud800"))
    doc\x01id\ud800
    """
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def _flat(value: object) -> str | int | float | bool:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (int, float, bool)):
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return xml_text("; ".join(value))
    return xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True))


def flat_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of the graph whose attributes GraphML can hold (lists joined, evidence as JSON).

    Edge keys are ``e0``, ``e1``, ... in the graph's edge order; the relation key is the ``relation`` attribute.
    """
    flat = nx.MultiDiGraph()
    for node, data in kg.graph.nodes(data=True):
        flat.add_node(xml_text(node), **{k: _flat(v) for k, v in data.items()})
    for number, (u, v, key, data) in enumerate(kg.graph.edges(keys=True, data=True)):
        attrs = {k: _flat(val) for k, val in data.items() if k != "evidence"}
        attrs["relation"] = _flat(key)
        attrs["evidence"] = _flat([{k: e[k] for k in ("doc_id", "sentence", "confidence")} for e in data.get("evidence", [])])
        attrs.update({k: xml_text(val) for k, val in _qualifier_attrs(kg, data.get("evidence", [])).items()})
        flat.add_edge(xml_text(u), xml_text(v), key=f"e{number}", **attrs)
    return flat


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _qualifier_attrs(kg: KnowledgeGraph, evidence: list[dict[str, Any]]) -> dict[str, str]:
    """``time``, ``place``, … as " | "-joined distinct texts over the evidence; ``reported_on`` the earliest article date.

    Every edge gets every key (empty when unknown), so GraphML declares each once.
    """
    texts: dict[str, list[str]] = {kind: [] for kind in QUALIFIER_KINDS}
    for ev in evidence:
        for q in ev.get("qualifiers", ()):
            if q["kind"] in texts and q["text"] not in texts[q["kind"]]:
                texts[q["kind"]].append(q["text"])
    attrs = {kind: " | ".join(values) for kind, values in texts.items()}
    dates = sorted((d for ev in evidence if (info := kg.articles.get(ev["doc_id"])) and (d := info.date)), key=lambda d: (not _ISO_DAY.match(d), d))
    attrs["reported_on"] = dates[0] if dates else ""
    return attrs


@register_exporter("graphml", filename="graph.graphml", description="GraphML for Gephi, yEd, networkx")
def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    with gc_paused(), atomic_write(path, binary=True) as handle:  # see exports/gcpause.py: half the time was the collector's
        nx.write_graphml(flat_graph(kg), handle, encoding="utf-8", prettyprint=True)
