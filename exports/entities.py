"""``entities.jsonl``: every node with its aliases, roles, mentions and merge records.

This is what ``newsgraph explain`` reads: for each global entity, which local
entity of which article joined it and by which rule, with every mention
(name, description, pronoun) and the within-article rule that linked it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.model import Entity, KnowledgeGraph

from .atomic import atomic_write
from .registry import register_exporter

__all__ = ["entity_record", "generate_entities", "write_entities"]


def entity_record(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "label": entity.label,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "mention_count": entity.mention_count,
        "articles": list(entity.articles),
        "sentences": [list(s) for s in entity.sentences],
        "merged_from": [
            {
                "doc_id": record.doc_id,
                "local_id": record.local_id,
                "local_label": record.local_label,
                "rule": record.rule,
                "mentions": [
                    {"text": m.text, "span": [m.start_char, m.end_char], "sentence_index": m.sentence_index, "kind": m.kind, "rule": m.rule}
                    for m in record.mentions
                ],
            }
            for record in entity.merged_from
        ],
        "kept_apart": [{"id": other, "reason": reason} for other, reason in entity.kept_apart],
        "identifiers": dict(entity.identifiers),
    }


def generate_entities(kg: KnowledgeGraph) -> Iterator[str]:
    """One JSON line per entity, sorted by id."""
    for gid in sorted(kg.entities):
        yield json.dumps(entity_record(kg.entities[gid]), ensure_ascii=False, sort_keys=True)


@register_exporter("entities", filename="entities.jsonl", description="every entity with aliases, mentions and merge records (JSON Lines)")
def write_entities(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path) as handle:
        for line in generate_entities(kg):
            handle.write(line + "\n")
