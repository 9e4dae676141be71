"""What a noun phrase would be as a graph node: canonical label, merge key, type, and the guards.

The label is the head noun with its classifying modifiers (compounds,
nationality and relational adjectives) in sentence order: determiners,
possessors, quantities, evaluative adjectives ("a long call"),
prepositional phrases and relative clauses are left out. Guards:

* the head must be a common noun, not a pronoun, number or time;
* light nouns ("idea", "way", "part") are never nodes; vague ones ("plan",
  "deal") only with a classifying modifier ("peace plan"); generic ones
  ("people", "others") never; a partitive ("a number of drones") stands for
  its "of" phrase; a noun of something missing keeps it ("a fundamental
  lack of trust" → ``lack of trust``);
* a definite singular description of a person, place or organisation ("the
  Russian president", "the company") is an entity the coreference step
  either resolved or could not: never a concept; so is a noun whose
  appositive is a name;
* a thing named by a product or work name ("US-made Tomahawk missiles") *is*
  that entity.

:mod:`.concepts` links statement arguments to the phrases found here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from .coref import DESCRIPTION_NOUNS
from .entities import DESCRIPTOR_TYPES, TITLE_WORDS
from .nouns import (
    AMBIGUOUS_ROLE_NOUNS,
    AUDIENCE_NOUNS,
    GENERIC_NOUNS,
    LIGHT_NOUNS,
    NON_CLASSIFYING_ADJECTIVES,
    PARTITIVE_NOUNS,
    PRIVATIVE_NOUNS,
    RELATIONAL_ADJECTIVES,
    ROLE_NOUNS,
    TIME_NOUNS,
    VAGUE_NOUNS,
    is_event_noun,
    stray_article,
)
from .sentences import per_doc

__all__ = ["ConceptPhrase", "concept_phrase", "MODIFIER_DEPS", "THING_TYPES"]

#: Dependents of a head noun that can classify it.
MODIFIER_DEPS = {"compound", "amod", "nmod"}
_DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"}
#: Entity types a concept can be the product of ("Tomahawk missiles" are the Tomahawk).
THING_TYPES = {"product", "work"}
#: Endings of relational adjectives, which classify ("nuclear", "economic", "budgetary", "Japanese").
_RELATIONAL_SUFFIXES = ("al", "ic", "ary", "ory", "ese", "ish", "ian", "ean")
_QUANTITY_ENTS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL", "DATE", "TIME"}


@dataclass(frozen=True, slots=True)
class ConceptPhrase:
    """What a noun phrase would be as a node: label, merge key, type, and the entities among its modifiers."""

    head: Token
    label: str
    key: str
    type: str  # "concept" or "event"
    distinguished: bool  # has a modifier that tells it from other things of its kind
    modifier_entities: tuple[tuple[Token, str], ...] = ()  # (token, local entity id)
    thing_entity: str | None = None  # the product/work entity the phrase names, if any


def concept_phrase(head: Token, entity_at: Callable[[int], str | None], entity_type: Callable[[str], str]) -> ConceptPhrase | None:
    """The concept or event that the noun phrase headed by ``head`` names, or ``None`` (see the module guards)."""
    # a number right after its head makes a name of it, not a count ("number one", "World War Two")
    numbered = [c for c in head.rights if c.dep_ == "nummod" and c.i == head.i + 1 and not _unit_fragment(c)]
    if not numbered:
        head = _through_partitive(head)
    if head is None or not (_is_concept_noun(head) or (numbered and head.pos_ == "NOUN")) or entity_at(head.i) is not None:
        return None
    appositive = next((entity_at(c.i) for c in head.children if c.dep_ == "appos" and entity_at(c.i) is not None), None)
    if appositive is not None and head.tag_ == "NN":  # "Edinburgh architect, Dominic Stephenson, …" is that person
        return ConceptPhrase(head, "", "", "concept", True, (), thing_entity=appositive)
    modifiers = _with_whole_names(_classifying_modifiers(head), entity_at)
    found_entities: list[tuple[Token, str]] = []
    for mod in modifiers:
        local = entity_at(mod.i)
        if local is not None and all(local != other for _, other in found_entities):
            found_entities.append((mod, local))
    head_lemma = head.lemma_.lower()
    people = head_lemma in AUDIENCE_NOUNS or head_lemma in ROLE_NOUNS or DESCRIPTOR_TYPES.get(head_lemma) == "person"
    for mod, local in found_entities:
        # ("Star Trek fans" are people; "the G7 meeting", "the console's launch" are happenings, not the thing)
        if entity_type(local) in THING_TYPES and mod.dep_ in {"compound", "nmod"} and not people and not is_event_noun(head_lemma, head.text):
            return ConceptPhrase(head, "", "", "concept", True, (), thing_entity=local)
    if _is_description(head):
        return None
    lemma = head.lemma_.lower()
    if not modifiers and not numbered and (lemma in VAGUE_NOUNS or head.lower_ in VAGUE_NOUNS):
        return None
    label = " ".join([*(_label_word(t) for t in modifiers), _head_word(head), *(t.text for t in numbered)])
    key = " ".join([*(t.lower_ for t in modifiers), lemma, *(t.lower_ for t in numbered)])
    missing = _privative_object(head, entity_at) if lemma in PRIVATIVE_NOUNS else None
    if missing is not None:  # "a fundamental lack of trust" → "lack of trust": what is missing is the point
        words = [*_classifying_modifiers(missing), missing]
        label = f"{_head_word(head)} of {' '.join(t.text for t in words)}"
        key = f"{lemma} of {' '.join(t.lemma_.lower() for t in words)}"
        modifiers = []
    # "computer games", "a board game": a game that is played on something is a thing sold, not a happening
    # (and in an article about consoles any game is one: "developers should make games for mobile phones")
    artefact = lemma in _ARTEFACT_EVENTS and (any(t.lower_ in _ARTEFACT_MODIFIERS for t in modifiers) or (lemma in {"game", "games"} and _about_gaming(head.doc)))
    kind = "event" if is_event_noun(lemma, head.text) and not artefact else "concept"
    distinguished = bool(found_entities) or bool(numbered) or missing is not None \
        or any(t.ent_type_ == "NORP" or t.pos_ in {"PROPN", "NOUN"} for t in modifiers)
    return ConceptPhrase(head, label, key, kind, distinguished, tuple(found_entities))


#: Event nouns that also name an artefact ("a game" played, "a game" sold) and the modifiers that make them the artefact.
_ARTEFACT_EVENTS = {"game", "games", "show", "series"}
_ARTEFACT_MODIFIERS = {"computer", "video", "online", "mobile", "board", "card", "console", "pc", "arcade", "handheld", "racing"}
#: Words of an article about video games (one sense per discourse: its games are sold, not played out).
_GAMING_WORDS = frozenset({"console", "consoles", "gamer", "gamers", "gaming", "playstation", "xbox", "nintendo", "psp"})


def _about_gaming(doc: Doc) -> bool:
    return per_doc(doc, "newsgraph.gaming", lambda d: any(t.lower_ in _GAMING_WORDS for t in d))


def _privative_object(head: Token, entity_at: Callable[[int], str | None]) -> Token | None:
    """The common noun after "of" of a noun of something missing ("lack of trust" → "trust")."""
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > head.i), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return obj if obj is not None and _is_concept_noun(obj) and entity_at(obj.i) is None else None  # ("a loss of £2m": no thing)


def _through_partitive(head: Token) -> Token | None:
    """"a number of drones" → "drones"; a partitive without an "of" phrase names nothing."""
    if head.lemma_.lower() not in PARTITIVE_NOUNS and head.lower_ not in PARTITIVE_NOUNS:
        return head
    if any(c.dep_ == "compound" and c.ent_type_ for c in head.children):
        return head  # "the Paris Club group of creditor countries" is the Paris Club's group, not the countries
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _is_concept_noun(tok: Token) -> bool:
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if tok.pos_ != "NOUN" or tok.tag_ == "CD" or tok.like_num or tok.ent_type_ in _QUANTITY_ENTS or _unit_fragment(tok):
        return False
    # spaCy's stop words include real nouns ("call", "part", "side"): the noun lists below decide instead
    if len(lower) < 3 or not any(c.isalpha() for c in lower):
        return False
    return not ({lemma, lower} & (LIGHT_NOUNS | GENERIC_NOUNS | TIME_NOUNS))


def _is_description(head: Token) -> bool:
    """A definite singular description ("the Russian president") or any singular person noun ("an analyst")."""
    lemma = head.lemma_.lower()
    if head.tag_ in {"NNS", "NNPS"}:
        return False
    person_noun = lemma in DESCRIPTION_NOUNS or DESCRIPTOR_TYPES.get(lemma) == "person" or lemma in TITLE_WORDS \
        or (lemma in ROLE_NOUNS and lemma not in AMBIGUOUS_ROLE_NOUNS)
    if person_noun:
        return True
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in head.children)
    return definite and lemma in DESCRIPTOR_TYPES


def _classifying_modifiers(head: Token) -> list[Token]:
    """Compounds and classifying adjectives before the head, outermost first, without evaluative or quantity words."""
    kept: list[Token] = []
    stray = stray_article(head)
    for child in head.lefts:
        if child in stray:
            continue
        if child.text.startswith("-") or child.text.endswith("-"):
            continue  # a piece of a hyphenated word the tokenizer split ("set -top")
        number = child.like_num or child.ent_type_ in _QUANTITY_ENTS
        if number and (child.lower_ in _NON_COUNTING_NUMBERS or _capitalised_inside(child)):
            kept.append(child)  # "zero tolerance", "Six Nations": the number is part of what the thing is
            continue
        if child.dep_ not in MODIFIER_DEPS or number or _unit_fragment(child):
            continue
        if child.dep_ == "amod" and not _classifying_adjective(child):
            continue
        if child.is_punct or (child.lower_ in STOP_WORDS and child.pos_ != "PROPN" and not child.ent_type_):
            continue
        kept.extend(_modifier_words(child))
    return sorted(kept, key=lambda t: t.i)


#: Number words that never count the things they modify ("zero tolerance", "zero emissions").
_NON_COUNTING_NUMBERS = frozenset({"zero"})


def _capitalised_inside(tok: Token) -> bool:
    """A word written with a capital after the first of its sentence ("the Six Nations")."""
    return tok.i > tok.sent.start and tok.text[:1].isupper() and not tok.text.isupper()


def _unit_fragment(tok: Token) -> bool:
    """"800m", "4x100m" split by the tokenizer: the unit is part of a quantity, not a modifier."""
    doc = tok.doc
    glued = tok.i > 0 and not doc[tok.i - 1].whitespace_ and any(c.isdigit() for c in doc[tok.i - 1].text)
    return glued or len(tok.text) < 2


def _classifying_adjective(adj: Token) -> bool:
    """Nationality and relational adjectives ("Russian", "military", "economic") say which kind; others only how."""
    if adj.ent_type_ == "NORP":
        return True
    if adj.tag_ in {"JJR", "JJS", "VBN", "VBG"} or any(c.dep_ == "advmod" for c in adj.children):
        return False
    lower = adj.lower_
    if lower in NON_CLASSIFYING_ADJECTIVES or "-" in adj.text or adj.is_stop:
        return False
    return lower.endswith(_RELATIONAL_SUFFIXES) or lower in RELATIONAL_ADJECTIVES


def _with_whole_names(modifiers: list[Token], entity_at: Callable[[int], str | None]) -> list[Token]:
    """A modifier inside a name brings the whole name ("Indian Ocean tidal wave", not "Ocean tidal wave")."""
    words = {t.i: t for t in modifiers}
    for tok in modifiers:
        local = entity_at(tok.i)
        if local is None:
            continue
        for step in (-1, 1):  # both ways: "Channel 5's evening news" keeps "Channel 5"
            i = tok.i + step
            while tok.sent.start <= i < tok.sent.end and entity_at(i) == local and tok.doc[i].tag_ != "POS":
                words.setdefault(i, tok.doc[i])
                i += step
    return [words[i] for i in sorted(words)]


def _head_word(head: Token) -> str:
    """The head as written, with the rest of a hyphenated word ("full-back")."""
    doc = head.doc
    if head.i >= 2 and doc[head.i - 1].text == "-" and not doc[head.i - 1].whitespace_ and not doc[head.i - 2].whitespace_:
        return doc[head.i - 2].lower_ + "-" + _label_word(head)
    return _label_word(head)


def _modifier_words(mod: Token) -> list[Token]:
    """A compound modifier with its own compounds ("energy company executives"); hyphenated words are dropped."""
    words = [mod]
    for child in mod.lefts:
        if child.dep_ == "compound" and not child.like_num and child.ent_type_ not in _QUANTITY_ENTS:
            words.append(child)
    if mod.lower_ == "number":  # a rank keeps its number: "the world's number two economy"
        words.extend(c for c in mod.rights if c.dep_ == "nummod")
    doc = mod.doc
    if any((w.i + 1 < len(doc) and doc[w.i + 1].text == "-") or (w.i > 0 and doc[w.i - 1].text == "-") or w.text == "-" for w in words):
        return []  # half of a hyphenated word ("full-scale") is no modifier
    return words


def _label_word(tok: Token) -> str:
    text = tok.text
    acronym = text.isupper() or (len(text) > 2 and text.endswith("s") and text[:-1].isupper())  # "MSPs", "CEOs"
    if tok.pos_ == "PROPN" or tok.ent_type_ or (text[:1].isupper() and tok.i > tok.sent.start and acronym):
        return text
    return tok.lower_
