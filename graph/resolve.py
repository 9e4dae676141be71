"""Cross-article entity resolution: local entities of many articles → global entities."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.model import ArticleExtraction, LocalEntity

from .ids import entity_id
from .model import Entity, MergeRecord

__all__ = ["Resolution", "resolve_entities", "normalise_name"]

LocalKey = tuple[str, str]  # (article id, local entity id)


@dataclass
class Resolution:
    entities: dict[str, Entity] = field(default_factory=dict)
    mapping: dict[LocalKey, str] = field(default_factory=dict)

    def global_id(self, doc_id: str, local_id: str | None) -> str | None:
        return self.mapping.get((doc_id, local_id)) if local_id else None


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in letters.casefold()).split())


def resolve_entities(extractions: Iterable[ArticleExtraction]) -> Resolution:
    """Merge local entities that name the same thing across articles."""
    members: dict[tuple[str, str], list[tuple[str, LocalEntity, str]]] = defaultdict(list)
    for extraction in extractions:
        for local in extraction.entities:
            members[(local.type, normalise_name(local.label))].append((extraction.article.id, local, "same-name"))

    _attach_surnames(members)

    resolution = Resolution()
    proposals = []
    for key, group in members.items():
        if not group:
            continue
        proposals.append((_best_label(group), key[0], group))
    taken: Counter[str] = Counter()
    for label, etype, group in sorted(proposals, key=lambda p: (p[1], p[0], min(d for d, _, _ in p[2]))):
        base = entity_id(etype, label)
        taken[base] += 1
        gid = base if taken[base] == 1 else f"{base}-{taken[base]}"
        resolution.entities[gid] = _make_entity(gid, label, etype, group)
        for doc_id, local, _ in group:
            resolution.mapping[(doc_id, local.id)] = gid
    return resolution


def _attach_surnames(members: dict[tuple[str, str], list[tuple[str, LocalEntity, str]]]) -> None:
    """A one-word person name joins the only full name that ends with it."""
    full_by_last: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for etype, norm in members:
        words = norm.split()
        if etype == "person" and len(words) > 1:
            full_by_last[words[-1]].append((etype, norm))
    for key in list(members):
        etype, norm = key
        if etype != "person" or len(norm.split()) != 1:
            continue
        candidates = full_by_last.get(norm, [])
        if len(candidates) == 1:
            target = candidates[0]
            members[target].extend((d, local, "surname") for d, local, _ in members[key])
            members[key] = []


def _best_label(group: list[tuple[str, LocalEntity, str]]) -> str:
    counts = Counter(local.label for _, local, _ in group)
    return max(counts, key=lambda label: (len(label.split()), counts[label], -len(label), label))


def _make_entity(gid: str, label: str, etype: str, group: list[tuple[str, LocalEntity, str]]) -> Entity:
    aliases = {local.label for _, local, _ in group} | {a for _, local, _ in group for a in local.aliases}
    aliases.discard(label)
    roles = Counter(r for _, local, _ in group for r in local.roles)
    sentences = sorted({(doc_id, m.sentence_index) for doc_id, local, _ in group for m in local.mentions})
    return Entity(
        id=gid,
        label=label,
        type=etype,
        aliases=tuple(sorted(aliases)),
        roles=tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
        mention_count=sum(len(local.mentions) for _, local, _ in group),
        articles=tuple(sorted({doc_id for doc_id, _, _ in group})),
        sentences=tuple(sentences),
        merged_from=tuple(sorted(MergeRecord(d, local.id, local.label, rule) for d, local, rule in group)),
    )
