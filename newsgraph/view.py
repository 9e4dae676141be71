"""Views for large corpora: which part of the graph Turtle, JSON-LD and the explorer hold, and writing them.

:mod:`graph.views` cuts a graph down (top N, an ego network, a node set);
this module adds the view a SPARQL query chooses, the ``--view`` specs of
``newsgraph build`` and ``newsgraph view``, and the rule a build follows
when it is given none (``auto``)::

    import newsgraph
    kg = newsgraph.build(["articles/"])
    part = newsgraph.choose_view(kg, "ego:Tony Blair:2")      # or "top:500", "query:people.rq", "all"
    newsgraph.export(part, "out/", ["turtle", "html"])
    written, view = newsgraph.export_with_view(kg, "out/")    # what `newsgraph build` does

A spec is ``KIND:ARGUMENT``; the kinds are in :data:`VIEW_KINDS`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from exports.html import DEFAULT_MAX_NODES
from exports.registry import DEFAULT_EXPORTS, VIEW_EXPORTS, export
from extract.errors import InputError, UnknownNameError
from graph.model import KnowledgeGraph
from graph.views import View, ego_view, nodes_view, top_view, view_of

from .sparql import QueryError, load_store, run_query

__all__ = [
    "AUTO_VIEW_MIN_NODES",
    "AUTO_VIEW_NODES",
    "VIEW_KINDS",
    "query_view",
    "auto_view",
    "check_view_spec",
    "choose_view",
    "export_with_view",
    "load_build",
    "view_folder_name",
]

#: A build whose graph has more nodes than this writes Turtle, JSON-LD and graph.html from a top view
#: (see docs/scaling.md, "Views for large corpora", for the measurements behind both numbers).
AUTO_VIEW_MIN_NODES = 5_000
#: How many nodes that top view keeps: as many as graph.html holds (``--max-nodes``, default 1,000),
#: so the three files hold the same nodes.
AUTO_VIEW_NODES = DEFAULT_MAX_NODES


def query_view(kg: KnowledgeGraph, query: str, *, name: str | None = None, store: ox.Store | None = None) -> KnowledgeGraph:
    """The nodes a SPARQL SELECT binds to entity IRIs (its ``?node``, else its first variable) and the relations among them.

    The query runs over the graph's RDF (the content of ``graph.ttl``, our
    prefixes predeclared), or over ``store`` when one is given (e.g. loaded from
    the build's ``graph.nq``). IRIs map back to node ids the way
    :func:`exports.vocab.entity_iri` mints them; other values are ignored, and
    a query that binds no entity of the graph is an :class:`InputError`.
    ``name`` (a file name) is what the view is called instead of the query text.
    """
    if store is None:
        store = _store_of(kg)
    result = run_query(store, query)
    if result.kind != "select":
        raise QueryError("a query view needs a SELECT query whose ?node (or first) variable binds entities.")
    if not result.variables:
        raise QueryError("the query selects no variable; SELECT ?node WHERE { … }.")
    variable = "node" if "node" in result.variables else result.variables[0]
    from exports.vocab import entity_iri

    ids = {str(entity_iri(gid)): gid for gid in kg.graph}
    column = result.variables.index(variable)
    chosen = list(dict.fromkeys(ids[term.value] for row in result.rows if isinstance(term := row[column], ox.NamedNode) and term.value in ids))
    label = name or " ".join(query.split())[:80]
    if not chosen:
        raise InputError(
            f"the query {label!r} bound no entity of the graph to ?{variable} ({len(result.rows)} rows); "
            "select entity IRIs, e.g. SELECT ?node WHERE { ?node a schema:Person }."
        )
    what = f"the {len(chosen):,} node{'s' if len(chosen) != 1 else ''} the query {label} selected"
    return nodes_view(kg, chosen, kind="query", what=what, parameters={"query": label, "variable": variable, "rows": len(result.rows)})


def _store_of(kg: KnowledgeGraph) -> ox.Store:
    """An in-memory store of the graph's RDF, bulk-loaded from a scratch N-Triples file."""
    from exports.rdf import write_ntriples

    with tempfile.TemporaryDirectory(prefix="newsgraph-view-") as scratch:
        path = Path(scratch) / "graph.nt"
        write_ntriples(kg, path)
        return load_store([path])


def _top(kg: KnowledgeGraph, argument: str) -> KnowledgeGraph:
    return top_view(kg, _integer(argument, "top:N"))


def _ego(kg: KnowledgeGraph, argument: str) -> KnowledgeGraph:
    """``ego:LABEL`` or ``ego:LABEL:RADIUS`` (a label may hold colons; a final number is the radius)."""
    name, _, tail = argument.rpartition(":")
    if name and tail.strip().isdigit():
        return ego_view(kg, name, int(tail))
    return ego_view(kg, argument)


def _query(kg: KnowledgeGraph, argument: str) -> KnowledgeGraph:
    path = Path(argument)
    if not path.is_file():
        raise InputError(f"{path}: no such query file (query:FILE.rq holds a SPARQL SELECT).")
    return query_view(kg, path.read_text(encoding="utf-8"), name=path.name)


def _nodes(kg: KnowledgeGraph, argument: str) -> KnowledgeGraph:
    """``nodes:FILE`` (one node id a line) or ``nodes:ID,ID,…``."""
    path = Path(argument)
    ids = path.read_text(encoding="utf-8").split() if path.is_file() else [i.strip() for i in argument.split(",") if i.strip()]
    return nodes_view(kg, ids)


def _integer(text: str, form: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(f"--view {form}: {text!r} is not a whole number.") from None


#: ``--view KIND:ARGUMENT`` → (how to make it, what it means). ``all`` and ``auto`` take no argument.
VIEW_KINDS: dict[str, tuple[Callable[[KnowledgeGraph, str], KnowledgeGraph], str]] = {
    "top": (_top, "top:N, the N most important nodes"),
    "ego": (_ego, "ego:LABEL[:RADIUS], a node (id, label or alias) and its neighbours within RADIUS relations (default 1)"),
    "query": (_query, "query:FILE.rq, the entities a SPARQL SELECT binds to ?node (or its first variable)"),
    "nodes": (_nodes, "nodes:FILE or nodes:ID,ID, the given node ids"),
}


def _valid_specs() -> str:
    return "; ".join(["all (the whole graph)", f"auto (top:{AUTO_VIEW_NODES} above {AUTO_VIEW_MIN_NODES:,} nodes, else all)", *(h for _, h in VIEW_KINDS.values())])


def auto_view(kg: KnowledgeGraph, *, min_nodes: int | None = None, nodes: int | None = None) -> KnowledgeGraph | None:
    """The top view a build writes Turtle, JSON-LD and graph.html from when the graph is too large; ``None`` when it is not.

    Too large is more than ``min_nodes`` (default :data:`AUTO_VIEW_MIN_NODES`); the view keeps
    ``nodes`` (default :data:`AUTO_VIEW_NODES`).
    """
    limit = AUTO_VIEW_MIN_NODES if min_nodes is None else min_nodes
    return top_view(kg, AUTO_VIEW_NODES if nodes is None else nodes) if kg.graph.number_of_nodes() > limit else None


def check_view_spec(spec: str) -> None:
    """Refuse a spec that cannot work before any article is read: an unknown kind, no argument,
    a count that is no number, a query file that is missing, no SELECT or not SPARQL."""
    text = spec.strip()
    if text in ("all", "auto"):
        return
    kind, colon, argument = text.partition(":")
    if kind not in VIEW_KINDS:
        raise UnknownNameError(f"Unknown view {spec!r}; choose from: {_valid_specs()}.")
    argument = argument.strip()
    if not colon or not argument:
        raise InputError(f"--view {kind} needs an argument: {VIEW_KINDS[kind][1]}.")
    if kind == "top" and _integer(argument, "top:N") < 1:
        raise InputError(f"--view top:N keeps at least 1 node (got {argument}).")
    if kind == "query":
        path = Path(argument)
        if not path.is_file():
            raise InputError(f"{path}: no such query file (query:FILE.rq holds a SPARQL SELECT).")
        if run_query(ox.Store(), path.read_text(encoding="utf-8")).kind != "select":
            raise QueryError(f"{path}: a query view needs a SELECT query whose ?node (or first) variable binds entities.")


def choose_view(kg: KnowledgeGraph, spec: str) -> KnowledgeGraph | None:
    """The view ``spec`` names (``"top:500"``, ``"ego:Tony Blair:2"``, ``"query:q.rq"``, ``"nodes:ids.txt"``),
    :func:`auto_view` for ``"auto"``, ``None`` (the whole graph) for ``"all"``."""
    check_view_spec(spec)
    text = spec.strip()
    if text == "all":
        return None
    if text == "auto":
        return auto_view(kg)
    kind, _, argument = text.partition(":")
    return VIEW_KINDS[kind][0](kg, argument.strip())


#: The folder of a build's output that holds its extractions (``newsgraph build --tables``, the default).
TABLES_DIR = "tables"


def load_build(out_dir: str | os.PathLike[str], *, aliases: str | os.PathLike[str] | None = None, nodes: str = "all") -> KnowledgeGraph:
    """The graph of an earlier ``newsgraph build --out OUT_DIR``, rebuilt from the extractions it kept in ``OUT_DIR/tables/``.

    Nothing is parsed again: entity resolution and the graph are made anew from
    the stored extractions (seconds for thousands of articles), so ``aliases``
    and ``nodes`` must be the build's own for the same graph; when the node or
    relation count differs from the build's ``report.json``,
    ``kg.meta["differs_from_build"]`` says how.
    """
    import json

    from extract.tables import read_extractions
    from graph.aliases import load_aliases
    from graph.build import build_graph

    out = Path(out_dir)
    tables = out / TABLES_DIR
    if not (tables / "articles").is_dir():
        raise InputError(
            f"{tables}: no extractions here; run `newsgraph build INPUT... --out {out}` first "
            "(with tables, the default: --no-tables leaves them out)."
        )
    kg = build_graph(read_extractions(tables), aliases=load_aliases(aliases) if aliases else None, nodes=nodes)
    report_path = out / "report.json"
    if report_path.is_file():
        report = json.loads(report_path.read_text(encoding="utf-8"))
        kg.meta["report"] = report
        built = (report.get("entities"), report.get("edges"))
        now = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
        if None not in built and built != now:
            kg.meta["differs_from_build"] = (
                f"the build's graph had {built[0]:,} nodes and {built[1]:,} relations, this one {now[0]:,} and {now[1]:,}: "
                "give the build's --aliases and --nodes"
            )
    return kg


def view_folder_name(spec: str) -> str:
    """A folder name for a view's files: ``"ego:Tony Blair:2"`` → ``"ego-tony-blair-2"``.

    >>> view_folder_name("ego:Tony Blair:2"), view_folder_name("query:queries/people.rq"), view_folder_name("top:500")
    ('ego-tony-blair-2', 'query-people', 'top-500')
    """
    from graph.ids import slugify

    kind, _, argument = spec.strip().partition(":")
    if kind in ("query", "nodes") and argument:
        argument = Path(argument).stem
    return slugify(f"{kind} {argument}") if argument else slugify(kind)


def export_with_view(
    kg: KnowledgeGraph,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = DEFAULT_EXPORTS,
    *,
    view: str | KnowledgeGraph | None = "auto",
    options: Mapping[str, Mapping[str, Any]] | None = None,
    processes: int | None = None,
) -> tuple[dict[str, Path], View | None]:
    """:func:`exports.registry.export`, with the :data:`~exports.registry.VIEW_EXPORTS` formats written from a view.

    ``view`` is a spec for :func:`choose_view` (``"auto"`` by default: a top view
    once the graph is too large, of as many nodes as graph.html holds, its
    ``max_nodes`` option included), a view already made, or ``None`` for none.
    Every other format holds the whole graph. Returns the paths and the
    :class:`~graph.views.View` (``None`` when everything holds the whole graph).
    """
    formats = list(formats)
    if not any(f in VIEW_EXPORTS for f in formats):
        if isinstance(view, str):
            check_view_spec(view)
        return export(kg, out_dir, formats, options, processes=processes), None
    if isinstance(view, str) and view.strip() == "auto":
        page = (options or {}).get("html", {}).get("max_nodes") or AUTO_VIEW_NODES
        part = auto_view(kg, nodes=max(AUTO_VIEW_NODES, int(page)))
    else:
        part = choose_view(kg, view) if isinstance(view, str) else view
    shown = view_of(part) if part is not None else None
    if part is None or shown is None:
        return export(kg, out_dir, formats, options, processes=processes), None
    whole = [f for f in formats if f not in VIEW_EXPORTS]
    viewed = [f for f in formats if f in VIEW_EXPORTS]
    written = export(kg, out_dir, whole, options, processes=processes) if whole else {}
    if viewed:
        written.update(export(part, out_dir, viewed, options, processes=processes))
    return {f: written[f] for f in formats if f in written}, shown
