"""``graph.html``: an interactive, fully offline pyvis page.

pyvis assembles the nodes, edges and vis-network options; we render them
into our own template with vis-network's script and style inlined from the
pyvis package, so the page makes no network request. Positions are computed
with networkx before display, so the page is still as soon as it is drawn.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graph.model import KnowledgeGraph

from .atomic import write_text_atomic
from .registry import register_exporter

__all__ = ["TYPE_COLORS", "render_html", "write_html", "safe_json"]

TYPE_COLORS = {
    "person": "#e15759",
    "organization": "#4e79a7",
    "place": "#59a14f",
    "event": "#f28e2b",
    "product": "#b07aa1",
    "work": "#edc948",
    "group": "#76b7b2",
    "concept": "#9c755f",
    "thing": "#bab0ac",
}
_TEMPLATES = Path(__file__).parent / "templates"


def safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever the text contains."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _vis_asset(name: str) -> str:
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2" / name
    return lib.read_text(encoding="utf-8")


def _layout(kg: KnowledgeGraph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((u, v) for u, v in kg.graph.edges() if u in simple and v in simple)
    if not nodes:
        return {}
    k = 2.0 / max(1, len(nodes)) ** 0.5
    pos = nx.spring_layout(simple, seed=7, k=k, iterations=80)
    scale = 120 * max(4.0, len(nodes) ** 0.5)
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


def build_network(kg: KnowledgeGraph, *, max_nodes: int = 1500) -> tuple[Network, dict[str, int]]:
    """The pyvis network of the most connected ``max_nodes`` entities."""
    degree = dict(kg.graph.degree())
    ranked = sorted(kg.graph.nodes, key=lambda n: (-degree.get(n, 0), -kg.graph.nodes[n].get("mentions", 0), n))
    shown = ranked[:max_nodes]
    keep = set(shown)
    pos = _layout(kg, shown)
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    max_mentions = max([kg.graph.nodes[n].get("mentions", 1) for n in shown] or [1])
    for node in sorted(shown):
        data = kg.graph.nodes[node]
        x, y = pos.get(node, (0.0, 0.0))
        net.add_node(
            node,
            label=data["label"],
            color=TYPE_COLORS.get(data["type"], TYPE_COLORS["thing"]),
            size=10 + 30 * (data.get("mentions", 1) / max_mentions) ** 0.5,
            x=x,
            y=y,
            physics=False,
            ng_type=data["type"],
            ng_aliases=data.get("aliases", []),
            ng_roles=data.get("roles", []),
            ng_articles=data.get("articles", []),
            ng_mentions=data.get("mentions", 0),
        )
    shown_edges = 0
    for u, v, key, data in sorted(kg.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if u not in keep or v not in keep:
            continue
        shown_edges += 1
        net.add_edge(
            u,
            v,
            label=key,
            arrows="to",
            width=1 + min(6, data.get("weight", 1)),
            ng_confidence=data.get("confidence", 0.0),
            ng_articles=data.get("articles", []),
            ng_evidence=[
                {k: ev[k] for k in ("doc_id", "sentence", "confidence", "relation", "negated", "modality", "attribution")}
                for ev in data.get("evidence", [])
            ],
        )
    stats = {
        "nodes_total": kg.graph.number_of_nodes(),
        "nodes_shown": len(shown),
        "edges_total": kg.graph.number_of_edges(),
        "edges_shown": shown_edges,
    }
    return net, stats


def render_html(kg: KnowledgeGraph, *, max_nodes: int = 1500, title: str = "newsgraph") -> str:
    net, stats = build_network(kg, max_nodes=max_nodes)
    nodes, edges, _, _, _, _ = net.get_network_data()
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    template = env.get_template("explorer.html")
    return template.render(
        title=title,
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
        nodes_json=safe_json(nodes),
        edges_json=safe_json(edges),
        colors_json=safe_json(TYPE_COLORS),
        stats_json=safe_json(stats),
        articles_json=safe_json({aid: {"title": a.title, "date": a.date, "url": a.url} for aid, a in sorted(kg.articles.items())}),
    )


@register_exporter("html", filename="graph.html", description="interactive offline explorer (pyvis / vis-network)")
def write_html(kg: KnowledgeGraph, path: Path) -> None:
    write_text_atomic(path, render_html(kg))
