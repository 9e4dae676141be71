"""``graph.html``: an interactive explorer that works offline, in one file.

pyvis assembles the nodes, edges and their attributes; we render them into
our own template (``templates/explorer.html``) with vis-network's script and
style inlined from the pyvis package, so the page makes no network request
(a Content-Security-Policy meta tag forbids any). The page holds the
``max_nodes`` most important entities and draws the ``first_view`` most
important of them first, laid out here with networkx (physics stays off, so
the page is still as soon as it appears); the reader draws more on demand.
Article texts travel compressed, one per article, for the reading pane. Every
string is neutralised (control and bidi-override characters made visible)
and escaped for the ``<script>`` element; the page inserts text only as text.

In a notebook, :func:`notebook_view` shows the same page inline through an
``<iframe srcdoc=...>``, which JupyterLab, classic Notebook and VS Code all
display (pyvis's IFrame-to-a-file shows blank in VS Code).
"""

from __future__ import annotations

import base64
import bisect
import html
import json
import math
import re
import zlib
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from pyvis.network import Network

from extract.errors import InputError
from graph import analysis
from graph.confidence import DEFAULT_THRESHOLD
from graph.model import KnowledgeGraph
from graph.relations import UNCLASSED
from graph.views import view_of

from .atomic import write_text_atomic
from .registry import register_exporter, whole_graph_note

__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_FIRST_VIEW",
    "ExplorerView",
    "neutralise",
    "paragraph_spans",
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

#: How many entities the page holds unless told otherwise (vis-network stays fluid well past this).
DEFAULT_MAX_NODES = 1000
#: How many of them the first view draws: enough to show a corpus's main actors, few enough to read their names.
DEFAULT_FIRST_VIEW = 80

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
_EVIDENCE_FIELDS = ("doc_id", "sentence", "confidence", "relation", "negated", "modality", "attribution", "reported_on")
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


def select_nodes(graph: nx.MultiDiGraph, max_nodes: int, *, order: list[str] | None = None) -> list[str]:
    """The ``max_nodes`` most important entities (:func:`graph.analysis.importance_order`), most important first.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")]); g.add_node("d", mentions=5)
    >>> select_nodes(g, 3)
    ['a', 'b', 'c']
    """
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1 (got {max_nodes}).")
    return (order if order is not None else analysis.importance_order(graph))[:max_nodes]


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


def neutralise(text: str) -> str:
    r"""Control and bidi-override characters made visible, one character for one (offsets stay valid).

    A right-to-left override in a name would draw "Putin" as "nituP" and reorder the text after it;
    C0/C1 controls can break a label. Line breaks and tabs stay.

    >>> neutralise("a\u202eb\x07c\nd") == "a\ufffdb\u2407c\nd"
    True
    """
    return text.translate(_NEUTRAL)


_BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_NEUTRAL = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)} | {0x7F: 0x2421} | {c: 0xFFFD for c in (*range(0x80, 0xA0), *_BIDI_CONTROLS)}


def _neutral(value: Any) -> Any:
    """:func:`neutralise` every string in a JSON-like value."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, list):
        return [_neutral(v) for v in value]
    if isinstance(value, dict):
        return {k: _neutral(v) for k, v in value.items()}
    return value


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    r"""Character spans of the text's paragraphs: blocks between blank lines, or lines where there are none.

    >>> paragraph_spans("Head\n\nOne.\nStill one.\n\nTwo.")
    [(0, 4), (6, 21), (23, 27)]
    >>> paragraph_spans("One.\nTwo.")
    [(0, 4), (5, 9)]
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans, start = [], 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        if match:
            start = match.end()
    return spans


def _paragraph_of(spans: list[tuple[int, int]], offset: int) -> int | None:
    """Index of the paragraph holding ``offset`` (or the last one starting before it)."""
    index = bisect.bisect_right([s for s, _ in spans], offset) - 1
    return index if index >= 0 else None


def _untitled(text: str, limit: int = 70) -> str | None:
    """What stands for an untitled article: its first words."""
    words = " ".join(text.split())
    if not words:
        return None
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _pack_text(paragraphs: list[str]) -> str:
    """Paragraphs as base64 zlib JSON: the page inflates one article when it is opened."""
    return base64.b64encode(zlib.compress(json.dumps(paragraphs, ensure_ascii=False).encode("utf-8"), 9)).decode("ascii")


def _first_view(order: list[str], graph: nx.MultiDiGraph, size: int) -> set[str]:
    """The entities of the first view: the most important named entities, with a few concepts and events.

    Concepts ("sales", "talks") are often better connected than the actors of a corpus; left to the
    ranking alone they would fill the first view. Four out of five places go to named entities.
    """
    connected = [n for n in order if graph.degree(n) > 0 and any(m != n for m in nx.all_neighbors(graph, n))]
    named = [n for n in connected if graph.nodes[n].get("type") not in _GENERIC_TYPES]
    generic = [n for n in connected if graph.nodes[n].get("type") in _GENERIC_TYPES]
    chosen = named[: max(1, size * 4 // 5)] + generic[: max(1, size // 5)]
    rest = [n for n in connected if n not in set(chosen)]
    return set(chosen + rest[: max(0, size - len(chosen))])


_GENERIC_TYPES = frozenset({"concept", "event"})


def _group_flags(evidence: list[dict[str, Any]]) -> tuple[bool, str | None]:
    """Whether every statement of a relation is negated, and the modality they all share (if any)."""
    negated = bool(evidence) and all(ev.get("negated") for ev in evidence)
    modalities = {ev.get("modality") for ev in evidence}
    modality = next(iter(modalities)) if len(modalities) == 1 else ("mixed" if None not in modalities else None)
    return negated, modality


def build_network(kg: KnowledgeGraph, *, max_nodes: int = DEFAULT_MAX_NODES, first_view: int = DEFAULT_FIRST_VIEW) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of the ``max_nodes`` most important entities, and what was left out.

    The page draws the ``first_view`` most important ones first (the others appear on demand:
    expand, search, path, "draw more"); they carry positions laid out here. Every node and edge
    carries the attributes the page shows; physics stays off until the reader re-runs a layout.
    """
    if first_view < 1:
        raise InputError(f"first_view must be at least 1 (got {first_view}).")
    graph = kg.graph
    order = analysis.importance_order(graph)
    shown = select_nodes(graph, max_nodes, order=order)
    keep = set(shown)
    sub = graph.subgraph(shown)
    degree = _neighbour_counts(graph)
    statements = analysis.statement_degree(graph)
    rank = {n: i for i, n in enumerate(o for o in order if o in keep)}
    first = _first_view([n for n in order if n in keep], sub, first_view)
    simple = nx.Graph()
    simple.add_nodes_from(sorted(first))
    simple.add_edges_from((u, v) for u, v in sub.edges() if u in first and v in first and u != v)
    pos = layout_positions(simple)
    community = analysis.community_of(analysis.communities(sub, min_size=2))

    # pyvis (and the IPython it brings) is imported here, not with the module: every
    # `newsgraph` command imports this module, and only the HTML writer needs pyvis.
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for node in sorted(shown):
        data = graph.nodes[node]
        x, y = pos.get(node, (None, None))
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
            ng_statements=statements[node],
            ng_rank=rank[node],
            ng_first=node in first,
            ng_community=community.get(node, -1),
        )
    spans = {aid: paragraph_spans(info.text) for aid, info in kg.articles.items() if info.text_z}
    edges = sorted((u, v, k) for u, v, k in graph.edges(keys=True) if u in keep and v in keep)
    for u, v, key in edges:
        data = graph.edges[u, v, key]
        evidence = data.get("evidence", [])
        negated, modality = _group_flags(evidence)
        net.add_edge(
            u,
            v,
            label=str(data.get("label", key)),
            arrows="to",
            value=max(1, int(data.get("weight", len(evidence) or 1))),
            ng_key=key,
            # the relation class merged the wordings ("meet in", "meet at"); unclassed relations keep theirs
            ng_class=str(data.get("relation_class") or UNCLASSED),
            ng_labels=list(data.get("labels", [data.get("label", key)])),
            ng_confidence=float(data.get("confidence", 0.0)),
            ng_negated=negated or key.startswith("not "),
            ng_modality=modality,
            ng_articles=list(data.get("articles", [])),
            ng_evidence=[_evidence_view(ev, spans) for ev in evidence],
        )
    left_out = [n for n in graph.nodes if n not in keep]
    stats = {
        "nodes_total": graph.number_of_nodes(),
        "nodes_shown": len(shown),
        "edges_total": graph.number_of_edges(),
        "edges_shown": len(edges),
        "max_nodes": max_nodes,
        "first_view": len(first),
        # The best-connected entity that did not make the cut: "left out: entities with at most N connections".
        "left_out_max_degree": max((degree[n] for n in left_out), default=0),
    }
    return net, stats


def _evidence_view(ev: dict[str, Any], spans: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    view = {f: ev.get(f) for f in _EVIDENCE_FIELDS}
    doc_spans = spans.get(ev.get("doc_id", ""))
    start = ev.get("start_char")
    view["paragraph"] = _paragraph_of(doc_spans, start) if doc_spans and isinstance(start, int) else None
    return view


def _articles_payload(kg: KnowledgeGraph, wanted: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Each article's metadata, and its paragraphs packed for the reading pane (articles in the page only)."""
    meta: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for aid in sorted(wanted):
        info = kg.articles.get(aid)
        if info is None:
            meta[aid] = {"title": None, "display": aid}
            continue
        text = info.text
        meta[aid] = {
            "title": info.title, "date": info.date, "url": info.url, "source": info.source,
            "display": info.title or _untitled(text) or aid, "statements": info.n_statements,
        }
        if text:
            texts[aid] = _pack_text([neutralise(text[s:e]) for s, e in paragraph_spans(text)])
    return meta, texts


def render_html(
    kg: KnowledgeGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    first_view: int = DEFAULT_FIRST_VIEW,
    title: str = "newsgraph",
    min_confidence: float = DEFAULT_THRESHOLD,
) -> str:
    """The whole explorer page as one self-contained HTML string; the confidence filter starts at ``min_confidence``."""
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1 (got {min_confidence}).")
    net, stats = build_network(kg, max_nodes=max_nodes, first_view=first_view)
    stats["min_confidence"] = min_confidence
    view = view_of(kg)
    if view is not None:
        stats["view"] = _neutral(view.as_dict())
    nodes, edges, *_ = net.get_network_data()
    wanted = {a for n in nodes for a in n["ng_articles"]} | {a for e in edges for a in e["ng_articles"]}
    articles, texts = _articles_payload(kg, wanted)
    from jinja2 import Environment, FileSystemLoader, select_autoescape  # with pyvis: only the writer needs it

    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("explorer.html").render(
        title=neutralise(title),
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
        nodes_json=safe_json(_neutral(nodes)),
        edges_json=safe_json(_neutral(edges)),
        colors_json=safe_json(TYPE_COLORS),
        stats_json=safe_json(stats),
        articles_json=safe_json(_neutral(articles)),
        texts_json=safe_json(texts),
        # "Showing the ego network of X (radius 1): 40 of 26,515 nodes …", in the page's own text
        view_line=neutralise(view.line) if view else "",
        view_kind=view.kind if view else "",
        view_whole=whole_graph_note() if view else "",
    )


@register_exporter("html", filename="graph.html", description="interactive offline explorer (pyvis / vis-network)")
def write_html(
    kg: KnowledgeGraph,
    path: Path,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    first_view: int = DEFAULT_FIRST_VIEW,
    title: str = "newsgraph",
    min_confidence: float = DEFAULT_THRESHOLD,
) -> None:
    """Write ``graph.html``; ``max_nodes`` caps the entities in the page (``newsgraph build --max-nodes``),
    ``first_view`` how many of them are drawn before the reader asks for more, ``min_confidence`` where
    the confidence filter starts (default: the threshold chosen on judged edges, :mod:`graph.confidence`)."""
    write_text_atomic(path, render_html(kg, max_nodes=max_nodes, first_view=first_view, title=title, min_confidence=min_confidence))


class ExplorerView:
    """What :func:`notebook_view` returns: the live explorer, with fallbacks for where it cannot run.

    Jupyter picks the richest form it may show. ``text/html`` holds the page in an
    ``<iframe srcdoc>`` and a one-line hint above it: a saved notebook opened untrusted (or on a
    site that strips iframes) still shows the hint instead of an empty box. ``text/plain`` is what
    a terminal or a plain-text renderer shows.
    """

    def __init__(self, kg: KnowledgeGraph, page: str, height: int) -> None:
        self.page = page
        self.height = height
        self.summary = f"newsgraph explorer: {kg.graph.number_of_nodes():,} entities, {kg.graph.number_of_edges():,} relations, {len(kg.articles):,} articles"
        view = view_of(kg)
        if view is not None:
            self.summary += f" ({view.line.rstrip('.')})"

    @property
    def hint(self) -> str:
        return f"{self.summary}. If no graph shows below, run this cell (a saved notebook does not run it) or open graph.html from newsgraph build."

    @property
    def data(self) -> str:
        return (
            f'<div class="newsgraph-explorer"><div style="font-size: 12px; color: #666; margin: 2px 0;">{html.escape(self.hint)}</div>'
            f"{iframe_srcdoc(self.page, height=self.height)}</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.data, "text/plain": self.hint}

    def _repr_html_(self) -> str:
        return self.data


def notebook_view(
    kg: KnowledgeGraph, *, height: int = 650, max_nodes: int = DEFAULT_MAX_NODES, first_view: int = DEFAULT_FIRST_VIEW, title: str = "newsgraph"
) -> ExplorerView:
    """Show the explorer inline in Jupyter or VS Code notebooks (``newsgraph.show(kg)``).

    The page sits in an ``<iframe srcdoc=...>``: no file, no server and no network, so it also
    works where an iframe pointing at a local file shows blank (VS Code). See :class:`ExplorerView`
    for what a saved, untrusted notebook shows instead.
    """
    return ExplorerView(kg, render_html(kg, max_nodes=max_nodes, first_view=first_view, title=title), height)


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

