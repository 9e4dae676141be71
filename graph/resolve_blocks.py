"""The pieces every out-of-core resolution engine shares: one block of rows in, rows out.

:mod:`graph.resolve` holds the rules; the engines (:mod:`graph.resolve_duckdb`,
:mod:`graph.resolve_dask`) only decide which rows form a block and where the
rows live between stages. This module turns rows (plain dicts, as
``pyarrow.Table.to_pylist`` gives them) into the objects the rules work on and
back, so that the rules are the same code in every engine:

* :func:`first_stage_block` — the named local entities of one transliteration
  key → clusters (:func:`graph.resolve.split_block`) and the cluster of each local;
* :func:`variant_block` — the clusters of one block key of a later stage
  (fuzzy name, gazetteer, surname, acronym) → the clusters that changed and
  the ones that were absorbed;
* :func:`entity_of_group` — the members of one numbered cluster → its :class:`~graph.model.Entity` row.

A cluster row carries the IDF of its own context lemmas and neighbouring
names, so a block builds its guard from its rows alone and no engine holds a
corpus-wide table in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from extract.model import LocalEntity, Mention

from .aliases import AliasTable
from .concepts import is_concept_node
from .model import Entity, MergeRecord
from .resolve import (
    Stage,
    _Cluster,
    _display_label,
    _Guard,
    _Member,
    _replace_entity,
    describe,
    entity_roles,
    kept_apart,
    make_entity,
    role_signatures,
    split_block,
    with_descriptions,
)

__all__ = [
    "CLUSTER_SCHEMA", "ENTITY_MAP_SCHEMA", "ENTITY_SCHEMA", "MEMBER_SCHEMA", "cluster_row", "cluster_from_row",
    "first_stage_block", "variant_block", "entity_of_group", "entity_row", "entity_from_row", "describe_floating",
]

_WEIGHTED = pa.list_(pa.struct([("k", pa.string()), ("v", pa.float64())]))
_COUNTED = pa.list_(pa.struct([("k", pa.string()), ("n", pa.int64())]))

#: One row per cluster between stages (``cid`` orders every tie-break).
CLUSTER_SCHEMA = pa.schema([
    ("cid", pa.int64()), ("etype", pa.string()), ("context", _WEIGHTED), ("names", pa.list_(pa.string())),
    ("neighbours", _WEIGHTED), ("labels", _COUNTED), ("canonicals", _COUNTED), ("spellings", pa.list_(pa.string())),
    ("first_doc", pa.string()), ("apart", pa.list_(pa.struct([("cid", pa.int64()), ("reason", pa.string())]))),
])

#: The cluster and merge rule of each named local entity after the first stage.
MEMBER_SCHEMA = pa.schema([("doc_id", pa.string()), ("local_id", pa.string()), ("cid", pa.int64()), ("rule", pa.string())])

#: ``entity_map``: which global entity each local entity of each article is.
ENTITY_MAP_SCHEMA = pa.schema([("doc_id", pa.string()), ("local_id", pa.string()), ("global_id", pa.string())])

#: ``entities``: one row per global entity, in the order :func:`graph.resolve.resolve_entities` gives them.
#: The mentions of each merged local are in the ``mentions`` shards, keyed by (doc_id, local_id).
ENTITY_SCHEMA = pa.schema([
    ("id", pa.string()), ("label", pa.string()), ("type", pa.string()),
    ("named", pa.bool_()),  # not a concept-layer node (graph.concepts.is_concept_node), as in entities.parquet
    ("aliases", pa.list_(pa.string())),
    ("roles", pa.list_(pa.string())), ("mention_count", pa.int64()), ("articles", pa.list_(pa.string())),
    ("sentences", pa.list_(pa.struct([("doc_id", pa.string()), ("sentence_index", pa.int32())]))),
    ("merged_from", pa.list_(pa.struct([("doc_id", pa.string()), ("local_id", pa.string()), ("local_label", pa.string()), ("rule", pa.string())]))),
    ("kept_apart", pa.list_(pa.struct([("id", pa.string()), ("reason", pa.string())]))),
    # a map, as in exports/parquet.py's entities.parquet, so exports/stream.py reads either table
    ("identifiers", pa.map_(pa.string(), pa.string())),
])


def _weighted(words: Iterable[str], weights: dict[str, float]) -> list[dict[str, Any]]:
    return [{"k": w, "v": weights.get(w, 0.0)} for w in sorted(words)]


def _counted(counter: Counter[str]) -> list[dict[str, Any]]:
    return [{"k": k, "n": n} for k, n in sorted(counter.items())]


def cluster_row(cluster: _Cluster, guard: _Guard) -> dict[str, Any]:
    """A cluster as one row (its apart records by ``cid``)."""
    return {
        "cid": cluster.cid, "etype": cluster.etype, "context": _weighted(cluster.context, guard.idf),
        "names": sorted(cluster.names), "neighbours": _weighted(cluster.neighbours, guard.name_idf),
        "labels": _counted(cluster.labels), "canonicals": _counted(cluster.canonicals), "spellings": sorted(cluster.spellings),
        "first_doc": cluster.first_doc,
        "apart": [{"cid": other.cid if isinstance(other, _Cluster) else other, "reason": reason} for other, reason in cluster.apart],
    }


def cluster_from_row(row: dict[str, Any], idf: dict[str, float], name_idf: dict[str, float]) -> _Cluster:
    """The row back as a cluster without members; its IDF weights go into ``idf``/``name_idf``."""
    context, neighbours = row.get("context") or (), row.get("neighbours") or ()
    for item in context:
        idf[item["k"]] = item["v"]
    for item in neighbours:
        name_idf[item["k"]] = item["v"]
    return _Cluster(
        row["etype"], [], {i["k"] for i in context}, set(row["names"]), {i["k"] for i in neighbours},
        apart=[(a["cid"], a["reason"]) for a in row.get("apart") or ()],  # cids, not clusters: resolved at the end
        labels=Counter({i["k"]: i["n"] for i in row["labels"]}), canonicals=Counter({i["k"]: i["n"] for i in row["canonicals"]}),
        spellings=set(row.get("spellings") or ()), first_doc=row.get("first_doc") or "", cid=row.get("cid") or 0,
    )


def _member_from_row(row: dict[str, Any]) -> _Member:
    """A named local of the first stage's rows (context and neighbours as weighted lists)."""
    local = LocalEntity(
        row["local_id"], row["label"], row["type"], (), tuple(row["aliases"]), tuple(row["roles"]), "",
        tuple(i["k"] for i in row["context"]), tuple((v["type"], v["weight"]) for v in row["type_votes"]),
    )
    member = _Member(row["doc_id"], local, row["rule"], row["name"], row["forced"], {i["k"] for i in row["neighbours"]}, row["canonical"])
    member.weight = max(row["n_name"], 1)
    return member


def first_stage_block(rows: list[dict[str, Any]], aliases: AliasTable, next_cid: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of one transliteration key → (cluster rows, member rows); clusters numbered from ``next_cid``.

    A row holds the named local (label, type, aliases, roles, type_votes,
    n_name), its matching name, canonical name, forced flag and rule
    (:func:`graph.resolve.make_member`), and its ``context`` and
    ``neighbours`` as (k, v) lists with their IDF.
    """
    idf = {i["k"]: i["v"] for row in rows for i in row["context"]}
    name_idf = {i["k"]: i["v"] for row in rows for i in row["neighbours"]}
    guard = _Guard(idf, name_idf, aliases)
    clusters = split_block([_member_from_row(row) for row in rows], guard)
    members: list[dict[str, Any]] = []
    for offset, cluster in enumerate(clusters):
        cluster.cid = next_cid + offset
        members.extend({"doc_id": m.doc_id, "local_id": m.local.id, "cid": cluster.cid, "rule": m.rule} for m in cluster.members)
    return [cluster_row(c, guard) for c in clusters], members


def variant_block(stage: Stage, rows: list[dict[str, Any]], aliases: AliasTable) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run ``stage`` on one block of cluster rows → (rows of clusters that absorbed others, moves).

    A move ``{"cid", "into", "rule"}`` says cluster ``cid`` is now part of ``into`` (a survivor of this block).
    """
    idf: dict[str, float] = {}
    name_idf: dict[str, float] = {}
    clusters = [cluster_from_row(row, idf, name_idf) for row in rows]
    guard = _Guard(idf, name_idf, aliases)
    stage.run(clusters, guard)
    moves = [{"cid": c.cid, "into": c.final().cid, "rule": c.absorbed_by} for c in clusters if not c.alive]
    grown = {m["into"] for m in moves}
    return [cluster_row(c, guard) for c in clusters if c.cid in grown], moves


def display_label(row: dict[str, Any]) -> str:
    """The label a cluster row's node gets (:func:`graph.resolve._display_label`)."""
    return _display_label(cluster_from_row(row, {}, {}))


def mentions_of(items: Iterable[dict[str, Any]] | None) -> tuple[Mention, ...]:
    return tuple(Mention(m["text"], m["start_char"], m["end_char"], m["sentence_index"], m["kind"], m["rule"]) for m in items or ())


def local_of(row: dict[str, Any]) -> LocalEntity:
    """A local entity of a joined row (``label``, ``aliases``, ``roles``, ``mentions``)."""
    return LocalEntity(row["local_id"], row["label"], row["type"], mentions_of(row["mentions"]), tuple(row["aliases"] or ()), tuple(row["roles"] or ()))


def describe_floating(row: dict[str, Any]) -> str | None:
    """The entity a description of an article joins; ``row["named"]`` lists (gid, etype, roles) of that article's entities."""
    local = LocalEntity(row["local_id"], row["label"], row["type"], ())
    return describe(local, ((n["gid"], n["etype"], role_signatures(n["roles"])) for n in row["named"]))


def entity_of_group(gid: str, label: str, etype: str, rows: list[dict[str, Any]], apart: Iterable[tuple[str, str]]) -> Entity:
    """The entity of its member rows (``rule`` "role-description" marks a description that joined it)."""
    named = [r for r in rows if r["rule"] != "role-description"]
    described = [(r["doc_id"], local_of(r)) for r in rows if r["rule"] == "role-description"]
    entity = make_entity(gid, label, etype, [(r["doc_id"], local_of(r), r["rule"]) for r in named])
    kept = kept_apart(gid, apart)
    if kept:
        entity = _replace_entity(entity, kept_apart=kept)
    return with_descriptions(entity, described) if described else entity


def entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id, "label": entity.label, "type": entity.type, "named": not is_concept_node(entity),
        "aliases": list(entity.aliases), "roles": list(entity.roles),
        "mention_count": entity.mention_count, "articles": list(entity.articles),
        "sentences": [{"doc_id": d, "sentence_index": s} for d, s in entity.sentences],
        "merged_from": [{"doc_id": r.doc_id, "local_id": r.local_id, "local_label": r.local_label, "rule": r.rule} for r in entity.merged_from],
        "kept_apart": [{"id": i, "reason": r} for i, r in entity.kept_apart],
        "identifiers": list(entity.identifiers),
    }


def entity_from_row(row: dict[str, Any], mentions: dict[tuple[str, str], tuple[Mention, ...]] | None = None) -> Entity:
    """An ``entities`` row back as an :class:`Entity` (merge records get their mentions from ``mentions``)."""
    mentions = mentions or {}
    return Entity(
        id=row["id"], label=row["label"], type=row["type"], aliases=tuple(row["aliases"]), roles=tuple(row["roles"]),
        mention_count=row["mention_count"], articles=tuple(row["articles"]),
        sentences=tuple((s["doc_id"], s["sentence_index"]) for s in row["sentences"]),
        merged_from=tuple(MergeRecord(r["doc_id"], r["local_id"], r["local_label"], r["rule"], mentions.get((r["doc_id"], r["local_id"]), ()))
                          for r in row["merged_from"]),
        kept_apart=tuple((k["id"], k["reason"]) for k in row["kept_apart"]),
        identifiers=tuple(tuple(pair) for pair in row["identifiers"] or ()),
    )


def group_rows(batches: Iterable[pa.RecordBatch], key: str) -> Iterator[list[dict[str, Any]]]:
    """Consecutive rows with one value of ``key`` (the input sorted by it), batch boundaries ignored."""
    block: list[dict[str, Any]] = []
    current: object = object()
    for batch in batches:
        for row in batch.to_pylist():
            if row[key] != current and block:
                yield block
                block = []
            current = row[key]
            block.append(row)
    if block:
        yield block


__all__ += ["display_label", "group_rows", "entity_roles"]


def write_resolution(resolution: Any, out_dir: Any) -> tuple[Any, Any]:
    """An in-memory :class:`~graph.resolve.Resolution` as the two tables the out-of-core engines write
    (``entity_map.parquet``, ``entities.parquet``), so every engine's output compares file to file."""
    from pathlib import Path

    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entities = pa.Table.from_pylist([entity_row(e) for e in resolution.entities.values()], schema=ENTITY_SCHEMA)
    pq.write_table(entities, out / "entities.parquet", compression="zstd")
    rows = [{"doc_id": d, "local_id": l, "global_id": g} for (d, l), g in sorted(resolution.mapping.items())]
    pq.write_table(pa.Table.from_pylist(rows, schema=ENTITY_MAP_SCHEMA), out / "entity_map.parquet", compression="zstd")
    return out / "entity_map.parquet", out / "entities.parquet"


__all__ += ["write_resolution"]


# --------------------------------------------------------------------------- chunks: many blocks a task


def chunked(blocks: Iterable[list[dict[str, Any]]], max_rows: int = 5_000) -> Iterator[list[list[dict[str, Any]]]]:
    """Consecutive blocks in chunks of about ``max_rows`` rows (one task each on a cluster)."""
    chunk: list[list[dict[str, Any]]] = []
    size = 0
    for block in blocks:
        chunk.append(block)
        size += len(block)
        if size >= max_rows:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def first_stage_chunk(blocks: list[list[dict[str, Any]]], aliases: AliasTable) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """:func:`first_stage_block` of each block, clusters numbered from 0 in each (the caller offsets them)."""
    return [first_stage_block(block, aliases, 0) for block in blocks]


def offset_clusters(rows: list[dict[str, Any]], members: list[dict[str, Any]], offset: int) -> None:
    """Renumber one first-stage block's clusters from ``offset`` (their kept-apart references too)."""
    for row in rows:
        row["cid"] += offset
        for item in row["apart"]:
            item["cid"] += offset
    for member in members:
        member["cid"] += offset


def variant_chunk(stage_index: int, blocks: list[list[dict[str, Any]]], aliases: AliasTable) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    from .resolve import VARIANT_STAGES

    stage = VARIANT_STAGES[stage_index]
    return [variant_block(stage, block, aliases) for block in blocks]


def entity_chunk(groups: list[list[dict[str, Any]]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(entity row, entity-map rows) of each numbered cluster's member rows."""
    out = []
    for group in groups:
        first = group[0]
        rows = [{**r, "label": r["local_label"]} for r in group]
        entity = entity_of_group(first["gid"], first["label"], first["etype"], rows, ((a["gid"], a["reason"]) for a in first["apart"] or ()))
        out.append((entity_row(entity), [{"doc_id": r["doc_id"], "local_id": r["local_id"], "global_id": entity.id} for r in group]))
    return out


def sequential_map(function: Any, chunks: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
    """The in-process way of running chunks (the DuckDB engine): one after the other, in order."""
    for args in chunks:
        yield function(*args)


__all__ += ["chunked", "first_stage_chunk", "offset_clusters", "variant_chunk", "entity_chunk", "sequential_map"]
