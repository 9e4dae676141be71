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
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Qualifier, Statement

__all__ = ["SCHEMAS", "TABLES", "extraction_tables", "read_extractions", "write_shard", "shard_paths"]

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


def _argument(arg: Argument) -> dict[str, Any]:
    return {"text": arg.text, "start_char": arg.start_char, "end_char": arg.end_char, "head": arg.head,
            "head_start": arg.head_start, "entity": arg.entity, "is_pronoun": arg.is_pronoun}


def _rows(extraction: ArticleExtraction) -> dict[str, list[dict[str, Any]]]:
    article = extraction.article
    doc = article.id
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["articles"].append({
        "doc_id": doc, "text": article.text, "title": article.title, "date": article.date, "url": article.url,
        "source": article.source, "n_sentences": extraction.n_sentences, "n_tokens": extraction.n_tokens,
        "warnings": list(extraction.warnings),
    })
    for index, st in enumerate(extraction.statements):
        prov = st.provenance
        rows["statements"].append({
            "doc_id": doc, "statement_index": index, "subject": _argument(st.subject), "relation": st.relation,
            "predicate": st.predicate, "object": _argument(st.object), "confidence": st.confidence,
            "extra": [_argument(a) for a in st.extra], "negated": st.negated, "modality": st.modality,
            "attribution": st.attribution,
            "qualifiers": [{"kind": q.kind, "text": q.text, "start_char": q.start_char, "end_char": q.end_char, "value": q.value}
                           for q in st.qualifiers],
            "symmetric": st.symmetric, "sentence_index": prov.sentence_index, "sentence": prov.sentence,
            "sentence_start": prov.sentence_start, "start_char": prov.start_char, "end_char": prov.end_char,
            "extractor": prov.extractor, "extractor_version": prov.extractor_version,
        })
    for index, ent in enumerate(extraction.entities):
        rows["entities"].append({
            "doc_id": doc, "local_id": ent.id, "entity_index": index, "label": ent.label, "type": ent.type,
            "aliases": list(ent.aliases), "roles": list(ent.roles), "ner_label": ent.ner_label,
            "context": list(ent.context), "type_votes": [{"type": t, "weight": w} for t, w in ent.type_votes],
            "canonical_key": ent.canonical_key, "article_scoped": ent.article_scoped, "n_mentions": len(ent.mentions),
        })
        for m_index, m in enumerate(ent.mentions):
            rows["mentions"].append({
                "doc_id": doc, "local_id": ent.id, "mention_index": m_index, "text": m.text, "start_char": m.start_char,
                "end_char": m.end_char, "sentence_index": m.sentence_index, "kind": m.kind, "rule": m.rule,
            })
    return rows


def extraction_tables(extractions: Iterable[ArticleExtraction]) -> dict[str, pa.Table]:
    """The four tables (``articles``, ``statements``, ``entities``, ``mentions``) of these extractions."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for extraction in extractions:
        for name, part in _rows(extraction).items():
            rows[name].extend(part)
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


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
