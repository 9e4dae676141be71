"""``statements.jsonl``: every extracted statement with its provenance, one per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.model import Statement
from graph.model import GraphStatement, KnowledgeGraph

from .atomic import atomic_write
from .registry import register_exporter

__all__ = ["qualifier_records", "statement_record", "generate_statements", "write_statements"]


def qualifier_records(statement: Statement) -> list[dict[str, Any]]:
    """The statement's qualifiers as plain dicts: kind, text, character span, normalised value."""
    return [{"kind": q.kind, "text": q.text, "span": [q.start_char, q.end_char], "value": q.value} for q in statement.qualifiers]


def statement_record(gs: GraphStatement, reported_on: str | None = None) -> dict[str, Any]:
    """One statement with provenance; ``reported_on`` is its article's date (``None`` when unknown)."""
    s = gs.statement
    p = s.provenance
    return {
        "subject": s.subject.text,
        "relation": s.relation,
        "predicate": s.predicate,
        "object": s.object.text,
        "subject_id": gs.subject_id,
        "object_id": gs.object_id,
        "subject_span": [s.subject.start_char, s.subject.end_char],
        "object_span": [s.object.start_char, s.object.end_char],
        "extra": [{"text": a.text, "span": [a.start_char, a.end_char], "entity_id": None} for a in s.extra],
        "article_id": p.doc_id,
        "sentence_index": p.sentence_index,
        "sentence": p.sentence,
        "sentence_start": p.sentence_start,
        "start_char": p.start_char,
        "end_char": p.end_char,
        "extractor": p.extractor,
        "extractor_version": p.extractor_version,
        "confidence": s.confidence,
        "negated": s.negated,
        "modality": s.modality,
        "attribution": s.attribution,
        "qualifiers": qualifier_records(s),
        "reported_on": reported_on,
    }


def generate_statements(kg: KnowledgeGraph) -> Iterator[str]:
    """One JSON line per statement, in a stable order."""
    ordered = sorted(kg.statements, key=lambda g: (g.statement.provenance.doc_id, g.statement.provenance.start_char, g.statement.subject.start_char, g.statement.predicate, g.statement.object.start_char))
    for gs in ordered:
        info = kg.articles.get(gs.statement.provenance.doc_id)
        yield json.dumps(statement_record(gs, info.date if info else None), ensure_ascii=False, sort_keys=True)


@register_exporter("statements", filename="statements.jsonl", description="every statement with provenance (JSON Lines)")
def write_statements(kg: KnowledgeGraph, path: Path) -> None:
    with atomic_write(path) as handle:
        for line in generate_statements(kg):
            handle.write(line + "\n")
