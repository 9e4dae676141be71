"""Statements of many articles → one resolved :class:`KnowledgeGraph`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from extract.model import ArticleExtraction, Statement

from .model import ArticleInfo, GraphStatement, KnowledgeGraph
from .aliases import AliasTable
from .resolve import resolve_entities

__all__ = ["build_graph", "evidence_record", "noisy_or"]


def noisy_or(confidences: Iterable[float]) -> float:
    """Probability that at least one piece of independent evidence is right."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - c
    return round(1.0 - miss, 4)


def evidence_record(statement: Statement) -> dict[str, Any]:
    prov = statement.provenance
    return {
        "doc_id": prov.doc_id,
        "sentence_index": prov.sentence_index,
        "sentence": prov.sentence,
        "start_char": prov.start_char,
        "end_char": prov.end_char,
        "relation": statement.relation,
        "subject_text": statement.subject.text,
        "object_text": statement.object.text,
        "extractor": prov.extractor,
        "confidence": statement.confidence,
        "negated": statement.negated,
        "modality": statement.modality,
        "attribution": statement.attribution,
    }


def build_graph(extractions: Iterable[ArticleExtraction], *, meta: dict[str, object] | None = None, aliases: AliasTable | None = None) -> KnowledgeGraph:
    """Resolve entities across articles and merge statements into one MultiDiGraph.

    Nodes are entities; each distinct (subject, relation, object) becomes one
    edge keyed by the relation, whatever number of sentences support it.
    The output does not depend on the order of ``extractions``. ``aliases``
    (see :mod:`graph.aliases`) forces or forbids merges.
    """
    extractions = sorted(extractions, key=lambda x: x.article.id)
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

    graph = nx.MultiDiGraph()
    for gid in sorted(resolution.entities):
        entity = resolution.entities[gid]
        graph.add_node(
            gid,
            label=entity.label,
            type=entity.type,
            aliases=list(entity.aliases),
            roles=list(entity.roles),
            mentions=entity.mention_count,
            articles=list(entity.articles),
        )

    supporting: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for gs in statements:
        if gs.subject_id and gs.object_id and gs.subject_id != gs.object_id:
            supporting[(gs.subject_id, gs.object_id, gs.edge_key)].append(gs.statement)
    for (source, target, key) in sorted(supporting):
        evidence = sorted(supporting[(source, target, key)], key=lambda s: (s.provenance.doc_id, s.provenance.start_char))
        surface = Counter(s.relation for s in evidence).most_common(1)[0][0]
        graph.add_edge(
            source,
            target,
            key=key,
            predicate=key,
            label=key,
            surface=surface,
            weight=len(evidence),
            confidence=noisy_or(s.confidence for s in evidence),
            hedged=sum(1 for s in evidence if s.modality) / len(evidence),
            articles=sorted({s.provenance.doc_id for s in evidence}),
            evidence=[evidence_record(s) for s in evidence],
        )
    return KnowledgeGraph(graph=graph, entities=resolution.entities, statements=statements, articles=articles, meta=dict(meta or {}))
