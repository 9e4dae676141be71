"""``graph.html``: an interactive explorer that works offline, in one file.

pyvis assembles the nodes, edges and their attributes; we render them into
our own template (``templates/explorer.html``) with vis-network's script and
style inlined from the pyvis package, so the page makes no network request
(a Content-Security-Policy meta tag forbids any). Positions are computed here
with networkx, so the browser only draws: physics stays off and the page is
still as soon as it appears. Large graphs are cut to their most connected
``max_nodes`` entities and the page says what was left out.

In a notebook, :func:`notebook_view` shows the same page inline through an
``<iframe srcdoc=...>``, which JupyterLab, classic Notebook and VS Code all
display (pyvis's IFrame-to-a-file shows blank in VS Code).
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from extract.errors import InputError
from graph.model import KnowledgeGraph

from .atomic import write_text_atomic
from .registry import register_exporter

__all__ = [
    "DEFAULT_MAX_NODES",
    "TYPE_COLORS",
    "select_nodes",
    "layout_positions",
    "build_network",
    "render_html",
    "write_html",
    "notebook_view",
    "iframe_srcdoc",
    "safe_json",
]

#: How many entities the page draws unless told otherwise (vis-network stays fluid well past this).
DEFAULT_MAX_NODES = 1000

#: Tableau 10: distinguishable, also for the common forms of colour blindness.
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
_VIS_DIR = ("lib", "vis-9.1.2")
# Evidence fields the page shows; offsets and extractor names stay in statements.jsonl.
_EVIDENCE_FIELDS = ("doc_id", "sentence", "confidence", "relation", "negated", "modality", "attribution")
# Screen distance between neighbouring nodes, in vis-network pixels at zoom 1.
_NODE_SPACING = 130.0


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever the text contains.

    >>> safe_json({"s": "</script><b>&"})
    '{"s": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _vis_asset(name: str) -> str:
    return resources.files("pyvis").joinpath(*_VIS_DIR, name).read_text(encoding="utf-8")


def select_nodes(graph: nx.MultiDiGraph, max_nodes: int) -> list[str]:
    """The ``max_nodes`` most connected entities, most connected first.

    Ties go to the entity mentioned more often, then to the smaller id, so
    the choice does not depend on insertion order.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")]); g.add_node("d", mentions=5)
    >>> select_nodes(g, 3)
    ['a', 'b', 'c']
    """
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1 (got {max_nodes}).")
    degree = _neighbour_counts(graph)
    ranked = sorted(graph.nodes, key=lambda n: (-degree[n], -graph.nodes[n].get("mentions", 0), n))
    return ranked[:max_nodes]


def _neighbour_counts(graph: nx.MultiDiGraph) -> Counter[str]:
    """Distinct neighbours per node, ignoring direction and parallel relations."""
    counts: Counter[str] = Counter({n: 0 for n in graph.nodes})
    for u, v in {frozenset(pair) for pair in graph.edges() if pair[0] != pair[1]}:
        counts[u] += 1
        counts[v] += 1
    return counts


def layout_positions(graph: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Spread each connected component with a spring layout, then pack them side by side.

    A single spring layout of a whole news graph flings the many small
    components and lone entities to the rim and squeezes the big component
    in the middle. Laying out components apart and packing them in rows,
    largest first with lone entities in a grid at the end, keeps the
    spacing between neighbours even (about ``_NODE_SPACING`` pixels).
    """
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes: list[dict[str, tuple[float, float]]] = []
    loners: list[str] = []
    for nodes in components:
        if len(nodes) == 1:
            loners.append(nodes[0])
            continue
        # A fresh graph in sorted order: subgraph views iterate hash-ordered sets, which would make
        # the layout (and so graph.html) differ between Python processes.
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges()))
        pos = nx.spring_layout(sub, seed=seed, iterations=100 if len(nodes) < 500 else 60)
        radius = _NODE_SPACING * 0.85 * math.sqrt(len(nodes))
        radius *= _spread_factor(pos, radius)
        boxes.append({n: (float(x) * radius, float(y) * radius) for n, (x, y) in pos.items()})
    if loners:
        columns = max(1, math.ceil(math.sqrt(len(loners) * 2)))
        grid = {n: ((i % columns) * _NODE_SPACING, (i // columns) * _NODE_SPACING * 0.6) for i, n in enumerate(loners)}
        placed = _pack(boxes)
        # Lone entities go in a grid below everything else, a clear gap away from it.
        top = max((y for _, y in placed.values()), default=-_NODE_SPACING * 2) + _NODE_SPACING * 2
        placed.update({n: (x, round(top + y, 1)) for n, (x, y) in grid.items()})
        return placed
    return _pack(boxes)


def _spread_factor(pos: dict[str, Any], radius: float, *, cap: float = 2.5) -> float:
    """How much to enlarge a small component so no two of its nodes sit closer than ``_NODE_SPACING``.

    Spring layouts ignore node size, so two hubs can end up touching with
    their labels on top of each other; big components are left as they are
    (the check is quadratic and their labels are hidden when zoomed out).
    """
    points = list(pos.values())
    if len(points) < 2 or len(points) > 300:
        return 1.0
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :]) * radius
    return min(cap, max(1.0, _NODE_SPACING / max(closest, 1e-6)))


def _pack(boxes: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Shelf packing: boxes left to right in rows no wider than the widest box or the square root of the area."""
    if not boxes:
        return {}
    margin = _NODE_SPACING
    bounds = []
    for box in boxes:
        xs = [x for x, _ in box.values()]
        ys = [y for _, y in box.values()]
        bounds.append((min(xs), min(ys), max(xs) - min(xs) + margin, max(ys) - min(ys) + margin))
    row_width = max([b[2] for b in bounds] + [math.sqrt(sum(b[2] * b[3] for b in bounds)) * 1.3], default=0.0)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for box, (left, top, width, height) in zip(boxes, bounds):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (nx_, ny_) in box.items():
            placed[node] = (round(x + nx_ - left, 1), round(y + ny_ - top, 1))
        x += width
        row_height = max(row_height, height)
    return placed


def _parallel_curves(edges: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], dict[str, Any] | bool]:
    """Straight lines for lone edges, fanned-out curves where one pair has several relations."""
    by_pair: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for edge in edges:
        by_pair[frozenset(edge[:2])].append(edge)
    smooth: dict[tuple[str, str, str], dict[str, Any] | bool] = {}
    for group in by_pair.values():
        if len(group) == 1:
            smooth[group[0]] = False
            continue
        for i, edge in enumerate(sorted(group)):
            # Direction-independent fan: curve sign follows a canonical orientation of the pair.
            clockwise = (edge[0] < edge[1]) == (i % 2 == 0)
            smooth[edge] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": round(0.12 + 0.12 * (i // 2), 2)}
    return smooth


def build_network(kg: KnowledgeGraph, *, max_nodes: int = DEFAULT_MAX_NODES) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of the ``max_nodes`` most connected entities, and what was left out.

    Every node and edge carries the attributes the page shows on hover and
    click; positions are fixed (``x``, ``y``) so the browser runs no physics.
    """
    graph = kg.graph
    shown = select_nodes(graph, max_nodes)
    keep = set(shown)
    degree = _neighbour_counts(graph)
    simple = nx.Graph()
    simple.add_nodes_from(shown)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u in keep and v in keep and u != v)
    pos = layout_positions(simple)

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for node in sorted(shown):
        data = graph.nodes[node]
        x, y = pos[node]
        net.add_node(
            node,
            label=data.get("label", node),
            color=TYPE_COLORS.get(data.get("type", "thing"), TYPE_COLORS["thing"]),
            x=x,
            y=y,
            physics=False,
            ng_type=data.get("type", "thing"),
            ng_aliases=list(data.get("aliases", [])),
            ng_roles=list(data.get("roles", [])),
            ng_articles=list(data.get("articles", [])),
            ng_mentions=int(data.get("mentions", 0)),
            ng_degree=degree[node],
        )
    edges = sorted((u, v, k) for u, v, k in graph.edges(keys=True) if u in keep and v in keep)
    smooth = _parallel_curves(edges)
    for u, v, key in edges:
        data = graph.edges[u, v, key]
        evidence = data.get("evidence", [])
        net.add_edge(
            u,
            v,
            # the wording researchers read; the key is the relation class that merged the wordings
            label=data.get("label", key) if not key.startswith("not ") else "not " + str(data.get("label", key)),
            title=f"{data.get('relation_class', '')}: {', '.join(data.get('labels', [key]))}",
            arrows="to",
            value=max(1, int(data.get("weight", len(evidence) or 1))),
            smooth=smooth[(u, v, key)],
            ng_confidence=float(data.get("confidence", 0.0)),
            ng_articles=list(data.get("articles", [])),
            ng_evidence=[{f: ev.get(f) for f in _EVIDENCE_FIELDS} for ev in evidence],
        )
    left_out = [n for n in graph.nodes if n not in keep]
    stats = {
        "nodes_total": graph.number_of_nodes(),
        "nodes_shown": len(shown),
        "edges_total": graph.number_of_edges(),
        "edges_shown": len(edges),
        "max_nodes": max_nodes,
        # The best-connected entity that did not make the cut: "left out: entities with at most N connections".
        "left_out_max_degree": max((degree[n] for n in left_out), default=0),
    }
    return net, stats


def render_html(kg: KnowledgeGraph, *, max_nodes: int = DEFAULT_MAX_NODES, title: str = "newsgraph") -> str:
    """The whole explorer page as one self-contained HTML string."""
    net, stats = build_network(kg, max_nodes=max_nodes)
    nodes, edges, *_ = net.get_network_data()
    articles = {
        aid: {"title": a.title, "date": a.date, "url": a.url, "source": a.source}
        for aid, a in sorted(kg.articles.items())
    }
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("explorer.html").render(
        title=title,
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
        nodes_json=safe_json(nodes),
        edges_json=safe_json(edges),
        colors_json=safe_json(TYPE_COLORS),
        stats_json=safe_json(stats),
        articles_json=safe_json(articles),
    )


@register_exporter("html", filename="graph.html", description="interactive offline explorer (pyvis / vis-network)")
def write_html(kg: KnowledgeGraph, path: Path, *, max_nodes: int = DEFAULT_MAX_NODES, title: str = "newsgraph") -> None:
    """Write ``graph.html``; ``max_nodes`` caps the entities drawn (``newsgraph build --max-nodes``)."""
    write_text_atomic(path, render_html(kg, max_nodes=max_nodes, title=title))


def notebook_view(kg: KnowledgeGraph, *, height: int = 650, max_nodes: int = DEFAULT_MAX_NODES, title: str = "newsgraph") -> Any:
    """Show the explorer inline in Jupyter or VS Code notebooks.

    Returns an ``IPython.display.HTML`` holding an ``<iframe srcdoc=...>``
    with the whole page in it: no file, no server and no network, so it
    also works where an iframe pointing at a local file shows blank.
    """
    try:
        from IPython.display import HTML
    except ImportError as err:  # pragma: no cover - only outside a notebook environment
        raise InputError("notebook_view needs IPython; in a script use newsgraph.export(kg, out_dir, ['html']) instead.") from err
    # Wrapped in a div: IPython warns about HTML that starts with <iframe>.
    return HTML(f"<div>{iframe_srcdoc(render_html(kg, max_nodes=max_nodes, title=title), height=height)}</div>")


def iframe_srcdoc(page: str, *, height: int = 650) -> str:
    """An ``<iframe>`` element that carries ``page`` in its ``srcdoc`` attribute.

    >>> iframe_srcdoc('<p class="x">a & b</p>', height=10).split(" style=")[0]
    '<iframe srcdoc="&lt;p class=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;"'
    """
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #ddd;" '
        'sandbox="allow-scripts" loading="eager"></iframe>'
    )

