"""Title statements: "President Bush" → ``Bush –is→ President``.

A person's name preceded by a title or role ("Secretary of State Marco
Rubio", "research director Jan Leemans") asserts that role. The parser
attaches the title as a ``compound``/``nmod`` of the name; the name itself is
the PERSON entity span, so the title is what precedes the entity. A
possessor on the title makes it a role of someone or something ("Russia's
President Vladimir Putin" → ``Vladimir Putin –is President of→ Russia``).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._confidence import name_reading_confidence
from ._spans import argument, copula_for, possessive_role, provenance, titled_names

NAME = "titles.v1"
VERSION = 1


@register_extractor(NAME)
def extract_titles(doc: Doc) -> Iterator[Statement]:
    """Yield ``name –is→ title`` for every PERSON entity preceded by a title in its noun phrase."""
    for sent_index, ent, titles in titled_names(doc):
        statement = _statement(doc, sent_index, list(ent), ent.root, titles[0])
        if statement is not None:
            yield statement


def _statement(doc: Doc, sent_index: int, name_tokens: list[Token], head: Token, title: Token) -> Statement | None:
    title_tokens = sorted((t for t in title.subtree if t.i < name_tokens[0].i and not t.is_punct), key=lambda t: t.i)
    copula = copula_for(head)
    role = possessive_role(title, title_tokens, copula)
    if role is not None:
        relation, predicate, obj_head, obj_tokens = role
    else:
        obj_tokens, relation, predicate, obj_head = title_tokens, copula, "be", title
    if not obj_tokens or any(t.ent_type_ == "PERSON" for t in obj_tokens):
        return None
    return Statement(
        subject=argument(head, name_tokens),
        relation=relation,
        predicate=predicate,
        object=argument(obj_head, obj_tokens),
        provenance=provenance(doc, sent_index, title_tokens + name_tokens, NAME, VERSION),
        confidence=name_reading_confidence(0.7, subject_head=head, subject_tokens=name_tokens, object_tokens=obj_tokens),
    )
