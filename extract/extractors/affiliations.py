"""Affiliations in a name's title: "Spurs boss Martin Jol" → ``Martin Jol –boss of→ Spurs``.

News names people by their role at an organisation or a country, written
before the name: "Rolling Stones guitarist Keith Richards", "Wales centre
Sonny Parker", "Microsoft founder Bill Gates", "Putin's spokesman Dmitry
Peskov". The parser hangs the role noun on the name (``compound``/``nmod``)
and the organisation on the role noun; the role is the relation, the
organisation (or, through a possessive, the person) the object.

Only an organisation or place the model names gives a statement: a work or
a person written as a compound ("Harry Potter star") is too often a misread
name. A graph reading: Open IE benchmarks annotate these as titles
(:mod:`.titles`), so the family runs in builds only.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..model import Statement
from ..registry import register_extractor
from ._confidence import nominal_confidence
from ..names import is_honorific
from ._spans import argument, provenance, span_text, titled_names

NAME = "affiliations.v1"
VERSION = 1

#: Entity labels an affiliation can be with when written as a compound ("BBC reporter").
_COMPOUND_LABELS = {"ORG", "GPE"}
#: ... and through a possessive, which may also be a person ("Putin's spokesman").
_POSSESSOR_LABELS = {"ORG", "GPE", "PERSON"}
#: Words that say when the role held ("former Yukos boss").
_DATING = {"former", "ex", "then", "acting", "interim", "outgoing", "incoming", "late", "future"}


@register_extractor(NAME)
def extract_affiliations(doc: Doc) -> Iterator[Statement]:
    """Yield ``person –role of→ organisation`` for every PERSON name whose title names its organisation."""
    for sent_index, ent, titles in titled_names(doc):
        role = next((t for t in titles if not t.ent_type_), None)  # the role noun, not the organisation's name
        if role is None:
            continue
        statement = _statement(doc, sent_index, ent, role)
        if statement is not None:
            yield statement


def _statement(doc: Doc, sent_index: int, name: Span, role: Token) -> Statement | None:
    owner = _owner(role)
    if owner is None:
        return None
    owner_tokens = [t for t in owner if t.dep_ != "case"]
    # the role as written between the organisation and the name: "boss", "chief executive", "former boss"
    role_tokens = [t for t in doc[owner.end : name.start] if not t.is_punct and t.dep_ != "case" and not is_honorific(t.text)]
    if not role_tokens or any(t.ent_type_ or t.dep_ == "cc" for t in role_tokens) or not _plain_role(role_tokens, owner):
        return None
    # "former Yukos boss": a word that dates the role stays with it, wherever the parser put it
    dating = [t for t in role.children if t.lower_ in _DATING and t.i < owner.start]
    role_text = span_text(dating + role_tokens)
    name_tokens = list(name)
    return Statement(
        subject=argument(name.root, name_tokens),
        relation=f"{role_text} of",
        predicate=f"{role_text.lower()} of",
        object=argument(owner.root, owner_tokens),
        provenance=provenance(doc, sent_index, owner_tokens + role_tokens + name_tokens, NAME, VERSION),
        confidence=nominal_confidence(0.7, subject_head=name.root, subject_tokens=name_tokens, object_tokens=owner_tokens),
    )


def _plain_role(role_tokens: list[Token], owner: Span) -> bool:
    """A role in lower case ("guitarist", "chief executive"); a capitalised office only after a country.

    "US President" is the president of the US, but "Home Secretary" and
    "Transportation Secretary" name portfolios, and a capitalised word inside
    the role ("Dead Man's Shoes star") is the rest of a title.
    """
    *modifiers, head = role_tokens
    if any(not t.is_lower for t in modifiers):
        return False
    return head.is_lower or owner.root.ent_type_ == "GPE"


def _owner(role: Token) -> Span | None:
    """The named organisation, place or possessor the role noun hangs on, as a span.

    A proper noun the model left unlabelled counts before a lower-case role
    ("Wales centre": one-word names often are unlabelled); the article's
    entity step decides later whether it is a node. A compound the model labels a person or a
    work ("Harry Potter star") does not.
    """
    doc = role.doc
    for child in role.children:
        if child.i > role.i:
            continue
        if child.dep_ == "poss":
            wanted = child.ent_type_ in _POSSESSOR_LABELS
        elif child.dep_ in {"compound", "nmod"}:
            # an unlabelled proper noun before a capitalised office is its portfolio: "Culture Secretary"
            wanted = child.ent_type_ in _COMPOUND_LABELS or (not child.ent_type_ and child.pos_ == "PROPN" and role.is_lower)
        else:
            wanted = False
        if not wanted:
            continue
        span = next((e for e in doc.ents if e.start <= child.i < e.end), None)
        if span is None:  # the unlabelled name with its own compounds ("Rolling Stones")
            start = min(t.i for t in child.subtree if t.dep_ == "compound" or t == child)
            span = doc[start : child.i + 1]
        if span.end <= role.i:
            return span
    return None
