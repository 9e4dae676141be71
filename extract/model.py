"""The data model every layer shares: plain, frozen, picklable values.

Nothing here holds a spaCy object, so an :class:`ArticleExtraction` can be
cached on disk, shipped to another process or written as JSON.

Vocabulary
----------
* An :class:`Article` is one input text with its metadata.
* A :class:`Mention` is a stretch of an article that names or refers to
  something ("Vladimir Putin", "the Russian president", "he").
* A :class:`LocalEntity` groups the mentions of one article that refer to the
  same thing (within-article coreference). Cross-article merging happens in
  :mod:`graph`, which turns local entities into global ones.
* A :class:`Statement` is one extracted subject–relation–object claim with its
  :class:`Provenance`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Argument",
    "Qualifier",
    "Provenance",
    "Statement",
    "Mention",
    "LocalEntity",
    "ArticleExtraction",
    "ENTITY_TYPES",
    "QUALIFIER_KINDS",
]

#: Coarse entity types used across the graph; each maps to a schema.org class
#: in the RDF export. "concept" is for common-noun things ("ceasefire").
ENTITY_TYPES = ("person", "organization", "place", "event", "work", "product", "group", "concept", "thing")


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``id`` is unique within a build."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None

    @property
    def meta(self) -> dict[str, str]:
        return {k: v for k, v in (("title", self.title), ("date", self.date), ("url", self.url), ("source", self.source)) if v}


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a statement as it appears in the sentence.

    ``entity`` is the id of the article-local entity the argument refers to
    (see :class:`LocalEntity`), or ``None`` when it refers to no entity
    (a clause, a quantity, an unresolved pronoun).
    """

    text: str
    start_char: int
    end_char: int
    head: str = ""
    head_start: int = -1
    entity: str | None = None
    is_pronoun: bool = False


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A circumstance of a statement that is not one of its arguments.

    ``kind`` is one of :data:`QUALIFIER_KINDS`: "on Thursday" is a ``time``,
    "for 30 days" a ``duration``, "in Kyiv" a ``place``, "more than 300" a
    ``quantity``, "by phone" a ``manner``. ``value`` is the normalised form
    where one can be computed (an ISO date, a number), else ``None``.
    """

    kind: str
    text: str
    start_char: int
    end_char: int
    value: str | None = None


#: What a :class:`Qualifier` can say about a statement.
QUALIFIER_KINDS = ("time", "duration", "place", "quantity", "manner")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a statement comes from. Offsets are characters into the article text."""

    doc_id: str
    sentence_index: int
    sentence: str
    sentence_start: int
    start_char: int
    end_char: int
    extractor: str
    extractor_version: int = 1


@dataclass(frozen=True, slots=True)
class Statement:
    """A subject–relation–object claim.

    ``relation`` is the surface form as a reader would say it ("will meet in");
    ``predicate`` is its normalised lemma form ("meet in") used as the graph
    edge key. ``extra`` holds further arguments (time, place) for n-ary
    relations. ``negated``/``modality``/``attribution`` qualify the claim
    instead of being lost or turned into triples of their own.
    """

    subject: Argument
    relation: str
    predicate: str
    object: Argument
    provenance: Provenance
    confidence: float = 0.5
    extra: tuple[Argument, ...] = ()
    negated: bool = False
    modality: str | None = None
    attribution: str | None = None
    qualifiers: tuple[Qualifier, ...] = ()
    #: The relation holds both ways ("Lavrov and Rubio spoke"): one edge, either direction.
    symmetric: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span that names or refers to an entity, and how it was linked."""

    text: str
    start_char: int
    end_char: int
    sentence_index: int
    kind: str  # "name", "description", "pronoun", "role", "concept"
    rule: str = "ner"  # which rule attached this mention to its entity


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """An entity as one article knows it: its best name and every mention.

    ``id`` is unique within the article (``"e3"``). ``roles`` are titles and
    descriptions the article gives it ("Secretary of State", "Russian
    president"); ``context`` is a bag of salient lemmas around its mentions,
    used by the cross-article merge guard.
    """

    id: str
    label: str
    type: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    ner_label: str = ""
    context: tuple[str, ...] = ()
    #: Weighted type evidence over all mentions, e.g. (("place", 3.0), ("person", 1.2));
    #: the cross-article merge sums these instead of trusting one NER label.
    type_votes: tuple[tuple[str, float], ...] = ()
    #: For a concept or event (``type`` "concept"/"event"): the key it merges on across
    #: articles ("tomahawk missile"); an article-scoped event ("the summit" with
    #: nothing to tell it from another summit) never leaves its article.
    canonical_key: str = ""
    article_scoped: bool = False


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """Everything extracted from one article: the unit that is cached and merged."""

    article: Article
    statements: tuple[Statement, ...]
    entities: tuple[LocalEntity, ...]
    n_sentences: int = 0
    n_tokens: int = 0
    warnings: tuple[str, ...] = field(default=())

    def entity(self, local_id: str) -> LocalEntity | None:
        for ent in self.entities:
            if ent.id == local_id:
                return ent
        return None
