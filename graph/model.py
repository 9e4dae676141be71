"""The resolved graph: global entities, statements linked to them, and the networkx view."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import networkx as nx

from extract.model import Article, Mention, Statement

from .relations import UNCLASSED, relation_class

__all__ = ["Entity", "MergeRecord", "GraphStatement", "ArticleInfo", "KnowledgeGraph"]


@dataclass(frozen=True, slots=True, order=True)
class MergeRecord:
    """Why a local entity of one article joined a global entity."""

    doc_id: str
    local_id: str
    local_label: str
    rule: str
    #: The local entity's mentions (names, descriptions, pronouns, each with the
    #: within-article rule that linked it), so a merge can be explained later.
    mentions: tuple[Mention, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity, however the articles name it."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mention_count: int = 0
    articles: tuple[str, ...] = ()
    sentences: tuple[tuple[str, int], ...] = ()  # (article id, sentence index)
    merged_from: tuple[MergeRecord, ...] = ()
    #: Other nodes with the same name and why they are a different entity:
    #: (other node id, reason), e.g. ("person/john-smith-2", "roles of different countries: US Senator / Australian cricketer").
    kept_apart: tuple[tuple[str, str], ...] = ()
    #: Linked identifiers from the offline gazetteer (:mod:`extract.gazetteer`):
    #: "same_as" (a GeoNames IRI, for owl:sameAs), "iso3166_alpha2", "iso3166_alpha3".
    identifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class GraphStatement:
    """A statement with its arguments resolved to global entity ids (or ``None``)."""

    statement: Statement
    subject_id: str | None
    object_id: str | None

    @property
    def relation_class(self) -> str:
        """The statement's relation class (:mod:`graph.relations`), or ``"unclassed"``."""
        return relation_class(self.statement.predicate)

    @property
    def edge_key(self) -> str:
        """What the graph keys the edge by: the relation class, so that synonymous statements ("meet in",
        "meet at") are one edge; an unclassed relation keeps its own label. Negation is part of the key."""
        cls = self.relation_class
        return ("not " if self.statement.negated else "") + (self.statement.predicate if cls == UNCLASSED else cls)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article's metadata, and its text kept compressed for the explorer's reading pane.

    The text is stored zlib-compressed (about half its size for news articles: the 2,127 distinct
    BBC articles hold 2.4 MB instead of 4.8 MB), so the graph grows with the corpus only that much.
    """

    id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    n_sentences: int = 0
    n_statements: int = 0
    text_z: bytes = field(default=b"", repr=False, compare=False)

    @classmethod
    def from_article(cls, article: Article, n_sentences: int = 0, n_statements: int = 0) -> ArticleInfo:
        packed = zlib.compress(article.text.encode("utf-8"), 6) if article.text else b""
        return cls(article.id, article.title, article.date, article.url, article.source, n_sentences, n_statements, packed)

    @property
    def text(self) -> str:
        """The article text the statements' character offsets point into ("" when it was not kept)."""
        return zlib.decompress(self.text_z).decode("utf-8") if self.text_z else ""


@dataclass
class KnowledgeGraph:
    """What a build produces: the networkx graph plus the tables behind it.

    ``graph`` is a :class:`networkx.MultiDiGraph` whose nodes are entity ids
    and whose edges are keyed by relation (``"meet in"``); every edge carries
    its ``evidence`` list. ``statements`` holds every extracted statement,
    including those whose arguments resolved to no entity.
    """

    graph: nx.MultiDiGraph
    entities: dict[str, Entity]
    statements: list[GraphStatement]
    articles: dict[str, ArticleInfo]
    meta: dict[str, object] = field(default_factory=dict)

    def entity_by_name(self, name: str) -> Entity | None:
        """Find an entity by its label or any alias (case-insensitive)."""
        wanted = name.casefold()
        for entity in self.entities.values():
            if entity.label.casefold() == wanted or any(a.casefold() == wanted for a in entity.aliases):
                return entity
        return None
