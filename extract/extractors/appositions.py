"""Apposition statements: "Marco Rubio, Secretary of State" → ``Marco Rubio –is→ Secretary of State``.

An apposition restates a noun phrase, so it asserts identity or a role. The
name is the subject and the description the object, whichever comes first.
When the description has a possessor ("Putin's special envoy, Kirill
Dmitriev") the role is the relation and the possessor the object
(``Kirill Dmitriev –special envoy of→ Putin``); two places in apposition
("Lyon, France") are read as containment (``Lyon –is in→ France``).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..entities import TITLE_WORDS, glued_indefinite
from ..model import Statement
from ..nouns import ROLE_NOUNS
from ..registry import register_extractor
from ._confidence import nominal_confidence
from ._spans import FINITE_TAGS, argument, copula_for, possessive_role, provenance, subtree_tokens

NAME = "appositions.v1"
VERSION = 1

_PLACE_LABELS = {"GPE", "LOC"}
_DASHES = {"-", "--", "–", "—"}
_NAME_EXCLUDE = {"appos", "relcl", "acl", "punct", "conj", "cc", "prep"}
_DESCRIPTION_EXCLUDE = {"appos", "relcl", "punct", "conj", "cc"}


@register_extractor(NAME)
def extract_appositions(doc: Doc) -> Iterator[Statement]:
    """Yield one statement per apposition whose two sides are a name and a description or place."""
    for sent_index, sent in enumerate(doc.sents):
        for token in sent:
            if token.dep_ != "appos" or token.head.pos_ not in {"NOUN", "PROPN"}:
                continue
            for head in _coordinated(token.head, token):  # "Mark and Marisa, the presenters" → two statements
                statement = _statement(doc, sent_index, head, token)
                if statement is not None:
                    yield statement


def _coordinated(head: Token, appos: Token) -> list[Token]:
    """The head and the names coordinated with it, when the apposition describes them all."""
    if appos.tag_ in {"NNS", "NNPS"} and head.conjuncts:
        return [head, *head.conjuncts]
    return [head]


def _is_name(token: Token) -> bool:
    """A named thing; a capitalised title outside any entity ("Secretary of State") is a description."""
    return token.ent_type_ in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"}


def _not_an_apposition(head: Token, appos: Token, name: Token, description: Token) -> bool:
    """The parser's guesses that restate nothing.

    * a bare quantity ("with AC Milan, two Serie A titles and the FA Cup"): an item of a list
      ("a $2,000 stationary cycle" is a description);
    * a capitalised word the NER left unlabelled after a person ("Newcastle: Given, Carr, …
      Ameobi, Shearer"): another name of a line-up, not a description (titles are
      descriptions: "Secretary of State"; so are "Jr." and "Caulfield North" after a road);
    * an indefinite description glued to the name after it ("how good a prime minister
      Gordon Brown will make");
    * a second apposition, after a dash, right after a first one that ends with a name ("Paul
      Myers, chief executive of Wippit - a peer to peer service -"): the nearer name's, which
      the parser did not attach it to;
    * a heading and its list across a colon ("Subs Not Used: Rice, Todd");
    * a phrase after a comma or dash that a finite verb follows ("elections - the German
      Embassy … have all contributed"): the subject of the next clause ("Kesey's son Zane
      asked" has no comma and is an apposition);
    * a list of names before a shared noun ("the new Europay, Mastercard and Visa credit
      cards"): the first name is an item of the list, not what the rest restates.
    """
    numbers = [c for c in description.children if c.dep_ == "nummod" and c.tag_ == "CD"]
    if numbers and description.tag_ in {"NNS", "NNPS"} and numbers[0].i == description.left_edge.i:
        return True
    if name.ent_type_ == "PERSON" and description.pos_ == "PROPN" and not description.ent_type_ and description.is_title \
            and not description.text.endswith(".") and description.lower_ not in TITLE_WORDS and description.lower_ not in ROLE_NOUNS:
        return True
    doc = appos.doc
    if name is head and _is_name(head) and any(t.pos_ == "PROPN" and _is_name(t) and any(c.dep_ == "conj" for c in t.children)
                                               for t in appos.subtree if t.i < appos.i):
        return True  # "Europay, Mastercard and Visa credit cards": a list of names sharing the noun
    if any(t.text == ":" for t in doc[min(head.i, appos.i) : max(head.i, appos.i)]):
        return True  # "Subs Not Used: Rice, Todd": a heading and its list, not a restatement
    if description.i < name.i and glued_indefinite(description, name.left_edge.i):
        return True  # "how good a prime minister Gordon Brown will make" ("a Labour MP, John Smith" is one)
    if appos.i > head.i and description is head and head.tag_ == "NNS" and not any(c.dep_ in {"det", "poss"} for c in head.children) \
            and not any(t.is_punct for t in doc[head.i + 1 : appos.left_edge.i]):
        return True  # "telecoms giant BT" parsed as an apposition to "telecoms": a bare plural before a name is its trade
    if appos.i < head.i or not any(t.is_punct for t in doc[head.i + 1 : appos.left_edge.i]):
        return False
    earlier = [c for c in head.children if c.dep_ == "appos" and head.i < c.i < appos.i]
    if earlier and appos.left_edge.i > 0 and doc[appos.left_edge.i - 1].text in _DASHES:
        end = max(t.i for t in earlier[-1].subtree)
        if end + 2 == appos.left_edge.i and doc[end].pos_ == "PROPN":
            return True  # "Paul Myers, chief executive of Wippit - a peer to peer service -": Wippit's, not Myers'
    last = max(t.i for t in appos.subtree)
    return last + 1 < len(doc) and doc[last + 1].tag_ in FINITE_TAGS


def _statement(doc: Doc, sent_index: int, head: Token, appos: Token) -> Statement | None:
    if appos.pos_ not in {"NOUN", "PROPN"}:
        return None
    if _is_name(head) and not _is_name(appos):
        name, description = head, appos
    elif _is_name(appos) and not _is_name(head):
        name, description = appos, head
    elif head.ent_type_ in _PLACE_LABELS and appos.ent_type_ in _PLACE_LABELS:
        name, description = head, appos  # two names: only places in apposition say something ("Lyon, France")
    else:
        return None
    if _not_an_apposition(head, appos, name, description):
        return None
    name_tokens = subtree_tokens(name, exclude_deps=_NAME_EXCLUDE)
    if description == head:
        desc_tokens = subtree_tokens(head, exclude_deps=_DESCRIPTION_EXCLUDE, exclude=[appos])
    else:
        desc_tokens = subtree_tokens(description, exclude_deps=_DESCRIPTION_EXCLUDE)
    if not desc_tokens or not name_tokens:
        return None
    copula = copula_for(name) if name.dep_ != "conj" and not name.conjuncts else "is"
    role = possessive_role(description, [t for t in desc_tokens if t.i <= description.i], copula)
    if role is not None:
        # "Putin's special envoy" → relation "special envoy of", object "Putin"
        relation, predicate, obj_head, obj_tokens = role
        base = 0.6
    elif name.ent_type_ in _PLACE_LABELS and description.ent_type_ in _PLACE_LABELS and description == appos:
        relation, predicate, obj_tokens, obj_head, base = f"{copula} in", "be in", desc_tokens, description, 0.55
    elif (name.dep_ == "conj" or name.conjuncts) and description.tag_ in {"NNS", "NNPS"}:  # "Mark and Marisa, the presenters"
        relation, predicate, obj_tokens, obj_head, base = f"{copula} one of", "be one of", desc_tokens, description, 0.6
    else:
        relation, predicate, obj_tokens, obj_head, base = copula, "be", desc_tokens, description, 0.6
    if not obj_tokens:
        return None
    return Statement(
        subject=argument(name, name_tokens),
        relation=relation,
        predicate=predicate,
        object=argument(obj_head, obj_tokens),
        provenance=provenance(doc, sent_index, name_tokens + desc_tokens, NAME, VERSION),
        confidence=nominal_confidence(base, subject_head=name, subject_tokens=name_tokens, object_tokens=obj_tokens),
    )
