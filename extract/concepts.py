"""Concept and event nodes: the things and happenings a statement's argument names when it names no entity.

"Zelensky is seeking Tomahawk missiles", "Trump suspended military aid",
"Moscow launched more than 300 drones": the objects are no named entity, yet
they are what the story is about. A statement argument left unlinked by the
entity layer gets a *concept* ("military aid", "drones") or *event* ("the
Budapest summit", "the invasion") of its article here, so the statement
becomes an edge.

What a noun phrase would be as a node (its canonical label, and the guards
that keep pronouns, light nouns, descriptions and names out) is
:mod:`.concept_phrases`; this module links the arguments to them.

Concepts merge across articles by :attr:`~extract.model.LocalEntity.canonical_key`
(lemmas: "sanction"). An event with a distinguishing modifier ("Budapest
summit") merges the same way; a bare event ("the summit") joins the one
modified event of its article with the same head if there is exactly one,
else it stays in its article (``article_scoped``).

Modifiers that are entities give the concept an edge of its own: an event to
the place it happens in ("the Budapest summit" → ``located in`` Budapest,
"the meeting in the Hungarian capital" too), any other concept to the entity
it belongs to ("the US delegation" → ``of`` United States).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy
from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from .concept_phrases import MODIFIER_DEPS, ConceptPhrase, concept_phrase
from .coref import DESCRIPTION_NOUNS
from .entities import DESCRIPTOR_TYPES, EntityIndex
from .model import Argument, LocalEntity, Mention, Provenance, Statement
from .nouns import CONTEST_NOUNS, PARTICIPANT_NOUNS, TIME_PREPOSITIONS, share_words
from .qualifiers import object_is_qualifier
from .sentences import doc_text, sentence_index

__all__ = ["link_concepts", "EXTRACTOR"]

#: Provenance name of the statements this module adds (an event's place, a concept's owner).
EXTRACTOR = "concepts.v1"
_VERSION = 1

_PLACE_TYPES = {"place"}
_PLACE_PREPS = {"in", "at", "near", "outside", "inside"}


# --------------------------------------------------------------------------- linking


@dataclass
class _ArticleConcepts:
    """The concept and event entities of one article, by key."""

    by_key: dict[str, LocalEntity] = field(default_factory=dict)
    phrases: dict[str, ConceptPhrase] = field(default_factory=dict)
    next_id: int = 1

    def mention(self, phrase: ConceptPhrase, arg: Argument, sent: int, scoped: bool) -> str:
        key = phrase.key
        mention = Mention(arg.text, arg.start_char, arg.end_char, sent, "concept", "concept-head")
        known = self.by_key.get(key)
        if known is None:
            known = LocalEntity(
                id=f"c{self.next_id}", label=phrase.label, type=phrase.type, mentions=(mention,),
                type_votes=((phrase.type, 1.0),), canonical_key=key, article_scoped=scoped,
            )
            self.next_id += 1
            self.phrases[key] = phrase
        elif all(m.start_char != mention.start_char for m in known.mentions):
            known = replace(known, mentions=tuple(sorted((*known.mentions, mention), key=lambda m: m.start_char)))
        self.by_key[key] = known
        return known.id


def link_concepts(
    doc: Doc, index: EntityIndex, statements: Iterable[Statement], token_starts: dict[int, int]
) -> tuple[list[Statement], list[LocalEntity]]:
    """Link every unlinked subject and object whose head names a concept or event; return the statements
    (with this module's own: an event's place, a concept's owner) and the new local entities.

    ``token_starts`` maps each token's start character to its index (arguments name their head by it).
    """
    statements = list(statements)
    token_at = _TokenAt(doc, token_starts)
    types = {e.id: e.type for e in index.entities}
    phrases: dict[int, ConceptPhrase | None] = {}

    def phrase_for(arg: Argument, *, through_gerund: bool = True) -> ConceptPhrase | None:
        head = token_at.get(arg.head_start)
        if head is None or arg.entity is not None or arg.is_pronoun:
            return None
        if through_gerund:
            head = _gerund_object(head) or head
        elif _gerund_object(head) is not None:
            return None  # "cutting subsidies will hurt families": the cutting hurts, not the subsidies
        if head.i not in phrases:
            phrases[head.i] = concept_phrase(head, index.entity_at, lambda local: types.get(local, ""))
        return phrases[head.i]

    name_heads = _name_heads(index)
    found = []
    for statement in statements:
        # an object's gerund joins the relation below; a subject's has nowhere to go
        subject, obj = phrase_for(statement.subject, through_gerund=False), phrase_for(statement.object)
        obj_head = token_at.get(statement.object.head_start)
        if obj is not None and object_is_qualifier(doc, statement):
            obj = None  # "will speak by phone": a circumstance of the statement (a qualifier), not a thing
        if obj is not None and obj_head is not None and _bare_state(statement, obj_head):
            obj = None  # "must not be out of pocket", "is in trouble", "was under pressure": a state, not a thing or a place
        gerund = obj_head if obj is not None and obj_head is not None and obj.head is not obj_head and _is_gerund(obj_head) else None
        if gerund is not None:  # "campaigned on ending the war": the gerund joins the relation, its object is the node
            statement = replace(statement, predicate=f"{statement.predicate} {gerund.lower_}", relation=f"{statement.relation} {gerund.text}")
        statement = replace(
            statement,
            subject=_named_by_head(statement.subject, subject, name_heads),
            object=_named_by_head(statement.object, obj, name_heads),
        )
        found.append((statement, None if statement.subject.entity else subject, None if statement.object.entity else obj))
    modified_events: dict[str, dict[str, ConceptPhrase]] = {}
    modified_concepts: dict[str, dict[str, ConceptPhrase]] = {}
    for _, *pair in found:
        for phrase in pair:
            if phrase is not None and phrase.distinguished and not phrase.thing_entity:
                kind = modified_events if phrase.type == "event" else modified_concepts
                kind.setdefault(phrase.head.lemma_.lower(), {}).setdefault(phrase.key, phrase)
    # where each event of the article is said to happen: "the meeting will take place at Saab" is not the Budapest meeting
    settings: dict[int, set[str]] = {}
    for statement, subject, _ in found:
        if subject is not None and statement.object.entity is not None and types.get(statement.object.entity) in _PLACE_TYPES | {"organization"}:
            settings.setdefault(subject.head.i, set()).add(statement.object.entity)
    frequency = _noun_lemma_counts(doc)
    concepts = _ArticleConcepts()

    def link(arg: Argument, phrase: ConceptPhrase | None) -> Argument:
        if phrase is None:
            return arg
        if phrase.thing_entity is not None:
            return replace(arg, entity=phrase.thing_entity)
        scoped = not phrase.distinguished and _participant_noun(phrase.head)
        if not phrase.distinguished and phrase.type == "event":
            salient = modified_events.get(phrase.head.lemma_.lower(), {})
            candidate = next(iter(salient.values())) if len(salient) == 1 else None
            if candidate is not None and _same_setting(phrase, candidate, settings):
                phrase = candidate
            else:
                scoped = True
        elif not phrase.distinguished and _definite_singular(phrase.head) and len(modified := modified_concepts.get(phrase.head.lemma_.lower(), {})) == 1 \
                and next(iter(modified.values())).head.tag_ not in _PLURAL_TAGS:
            # "Kraft's new advertising policy … the policy": a definite bare concept is the article's one modified one
            # (one of a kind: "the athlete" is none of "the only Irish athletes")
            phrase = next(iter(modified.values()))
        elif not phrase.distinguished and frequency[phrase.head.lemma_.lower()] < 2 and not _restricted(phrase.head) and not _counted(phrase.head):
            return arg  # a bare abstract noun said once ("luck", "the same logic") is not what the story is about
        return replace(arg, entity=concepts.mention(phrase, arg, sentence_index(phrase.head), scoped))

    out = [replace(s, subject=link(s.subject, sp), object=link(s.object, op)) for s, sp, op in found]
    out.extend(_modifier_statements(doc, concepts, types, index.entity_at))
    out.extend(_inner_entity_statements(doc, out, token_at, index.entity_at, types))
    return out, list(concepts.by_key.values())


#: Prepositions after an argument's head noun that lead to a participant ("an analyst *at* CL King").
_INNER_PREPS = {"at", "of", "for", "with", "from", "to", "on", "against", "in", "by"}
#: Prepositions after a person's name that give their organisation ("Mark Smith *of* Acme Corp").
_AFFILIATION_PREPS = {"of", "from", "at"}


def _inner_entity_statements(
    doc: Doc, statements: list[Statement], token_at: _TokenAt, entity_at: Callable[[int], str | None], types: dict[str, str]
) -> list[Statement]:
    """Entities inside an argument phrase are reached too: "Jane Doe, a retail analyst at CL King" →
    *Jane Doe –be analyst at→ CL King*; "Mark Smith of Acme Corp said …" → *Mark Smith –of→ Acme Corp*.

    The path through the head noun is kept in the relation. Only phrases that
    hang on the argument's head; a statement already read that way (by
    :mod:`.extractors.mediated`) is not repeated.
    """
    known = {(s.subject.start_char, s.predicate, s.object.start_char) for s in statements}
    out: list[Statement] = []
    for statement in statements:
        obj_head = token_at.get(statement.object.head_start)
        temporal = statement.predicate.rsplit(" ", 1)[-1] in TIME_PREPOSITIONS  # "displayed during X's visit to Moscow": a time
        if statement.subject.entity is not None and statement.object.entity is None and obj_head is not None and obj_head.pos_ == "NOUN" and not temporal:
            for prep, target in _entity_phrases(obj_head, entity_at, _INNER_PREPS):
                # the noun as written, with its noun compounds ("director general", "retail analyst")
                # (a share keeps its number instead: "owns 99.3% of")
                noun = share_words(obj_head) or _written(*(c for c in obj_head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and not c.ent_type_), obj_head)
                predicate = f"{statement.predicate} {noun} {prep.lower_}"
                relation = f"{statement.relation} {obj_head.text} {prep.text}"
                out.append(_derived(doc, statement, statement.subject, relation, predicate, target, entity_at, statement.confidence * 0.8))
        for arg in (statement.subject, statement.object):
            head = token_at.get(arg.head_start)
            if arg.entity is None or head is None or types.get(arg.entity) != "person":
                continue
            for prep, target in _entity_phrases(head, entity_at, _AFFILIATION_PREPS):
                if types.get(entity_at(target.i) or "") == "organization":
                    out.append(_derived(doc, statement, arg, prep.text, "of", target, entity_at, 0.7))
    unique: dict[tuple[int, str, int], Statement] = {}
    for statement in out:
        key = (statement.subject.start_char, statement.predicate, statement.object.start_char)
        if key not in known:
            unique.setdefault(key, statement)
    return list(unique.values())


def _written(*tokens: Token) -> str:
    """Lower-case words as the text spaces them ("e-mail addresses", not "e - mail addresses")."""
    return "".join(t.lower_ + (t.whitespace_ and " ") for t in tokens[:-1]) + tokens[-1].lower_


def _entity_phrases(head: Token, entity_at: Callable[[int], str | None], preps: set[str]) -> list[tuple[Token, Token]]:
    """(preposition, object) of the first prepositional phrase after ``head`` whose object is an entity."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.i > head.i and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj" and entity_at(obj.i) is not None and entity_at(obj.i) != entity_at(head.i):
                    return [(prep, obj)]
            return []  # only the first phrase completes the noun
    return []


def _derived(
    doc: Doc, statement: Statement, subject: Argument, relation: str, predicate: str, target: Token,
    entity_at: Callable[[int], str | None], confidence: float,
) -> Statement:
    local = entity_at(target.i)
    name = _entity_span(target, local, entity_at)
    start = min(subject.start_char, name.start_char)
    end = max(subject.end_char, name.end_char)
    return replace(
        statement,
        subject=subject,
        relation=relation,
        predicate=predicate,
        object=Argument(name.text, name.start_char, name.end_char, name.root.text, name.root.idx, entity=local),
        provenance=replace(statement.provenance, start_char=start, end_char=end, extractor=EXTRACTOR, extractor_version=_VERSION),
        confidence=round(confidence, 4),
        extra=(),
        qualifiers=statement.qualifiers,
        symmetric=False,
    )


_PLURAL_TAGS = {"NNS", "NNPS"}


def _definite_singular(head: Token) -> bool:
    """ "the policy", "this scheme": a singular noun that points back at one thing of the article."""
    # ("the third seed", "the best player": an ordinal or a superlative picks out another one)
    return head.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.children) \
        and not any(c.ent_type_ == "ORDINAL" or c.tag_ == "JJS" for c in head.children)


_COPULAS = frozenset({"be", "remain", "stay", "become"})


def _bare_state(statement: Statement, head: Token) -> bool:
    """A copula's preposition before a bare singular noun: "be in trouble", "be out of pocket", "be at risk"."""
    words = statement.predicate.split()
    # only a copula and prepositions: "be known as spyware" names what a thing is
    return words[0] in _COPULAS and all(w in _STATE_PREPOSITIONS for w in words[1:]) and len(words) > 1 and head.dep_ == "pobj" \
        and head.tag_ == "NN" and not head.ent_type_ and not head.n_lefts and not head.n_rights


_STATE_PREPOSITIONS = frozenset({"in", "out", "of", "at", "on", "under", "off", "behind", "beyond"})


def _is_gerund(token: Token) -> bool:
    """An -ing verb used as a noun ("campaigned on ending the war"), not a progressive clause ("said she was initiating")."""
    return token.tag_ == "VBG" and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in token.children)


def _noun_lemma_counts(doc: Doc) -> Counter[str]:
    """How often each lowercased lemma is a noun or proper noun in ``doc``, read from the Doc's arrays.

    Counted by lemma id first and turned into strings once per distinct
    lemma: a Token object per word of the article costs more than the rest.
    """
    if not len(doc):
        return Counter()
    rows = doc.to_array([POS, LEMMA])
    lemmas = rows[numpy.isin(rows[:, 0], _NOUN_POS), 1]
    strings = doc.vocab.strings
    counts: Counter[str] = Counter()
    for lemma, count in zip(*numpy.unique(lemmas, return_counts=True)):
        counts[strings[int(lemma)].lower()] += int(count)
    return counts


_NOUN_POS = (NOUN, PROPN)


def _same_setting(bare: ConceptPhrase, modified: ConceptPhrase, settings: dict[int, set[str]]) -> bool:
    """A bare event may be the article's modified one unless it is set somewhere else."""
    own = settings.get(bare.head.i, set())
    known = {local for _, local in modified.modifier_entities} | settings.get(modified.head.i, set())
    return not own or bool(own & known)


def _participant_noun(head: Token) -> bool:
    """"the analysts", "the firms", "the government": the article's own participants, not a topic shared with
    other articles (merged across articles they would tie unrelated stories together)."""
    lemma = head.lemma_.lower()
    return lemma in PARTICIPANT_NOUNS or DESCRIPTOR_TYPES.get(lemma) in {"person", "organization"} or lemma in DESCRIPTION_NOUNS


def _counted(head: Token) -> bool:
    """"more than 300 drones": things one counts are concrete, however often they are named."""
    return head.tag_ == "NNS" and any(c.dep_ == "nummod" or c.like_num for c in head.children)


def _restricted(head: Token) -> bool:
    """"the memorandum by which Ukraine …": a restrictive relative clause makes one thing of a bare noun."""
    return any(c.dep_ in {"relcl", "acl"} for c in head.children) and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


class _TokenAt:
    """Token by start character, through the article's index of token starts (built once by
    :func:`.article.extract_article` for linking arguments)."""

    def __init__(self, doc: Doc, starts: dict[int, int]) -> None:
        self.doc = doc
        self.starts = starts

    def get(self, start: int) -> Token | None:
        i = self.starts.get(start)
        return None if i is None else self.doc[i]


def _gerund_object(head: Token) -> Token | None:
    """"ending the war" → "war": a gerund argument names the thing it acts on."""
    if not _is_gerund(head):
        return None  # "they are already helping pensioners": a progressive clause says something of its own
    return next((c for c in head.children if c.dep_ in {"dobj", "obj"} and c.pos_ == "NOUN"), None)


def _name_heads(index: EntityIndex) -> dict[str, set[str]]:
    """Last word of every multi-word name of the article → the entities so named ("memorandum" → Budapest Memorandum)."""
    heads: dict[str, set[str]] = {}
    for entity in index.entities:
        if entity.type in {"organization", "work", "event", "product", "thing"}:
            words = entity.label.split()
            if len(words) > 1:
                heads.setdefault(words[-1].lower(), set()).add(entity.id)
    return heads


def _named_by_head(arg: Argument, phrase: ConceptPhrase | None, name_heads: dict[str, set[str]]) -> Argument:
    """"the memorandum" after "the Budapest Memorandum": a bare definite noun naming the head of one name is that name."""
    if phrase is None or phrase.thing_entity or phrase.distinguished:
        return arg
    head = phrase.head
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    candidates = name_heads.get(head.lower_, set())
    if definite and head.tag_ == "NN" and len(candidates) == 1:
        return replace(arg, entity=next(iter(candidates)))
    return arg


def _modifier_statements(doc: Doc, concepts: _ArticleConcepts, types: dict[str, str], entity_at: Callable[[int], str | None]) -> list[Statement]:
    """An event to the place among its modifiers or in its "in"/"at" phrase; a concept to the entity it belongs to."""
    out: list[Statement] = []
    for key, phrase in sorted(concepts.phrases.items()):
        local = concepts.by_key[key]
        targets = list(phrase.modifier_entities)
        if phrase.type == "event":
            targets.extend(_place_phrases(phrase.head, types, entity_at))
        for token, target in targets:
            target_type = types.get(target, "")
            if phrase.type == "event":
                # "the Ireland game" is played by Ireland, not in it; "the Budapest summit" is held there
                contest = phrase.head.lemma_.lower() in CONTEST_NOUNS
                relation = "located in" if target_type in _PLACE_TYPES and not contest else "involve"
            elif target_type in {"organization", "place"}:
                relation = "related to"  # "Manchester United fans", "Xbox hardware": named with it, not its part
            else:
                continue  # "the Harry Potter fan": a person or work modifier says no more than "related"
            out.append(_modifier_statement(doc, phrase, local, _entity_span(token, target, entity_at), target, relation))
    return out


def _place_phrases(head: Token, types: dict[str, str], entity_at: Callable[[int], str | None]) -> list[tuple[Token, str]]:
    found = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                local = entity_at(obj.i)
                if local is not None and types.get(local) in _PLACE_TYPES:
                    found.append((obj, local))
    return found


def _entity_span(token: Token, target: str, entity_at: Callable[[int], str | None]) -> Span:
    """The whole mention ("White House") of which ``token`` is one word."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > token.sent.start and entity_at(start - 1) == target:
        start -= 1
    while end < token.sent.end and entity_at(end) == target:
        end += 1
    return doc[start:end]


def _modifier_statement(doc: Doc, phrase: ConceptPhrase, local: LocalEntity, name: Span, target: str, relation: str) -> Statement:
    head = phrase.head
    sent = head.sent
    first = min(head.i, name.start)
    last = max(head.i, name.end - 1)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    label_start = min([head.idx, *(t.idx for t in phrase.head.lefts if t.dep_ in MODIFIER_DEPS)])
    return Statement(
        subject=Argument(doc_text(doc)[label_start:head.idx + len(head.text)], label_start, head.idx + len(head.text), head.text, head.idx, entity=local.id),
        relation=relation,
        predicate=relation,
        object=Argument(name.text, name.start_char, name.end_char, name.root.text, name.root.idx, entity=target),
        provenance=Provenance(doc.user_data.get("doc_id", ""), sentence_index(head), sent.text, sent.start_char, start, end, EXTRACTOR, _VERSION),
        confidence=0.7,
    )
