"""Entity resolution out of core on one machine: DuckDB over the Parquet shards.

The rules are :mod:`graph.resolve`'s; this engine only changes where rows
wait. DuckDB reads the ``entities`` and ``mentions`` shards
(:mod:`extract.tables`), computes the corpus-wide statistics in SQL (IDF of
context lemmas and of names, each article's names), and sorts the rows by a
blocking key; Python receives one block at a time
(:mod:`graph.resolve_blocks`) and writes what the rules decide back as
Parquet, which the next step reads. Every intermediate table lives in a
DuckDB database file that spills to disk under ``memory_limit``; no step
holds a list of the whole corpus in Python.

Steps (each a table of ``work_dir/resolve.duckdb``):

1. ``locals``: every local entity with its count of name mentions and kind
   (named, floating description, concept).
2. ``names``: the matching name, transliteration key, canonical name and rule of each named local (Python, row by row).
3. ``idf``, ``name_idf``: document frequencies (SQL), IDF values (Python ``math.log1p``, as the in-memory engine).
4. First stage, one transliteration key a block → ``clusters`` and ``members``.
5. Fuzzy name, gazetteer, surname, acronym: per stage, each cluster's keys
   (Python), blocks joined by a shared key, one block at a time → moves
   and the clusters that grew; the cluster table is rewritten.
6. Numbering, role descriptions, entity rows, concepts → ``entity_map.parquet`` and ``entities.parquet``.

The result equals :func:`graph.resolve.resolve_entities` over the same
extractions sorted by article id (what :func:`graph.build.build_graph` passes),
entity for entity and in the same order (``tests/graph/test_resolve_duckdb.py``).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.entities import translit_key
from extract.errors import InputError
from extract.model import LocalEntity
from extract.tables import RowWriter, shard_paths

from .aliases import AliasTable
from .concepts import _entity as concept_entity
from .concepts import concept_id_base
from .ids import entity_id
from .model import Entity
from .resolve import VARIANT_STAGES, Resolution, make_member, member_spellings, numbered, warn_unmatched
from .resolve_blocks import (
    CLUSTER_SCHEMA,
    cluster_from_row,
    ENTITY_MAP_SCHEMA,
    ENTITY_SCHEMA,
    MEMBER_SCHEMA,
    describe_floating,
    display_label,
    entity_from_row,
    entity_row,
    chunked,
    entity_chunk,
    first_stage_chunk,
    group_rows,
    offset_clusters,
    sequential_map,
    variant_chunk,
    mentions_of,
)

__all__ = ["ResolvedTables", "resolve_tables", "load_resolution", "read_entities", "NoShardsError"]

_BATCH = 4_096  # rows Python holds per read batch and per write buffer: rows carry contexts and neighbours as lists of dicts

#: Rows of blocks a chunk holds: run in this process (each chunk's rows, objects and results are in Python at once),
#: or sent as one task of a Dask cluster (graph.resolve_dask).
_LOCAL_CHUNK_ROWS = 1_000
_TASK_CHUNK_ROWS = 5_000

#: Rows DuckDB sorts at once for a stream of blocks (:meth:`_Run.stream_sorted`).
_RANGE_ROWS = 300_000

#: Runs a function over argument tuples and yields the results in order (see :func:`graph.resolve_blocks.sequential_map`).
Mapper = Callable[[Callable[..., Any], Iterable[tuple[Any, ...]]], Iterator[Any]]


class NoShardsError(InputError, FileNotFoundError):
    """The tables folder holds no ``entities`` shards to resolve."""


@dataclass(frozen=True)
class ResolvedTables:
    """What an out-of-core resolution writes: the entity map and the resolved entities (Parquet)."""

    entity_map: Path
    entities: Path
    tables_dir: Path
    n_entities: int
    n_mapped: int
    #: Seconds per step (prepare, statistics, first_stage, one per later stage, number, describe, entities).
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def resolution(self) -> Resolution:
        """Everything in memory as a :class:`Resolution` (small corpora and tests)."""
        return load_resolution(self)



def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def resolve_tables(
    tables_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    aliases: AliasTable | None = None,
    work_dir: str | os.PathLike[str] | None = None,
    memory_limit: str = "512MB",
    threads: int | None = None,
    mapper: Mapper | None = None,
) -> ResolvedTables:
    """Resolve the local entities of the shards under ``tables_dir``; write ``entity_map.parquet`` and
    ``entities.parquet`` into ``out_dir``.

    ``work_dir`` holds DuckDB's database and spill files (a temporary folder,
    removed afterwards, by default); ``memory_limit`` caps DuckDB's memory
    (a DuckDB size such as ``"1GB"``). The process peaks at about this limit
    plus 0.6–0.8 GiB (the imports, one chunk of rows in Python, allocator
    slack) whatever the corpus size, since DuckDB fills its limit with cached
    pages and sort runs before it spills: with 512 MB a 425,400-article
    corpus peaked at about 1.5 GiB (docs/scaling.md, "Crossover and scaling figures").
    """
    import duckdb

    tables = Path(tables_dir)
    if not any((tables / "entities").glob("part-*.parquet")):
        raise NoShardsError(
            f"No entity shards under {tables / 'entities'}: resolve the tables a build wrote (newsgraph build --tables writes OUT/tables/)."
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    aliases = aliases or AliasTable()
    own_work = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="newsgraph-resolve-")) if own_work else Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "resolve.duckdb"
    for stale in (db_path, work / "resolve.duckdb.wal"):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{_sql_path(work / 'spill')}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")  # a library step: the build prints its own progress
        # DuckDB's allocator hands freed pages back to the system in the background; without it a step's
        # freed sort and join memory stays resident into the next step.
        con.execute("SET allocator_background_threads = true")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        # In this process a chunk is only a unit of work, so a small one keeps Python's rows few; a cluster's
        # tasks (graph.resolve_dask) keep the larger chunks that pay for sending them.
        return _Run(con, tables, out, work, aliases, mapper or sequential_map, _LOCAL_CHUNK_ROWS if mapper is None else _TASK_CHUNK_ROWS).run()
    finally:
        con.close()
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


class _Run:
    def __init__(self, con: Any, tables: Path, out: Path, work: Path, aliases: AliasTable, mapper: Mapper = sequential_map,
                 chunk_rows: int = _TASK_CHUNK_ROWS) -> None:
        self.con, self.tables, self.out, self.work, self.aliases = con, tables, out, work, aliases
        #: How chunks of blocks run: in this process, or as tasks of a Dask cluster (graph.resolve_dask), results in order.
        self.map = mapper
        self.chunk_rows = chunk_rows

    def chunks(self, blocks: Iterable[list[dict[str, Any]]]) -> Iterator[list[list[dict[str, Any]]]]:
        """Consecutive blocks in chunks of about ``chunk_rows`` rows (whole blocks: a block is never cut)."""
        return chunked(blocks, self.chunk_rows)

    # -- helpers

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        # Fetched to the end at once: a result left open would block the next statement on the connection.
        return self.con.execute(query).fetchall()

    def stream(self, query: str, params: list[Any] | None = None) -> Iterator[pa.RecordBatch]:
        """A query's rows batch by batch (DuckDB spills the sort; only one batch is in Python)."""
        reader = self.con.sql(query, params=params).to_arrow_reader(batch_size=_BATCH)
        try:
            yield from reader
        finally:
            reader.close()

    def key_ranges(self, counts: str) -> list[tuple[Any, Any]]:
        """Consecutive key ranges ``[lo, hi)`` of about :data:`_RANGE_ROWS` rows each, ``None`` for open ends.

        ``counts`` gives ``k, n``: each key and its number of rows (``GROUP BY``); a key is never split
        between two ranges, so neither is a block.
        """
        bounds: list[Any] = []
        rows = 0
        for batch in self.stream(f"SELECT k, n FROM ({counts}) WHERE k IS NOT NULL ORDER BY k"):
            for k, n in zip(batch.column("k").to_pylist(), batch.column("n").to_pylist()):
                if rows >= _RANGE_ROWS:
                    bounds.append(k)
                    rows = 0
                rows += n
        ends: list[Any] = [None, *bounds, None]
        return list(zip(ends[:-1], ends[1:]))

    def stream_sorted(self, query: str, key: str, counts: str) -> Iterator[pa.RecordBatch]:
        """``query`` (sorted by ``key`` first, ``{where}`` in its WHERE clause) one key range at a time.

        One sort over the whole table needs more memory than DuckDB's limit once
        its rows are wide (a 425,400-article corpus's first stage: out of memory
        at 512 MB); the ranges, in key order, give the same rows in the same order.
        Rows whose key is null come last, as ``ORDER BY`` puts them.
        """
        ranges = self.key_ranges(counts)
        for index, (lo, hi) in enumerate(ranges):
            where, params = [], []
            if lo is not None:
                where.append(f"{key} >= ?")
                params.append(lo)
            if hi is not None:
                where.append(f"{key} < ?")
                params.append(hi)
            condition = " AND ".join(where) or "TRUE"
            if index == len(ranges) - 1:
                condition = f"({condition} OR {key} IS NULL)"
            yield from self.stream(query.format(where=condition), params)

    def load(self, table: str, path: Path) -> None:
        self.sql(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet('{_sql_path(path)}')")
        path.unlink()

    def writer(self, name: str, schema: pa.Schema) -> RowWriter:
        return RowWriter(self.work / f"{name}.parquet", schema, _BATCH)

    # -- steps

    def run(self) -> ResolvedTables:
        timings: dict[str, float] = {}

        def timed(name: str, step: Any, *args: Any) -> Any:
            started = time.perf_counter()
            result = step(*args)
            timings[name] = round(time.perf_counter() - started, 3)
            return result

        timed("prepare", self.prepare)
        timed("statistics", self.statistics)
        timed("first_stage", self.first_stage)
        for index, stage in enumerate(VARIANT_STAGES):
            timed(stage.rule, self.variant_stage, index, stage)
        self.sql("DROP TABLE IF EXISTS grown; DROP TABLE IF EXISTS keys; DROP TABLE IF EXISTS blocks")
        timed("number", self.number)
        timed("describe", self.describe)
        n_map, n_entities = timed("entities", self.write_entities)
        return ResolvedTables(self.out / "entity_map.parquet", self.out / "entities.parquet", self.tables, n_entities, n_map, timings)

    def per_shard(self, table: str, query: str) -> None:
        """``table`` from ``query`` run once per shard (``{shard}``, ``{entities}``, ``{mentions}`` filled in).

        An article's rows are all in one shard, so a grouping by local entity or
        by article done shard by shard is the grouping over the whole corpus,
        and DuckDB never aggregates lists over the whole corpus at once (which
        does not spill to disk as a sort does).
        """
        for shard, (entities, mentions) in enumerate(self.shards):
            verb = f"CREATE OR REPLACE TABLE {table} AS" if shard == 0 else f"INSERT INTO {table}"
            self.sql(f"{verb} " + query.format(shard=shard, entities=_sql_path(entities), mentions=_sql_path(mentions)))

    def prepare(self) -> None:
        entities, mentions = shard_paths(self.tables, "entities"), shard_paths(self.tables, "mentions")
        if [p.name for p in entities] != [p.name for p in mentions]:
            raise InputError(f"{self.tables}: the entities and mentions shards do not match (one build's tables, written by extract.tables, are needed).")
        self.shards = list(zip(entities, mentions))
        self.per_shard("locals", """
            SELECT {shard} AS shard, e.doc_id, e.local_id, e.entity_index, e.label, e.type, e.aliases, e.roles, e.context, e.type_votes,
                   e.canonical_key, e.article_scoped, coalesce(m.n_name, 0) AS n_name,
                   CASE WHEN e.type IN ('concept', 'event') AND coalesce(e.canonical_key, '') <> '' THEN 'concept'
                        WHEN coalesce(m.n_name, 0) = 0 THEN 'floating' ELSE 'named' END AS kind
            FROM read_parquet('{entities}') e
            LEFT JOIN (SELECT doc_id, local_id, count(*) FILTER (WHERE kind = 'name') AS n_name
                       FROM read_parquet('{mentions}') GROUP BY doc_id, local_id) m
            USING (doc_id, local_id)""")
        self.per_shard("local_mentions", """
            SELECT doc_id, local_id, list(struct_pack(text, start_char, end_char, sentence_index, kind, rule) ORDER BY mention_index) AS mentions
            FROM read_parquet('{mentions}') GROUP BY doc_id, local_id""")
        schema = pa.schema([("doc_id", pa.string()), ("local_id", pa.string()), ("name", pa.string()), ("tkey", pa.string()),
                            ("canonical", pa.string()), ("forced", pa.bool_()), ("rule", pa.string())])
        names = self.writer("names", schema)
        written = set(self.aliases.written)
        seen: set[str] = set()  # spellings the aliases file names, to warn about the others
        for batch in self.stream("SELECT doc_id, local_id, label, aliases FROM locals WHERE kind = 'named'"):
            rows = []
            for r in batch.to_pylist():
                local = LocalEntity(r["local_id"], r["label"], "", (), tuple(r["aliases"]))
                member = make_member(r["doc_id"], local, self.aliases)
                if written:
                    seen |= member_spellings(local) & written
                rows.append({"doc_id": r["doc_id"], "local_id": r["local_id"], "name": member.name, "tkey": translit_key(member.name),
                             "canonical": member.canonical, "forced": member.forced, "rule": member.rule})
            names.add(rows)
        self.load("names", names.close())
        if written:
            warn_unmatched(self.aliases, seen)

    def _idf(self, name: str, df_query: str, n: int) -> None:
        """IDF in Python (``math.log1p``, bit for bit the in-memory engine's) from SQL's document frequencies."""
        out = self.writer(name, pa.schema([("k", pa.string()), ("v", pa.float64())]))
        for batch in self.stream(df_query):
            out.add({"k": k, "v": math.log1p(n / c)} for k, c in zip(batch.column("k").to_pylist(), batch.column("df").to_pylist()))
        self.load(name, out.close())

    def statistics(self) -> None:
        self.sql("""CREATE OR REPLACE TABLE named AS
                    SELECT l.shard, l.doc_id, l.local_id, l.label, l.type, l.aliases, l.roles, l.context, l.type_votes, l.n_name,
                           n.name, n.tkey, n.canonical, n.forced, n.rule
                    FROM locals l JOIN names n USING (doc_id, local_id)""")
        [(n_named,)] = self.sql("SELECT count(*) FROM named")
        [(n_docs,)] = self.sql("SELECT count(DISTINCT doc_id) FROM named")
        self._idf("idf", "SELECT w AS k, count(*) AS df FROM (SELECT unnest(list_distinct(context)) AS w FROM named) GROUP BY w", n_named)
        self._idf("name_idf", "SELECT name AS k, count(DISTINCT doc_id) AS df FROM named GROUP BY name", n_docs)
        # Each local's context and neighbours (the other names of its article), with their IDF attached.
        self.per_shard("member_context", """
                    SELECT u.doc_id, u.local_id, list(struct_pack(k := u.w, v := i.v)) AS context
                    FROM (SELECT doc_id, local_id, unnest(list_distinct(context)) AS w FROM named WHERE shard = {shard}) u
                    JOIN idf i ON i.k = u.w
                    GROUP BY u.doc_id, u.local_id""")
        self.per_shard("doc_names", """
                    SELECT d.doc_id, list(struct_pack(k := d.name, v := i.v)) AS names
                    FROM (SELECT DISTINCT doc_id, name FROM named WHERE shard = {shard}) d JOIN name_idf i ON i.k = d.name
                    GROUP BY d.doc_id""")

    def first_stage(self) -> None:
        clusters = self.writer("clusters", CLUSTER_SCHEMA)
        members = self.writer("members", MEMBER_SCHEMA)
        next_cid = 0
        query = """
            SELECT n.doc_id, n.local_id, n.label, n.type, n.aliases, n.roles, n.type_votes, n.n_name, n.name, n.tkey, n.canonical,
                   n.forced, n.rule, coalesce(c.context, []) AS context,
                   list_filter(d.names, lambda x: x.k <> n.name) AS neighbours
            FROM named n LEFT JOIN member_context c USING (doc_id, local_id) JOIN doc_names d USING (doc_id)
            WHERE {where}
            ORDER BY n.tkey"""
        rows = self.stream_sorted(query, "n.tkey", "SELECT tkey AS k, count(*) AS n FROM named GROUP BY tkey")
        chunks = ((chunk, self.aliases) for chunk in self.chunks(group_rows(rows, "tkey")))
        for results in self.map(first_stage_chunk, chunks):
            for rows, member_rows in results:
                offset_clusters(rows, member_rows, next_cid)  # in key order, as the in-memory engine numbers them
                next_cid += len(rows)
                clusters.add(rows)
                members.add(member_rows)
        self.load("clusters", clusters.close())
        self.load("members", members.close())
        self.sql("CREATE OR REPLACE TABLE cidmap AS SELECT cid, cid AS final FROM clusters")

    def variant_stage(self, index: int, stage: Any) -> None:
        keys = self.writer(f"keys{index}", pa.schema([("cid", pa.int64()), ("key", pa.string())]))
        links: list[tuple[str, ...]] = []
        for batch in self.stream("SELECT cid, etype, names, labels, canonicals FROM clusters"):
            out = []
            for row in batch.to_pylist():
                found = stage.keys(_key_cluster(row))
                if len(found) > 1:
                    links.append(found)
                out.extend({"cid": row["cid"], "key": key} for key in found)
            keys.add(out)
        self.load("keys", keys.close())
        # A cluster with two keys joins their blocks (see graph.resolve, "later stages"): a small union-find.
        root: dict[str, str] = {}

        def find(k: str) -> str:
            while root.get(k, k) != k:
                k = root[k]
            return k

        for found in links:
            first = find(found[0])
            for other in found[1:]:
                r = find(other)
                if r != first:
                    root[max(r, first)] = min(r, first)
                    first = min(r, first)
        roots = pa.table({"key": list(root), "root": [find(k) for k in root]}, schema=pa.schema([("key", pa.string()), ("root", pa.string())]))
        self.con.register("key_roots", roots)
        self.sql("""CREATE OR REPLACE TABLE blocks AS
                    SELECT DISTINCT k.cid, coalesce(r.root, k.key) AS block FROM keys k LEFT JOIN key_roots r USING (key)""")
        self.con.unregister("key_roots")
        self.sql("""CREATE OR REPLACE TABLE blocks AS
                    SELECT * FROM blocks WHERE block IN (SELECT block FROM blocks GROUP BY block HAVING count(*) > 1)""")
        grown = self.writer(f"grown{index}", CLUSTER_SCHEMA)
        moves = self.writer(f"moves{index}", pa.schema([("cid", pa.int64()), ("into", pa.int64()), ("rule", pa.string())]))
        query = "SELECT b.block, c.* FROM clusters c JOIN blocks b USING (cid) WHERE {where} ORDER BY b.block, c.cid"
        rows = self.stream_sorted(query, "b.block", "SELECT block AS k, count(*) AS n FROM blocks GROUP BY block")
        blocks = ([{k: v for k, v in row.items() if k != "block"} for row in block] for block in group_rows(rows, "block"))
        for results in self.map(variant_chunk, ((index, chunk, self.aliases) for chunk in self.chunks(blocks))):
            for changed, moved in results:
                grown.add(changed)
                moves.add(moved)
        self.load("grown", grown.close())
        self.load(f"moves{index}", moves.close())
        self.sql(f"""CREATE OR REPLACE TABLE clusters AS
                     SELECT * FROM clusters WHERE cid NOT IN (SELECT cid FROM grown UNION ALL SELECT cid FROM moves{index})
                     UNION ALL SELECT * FROM grown""")
        self.sql(f"""CREATE OR REPLACE TABLE cidmap AS
                     SELECT m.cid, coalesce(v.into, m.final) AS final FROM cidmap m LEFT JOIN moves{index} v ON v.cid = m.final""")
        self.sql(f"""CREATE OR REPLACE TABLE members AS
                     SELECT m.doc_id, m.local_id, coalesce(v.into, m.cid) AS cid,
                            CASE WHEN v.cid IS NOT NULL AND m.rule IN ('same-name', 'ner') THEN v.rule ELSE m.rule END AS rule
                     FROM members m LEFT JOIN moves{index} v USING (cid)""")

    def number(self) -> None:
        """Global ids in :func:`graph.resolve.number_clusters` order."""
        out = self.writer("labels", pa.schema([("cid", pa.int64()), ("etype", pa.string()), ("label", pa.string()),
                                               ("first_doc", pa.string()), ("base", pa.string())]))
        for batch in self.stream("SELECT cid, etype, names, labels, canonicals, first_doc FROM clusters"):
            rows = []
            for row in batch.to_pylist():
                label = display_label(row)
                rows.append({"cid": row["cid"], "etype": row["etype"], "label": label, "first_doc": row["first_doc"], "base": entity_id(row["etype"], label)})
            out.add(rows)
        self.load("labels", out.close())
        self.sql("""CREATE OR REPLACE TABLE gids AS
                    SELECT cid, etype, label, base, row_number() OVER (ORDER BY etype, label, first_doc, cid) AS pos,
                           row_number() OVER (PARTITION BY base ORDER BY etype, label, first_doc, cid) AS n
                    FROM labels""")
        self.sql("ALTER TABLE gids ADD COLUMN gid VARCHAR")
        self.sql("UPDATE gids SET gid = CASE WHEN n = 1 THEN base ELSE base || '-' || CAST(n AS VARCHAR) END")
        self.sql("""CREATE OR REPLACE TABLE named_map AS
                    SELECT m.doc_id, m.local_id, m.rule, g.gid, g.pos FROM members m JOIN gids g USING (cid)""")

    def describe(self) -> None:
        """Descriptions ("the US president") → the one entity of their article whose roles fit."""
        self.sql("""CREATE OR REPLACE TABLE gid_roles AS
                    SELECT gid, list(struct_pack(role, n)) AS roles FROM (
                        SELECT gid, role, count(*) AS n FROM (
                            SELECT m.gid, unnest(l.roles) AS role FROM named_map m JOIN locals l USING (doc_id, local_id))
                        GROUP BY gid, role) GROUP BY gid""")
        out = self.writer("described", pa.schema([("doc_id", pa.string()), ("local_id", pa.string()), ("gid", pa.string())]))
        self.sql("""CREATE OR REPLACE TABLE doc_gids AS
                    SELECT DISTINCT l.shard, m.doc_id, m.gid FROM named_map m JOIN locals l USING (doc_id, local_id)""")
        # One shard's descriptions at a time: the candidates of a description are the entities of its own article.
        query = """
            SELECT f.doc_id, f.local_id, f.label, f.type,
                   list(struct_pack(gid := g.gid, etype := g.etype, roles := r.roles)) AS named
            FROM locals f
            JOIN doc_gids d ON d.shard = {shard} AND d.doc_id = f.doc_id
            JOIN gids g ON g.gid = d.gid AND g.etype = f.type
            JOIN gid_roles r ON r.gid = d.gid
            WHERE f.kind = 'floating' AND f.shard = {shard}
            GROUP BY f.doc_id, f.local_id, f.label, f.type"""
        for shard in range(len(self.shards)):
            for batch in self.stream(query.format(shard=shard)):
                rows = []
                for row in batch.to_pylist():
                    row["named"] = [{**n, "roles": _roles_order(n["roles"])} for n in row["named"]]
                    gid = describe_floating(row)
                    if gid is not None:
                        rows.append({"doc_id": row["doc_id"], "local_id": row["local_id"], "gid": gid})
                out.add(rows)
        self.load("described", out.close())

    def write_entities(self) -> tuple[int, int]:
        entities = RowWriter(self.out / ".entities.parquet.tmp", ENTITY_SCHEMA, _BATCH)
        mapping = RowWriter(self.out / ".entity_map.parquet.tmp", ENTITY_MAP_SCHEMA, _BATCH)
        self._apart()
        query = """
            SELECT g.pos, g.gid, g.label, g.etype, m.doc_id, m.local_id, m.rule, l.label AS local_label, l.type, l.aliases, l.roles,
                   lm.mentions, a.apart
            FROM gids g
            JOIN (SELECT doc_id, local_id, rule, gid FROM named_map
                  UNION ALL SELECT doc_id, local_id, 'role-description' AS rule, gid FROM described) m ON m.gid = g.gid
            JOIN locals l ON l.doc_id = m.doc_id AND l.local_id = m.local_id
            LEFT JOIN local_mentions lm ON lm.doc_id = m.doc_id AND lm.local_id = m.local_id
            LEFT JOIN apart a ON a.cid = g.cid
            WHERE {where}
            ORDER BY g.pos, m.doc_id, m.local_id"""
        rows = self.stream_sorted(query, "g.pos", "SELECT g.pos AS k, count(*) AS n FROM named_map m JOIN gids g USING (gid) GROUP BY g.pos")
        for results in self.map(entity_chunk, ((chunk,) for chunk in self.chunks(group_rows(rows, "pos")))):
            for row, mapped in results:
                entities.add([row])
                mapping.add(mapped)
        for entity, members in self.concepts():
            entities.add([entity_row(entity)])
            mapping.add({"doc_id": d, "local_id": local_id, "global_id": entity.id} for d, local_id in members)
        entities.close()
        mapping.close()
        os.replace(entities.path, self.out / "entities.parquet")
        os.replace(mapping.path, self.out / "entity_map.parquet")
        return mapping.count, entities.count

    def _apart(self) -> None:
        """Kept-apart records: the other side's first-stage cluster, followed to its final cluster and id."""
        self.sql("""CREATE OR REPLACE TABLE apart AS
                    SELECT u.owner AS cid, list(struct_pack(gid := g.gid, reason := struct_extract(u.item, 'reason'))) AS apart
                    FROM (SELECT cid AS owner, unnest(apart) AS item FROM clusters) u
                    JOIN cidmap m ON m.cid = struct_extract(u.item, 'cid') JOIN gids g ON g.cid = m.final
                    GROUP BY u.owner""")

    def concepts(self) -> Iterator[tuple[Entity, list[tuple[str, str]]]]:
        """Concept and event nodes (:func:`graph.concepts.resolve_concepts`), their ids never taken twice."""
        self.sql("""CREATE OR REPLACE TABLE concept_members AS
                    SELECT type, canonical_key AS ckey, CASE WHEN article_scoped THEN doc_id ELSE '' END AS scope,
                           doc_id, local_id, entity_index, label FROM locals WHERE kind = 'concept'""")
        out = self.writer("concept_groups", pa.schema([("type", pa.string()), ("ckey", pa.string()), ("scope", pa.string()),
                                                       ("label", pa.string()), ("base", pa.string())]))
        # The label most members use, ties to the greatest (graph.concepts._label); strings compare by bytes = code points.
        query = """SELECT type, ckey, scope, label FROM (
                       SELECT type, ckey, scope, label,
                              row_number() OVER (PARTITION BY type, ckey, scope ORDER BY n DESC, label DESC) AS rank
                       FROM (SELECT type, ckey, scope, label, count(*) AS n FROM concept_members GROUP BY ALL))
                   WHERE rank = 1"""
        for batch in self.stream(query):
            out.add({**row, "base": concept_id_base(row["type"], row["label"], row["scope"])} for row in batch.to_pylist())
        self.load("concept_groups", out.close())
        # A candidate id "base" or "base-N" can only collide with an id of the same family (suffixes "-N" cut off),
        # so the groups are numbered family by family, each with the named ids of its family as taken.
        self.sql(r"""CREATE OR REPLACE TABLE concept_groups AS
                     SELECT *, regexp_replace(base, '(-[0-9]+)+$', '') AS family FROM concept_groups""")
        self.sql(r"""CREATE OR REPLACE TABLE named_families AS
                     SELECT regexp_replace(gid, '(-[0-9]+)+$', '') AS family, list(gid) AS gids FROM gids
                     WHERE regexp_replace(gid, '(-[0-9]+)+$', '') IN (SELECT family FROM concept_groups) GROUP BY 1""")
        ids = self.writer("concept_ids", pa.schema([("type", pa.string()), ("ckey", pa.string()), ("scope", pa.string()), ("gid", pa.string())]))
        query = """SELECT c.family, c.type, c.ckey, c.scope, c.base, f.gids FROM concept_groups c LEFT JOIN named_families f USING (family)
                   ORDER BY c.family, c.type, c.ckey, c.scope"""
        for family in group_rows(self.stream(query), "family"):
            used = set(family[0]["gids"] or ())
            rows = []
            for row in family:
                gid, n = row["base"], 1
                while gid in used:
                    n += 1
                    gid = numbered(row["base"], n)
                used.add(gid)
                rows.append({"type": row["type"], "ckey": row["ckey"], "scope": row["scope"], "gid": gid})
            ids.add(rows)
        self.load("concept_ids", ids.close())
        query = """SELECT g.type, g.ckey, g.scope, g.label, i.gid, m.doc_id, m.local_id, m.label AS local_label, lm.mentions
                   FROM concept_groups g JOIN concept_ids i USING (type, ckey, scope)
                   JOIN concept_members m USING (type, ckey, scope)
                   LEFT JOIN local_mentions lm ON lm.doc_id = m.doc_id AND lm.local_id = m.local_id
                   ORDER BY g.type, g.ckey, g.scope, m.doc_id, m.entity_index"""
        for group in group_rows(self.stream(query), "gid"):
            first = group[0]
            members = [(r["doc_id"], LocalEntity(r["local_id"], r["local_label"], first["type"], mentions_of(r["mentions"]))) for r in group]
            yield concept_entity(first["gid"], first["label"], first["type"], members), [(d, local.id) for d, local in members]


def _roles_order(counted: list[dict[str, Any]]) -> list[str]:
    return [r["role"] for r in sorted(counted, key=lambda r: (-r["n"], r["role"]))]


def _key_cluster(row: dict[str, Any]) -> Any:
    """Enough of a cluster row for the stage key functions (type, names, label evidence)."""
    return cluster_from_row(row, {}, {})


# --------------------------------------------------------------------------- reading the result


def read_entities(resolved: ResolvedTables, *, with_mentions: bool = True) -> Iterator[Entity]:
    """The resolved entities in order; with their merge records' mentions (read from the ``mentions`` shards) when asked."""
    mentions: dict[tuple[str, str], tuple] = {}
    if with_mentions:
        for path in sorted((resolved.tables_dir / "mentions").glob("part-*.parquet")):
            grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for r in pq.read_table(path).to_pylist():
                grouped[r["doc_id"], r["local_id"]].append(r)
            for key, rows in grouped.items():
                mentions[key] = mentions_of(sorted(rows, key=lambda r: r["mention_index"]))
    parquet = pq.ParquetFile(resolved.entities)
    for batch in parquet.iter_batches(batch_size=_BATCH):
        for row in batch.to_pylist():
            yield entity_from_row(row, mentions)


def load_resolution(resolved: ResolvedTables) -> Resolution:
    """A :class:`Resolution` in memory from the written tables (small corpora and tests)."""
    resolution = Resolution()
    for entity in read_entities(resolved):
        resolution.entities[entity.id] = entity
    for row in pq.read_table(resolved.entity_map).to_pylist():
        resolution.mapping[(row["doc_id"], row["local_id"])] = row["global_id"]
    return resolution

