"""Why is this one node? Read ``entities.jsonl`` and tell an entity's merge story.

``newsgraph explain "Zelensky" --graph out/`` prints the entity, its aliases
and roles, and for every local entity that joined it the article, the
cross-article rule and each mention with the within-article rule that linked
it (``short-name``, ``pronoun-salience``, ``role-description``...).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.entities import TITLE_WORDS, normalise_name, translit_key
from extract.names import HONORIFICS
from extract.errors import InputError, NewsgraphError

__all__ = ["EntityNotFoundError", "read_entities", "find_entity", "same_name", "explain_entity", "format_explanation"]

ENTITIES_FILE = "entities.jsonl"


class EntityNotFoundError(NewsgraphError):
    """No entity of the graph has that name, alias or id."""


def read_entities(graph_dir: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records of ``GRAPH_DIR/entities.jsonl`` (written by ``newsgraph build``)."""
    path = Path(graph_dir)
    if path.is_dir():
        path = path / ENTITIES_FILE
    if not path.is_file():
        raise InputError(f"{path} not found: build the graph first (`newsgraph build ... --out DIR`; the 'entities' format is on by default).")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(f"{path}, line {number}: not JSON ({err.msg}); rebuild the graph.") from None


def find_entity(records: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """Entities whose id, label or an alias is ``query`` (case- and accent-insensitive); best first."""
    wanted = normalise_name(query)
    exact = [r for r in records if r["id"] == query or normalise_name(r["label"]) == wanted]
    if exact:
        return exact
    by_alias = [r for r in records if any(normalise_name(a) == wanted for a in r.get("aliases", ()))]
    if by_alias:
        return by_alias
    key = translit_key(query)
    by_spelling = [r for r in records if any(translit_key(n) == key for n in (r["label"], *r.get("aliases", ())))]
    if by_spelling:
        return by_spelling
    words = query.split()
    if len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS | set(HONORIFICS):
        # "President Putin", "Mr Blair": the title is no part of the name.
        return find_entity(records, " ".join(words[1:]))
    contained = [r for r in records if wanted and wanted in normalise_name(r["label"])]
    if contained:
        return contained
    # "Putin" → "Vladimir Putin": the person whose surname it is.
    return [r for r in records if r["type"] == "person" and len(wanted.split()) == 1 and normalise_name(r["label"]).split()[-1:] == [wanted]]


def same_name(records: list[dict[str, Any]], record: dict[str, Any]) -> list[dict[str, Any]]:
    """The other nodes whose label is the same name as ``record``'s (shown with why they are apart)."""
    wanted = normalise_name(record["label"])
    return [r for r in records if r["id"] != record["id"] and normalise_name(r["label"]) == wanted]


def explain_entity(graph_dir: str | os.PathLike[str], query: str) -> list[dict[str, Any]]:
    """The entity records matching ``query``; raises :class:`EntityNotFoundError` with suggestions."""
    records = list(read_entities(graph_dir))
    found = find_entity(records, query)
    if not found:
        from rapidfuzz import fuzz, process

        labels = [r["label"] for r in records]
        close = [m[0] for m in process.extract(query, labels, scorer=fuzz.WRatio, limit=5, score_cutoff=60)]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise EntityNotFoundError(f"No entity named {query!r} in {graph_dir}.{hint}")
    ids = {r["id"] for r in found}
    # Every node with that name, so a split shows with its reason.
    return found + [r for f in list(found) for r in same_name(records, f) if r["id"] not in ids and not ids.add(r["id"])]


def format_explanation(record: dict[str, Any]) -> str:
    """A plain-text account of one entity and every merge behind it."""
    lines = [
        f"{record['label']}  [{record['type']}]  id={record['id']}",
        f"  aliases: {', '.join(record['aliases']) or '-'}",
        f"  roles:   {', '.join(record['roles']) or '-'}",
        f"  {record['mention_count']} mentions in {len(record['articles'])} article(s), {len(record['sentences'])} sentence(s)",
        "  merged from:",
    ]
    for merge in record["merged_from"]:
        lines.append(f"    {merge['doc_id']} {merge['local_id']} {merge['local_label']!r} — rule: {merge['rule']}")
        for mention in merge.get("mentions", ()):
            lines.append(f"        s{mention['sentence_index']:<3} {mention['kind']:<11} {mention['text']!r} ({mention['rule']})")
    for apart in record.get("kept_apart", ()):
        lines.append(f"  kept apart from {apart['id']}: {apart['reason']}")
    if record.get("identifiers"):
        lines.append("  identifiers: " + ", ".join(f"{k}={v}" for k, v in sorted(record["identifiers"].items())))
    return "\n".join(lines)
