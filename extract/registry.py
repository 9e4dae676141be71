"""Registry of extractors: ``name -> function(Doc) -> Iterator[Statement]``.

Adding an extractor is one module with a decorated function; nothing
dispatches on names elsewhere. Names are versioned (``"clauses.v1"``) and the
name is recorded in every statement's provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from spacy.tokens import Doc

from .errors import UnknownNameError
from .model import Statement

__all__ = ["Extractor", "register_extractor", "get_extractor", "extractor_names", "DEFAULT_EXTRACTORS", "OPENIE_EXTRACTORS"]


class Extractor(Protocol):
    """An extractor reads a parsed Doc and yields statements; it never changes the Doc."""

    def __call__(self, doc: Doc) -> Iterator[Statement]: ...


_EXTRACTORS: dict[str, Extractor] = {}

#: Sentence-level Open IE: the surface readings of each clause, what ``oie`` and CaRB score.
OPENIE_EXTRACTORS: tuple[str, ...] = ("clauses.v2", "appositions.v1", "mediated.v1", "titles.v1", "possessives.v1")
#: What ``build`` runs when no extractor is named: the clause, apposition and noun-mediated readings
#: of Open IE plus the readings a graph needs and a surface benchmark does not annotate (active voice
#: of passives, facts stated with nouns, relations between joint subjects, named participants of
#: adjunct phrases, what a reported clause is about, the organisation in a name's title: "Spurs boss
#: Martin Jol", whom a causative makes act: "made him wait"). Titles and possessives are Open IE only: in a
#: graph, "President" and a possessor's "operations" are roles and concepts the coreference and
#: concept steps already read, and as edges they would be nodes of their own.
DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "clauses.v2", "appositions.v1", "mediated.v1", "passive.v1", "nominal.v1", "reciprocal.v1", "participants.v1", "reported.v1",
    "affiliations.v1", "causatives.v1",
)


def register_extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Decorator: register ``func`` under ``name`` (``family.vN``)."""

    def decorate(func: Extractor) -> Extractor:
        if name in _EXTRACTORS and _EXTRACTORS[name] is not func:
            raise ValueError(f"extractor {name!r} is registered twice")
        _EXTRACTORS[name] = func
        return func

    return decorate


def _ensure_loaded() -> None:
    from . import extractors  # noqa: F401  (registers the built-in extractors)


def get_extractor(name: str) -> Extractor:
    _ensure_loaded()
    try:
        return _EXTRACTORS[name]
    except KeyError:
        raise UnknownNameError(f"Unknown extractor {name!r}; choose from: {', '.join(extractor_names())}.") from None


def extractor_names() -> list[str]:
    _ensure_loaded()
    return sorted(_EXTRACTORS)
