"""Extractions as columnar tables: the Parquet spine every engine reads.

An :class:`~extract.model.ArticleExtraction` is flattened into four tables,
one row per article, statement, local entity and mention. The tables hold
everything the dataclasses hold, so :func:`read_extractions` gives back equal
objects (the in-memory path and an out-of-core path start from the same data).

A *shard* is one Parquet file per table, written under
``DIR/<table>/part-<n>.parquet``; a folder of shards is a dataset that
pyarrow, pandas, Polars, DuckDB (``read_parquet('DIR/statements/*.parquet')``)
and Spark open directly.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Qualifier, Statement

__all__ = ["SCHEMAS", "TABLES", "ShardWriter", "RowWriter", "extraction_tables", "read_extractions", "write_shard", "shard_paths"]

_ARGUMENT = pa.struct([
    ("text", pa.string()), ("start_char", pa.int32()), ("end_char", pa.int32()), ("head", pa.string()),
    ("head_start", pa.int32()), ("entity", pa.string()), ("is_pronoun", pa.bool_()),
])
_QUALIFIER = pa.struct([
    ("kind", pa.string()), ("text", pa.string()), ("start_char", pa.int32()), ("end_char", pa.int32()), ("value", pa.string()),
])

#: One schema per table. ``doc_id`` is the article id in every table; ``local_id`` the article-local entity id.
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("doc_id", pa.string()), ("text", pa.string()), ("title", pa.string()), ("date", pa.string()),
        ("url", pa.string()), ("source", pa.string()), ("n_sentences", pa.int32()), ("n_tokens", pa.int32()),
        ("warnings", pa.list_(pa.string())),
    ]),
    "statements": pa.schema([
        ("doc_id", pa.string()), ("statement_index", pa.int32()),
        ("subject", _ARGUMENT), ("relation", pa.string()), ("predicate", pa.string()), ("object", _ARGUMENT),
        ("confidence", pa.float64()), ("extra", pa.list_(_ARGUMENT)), ("negated", pa.bool_()),
        ("modality", pa.string()), ("attribution", pa.string()), ("qualifiers", pa.list_(_QUALIFIER)),
        ("symmetric", pa.bool_()),
        ("sentence_index", pa.int32()), ("sentence", pa.string()), ("sentence_start", pa.int32()),
        ("start_char", pa.int32()), ("end_char", pa.int32()), ("extractor", pa.string()), ("extractor_version", pa.int32()),
    ]),
    "entities": pa.schema([
        ("doc_id", pa.string()), ("local_id", pa.string()), ("entity_index", pa.int32()), ("label", pa.string()),
        ("type", pa.string()), ("aliases", pa.list_(pa.string())), ("roles", pa.list_(pa.string())),
        ("ner_label", pa.string()), ("context", pa.list_(pa.string())),
        ("type_votes", pa.list_(pa.struct([("type", pa.string()), ("weight", pa.float64())]))),
        ("canonical_key", pa.string()), ("article_scoped", pa.bool_()), ("n_mentions", pa.int32()),
    ]),
    "mentions": pa.schema([
        ("doc_id", pa.string()), ("local_id", pa.string()), ("mention_index", pa.int32()), ("text", pa.string()),
        ("start_char", pa.int32()), ("end_char", pa.int32()), ("sentence_index", pa.int32()),
        ("kind", pa.string()), ("rule", pa.string()),
    ]),
}

#: The table names, in the order they are written.
TABLES = tuple(SCHEMAS)


def _struct(objs: Sequence[Any], struct: pa.StructType, get: Callable[[Any, str], Any] = getattr) -> pa.StructArray:
    """A struct column from objects whose attributes (or ``get(obj, field)``) are its fields."""
    return pa.StructArray.from_arrays([pa.array([get(o, f.name) for o in objs], f.type) for f in struct], fields=list(struct))


def _lists(groups: Iterable[Sequence[Any]], list_type: pa.ListType, build: Callable[[list[Any], pa.DataType], pa.Array]) -> pa.ListArray:
    """A list column: ``build`` makes the flattened values, the offsets say where each row's list ends."""
    offsets = [0]
    flat: list[Any] = []
    for group in groups:
        flat.extend(group)
        offsets.append(len(flat))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), build(flat, list_type.value_type))


def _strings(groups: Iterable[Sequence[str]]) -> pa.ListArray:
    return _lists(groups, pa.list_(pa.string()), lambda flat, t: pa.array(flat, t))


def _vote(vote: tuple[str, float], name: str) -> Any:
    return vote[0] if name == "type" else vote[1]


def extraction_tables(extractions: Iterable[ArticleExtraction]) -> dict[str, pa.Table]:
    """The four tables (``articles``, ``statements``, ``entities``, ``mentions``) of these extractions."""
    # Built column by column from the dataclasses' attributes: about 3.5 times faster than a dict per
    # row (0.24 s instead of 0.84 s for 400 BBC articles), which keeps a build's shards within 1 % of it.
    extractions = list(extractions)

    def column(table: str, name: str, values: list[Any]) -> pa.Array:
        return pa.array(values, SCHEMAS[table].field(name).type)

    articles = [x.article for x in extractions]
    docs, indexes, statements = [], [], []
    for x in extractions:
        for index, st in enumerate(x.statements):
            docs.append(x.article.id)
            indexes.append(index)
            statements.append(st)
    provs = [st.provenance for st in statements]
    e_docs, e_indexes, entities = [], [], []
    m_docs, m_locals, m_indexes, mentions = [], [], [], []
    for x in extractions:
        for index, ent in enumerate(x.entities):
            e_docs.append(x.article.id)
            e_indexes.append(index)
            entities.append(ent)
            for m_index, m in enumerate(ent.mentions):
                m_docs.append(x.article.id)
                m_locals.append(ent.id)
                m_indexes.append(m_index)
                mentions.append(m)

    def attrs(table: str, objs: list[Any], *names: str) -> list[pa.Array]:
        return [column(table, name, [getattr(o, name) for o in objs]) for name in names]

    def field_type(table: str, name: str) -> Any:
        return SCHEMAS[table].field(name).type

    columns = {
        "articles": [
            column("articles", "doc_id", [a.id for a in articles]), *attrs("articles", articles, "text", "title", "date", "url", "source"),
            *attrs("articles", extractions, "n_sentences", "n_tokens"), _strings([x.warnings for x in extractions]),
        ],
        "statements": [
            column("statements", "doc_id", docs), column("statements", "statement_index", indexes),
            _struct([st.subject for st in statements], _ARGUMENT), *attrs("statements", statements, "relation", "predicate"),
            _struct([st.object for st in statements], _ARGUMENT), *attrs("statements", statements, "confidence"),
            _lists([st.extra for st in statements], field_type("statements", "extra"), _struct),
            *attrs("statements", statements, "negated", "modality", "attribution"),
            _lists([st.qualifiers for st in statements], field_type("statements", "qualifiers"), _struct),
            *attrs("statements", statements, "symmetric"),
            *attrs("statements", provs, "sentence_index", "sentence", "sentence_start", "start_char", "end_char", "extractor", "extractor_version"),
        ],
        "entities": [
            column("entities", "doc_id", e_docs), column("entities", "local_id", [e.id for e in entities]),
            column("entities", "entity_index", e_indexes), *attrs("entities", entities, "label", "type"),
            _strings([e.aliases for e in entities]), _strings([e.roles for e in entities]), *attrs("entities", entities, "ner_label"),
            _strings([e.context for e in entities]),
            _lists([e.type_votes for e in entities], field_type("entities", "type_votes"), lambda flat, t: _struct(flat, t, _vote)),
            *attrs("entities", entities, "canonical_key", "article_scoped"),
            column("entities", "n_mentions", [len(e.mentions) for e in entities]),
        ],
        "mentions": [
            column("mentions", "doc_id", m_docs), column("mentions", "local_id", m_locals), column("mentions", "mention_index", m_indexes),
            *attrs("mentions", mentions, "text", "start_char", "end_char", "sentence_index", "kind", "rule"),
        ],
    }
    return {name: pa.Table.from_arrays(columns[name], schema=SCHEMAS[name]) for name in TABLES}


def shard_paths(directory: str | os.PathLike[str], table: str) -> list[Path]:
    """The shard files of one table under ``directory``, in shard order."""
    return sorted((Path(directory) / table).glob("part-*.parquet"))


def write_shard(extractions: Iterable[ArticleExtraction], directory: str | os.PathLike[str], shard: int) -> dict[str, Path]:
    """Write these extractions as shard number ``shard`` of each table under ``directory``.

    Each file is written under a temporary name and renamed, so a reader never sees half a shard.
    """
    written: dict[str, Path] = {}
    for name, table in extraction_tables(extractions).items():
        folder = Path(directory) / name
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{shard:06d}.parquet"
        partial = folder / f".part-{shard:06d}.parquet.tmp"
        pq.write_table(table, partial, compression="zstd")
        os.replace(partial, final)
        written[name] = final
    return written


def _arg(row: dict[str, Any]) -> Argument:
    return Argument(row["text"], row["start_char"], row["end_char"], row["head"], row["head_start"], row["entity"], row["is_pronoun"])


def _read(directory: Path, table: str, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    for path in shard_paths(directory, table):
        yield from pq.read_table(path, columns=columns).to_pylist()


def read_extractions(directory: str | os.PathLike[str]) -> Iterator[ArticleExtraction]:
    """The extractions stored under ``directory``, shard by shard (only one shard's rows in memory at a time)."""
    directory = Path(directory)
    tables = {name: shard_paths(directory, name) for name in TABLES}
    for shard, article_path in enumerate(tables["articles"]):
        parts = {name: pq.read_table(tables[name][shard]).to_pylist() for name in TABLES}
        statements: dict[str, list[Statement]] = defaultdict(list)
        for r in parts["statements"]:
            statements[r["doc_id"]].append(Statement(
                _arg(r["subject"]), r["relation"], r["predicate"], _arg(r["object"]),
                Provenance(r["doc_id"], r["sentence_index"], r["sentence"], r["sentence_start"], r["start_char"],
                           r["end_char"], r["extractor"], r["extractor_version"]),
                r["confidence"], tuple(_arg(a) for a in r["extra"]), r["negated"], r["modality"], r["attribution"],
                tuple(Qualifier(q["kind"], q["text"], q["start_char"], q["end_char"], q["value"]) for q in r["qualifiers"]),
                r["symmetric"],
            ))
        mentions: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for r in parts["mentions"]:
            mentions[r["doc_id"], r["local_id"]].append(
                Mention(r["text"], r["start_char"], r["end_char"], r["sentence_index"], r["kind"], r["rule"]))
        entities: dict[str, list[LocalEntity]] = defaultdict(list)
        for r in parts["entities"]:
            entities[r["doc_id"]].append(LocalEntity(
                r["local_id"], r["label"], r["type"], tuple(mentions[r["doc_id"], r["local_id"]]), tuple(r["aliases"]),
                tuple(r["roles"]), r["ner_label"], tuple(r["context"]), tuple((v["type"], v["weight"]) for v in r["type_votes"]),
                r["canonical_key"], r["article_scoped"],
            ))
        for r in parts["articles"]:
            doc = r["doc_id"]
            yield ArticleExtraction(
                Article(doc, r["text"], r["title"], r["date"], r["url"], r["source"]),
                tuple(statements[doc]), tuple(entities[doc]), r["n_sentences"], r["n_tokens"], tuple(r["warnings"]),
            )


class ShardWriter:
    """Write extractions as they stream, ``per_shard`` articles to a shard, the last one partial.

    Shards of an earlier run in ``directory`` are removed first, so the folder
    never mixes two builds' rows. ``seconds`` is the time spent writing,
    which a build reports (``report.json``, ``timings_s.write_tables``).
    """

    def __init__(self, directory: str | os.PathLike[str], per_shard: int = 256) -> None:
        if per_shard < 1:
            raise ValueError(f"per_shard must be at least 1, not {per_shard}")
        self.directory = Path(directory)
        self.per_shard = per_shard
        self.shards = 0
        self.seconds = 0.0
        self._pending: list[ArticleExtraction] = []
        for name in TABLES:
            for stale in shard_paths(self.directory, name):
                stale.unlink()

    def add(self, extraction: ArticleExtraction) -> None:
        self._pending.append(extraction)
        if len(self._pending) >= self.per_shard:
            self.flush()

    def flush(self) -> None:
        """Write what is pending as the next shard (nothing when nothing is pending)."""
        if not self._pending:
            return
        started = time.perf_counter()
        write_shard(self._pending, self.directory, self.shards)
        self.seconds += time.perf_counter() - started
        self.shards += 1
        self._pending = []


class RowWriter:
    """Rows (dicts) → one Parquet file, a row group per ``batch_rows`` rows, so no more than that many wait in Python.

    The work files of out-of-core steps (:mod:`graph.resolve_duckdb`, :mod:`exports.stream`):
    ``count`` is the number of rows written, :meth:`close` returns the path.
    """

    def __init__(self, path: str | os.PathLike[str], schema: pa.Schema, batch_rows: int = 4_096) -> None:
        self.path, self.schema, self.batch_rows, self.rows, self.count = Path(path), schema, batch_rows, [], 0
        self._writer = pq.ParquetWriter(self.path, schema, compression="zstd")

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self._writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> Path:
        self.flush()
        self._writer.close()
        return self.path
