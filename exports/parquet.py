"""``statements.parquet`` and ``entities.parquet``: the graph as two tables any dataframe engine opens.

pandas (``pd.read_parquet``), Polars, DuckDB (``FROM 'statements.parquet'``)
and Spark read them directly; ``docs/tables.md`` has an example query for
each. One row per statement (with the global ids of its arguments, null when
an argument is no node) and one row per entity (node). Columns are plain
strings, numbers, booleans and lists of them; qualifiers are a list of
structs and identifiers a map, which all four engines understand.

The rows go out in row groups of :data:`ROWS_PER_GROUP`, built column by
column, so writing never holds more than one group beside the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.model import Qualifier
from graph.build import edge_statements
from graph.concepts import is_concept_node
from graph.model import Entity, KnowledgeGraph
from graph.relations import UNCLASSED, relation_class

from .atomic import atomic_write
from .registry import register_exporter

__all__ = [
    "STATEMENT_SCHEMA",
    "ENTITY_SCHEMA",
    "ROWS_PER_GROUP",
    "statement_batches",
    "entity_row",
    "entity_rows",
    "row_batches",
    "write_batches_atomic",
    "write_statements_parquet",
    "write_entities_parquet",
]

#: Rows per Parquet row group (and per batch of Python rows in memory).
ROWS_PER_GROUP = 65_536

_QUALIFIER = pa.struct([
    ("kind", pa.string()), ("text", pa.string()), ("start_char", pa.int32()), ("end_char", pa.int32()), ("value", pa.string()),
])

#: ``statements.parquet``: one row per extracted statement, in article order.
STATEMENT_SCHEMA = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("statement_index", pa.int32(), nullable=False),  # its position in the article (joins extract/tables.py's statements)
    ("subject_id", pa.string()), ("subject_label", pa.string()), ("subject_text", pa.string()),
    ("relation", pa.string()), ("predicate", pa.string()), ("relation_class", pa.string()), ("edge_key", pa.string()),
    ("object_id", pa.string()), ("object_label", pa.string()), ("object_text", pa.string()),
    ("on_edge", pa.bool_()),  # the statement is evidence of a graph edge
    ("negated", pa.bool_()), ("modality", pa.string()), ("attribution", pa.string()), ("symmetric", pa.bool_()),
    ("qualifiers", pa.list_(_QUALIFIER)),
    ("confidence", pa.float64()),
    ("sentence_index", pa.int32()), ("sentence", pa.string()), ("sentence_start", pa.int32()),
    ("start_char", pa.int32()), ("end_char", pa.int32()), ("extractor", pa.string()), ("extractor_version", pa.int32()),
    ("article_date", pa.string()),  # as the article gives it (usually ISO 8601), null when unknown
])

#: ``entities.parquet``: one row per node, sorted by id.
ENTITY_SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    ("label", pa.string()), ("type", pa.string()),
    ("named", pa.bool_()),  # a named entity; false for the concept layer's concepts and events ("ceasefire")
    ("aliases", pa.list_(pa.string())), ("roles", pa.list_(pa.string())),
    ("mention_count", pa.int64()), ("articles", pa.list_(pa.string())),
    ("degree", pa.int64()),  # edges in and out in the graph
    ("identifiers", pa.map_(pa.string(), pa.string())),  # same_as (GeoNames IRI), iso3166_alpha2, iso3166_alpha3
])


def statement_batches(kg: KnowledgeGraph, rows_per_batch: int = ROWS_PER_GROUP) -> Iterator[pa.RecordBatch]:
    """The :data:`STATEMENT_SCHEMA` rows of ``kg``'s statements, in article order, a batch at a time."""
    on_edge = {id(s) for found in edge_statements(kg).values() for s in found}
    labels = {gid: e.label for gid, e in kg.entities.items()}
    dates = {doc: info.date for doc, info in kg.articles.items()}
    classes: dict[str, str] = {}  # predicate -> relation class: a few thousand predicates for millions of statements
    index_in_doc: dict[str, int] = {}
    indexes: list[int] = []
    for gs in kg.statements:
        doc = gs.statement.provenance.doc_id
        indexes.append(index_in_doc.get(doc, 0))
        index_in_doc[doc] = indexes[-1] + 1
    for start in range(0, max(len(kg.statements), 1), rows_per_batch):
        chunk = kg.statements[start:start + rows_per_batch]
        sts = [gs.statement for gs in chunk]
        provs = [st.provenance for st in sts]
        for st in sts:
            if st.predicate not in classes:
                classes[st.predicate] = relation_class(st.predicate)
        cls = [classes[st.predicate] for st in sts]
        columns = {
            "doc_id": [p.doc_id for p in provs],
            "statement_index": indexes[start:start + rows_per_batch],
            "subject_id": [gs.subject_id for gs in chunk],
            "subject_label": [labels.get(gs.subject_id) if gs.subject_id else None for gs in chunk],
            "subject_text": [st.subject.text for st in sts],
            "relation": [st.relation for st in sts],
            "predicate": [st.predicate for st in sts],
            "relation_class": cls,
            # as GraphStatement.edge_key, from the class looked up once per predicate
            "edge_key": [("not " if st.negated else "") + (st.predicate if c == UNCLASSED else c) for st, c in zip(sts, cls)],
            "object_id": [gs.object_id for gs in chunk],
            "object_label": [labels.get(gs.object_id) if gs.object_id else None for gs in chunk],
            "object_text": [st.object.text for st in sts],
            "on_edge": [id(st) in on_edge for st in sts],
            "negated": [st.negated for st in sts],
            "modality": [st.modality for st in sts],
            "attribution": [st.attribution for st in sts],
            "symmetric": [st.symmetric for st in sts],
            "qualifiers": _qualifiers([st.qualifiers for st in sts]),
            "confidence": [st.confidence for st in sts],
            **{name: [getattr(p, name) for p in provs] for name in _PROVENANCE},
            "article_date": [dates.get(p.doc_id) for p in provs],
        }
        yield pa.RecordBatch.from_arrays(
            [values if isinstance(values, pa.Array) else pa.array(values, STATEMENT_SCHEMA.field(name).type) for name, values in columns.items()],
            schema=STATEMENT_SCHEMA,
        )


_PROVENANCE = ("sentence_index", "sentence", "sentence_start", "start_char", "end_char", "extractor", "extractor_version")


def _qualifiers(groups: list[tuple[Qualifier, ...]]) -> pa.ListArray:
    offsets = [0]
    flat: list[Qualifier] = []
    for group in groups:
        flat.extend(group)
        offsets.append(len(flat))
    values = pa.StructArray.from_arrays([pa.array([getattr(q, f.name) for q in flat], f.type) for f in _QUALIFIER], fields=list(_QUALIFIER))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def entity_row(entity: Entity, degree: int | None = 0) -> dict[str, Any]:
    """One :data:`ENTITY_SCHEMA` row (``degree`` None: not known, e.g. before the graph is built)."""
    return {
        "id": entity.id, "label": entity.label, "type": entity.type, "named": not is_concept_node(entity),
        "aliases": list(entity.aliases), "roles": list(entity.roles),
        "mention_count": entity.mention_count, "articles": list(entity.articles), "degree": degree,
        "identifiers": list(entity.identifiers),  # in the entity's order, which GraphML's key order follows
    }


def entity_rows(kg: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    """One :data:`ENTITY_SCHEMA` row per entity of ``kg``, sorted by id."""
    graph = kg.graph
    for gid in sorted(kg.entities):
        yield entity_row(kg.entities[gid], graph.degree(gid) if gid in graph else 0)


def row_batches(rows: Iterable[dict[str, Any]], schema: pa.Schema, rows_per_batch: int = ROWS_PER_GROUP) -> Iterator[pa.RecordBatch]:
    """Rows (dicts) as record batches of ``schema``; at least one batch, so an empty table keeps its schema."""
    batch: list[dict[str, Any]] = []
    sent = False
    for row in rows:
        batch.append(row)
        if len(batch) >= rows_per_batch:
            yield pa.RecordBatch.from_pylist(batch, schema=schema)
            sent, batch = True, []
    if batch or not sent:
        yield pa.RecordBatch.from_pylist(batch, schema=schema)


def write_batches_atomic(batches: Iterable[pa.RecordBatch], schema: pa.Schema, path: str | Path) -> int:
    """Write record batches as one Parquet file (a row group each, zstd), atomically; return the number of rows."""
    written = 0
    with atomic_write(path, binary=True) as handle, pq.ParquetWriter(handle, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch)
            written += batch.num_rows
    return written


@register_exporter("statements-parquet", filename="statements.parquet", description="every statement with global ids and provenance (Parquet, for pandas, Polars, DuckDB, Spark)")
def write_statements_parquet(kg: KnowledgeGraph, path: Path) -> None:
    write_batches_atomic(statement_batches(kg), STATEMENT_SCHEMA, path)


@register_exporter("entities-parquet", filename="entities.parquet", description="every entity with aliases, roles, mentions and identifiers (Parquet)")
def write_entities_parquet(kg: KnowledgeGraph, path: Path) -> None:
    write_batches_atomic(row_batches(entity_rows(kg), ENTITY_SCHEMA), ENTITY_SCHEMA, path)
