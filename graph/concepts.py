"""Concepts and events of many articles → global concept and event nodes.

A concept merges across articles by its canonical key ("military aid" in two
articles is one node); an event with a distinguishing modifier ("Budapest
summit") does too. An article-scoped event ("the invasion", with nothing to
tell which) is one node per article: two articles' "the summit" may be two
summits. The label is the surface form most articles use.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from extract.model import ArticleExtraction, LocalEntity

from .ids import entity_id, slugify
from .model import Entity, MergeRecord

__all__ = ["CONCEPT_RULES", "CONCEPT_TYPES", "concept_id_base", "is_concept", "is_concept_node", "resolve_concepts"]

#: Node types of things and happenings that are not named entities.
CONCEPT_TYPES = ("concept", "event")


def is_concept(local: LocalEntity) -> bool:
    """Whether a local entity is a concept or event (it has a canonical key and no name)."""
    return local.type in CONCEPT_TYPES and bool(local.canonical_key)


def resolve_concepts(extractions: Iterable[ArticleExtraction], taken: Iterable[str] = ()) -> tuple[dict[str, Entity], dict[tuple[str, str], str]]:
    """Global concept/event entities and the ``(article id, local id) → global id`` mapping.

    ``taken`` holds global ids already in use (named entities), which a concept id never reuses.
    """
    groups: dict[tuple[str, str, str], list[tuple[str, LocalEntity]]] = defaultdict(list)
    for extraction in extractions:
        doc_id = extraction.article.id
        for local in extraction.entities:
            if is_concept(local):
                scope = doc_id if local.article_scoped else ""
                groups[(local.type, local.canonical_key, scope)].append((doc_id, local))
    used = set(taken)
    entities: dict[str, Entity] = {}
    mapping: dict[tuple[str, str], str] = {}
    for (etype, _key, scope), members in sorted(groups.items()):
        label = _label(members)
        base = concept_id_base(etype, label, scope)
        gid, n = base, 1
        while gid in used:
            n += 1
            gid = f"{base}-{n}"
        used.add(gid)
        for doc_id, local in members:
            mapping[(doc_id, local.id)] = gid
        entities[gid] = _entity(gid, label, etype, members)
    return entities, mapping


#: The merge rules of the concept layer's nodes (:func:`resolve_concepts`); a named entity never has them.
CONCEPT_RULES = frozenset({"concept-head", "canonical-key"})


def is_concept_node(entity: Entity) -> bool:
    """A concept or event of the concept layer ("ceasefire", "the Budapest summit").

    A *named* event ("the Heineken Cup", "the London Marathon") is an entity like any other: a node
    whether or not an edge reaches it, and kept by ``--nodes entities``.
    """
    return entity.type in CONCEPT_TYPES and any(m.rule in CONCEPT_RULES for m in entity.merged_from)


def concept_id_base(etype: str, label: str, scope: str) -> str:
    """The id a concept group gets unless it is taken (then ``-2``, ``-3``...); ``scope`` is the article of an article-scoped event."""
    return entity_id(etype, label) + (f"--{slugify(scope, 24)}" if scope else "")


def _label(members: list[tuple[str, LocalEntity]]) -> str:
    counts = Counter(local.label for _, local in members)
    return max(counts, key=lambda label: (counts[label], label))


def _entity(gid: str, label: str, etype: str, members: list[tuple[str, LocalEntity]]) -> Entity:
    aliases = sorted({local.label for _, local in members} - {label})
    return Entity(
        id=gid,
        label=label,
        type=etype,
        aliases=tuple(aliases),
        mention_count=sum(len(local.mentions) for _, local in members),
        articles=tuple(sorted({doc_id for doc_id, _ in members})),
        sentences=tuple(sorted({(doc_id, m.sentence_index) for doc_id, local in members for m in local.mentions})),
        merged_from=tuple(sorted(MergeRecord(doc_id, local.id, local.label, "canonical-key" if i else "concept-head", local.mentions) for i, (doc_id, local) in enumerate(members))),
    )
