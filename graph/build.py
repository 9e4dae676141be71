"""Statements of many articles → one resolved :class:`KnowledgeGraph`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import networkx as nx

from extract.model import ArticleExtraction, Statement

from .model import ArticleInfo, GraphStatement, KnowledgeGraph
from .aliases import AliasTable
from .concepts import is_concept_node
from .confidence import edge_confidence
from .relations import relation_class
from .resolve import Resolution, resolve_entities

__all__ = ["NODE_SETS", "build_graph", "edge_statements", "evidence_record", "noisy_or"]


def noisy_or(confidences: Iterable[float]) -> float:
    """Probability that at least one piece of independent evidence is right."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - c
    return round(1.0 - miss, 4)


def evidence_record(statement: Statement, reported_on: str | None = None) -> dict[str, Any]:
    """One piece of an edge's evidence as plain values; ``reported_on`` is its article's date."""
    prov = statement.provenance
    return {
        "doc_id": prov.doc_id,
        "sentence_index": prov.sentence_index,
        "sentence": prov.sentence,
        "start_char": prov.start_char,
        "end_char": prov.end_char,
        "relation": statement.relation,
        "predicate": statement.predicate,
        "subject_text": statement.subject.text,
        "object_text": statement.object.text,
        "extractor": prov.extractor,
        "confidence": statement.confidence,
        "negated": statement.negated,
        "modality": statement.modality,
        "attribution": statement.attribution,
        "reported_on": reported_on,
        "qualifiers": [{"kind": q.kind, "text": q.text, "span": [q.start_char, q.end_char], "value": q.value} for q in statement.qualifiers],
    }


#: What ``build_graph(nodes=...)`` accepts: every node, or named entities only (the entity-only view).
NODE_SETS = ("all", "entities")


def build_graph(
    extractions: Iterable[ArticleExtraction],
    *,
    meta: dict[str, object] | None = None,
    aliases: AliasTable | None = None,
    nodes: str = "all",
    resolution: Resolution | None = None,
) -> KnowledgeGraph:
    """Resolve entities across articles and merge statements into one MultiDiGraph.

    Nodes are entities, concepts and events; each distinct (subject, relation
    class, object) becomes one edge keyed by the class (:mod:`graph.relations`;
    an unclassed relation by its own label), whatever number of sentences
    and wordings support it: ``label`` is the most frequent wording,
    ``labels`` all of them. A symmetric statement ("Lavrov and Rubio spoke") is
    one edge from the lower id to the higher, marked ``symmetric``. A concept
    or event is a node only while an edge reaches it; ``nodes="entities"``
    leaves concepts and events out altogether. The output does not depend on
    the order of ``extractions``. ``aliases`` (see :mod:`graph.aliases`)
    forces or forbids merges. ``resolution`` is one an out-of-core engine
    computed for these extractions (:mod:`graph.resolve_duckdb`); by default
    they are resolved here.
    """
    if nodes not in NODE_SETS:
        raise ValueError(f"nodes must be one of {', '.join(NODE_SETS)}, not {nodes!r}")
    extractions = sorted(extractions, key=lambda x: x.article.id)
    if resolution is None:
        resolution = resolve_entities(extractions, aliases=aliases)

    statements: list[GraphStatement] = []
    articles: dict[str, ArticleInfo] = {}
    for extraction in extractions:
        doc_id = extraction.article.id
        articles[doc_id] = ArticleInfo.from_article(extraction.article, extraction.n_sentences, len(extraction.statements))
        for statement in extraction.statements:
            statements.append(
                GraphStatement(
                    statement,
                    resolution.global_id(doc_id, statement.subject.entity),
                    resolution.global_id(doc_id, statement.object.entity),
                )
            )

    def is_node(gid: str | None) -> bool:
        return gid is not None and (nodes == "all" or not is_concept_node(resolution.entities[gid]))

    supporting = _supporting(statements, is_node)
    linked = {gid for source, target, _ in supporting for gid in (source, target)}

    graph = nx.MultiDiGraph()
    for gid in sorted(resolution.entities):
        entity = resolution.entities[gid]
        if is_concept_node(entity) and gid not in linked:
            continue
        graph.add_node(
            gid,
            label=entity.label,
            type=entity.type,
            aliases=list(entity.aliases),
            roles=list(entity.roles),
            mentions=entity.mention_count,
            articles=list(entity.articles),
            **dict(entity.identifiers),  # same_as (a GeoNames IRI), iso3166_alpha2/3: from the offline gazetteer
        )

    for (source, target, key) in sorted(supporting):
        evidence = sorted(supporting[(source, target, key)], key=lambda s: (s.provenance.doc_id, s.provenance.start_char))
        surface, labels = edge_wordings(evidence)
        graph.add_edge(
            source,
            target,
            key=key,
            predicate=labels[0],
            label=labels[0],
            labels=labels,
            relation_class=relation_class(labels[0]),
            surface=surface,
            weight=len(evidence),
            confidence=edge_confidence(
                evidence,
                subject_type=graph.nodes[source]["type"],
                object_type=graph.nodes[target]["type"],
                relation_class=relation_class(labels[0]),
                subject_label=graph.nodes[source]["label"],
                object_label=graph.nodes[target]["label"],
            ),
            statement_confidence=noisy_or(s.confidence for s in evidence),
            hedged=sum(1 for s in evidence if s.modality) / len(evidence),
            symmetric=all(s.symmetric for s in evidence),
            articles=sorted({s.provenance.doc_id for s in evidence}),
            reported_on=min((d for s in evidence if (d := articles[s.provenance.doc_id].date)), default=None),
            evidence=[evidence_record(s, articles[s.provenance.doc_id].date) for s in evidence],
        )
    # a concept no edge reaches is not a node anywhere: not in the entity table, not on a statement
    entities = {gid: e for gid, e in resolution.entities.items() if not is_concept_node(e) or gid in graph}
    statements = [
        gs if all(g is None or g in entities for g in (gs.subject_id, gs.object_id))
        else GraphStatement(gs.statement, gs.subject_id if gs.subject_id in entities else None, gs.object_id if gs.object_id in entities else None)
        for gs in statements
    ]
    return KnowledgeGraph(graph=graph, entities=entities, statements=statements, articles=articles, meta=dict(meta or {}))


def edge_wordings(evidence: Sequence[Statement]) -> tuple[str, list[str]]:
    """An edge's most frequent surface relation and its labels, the shown one first.

    The most frequent label leads; between equals, that of the surest reading ("win at" over a
    "thrash at" that another clause of the sentence lent the same pair), then the alphabet.
    """
    surface = Counter(s.relation for s in evidence).most_common(1)[0][0]
    surest: dict[str, float] = defaultdict(float)
    for s in evidence:
        surest[s.predicate] = max(surest[s.predicate], s.confidence)
    labels = [p for p, _ in sorted(Counter(s.predicate for s in evidence).items(), key=lambda kv: (-kv[1], -surest[kv[0]], kv[0]))]
    return surface, labels


def _supporting(statements: Iterable[GraphStatement], is_node: Callable[[str | None], bool]) -> dict[tuple[str, str, str], list[Statement]]:
    """The statements behind each edge (source, target, key)."""
    statements = list(statements)
    active = _active_readings(statements)
    supporting: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for gs in statements:
        if _passive_twin(gs.statement, active):
            continue  # the active reading of the same clause is the edge (extract.extractors.passive)
        if is_node(gs.subject_id) and is_node(gs.object_id) and gs.subject_id != gs.object_id:
            source, target = gs.subject_id, gs.object_id
            if gs.statement.symmetric and target < source:
                source, target = target, source
            supporting[(source, target, gs.edge_key)].append(gs.statement)
    return supporting


def edge_statements(kg: KnowledgeGraph) -> dict[tuple[str, str, str], list[Statement]]:
    """Every edge of ``kg.graph`` (source, target, key) with the statements behind it."""
    return {edge: found for edge, found in _supporting(kg.statements, lambda gid: gid is not None and gid in kg.graph).items() if kg.graph.has_edge(*edge)}


def _active_readings(statements: Iterable[GraphStatement]) -> set[tuple[str, int, int]]:
    return {
        (gs.statement.provenance.doc_id, gs.statement.subject.start_char, gs.statement.object.start_char)
        for gs in statements
        if gs.statement.provenance.extractor.startswith("passive.")
    }


def _passive_twin(statement: Statement, active: set[tuple[str, int, int]]) -> bool:
    """A passive "X be led by Y" whose active reading "Y lead X" was extracted from the same clause."""
    return statement.predicate.endswith(" by") and (statement.provenance.doc_id, statement.object.start_char, statement.subject.start_char) in active
