"""GraphML for Gephi and friends: every attribute a plain string or number.

The file is valid XML whatever the input: characters XML 1.0 cannot hold (C0
controls, lone surrogates, U+FFFE/U+FFFF) are written as visible ``\\xNN``
escapes. Edges get their own ids (``e0``, ``e1``, ...): the relation key of the
multigraph repeats across node pairs and may contain spaces, which GraphML
readers such as igraph misread; it is kept in the ``relation`` attribute.

The file is the one ``networkx.write_graphml(flat_graph(kg), prettyprint=True)``
writes, byte for byte, but written as text: networkx builds an ElementTree of
the whole graph first (a node and an element per attribute), which took four
times as long.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

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
        flat.add_node(xml_text(node), **_node_attrs(data))
    for number, (u, v, key, data) in enumerate(kg.graph.edges(keys=True, data=True)):
        flat.add_edge(xml_text(u), xml_text(v), key=f"e{number}", **_edge_attrs(kg, key, data))
    return flat


def _node_attrs(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    return {k: _flat(v) for k, v in data.items()}


def _edge_attrs(kg: KnowledgeGraph, key: str, data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    attrs = {k: _flat(val) for k, val in data.items() if k != "evidence"}
    attrs["relation"] = _flat(key)
    attrs["evidence"] = _flat([{k: e[k] for k in ("doc_id", "sentence", "confidence")} for e in data.get("evidence", [])])
    attrs.update({k: xml_text(val) for k, val in _qualifier_attrs(kg, data.get("evidence", [])).items()})
    return attrs


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
    with gc_paused(), atomic_write(path, binary=True) as handle:  # see exports/gcpause.py
        _write_document(handle, *_elements(kg))


_Element = tuple[str, tuple[tuple[str, str], ...], dict[str, Any]]


def _elements(kg: KnowledgeGraph) -> tuple[Iterable[_Element], Iterable[_Element]]:
    """The nodes and edges of :func:`flat_graph`, as ``(tag, attributes, data)``.

    When every node id is already valid XML (a build's always are) they come
    straight from ``kg.graph``, in the order the copy would hold them; otherwise
    from the copy itself, where ids that clean up alike have become one node.
    """
    if any(not isinstance(node, str) or _NOT_XML.search(node) for node in kg.graph):
        flat = flat_graph(kg)
        nodes: Iterable[_Element] = (("node", (("id", str(n)),), d) for n, d in flat.nodes(data=True))
        edges: Iterable[_Element] = (("edge", (("source", str(u)), ("target", str(v)), ("id", str(k))), d) for u, v, k, d in flat.edges(keys=True, data=True))
        return nodes, edges
    nodes = (("node", (("id", n),), _node_attrs(d)) for n, d in kg.graph.nodes(data=True))
    edges = (
        ("edge", (("source", u), ("target", v), ("id", f"e{number}")), _edge_attrs(kg, k, d))
        for number, (u, v, k, d) in enumerate(kg.graph.edges(keys=True, data=True))
    )
    return nodes, edges


_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _write_document(handle: IO[bytes], nodes: Iterable[_Element], edges: Iterable[_Element]) -> None:
    """The document networkx's GraphMLWriter writes: its key numbering and order, ElementTree's escaping and prettyprint."""
    keys: dict[tuple[str, str, str], str] = {}  # (name, type, scope) -> id, in order of first use
    body = [_element(tag, attrib, data, keys) for tag, attrib, data in (*nodes, *edges)]
    # networkx inserts each new key before the others: the last one comes first
    declared = [
        f'<key id="{key_id}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{kind}" />'
        for (name, kind, scope), key_id in reversed(list(keys.items()))
    ]
    graph = '<graph edgedefault="directed">\n    ' + "\n    ".join(body) + "\n  </graph>" if body else '<graph edgedefault="directed" />'
    text = _HEADER + "\n  " + "".join(f"{key}\n  " for key in declared) + graph + "\n</graphml>\n"
    handle.write(text.encode("utf-8", "xmlcharrefreplace"))  # as ElementTree encodes


def _element(tag: str, attrib: tuple[tuple[str, str], ...], data: dict[str, Any], keys: dict[tuple[str, str, str], str]) -> str:
    """One ``<node>`` or ``<edge>`` with its ``<data>`` children, indented as at depth 2."""
    head = f"<{tag}" + "".join(f' {name}="{_attribute(value)}"' for name, value in attrib)
    if not data:
        return head + " />"
    children = []
    for name, value in data.items():
        name = str(name)
        kind = (name, _xml_type(value), tag)
        key_id = keys.get(kind)
        if key_id is None:
            key_id = keys[kind] = f"d{len(keys)}"
        text = str(value)
        children.append(f'<data key="{key_id}">{_text(text)}</data>' if text else f'<data key="{key_id}" />')
    return head + ">\n      " + "\n      ".join(children) + f"\n    </{tag}>"


def _xml_type(value: object) -> str:
    try:
        return _XML_TYPES[type(value)]
    except KeyError:
        raise TypeError(f"GraphML cannot hold a {type(value).__name__} value") from None


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    value = _text(value)
    for char, escape in _ATTRIBUTE_ESCAPES:
        if char in value:
            value = value.replace(char, escape)
    return value
