"""N-Triples, N-Quads and GraphML streamed from the Parquet tables, without a KnowledgeGraph.

The in-memory exporters (:mod:`exports.rdf`, :mod:`exports.graphml`) need
the whole graph in one process. These write the same triples (and the same
GraphML graph) from

* the extraction shards of a build (``OUT/tables``, :mod:`extract.tables`),
* an **entity map**: a table ``(doc_id, local_id, global_id)`` saying which
  global entity each article-local entity resolved to
  (:data:`ENTITY_MAP_SCHEMA`), and
* the **resolved entities**: a table with the columns of ``entities.parquet``
  (:data:`exports.parquet.ENTITY_SCHEMA`; ``degree`` may be null),

so any resolution engine (the in-memory one through
:func:`resolution_tables`, or an out-of-core one) can feed them. Each table
is a :class:`pyarrow.Table` or a Parquet file (or a folder of them), which
DuckDB then reads from disk without Python holding it.

DuckDB joins the statements with the entity map and sorts them by article,
spilling to disk past its memory limit; Python then reads them one batch at a
time and keeps one article's statements and the relation names. What is
written once for the whole corpus (the asserted triples of the default graph,
the concepts and events an edge reaches) is decided by DuckDB at the end, from
the articles' claims and edge ends written to temporary Parquet files during
the pass, so no set that grows with the corpus stays in Python. GraphML needs
every edge's evidence together: the first pass writes the edge evidence to
temporary Parquet files and DuckDB hands it back sorted by edge, one edge at a
time. Each of these work files is split by ranges of source ids
(:data:`PART_STATEMENTS`), so each query at the end holds one range: one
sort of every edge's evidence ran out of DuckDB's memory at 200× the BBC
corpus.

Lines come out in another order than the in-memory writers' (N-Triples and
N-Quads order carries no meaning); as sets of lines they are the same
(``tests/exports/test_stream.py``).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import math
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from rdflib import URIRef

from extract.errors import InputError, NewsgraphError
from extract.model import QUALIFIER_KINDS, Argument, Provenance, Qualifier, Statement
from extract.tables import RowWriter, shard_paths
from graph.build import NODE_SETS, edge_wordings, noisy_or
from graph.confidence import edge_confidence
from graph.model import ArticleInfo, Entity
from graph.relations import UNCLASSED, relation_class

from . import graphml, rdf
from .atomic import atomic_write
from .parquet import ENTITY_SCHEMA, entity_row, row_batches
from .vocab import article_iri

__all__ = [
    "ENTITY_MAP_SCHEMA",
    "resolution_tables",
    "generate_ntriples_streamed",
    "generate_nquads_streamed",
    "write_ntriples_streamed",
    "write_nquads_streamed",
    "write_graphml_streamed",
]

#: Which global entity each article-local entity resolved to.
ENTITY_MAP_SCHEMA = pa.schema([("doc_id", pa.string()), ("local_id", pa.string()), ("global_id", pa.string())])

#: An input table: in memory, or a Parquet file (or a folder of them) that DuckDB reads from disk.
TableSource = pa.Table | str | os.PathLike[str]

_ENTITY_COLUMNS = ("id", "label", "type", "named", "aliases", "roles", "mention_count", "articles", "identifiers")

#: Statement rows Python takes from DuckDB at a time.
BATCH_ROWS = 8192


def resolution_tables(resolution: Any) -> tuple[pa.Table, pa.Table]:
    """(entity map, resolved entities) of an in-memory :class:`graph.resolve.Resolution`."""
    keys = sorted(resolution.mapping)
    entity_map = pa.table(
        [pa.array([d for d, _ in keys], pa.string()), pa.array([lid for _, lid in keys], pa.string()),
         pa.array([resolution.mapping[k] for k in keys], pa.string())],
        schema=ENTITY_MAP_SCHEMA,
    )
    rows = (entity_row(resolution.entities[gid], None) for gid in sorted(resolution.entities))
    entities = pa.Table.from_batches(list(row_batches(rows, ENTITY_SCHEMA)), schema=ENTITY_SCHEMA)
    return entity_map, entities


# --------------------------------------------------------------------------- inputs


def _check_inputs(tables_dir: str | os.PathLike[str], entity_map: TableSource, entities: TableSource, nodes: str) -> Path:
    """Refuse, with a reason, inputs the pass cannot use, before anything is written."""
    tables = Path(tables_dir)
    for table in ("articles", "statements"):
        if not shard_paths(tables, table):
            raise InputError(f"{tables}: no {table} shards ({table}/part-*.parquet); build with `newsgraph build ... --out DIR` (it writes DIR/tables/).")
    for name, source, wanted in (("entity map", entity_map, ENTITY_MAP_SCHEMA.names), ("entities table", entities, _ENTITY_COLUMNS)):
        missing = [c for c in wanted if c not in _columns(name, source)]
        if missing:
            raise InputError(f"the {name} has no column {', '.join(missing)}; it needs {', '.join(wanted)}")
    if nodes not in NODE_SETS:
        raise InputError(f"nodes must be one of {', '.join(NODE_SETS)}, not {nodes!r}")
    return tables


def _parquet_files(source: str | os.PathLike[str]) -> list[Path]:
    path = Path(source)
    return sorted(path.glob("*.parquet")) if path.is_dir() else [path]


def _columns(name: str, source: TableSource) -> list[str]:
    if isinstance(source, pa.Table):
        return source.column_names
    if not isinstance(source, (str, os.PathLike)):
        raise InputError(f"the {name} must be a pyarrow Table or a Parquet file or folder, not {type(source).__name__}")
    files = _parquet_files(source)
    if not files or not files[0].is_file():
        raise InputError(f"the {name}: no Parquet file at {source}")
    return pq.read_schema(files[0]).names


#: What DuckDB may use for the joins and sorts before it spills to disk.
DUCKDB_MEMORY_LIMIT = "1GB"


def _connect(tables: Path, entity_map: TableSource, entities: TableSource, spill: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET temp_directory = " + _quote(str(spill)))  # big sorts spill here, not into the working directory
    con.execute("SET memory_limit = " + _quote(DUCKDB_MEMORY_LIMIT))
    con.execute("SET preserve_insertion_order = false")
    for view, source, columns in (("entity_map", entity_map, ENTITY_MAP_SCHEMA.names), ("entities", entities, _ENTITY_COLUMNS)):
        if isinstance(source, pa.Table):
            con.register(f"{view}_arrow", source.select(list(columns)))
            con.execute(f"CREATE VIEW {view} AS SELECT * FROM {view}_arrow")
        else:  # read from disk by DuckDB, never whole in Python
            files = "[" + ", ".join(_quote(str(p)) for p in _parquet_files(source)) + "]"
            con.execute(f"CREATE VIEW {view} AS SELECT {', '.join(columns)} FROM read_parquet({files})")
    con.execute(f"CREATE VIEW statements AS SELECT * FROM read_parquet({_paths(tables, 'statements')})")
    con.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet({_paths(tables, 'articles')})")
    # a local entity mapped twice would join its statements twice
    twice = con.sql("SELECT doc_id, local_id FROM entity_map GROUP BY ALL HAVING count(DISTINCT global_id) > 1 LIMIT 1").fetchall()
    if twice:
        con.close()
        raise InputError(f"the entity map gives the local entity {twice[0][1]!r} of article {twice[0][0]!r} more than one global id")
    con.execute("CREATE VIEW entity_map_unique AS SELECT DISTINCT doc_id, local_id, global_id FROM entity_map")
    return con


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _paths(tables: Path, table: str) -> str:
    return "[" + ", ".join(_quote(str(p)) for p in shard_paths(tables, table)) + "]"


# Every statement of one range of articles with the global ids and types of its arguments and its
# article's date, article by article. The entity map and the entities are cut to the range before the
# joins, so one query's hash tables and sort hold one range, whatever the corpus.
_STATEMENTS = """
WITH s AS (SELECT * FROM statements WHERE doc_id BETWEEN {lo} AND {hi}),
     m AS (SELECT * FROM entity_map_unique WHERE doc_id BETWEEN {lo} AND {hi}),
     e AS (SELECT * FROM entities WHERE id IN (SELECT global_id FROM m))
SELECT s.doc_id, s.statement_index, s.relation, s.predicate, s.confidence, s.negated, s.modality, s.attribution,
       s.qualifiers, s.symmetric, s.sentence_index, s.sentence, s.sentence_start, s.start_char, s.end_char,
       s.extractor, s.extractor_version, s.extra,
       s.subject AS subject, s.object AS object,
       ms.global_id AS subject_id, es.type AS subject_type, es.named AS subject_named,
       mo.global_id AS object_id, eo.type AS object_type, eo.named AS object_named,
       a.date AS article_date
FROM s
LEFT JOIN m ms ON ms.doc_id = s.doc_id AND ms.local_id = s.subject.entity
LEFT JOIN e es ON es.id = ms.global_id
LEFT JOIN m mo ON mo.doc_id = s.doc_id AND mo.local_id = s.object.entity
LEFT JOIN e eo ON eo.id = mo.global_id
LEFT JOIN (SELECT doc_id, date FROM articles WHERE doc_id BETWEEN {lo} AND {hi}) a ON a.doc_id = s.doc_id
ORDER BY s.doc_id, s.statement_index
"""

#: Statements per query of :data:`_STATEMENTS` (an article is never split). One query over a
#: 425,000-article corpus ran out of DuckDB's 1 GB in the join; a range of this size needs a few MiB.
RANGE_STATEMENTS = 300_000


def _article_ranges(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str]]:
    """(first, last) article id of consecutive ranges of about :data:`RANGE_STATEMENTS` statements, in id order."""
    cursor = con.execute("SELECT doc_id, count(*) FROM statements GROUP BY doc_id ORDER BY doc_id")
    first, last, size = None, None, 0
    while rows := cursor.fetchmany(10_000):
        for doc_id, count in rows:
            if first is None:
                first = doc_id
            last, size = doc_id, size + count
            if size >= RANGE_STATEMENTS:
                yield first, last
                first, size = None, 0
    if first is not None:
        yield first, last


def _by_article(con: duckdb.DuckDBPyConnection) -> Iterator[list[dict[str, Any]]]:
    """The rows of :data:`_STATEMENTS`, one article's list at a time, range after range."""
    try:
        for lo, hi in list(_article_ranges(con)):
            current: list[dict[str, Any]] = []
            for batch in con.sql(_STATEMENTS.format(lo=_quote(lo), hi=_quote(hi))).to_arrow_reader(batch_size=BATCH_ROWS):
                for row in batch.to_pylist():
                    if current and row["doc_id"] != current[0]["doc_id"]:
                        yield current
                        current = []
                    current.append(row)
            if current:
                yield current
    except duckdb.OutOfMemoryException as err:
        raise NewsgraphError(
            f"DuckDB needs more than exports.stream.DUCKDB_MEMORY_LIMIT ({DUCKDB_MEMORY_LIMIT}) to join the statements with the "
            f"entity map; raise it (e.g. to '4GB'). DuckDB said: {str(err).splitlines()[0]}"
        ) from None


# --------------------------------------------------------------------------- parts by source

#: Statements per part of the work files that are read back whole at the end of a pass (the edges' claims and
#: ends, the GraphML edge evidence). Each part holds the rows of one range of source ids, so one query sorts,
#: deduplicates or joins one part; a range of entity ids is cut for its joins the same way.
PART_STATEMENTS = 200_000


def _source_bounds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Entity ids splitting the entities into about statements / :data:`PART_STATEMENTS` ranges (none for a small corpus).

    The bounds come from a sample of the entity ids: the order of the output never depends on them, only how
    much one query holds.
    """
    statements = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    parts = max(1, math.ceil(statements / PART_STATEMENTS))
    if parts == 1:
        return []
    ids = sorted(r[0] for r in con.execute("SELECT id FROM entities USING SAMPLE reservoir(50000 ROWS) REPEATABLE (7)").fetchall())
    return sorted({ids[len(ids) * i // parts] for i in range(1, parts)}) if ids else []


class _Parts:
    """Rows written to one Parquet file per range of ``column`` (ranges split at ``bounds``), in range order.

    Part ``i`` holds the rows whose ``column`` is at least ``bounds[i - 1]`` and below ``bounds[i]``;
    :meth:`ranges` gives each part's file with those two ends (``None``: open).
    """

    def __init__(self, folder: Path, name: str, schema: pa.Schema, column: str, bounds: list[str]) -> None:
        self.bounds, self.column = bounds, column
        # one file per part waits at most batch_rows rows in Python: all of them together about BATCH_ROWS
        batch = max(256, BATCH_ROWS // (len(bounds) + 1))
        self.writers = [RowWriter(folder / f"{name}-{i:05d}.parquet", schema, batch) for i in range(len(bounds) + 1)]

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        if not self.bounds:
            self.writers[0].add(rows)
            return
        for row in rows:
            self.writers[bisect.bisect_right(self.bounds, row[self.column])].add((row,))

    def close(self) -> None:
        for writer in self.writers:
            writer.close()

    def ranges(self) -> Iterator[tuple[str, str | None, str | None]]:
        """(file as SQL string, lowest id or None, id above the range or None) of each part, in id order."""
        ends = [None, *self.bounds, None]
        for i, writer in enumerate(self.writers):
            yield _quote(str(writer.path)), ends[i], ends[i + 1]


def _id_range(column: str, lo: str | None, hi: str | None) -> str:
    """SQL condition: ``column`` in [lo, hi)."""
    conditions = [f"{column} >= {_quote(lo)}" if lo is not None else "", f"{column} < {_quote(hi)}" if hi is not None else ""]
    return " AND ".join(c for c in conditions if c) or "TRUE"


# --------------------------------------------------------------------------- edges


@dataclass(frozen=True, slots=True)
class _Evidence:
    """One statement behind an edge: the edge (source, target, key) and the evidence record of graph.build."""

    source: str
    target: str
    key: str
    record: dict[str, Any]
    row: dict[str, Any]


class _Classes(dict[str, str]):
    """predicate → relation class, computed once per predicate."""

    def __missing__(self, predicate: str) -> str:
        self[predicate] = value = relation_class(predicate)
        return value


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """:func:`graph.build.evidence_record` of a statement row."""
    return {
        "doc_id": row["doc_id"], "sentence_index": row["sentence_index"], "sentence": row["sentence"],
        "start_char": row["start_char"], "end_char": row["end_char"], "relation": row["relation"],
        "predicate": row["predicate"], "subject_text": row["subject"]["text"], "object_text": row["object"]["text"],
        "extractor": row["extractor"], "confidence": row["confidence"], "negated": row["negated"],
        "modality": row["modality"], "attribution": row["attribution"], "reported_on": row["article_date"],
        "qualifiers": [{"kind": q["kind"], "text": q["text"], "span": [q["start_char"], q["end_char"]], "value": q["value"]} for q in row["qualifiers"]],
    }


def _article_edges(rows: list[dict[str, Any]], nodes: str, classes: _Classes) -> list[_Evidence]:
    """The statements of one article that are edge evidence, as graph.build.build_graph decides it."""

    def is_node(gid: str | None, named: bool | None) -> bool:
        return gid is not None and (nodes == "all" or bool(named))

    # the active reading of a clause makes its passive twin redundant (graph.build._passive_twin)
    active = {(r["subject"]["start_char"], r["object"]["start_char"]) for r in rows if r["extractor"].startswith("passive.")}
    found = []
    for r in rows:
        if r["predicate"].endswith(" by") and (r["object"]["start_char"], r["subject"]["start_char"]) in active:
            continue
        source, target = r["subject_id"], r["object_id"]
        if not (is_node(source, r["subject_named"]) and is_node(target, r["object_named"]) and source != target):
            continue
        if r["symmetric"] and target < source:
            source, target = target, source
        cls = classes[r["predicate"]]
        key = ("not " if r["negated"] else "") + (r["predicate"] if cls == UNCLASSED else cls)
        found.append(_Evidence(source, target, key, _record(r), r))
    return found


# --------------------------------------------------------------------------- RDF


@dataclass
class _Shim:
    """What the rdf helpers read of a KnowledgeGraph (``entities``, ``articles``, ``graph.edges``), for one batch."""

    entities: dict[str, Entity]
    articles: dict[str, ArticleInfo]
    predicates: Iterable[str] = ()

    @property
    def graph(self) -> _Shim:
        return self

    def edges(self, keys: bool = True, data: bool = True) -> list[tuple[str, str, str, dict[str, Any]]]:
        return [("", "", p, {"evidence": [{"predicate": p}]}) for p in self.predicates]


def _entity(row: dict[str, Any]) -> Entity:
    return Entity(
        row["id"], row["label"], row["type"], tuple(row["aliases"] or ()), tuple(row["roles"] or ()), row["mention_count"] or 0,
        tuple(row["articles"] or ()), identifiers=tuple(row["identifiers"] or ()),
    )


def _triples(con: duckdb.DuckDBPyConnection, nodes: str, spill: Path, evidence_sink: Any = None) -> Iterator[tuple[rdf.Triple, str | None]]:
    """(triple, named graph or None) of the whole export over ``con`` (:func:`_connect`); ``evidence_sink(list[_Evidence])``
    also sees every edge's evidence.

    With an ``evidence_sink`` the pass only feeds it (GraphML wants the edges, not the triples) and yields nothing.
    """
    classes = _Classes()
    predicates: set[str] = set()
    # Every article's claims go to files DuckDB reads back at the end, so the default graph states each claim
    # once, and the ends of every edge (negated ones too, which assert nothing) to others, so the nodes an edge
    # reaches are known: sets of every claim and every node in Python would grow with the corpus. Both are
    # split by id range so that one query holds one range.
    if sink_given := evidence_sink is not None:
        claims = ends = None
    else:
        bounds = _source_bounds(con)
        claims = _Parts(spill, "claims", _CLAIM_SCHEMA, "source", bounds)
        ends = _Parts(spill, "ends", _END_SCHEMA, "id", bounds)
    for rows in _by_article(con):
        doc = rows[0]["doc_id"]
        edges = _article_edges(rows, nodes, classes)
        if sink_given:
            if edges:
                evidence_sink(edges)
            continue
        in_article: dict[rdf.Triple, str] = {}
        reached: dict[str, None] = {}
        seen: set[URIRef] = set()
        evidence: list[rdf.Triple] = []
        date = rows[0]["article_date"]
        for ev in edges:
            key = rdf._evidence_key(ev.key, ev.record)
            predicates.add(rdf.split_negation(key)[0])
            reached.setdefault(ev.source, None)
            reached.setdefault(ev.target, None)
            triple = rdf._assertion(ev.source, ev.target, key)
            if triple is not None and triple not in in_article:
                in_article[triple] = ev.source
            evidence.extend(rdf._new_evidence(ev.source, ev.target, key, ev.record, seen, date))
        claims.add([{"source": u, "s": str(t[0]), "p": str(t[1]), "o": str(t[2])} for t, u in in_article.items()])
        ends.add([{"id": node} for node in reached])
        graph = str(article_iri(doc))
        for triple in evidence:
            yield triple, None
        for triple in in_article:
            yield triple, graph
        for triple in evidence:
            yield triple, graph
    if sink_given:
        return
    claims.close()
    ends.close()
    for part, _, _ in claims.ranges():
        for batch in con.sql(f"SELECT DISTINCT s, p, o FROM read_parquet({part})").to_arrow_reader(batch_size=BATCH_ROWS):
            for s_, p_, o_ in zip(*(batch.column(c).to_pylist() for c in ("s", "p", "o"))):
                yield (URIRef(s_), URIRef(p_), URIRef(o_)), None
    # The nodes: every entity but concepts and events, which are nodes only while an edge reaches them.
    for batch in _linked_entities(con, ends):
        chosen = {r["id"]: _entity(r) for r in batch.to_pylist() if r["named"] or r["linked"]}
        for triple in rdf._entity_triples(_Shim(chosen, {})):
            yield triple, None
    for triple in rdf._relation_triples(_Shim({}, {}, sorted(predicates))):
        yield triple, None
    reader = con.sql("SELECT doc_id, title, date, url FROM articles ORDER BY doc_id").to_arrow_reader(batch_size=BATCH_ROWS)
    for batch in reader:
        infos = {r["doc_id"]: ArticleInfo(r["doc_id"], r["title"], r["date"], r["url"]) for r in batch.to_pylist()}
        for triple in rdf._article_triples(_Shim({}, infos)):
            yield triple, None


#: One row per claim an article makes (``s``, ``p``, ``o``: the asserted triple's IRIs), with the edge's source.
_CLAIM_SCHEMA = pa.schema([("source", pa.string()), ("s", pa.string()), ("p", pa.string()), ("o", pa.string())])
#: One row per entity an article's edges reach (either end, negated edges too).
_END_SCHEMA = pa.schema([("id", pa.string())])


def _linked_entities(con: duckdb.DuckDBPyConnection, ends: _Parts) -> Iterator[pa.RecordBatch]:
    """The entities in id order, each with ``linked``: whether an edge's end (a row of ``ends``) is it; one id range at a time."""
    for part, lo, hi in ends.ranges():
        query = f"""
            SELECT e.*, l.id IS NOT NULL AS linked FROM (SELECT * FROM entities WHERE {_id_range("id", lo, hi)}) e
            LEFT JOIN (SELECT DISTINCT id FROM read_parquet({part})) l ON l.id = e.id
            ORDER BY e.id"""
        yield from con.sql(query).to_arrow_reader(batch_size=BATCH_ROWS)


@contextlib.contextmanager
def _spill_dir(near: Path) -> Iterator[Path]:
    """A temporary folder beside the output for DuckDB's spill files and the edge evidence."""
    near.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{near.name}.", suffix=".spill", dir=near.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def generate_nquads_streamed(tables_dir: str | os.PathLike[str], entity_map: TableSource, entities: TableSource, *, nodes: str = "all", graphs: bool = True, spill: str | os.PathLike[str] | None = None) -> Iterator[str]:
    """The lines of ``graph.nq`` (``graphs=False``: of ``graph.nt``) from the tables, in streaming order."""
    tables = _check_inputs(tables_dir, entity_map, entities, nodes)
    with contextlib.ExitStack() as stack:
        folder = Path(spill) if spill is not None else stack.enter_context(_spill_dir(Path(tempfile.gettempdir()) / "newsgraph"))
        con = stack.enter_context(contextlib.closing(_connect(tables, entity_map, entities, folder)))
        for (s, p, o), graph in _triples(con, nodes, folder):
            if graph is None:
                yield f"{rdf.nt_term(s)} {rdf.nt_term(p)} {rdf.nt_term(o)} .\n"
            elif graphs:
                yield f"{rdf.nt_term(s)} {rdf.nt_term(p)} {rdf.nt_term(o)} <{graph}> .\n"


def generate_ntriples_streamed(tables_dir: str | os.PathLike[str], entity_map: TableSource, entities: TableSource, *, nodes: str = "all") -> Iterator[str]:
    """The lines of ``graph.nt`` (the merged graph only) from the tables."""
    return generate_nquads_streamed(tables_dir, entity_map, entities, nodes=nodes, graphs=False)


def _write(lines: Iterator[str], handle: IO[str]) -> None:
    rdf._write_buffered(lines, handle)


@contextlib.contextmanager
def _memory_bound(export: str) -> Iterator[None]:
    """DuckDB running out of :data:`DUCKDB_MEMORY_LIMIT` anywhere in an export, as one line that says what to do.

    (Inside a result stream DuckDB's error reaches Python through pyarrow, as an ``OSError``.)
    """
    try:
        yield
    except (duckdb.OutOfMemoryException, OSError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        if isinstance(err, OSError) and "Out of Memory" not in first:
            raise
        raise NewsgraphError(
            f"the streamed {export} export needs more than exports.stream.DUCKDB_MEMORY_LIMIT ({DUCKDB_MEMORY_LIMIT}) "
            f"for DuckDB's joins and sorts; raise it (e.g. to '4GB'). DuckDB said: {first}"
        ) from None


def write_nquads_streamed(tables_dir: str | os.PathLike[str], entity_map: TableSource, entities: TableSource, path: str | os.PathLike[str], *, nodes: str = "all") -> Path:
    """Write ``graph.nq`` from the tables, atomically; return its path."""
    target = Path(path)
    _check_inputs(tables_dir, entity_map, entities, nodes)
    with _memory_bound("N-Quads"), _spill_dir(target) as spill, atomic_write(target) as handle:
        _write(generate_nquads_streamed(tables_dir, entity_map, entities, nodes=nodes, spill=spill), handle)
    return target


def write_ntriples_streamed(tables_dir: str | os.PathLike[str], entity_map: TableSource, entities: TableSource, path: str | os.PathLike[str], *, nodes: str = "all") -> Path:
    """Write ``graph.nt`` from the tables, atomically; return its path."""
    target = Path(path)
    _check_inputs(tables_dir, entity_map, entities, nodes)
    with _memory_bound("N-Triples"), _spill_dir(target) as spill, atomic_write(target) as handle:
        _write(generate_nquads_streamed(tables_dir, entity_map, entities, nodes=nodes, graphs=False, spill=spill), handle)
    return target


# --------------------------------------------------------------------------- GraphML

# The evidence of every edge, written during the statement pass and read back sorted by edge.
_EVIDENCE_SCHEMA = pa.schema([
    ("source", pa.string()), ("target", pa.string()), ("key", pa.string()), ("doc_id", pa.string()),
    ("start_char", pa.int32()), ("statement_index", pa.int32()), ("row", pa.string()),
])

# The edges of one part of the evidence in graph order (sorted by source, target, key: networkx's edge order, so
# the ids e0, e1, … agree; the parts are ranges of sources in order), each statement in the order graph.build
# sorts an edge's evidence. The entities are cut to the part's ends before the joins.
_EDGES = """
WITH ev AS (SELECT * FROM read_parquet({part})),
     ends AS (SELECT id, type, label FROM entities WHERE id IN (SELECT source FROM ev UNION SELECT target FROM ev))
SELECT ev.source, ev.target, ev.key, ev.row, es.type AS source_type, es.label AS source_label, et.type AS target_type, et.label AS target_label
FROM ev JOIN ends es ON es.id = ev.source JOIN ends et ON et.id = ev.target
ORDER BY ev.source, ev.target, ev.key, ev.doc_id, ev.start_char, ev.statement_index
"""

#: Node attributes in the order graph.build sets them (then each entity's identifiers).
_NODE_ATTRS = ("label", "type", "aliases", "roles", "mentions", "articles")
#: Edge attributes in the order exports.graphml.flat_graph writes them.
_EDGE_ATTRS = (
    "predicate", "label", "labels", "relation_class", "surface", "weight", "confidence", "statement_confidence", "hedged",
    "symmetric", "articles", "reported_on", "relation", "evidence", *QUALIFIER_KINDS,
)
_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def _argument(value: dict[str, Any]) -> Argument:
    return Argument(value["text"], value["start_char"], value["end_char"], value["head"], value["head_start"], value["entity"], value["is_pronoun"])


def _statement(row: dict[str, Any]) -> Statement:
    """The :class:`~extract.model.Statement` of a statement row (what edge_confidence reads)."""
    return Statement(
        _argument(row["subject"]), row["relation"], row["predicate"], _argument(row["object"]),
        Provenance(row["doc_id"], row["sentence_index"], row["sentence"], row["sentence_start"], row["start_char"], row["end_char"],
                   row["extractor"], row["extractor_version"]),
        row["confidence"], tuple(_argument(a) for a in row["extra"]), row["negated"], row["modality"], row["attribution"],
        tuple(Qualifier(q["kind"], q["text"], q["start_char"], q["end_char"], q["value"]) for q in row["qualifiers"]), row["symmetric"],
    )


def _edge_attributes(rows: list[dict[str, Any]], first: dict[str, Any]) -> dict[str, Any]:
    """The GraphML attributes of one edge from its evidence rows, as graph.build and exports.graphml compute them."""
    evidence = [_statement(r) for r in rows]
    surface, labels = edge_wordings(evidence)
    cls = relation_class(labels[0])
    records = [_record(r) for r in rows]
    data: dict[str, Any] = {
        "predicate": labels[0], "label": labels[0], "labels": labels, "relation_class": cls, "surface": surface, "weight": len(evidence),
        "confidence": edge_confidence(
            evidence, subject_type=first["source_type"], object_type=first["target_type"], relation_class=cls,
            subject_label=first["source_label"], object_label=first["target_label"],
        ),
        "statement_confidence": noisy_or(s.confidence for s in evidence),
        "hedged": sum(1 for s in evidence if s.modality) / len(evidence),
        "symmetric": all(s.symmetric for s in evidence),
        "articles": sorted({s.provenance.doc_id for s in evidence}),
        "reported_on": min((d for r in rows if (d := r["article_date"])), default=None),
    }
    flat = {k: graphml._flat(v) for k, v in data.items()}
    flat["relation"] = graphml._flat(first["key"])
    flat["evidence"] = graphml._flat([{k: e[k] for k in ("doc_id", "sentence", "confidence")} for e in records])
    dated = _Dated({r["doc_id"]: r["article_date"] for r in rows})
    flat.update({k: graphml.xml_text(v) for k, v in graphml._qualifier_attrs(dated, records).items()})
    return flat


class _Dated:
    """What exports.graphml._qualifier_attrs reads of a KnowledgeGraph: ``articles[doc].date``."""

    def __init__(self, dates: dict[str, str | None]) -> None:
        self.articles = {doc: ArticleInfo(doc, date=date) for doc, date in dates.items()}


class _Keys:
    """GraphML ``<key>`` ids in order of first use, as networkx numbers them (d0, d1, …)."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}

    def __call__(self, name: str, value: Any, scope: str) -> str:
        kind = (name, _XML_TYPES[type(value)], scope)
        if kind not in self.ids:
            self.ids[kind] = f"d{len(self.ids)}"
        return self.ids[kind]

    def elements(self) -> Iterator[str]:
        # networkx inserts each new key before the others: the last one comes first
        for (name, kind, scope), key_id in reversed(list(self.ids.items())):
            element = ET.Element("key", {"id": key_id, "for": scope, "attr.name": name, "attr.type": kind})
            yield "  " + ET.tostring(element, encoding="unicode") + "\n"


def _element(tag: str, attrib: dict[str, str], data: dict[str, Any], scope: str, keys: _Keys) -> str:
    """One ``<node>``/``<edge>`` with its ``<data>``, indented as networkx's prettyprint indents it."""
    element = ET.Element(tag, attrib)
    for name, value in data.items():
        child = ET.SubElement(element, "data", {"key": keys(name, value, scope)})
        child.text = str(value)
    element.text = "\n      " if len(element) else None
    for child in element:
        child.tail = "\n      "
    if len(element):
        element[-1].tail = "\n    "
    return "    " + ET.tostring(element, encoding="unicode") + "\n"


def write_graphml_streamed(tables_dir: str | os.PathLike[str], entity_map: TableSource, entities: TableSource, path: str | os.PathLike[str], *, nodes: str = "all") -> Path:
    """Write ``graph.graphml`` (the graph :func:`exports.graphml.write_graphml` writes) from the tables, atomically.

    Memory: one article's statements during the first pass, then one edge's
    evidence at a time; nodes and edges go to two temporary files beside
    ``path``, joined behind the ``<key>`` declarations at the end.
    """
    target = Path(path)
    tables = _check_inputs(tables_dir, entity_map, entities, nodes)
    with _memory_bound("GraphML"), _spill_dir(target) as spill, contextlib.closing(_connect(tables, entity_map, entities, spill)) as con:
        bounds = _source_bounds(con)
        # split by source range, so the end reads, sorts and joins one range at a time
        evidence = _Parts(spill, "edge-evidence", _EVIDENCE_SCHEMA, "source", bounds)
        ends = _Parts(spill, "ends", _END_SCHEMA, "id", bounds)

        def keep(edges: list[_Evidence]) -> None:
            evidence.add(
                {"source": ev.source, "target": ev.target, "key": ev.key, "doc_id": ev.row["doc_id"], "start_char": ev.row["start_char"],
                 "statement_index": ev.row["statement_index"], "row": json.dumps(ev.row, ensure_ascii=False)}
                for ev in edges
            )
            ends.add({"id": node} for node in dict.fromkeys(n for ev in edges for n in (ev.source, ev.target)))

        try:
            for _ in _triples(con, nodes, spill, evidence_sink=keep):
                pass  # the RDF is not wanted here; the pass feeds ``keep``
        finally:
            evidence.close()
            ends.close()
        keys = _Keys()
        with open(spill / "nodes.xml", "w", encoding="utf-8") as out:
            # concepts and events are nodes only while an edge reaches them
            for batch in _linked_entities(con, ends):
                for r in batch.to_pylist():
                    if not r["named"] and not r["linked"]:
                        continue
                    e = _entity(r)
                    data = {"label": e.label, "type": e.type, "aliases": list(e.aliases), "roles": list(e.roles),
                            "mentions": e.mention_count, "articles": list(e.articles), **dict(e.identifiers)}
                    out.write(_element("node", {"id": graphml.xml_text(e.id)}, {k: graphml._flat(v) for k, v in data.items()}, "node", keys))
        with open(spill / "edges.xml", "w", encoding="utf-8") as out:
            number = 0
            group: list[dict[str, Any]] = []
            first: dict[str, Any] | None = None

            def flush() -> None:
                nonlocal number
                assert first is not None
                attrib = {"source": graphml.xml_text(first["source"]), "target": graphml.xml_text(first["target"]), "id": f"e{number}"}
                out.write(_element("edge", attrib, _edge_attributes(group, first), "edge", keys))
                number += 1

            batches = (b for part, _, _ in evidence.ranges() for b in con.sql(_EDGES.format(part=part)).to_arrow_reader(batch_size=BATCH_ROWS))
            for batch in batches:
                for r in batch.to_pylist():
                    if first is not None and (r["source"], r["target"], r["key"]) != (first["source"], first["target"], first["key"]):
                        flush()
                        group = []
                    if not group:
                        first = r
                    group.append(json.loads(r["row"]))
            if group:
                flush()
        with atomic_write(target, binary=True) as handle:
            handle.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
            handle.write(b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                         b'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
            handle.write("".join(keys.elements()).encode("utf-8"))
            handle.write(b'  <graph edgedefault="directed">\n')
            for part in ("nodes.xml", "edges.xml"):
                with open(spill / part, "rb") as piece:
                    shutil.copyfileobj(piece, handle, 1 << 20)
            handle.write(b"  </graph>\n</graphml>\n")
    return target
