"""Within-article entities: named mentions grouped into local entities.

Names come from spaCy's NER. Titles are stripped from names and kept as
roles ("Secretary of State Marco Rubio" → Marco Rubio, role Secretary of
State); short names join the full name they abbreviate within the article
(Trump → Donald Trump).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .model import LocalEntity, Mention

__all__ = ["NER_TYPES", "TITLE_WORDS", "find_entities", "EntityIndex"]

#: spaCy NER label → newsgraph entity type. Labels not here (dates, money,
#: NORP adjectives, numbers) never become nodes.
NER_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LAW": "work",
}

TITLE_WORDS = {
    "president", "presidents", "vice", "prime", "minister", "secretary", "foreign", "deputy",
    "defense", "defence", "state", "chancellor", "king", "queen", "prince", "princess", "pope",
    "senator", "sen.", "rep.", "representative", "governor", "gov.", "mayor", "general", "gen.",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady", "dame",
    "envoy", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "ambassador",
    "chairman", "chief", "director", "leader", "commander", "judge", "justice", "speaker",
    "pm", "ceo", "coach", "manager", "captain", "sheikh", "premier", "special", "presidential",
    "of", "the",
}
_STRIP_EDGES = {"'s", "’s", "'", "’", "the", "The"}


@dataclass
class EntityIndex:
    """Local entities of one article and which token belongs to which entity."""

    entities: list[LocalEntity] = field(default_factory=list)
    token_entity: dict[int, str] = field(default_factory=dict)

    def entity_at(self, token_index: int) -> str | None:
        return self.token_entity.get(token_index)


def _clean_name(span: Span) -> tuple[Span, str | None]:
    """Strip leading titles (returned as a role) and possessive endings."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and doc[end - 1].text in _STRIP_EDGES:
        end -= 1
    title_end = start
    if span.label_ == "PERSON":
        while title_end < end - 1 and doc[title_end].lower_ in TITLE_WORDS:
            title_end += 1
    while title_end < end - 1 and doc[title_end].lower_ in {"the"}:
        title_end += 1
    title_words = [t for t in doc[start:title_end] if t.lower_ not in {"the", "of"}]
    role = doc[start:title_end].text if title_words else None
    return doc[title_end:end], role


def _role_before(name: Span) -> str | None:
    """Title words directly before a person's name ("Secretary of State Marco Rubio")."""
    doc = name.doc
    i = name.start
    while i > 0 and (doc[i - 1].lower_ in TITLE_WORDS or (doc[i - 1].pos_ in {"PROPN", "ADJ"} and doc[i - 1].ent_type_ in {"NORP", "GPE", ""} and doc[i - 1].is_title)):
        if doc[i - 1].ent_type_ == "PERSON":
            break
        i -= 1
    while i < name.start and doc[i].lower_ in {"the", "of"}:
        i += 1
    if i < name.start:
        role = doc[i : name.start].text
        if any(t.lower_ in TITLE_WORDS - {"of", "the"} for t in doc[i : name.start]):
            return role
    return None


def find_entities(doc: Doc) -> EntityIndex:
    """Group the article's named mentions into local entities."""
    names: list[tuple[Span, str, str | None]] = []  # (clean span, type, role)
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        clean, title = _clean_name(ent)
        if not clean.text.strip() or not any(t.is_alpha for t in clean):
            continue
        role = title or (_role_before(clean) if etype == "person" else None)
        names.append((clean, etype, role))

    # spaCy's small model types one name differently from one sentence to the
    # next ("Trump" as PERSON, then ORG): each surface form takes its majority type.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for span, etype, _ in names:
        votes[span.text][etype] += 1
    priority = {t: i for i, t in enumerate(("person", "place", "organization", "event", "product", "work"))}
    majority = {text: min(c.items(), key=lambda kv: (-kv[1], priority.get(kv[0], 99)))[0] for text, c in votes.items()}
    names = [(span, majority[span.text], role) for span, _, role in names]

    # Longest names first so that short forms attach to them.
    by_full: dict[tuple[str, str], list[tuple[Span, str | None]]] = defaultdict(list)
    order: list[tuple[str, str]] = []
    for span, etype, role in names:
        key = (span.text, etype)
        if key not in by_full:
            order.append(key)
        by_full[key].append((span, role))

    canonical: dict[tuple[str, str], tuple[str, str]] = {}
    for key in sorted(order, key=lambda k: -len(k[0])):
        text, etype = key
        target = key
        if etype == "person":
            for other in sorted(canonical.values(), key=lambda k: -len(k[0])):
                if other[1] == etype and other != key and _abbreviates(text, other[0]):
                    target = other
                    break
        canonical[key] = canonical.get(target, target)

    index = EntityIndex()
    groups: dict[tuple[str, str], list[tuple[Span, str | None, str]]] = defaultdict(list)
    for key in order:
        rule = "ner" if canonical[key] == key else "short-name"
        groups[canonical[key]].extend((span, role, rule) for span, role in by_full[key])
    for number, key in enumerate(sorted(groups, key=lambda k: min(s.start for s, _, _ in groups[k])), start=1):
        local_id = f"e{number}"
        members = sorted(groups[key], key=lambda m: m[0].start)
        mentions = tuple(
            Mention(span.text, span.start_char, span.end_char, _sent_index(span), "name", rule) for span, _, rule in members
        )
        aliases = tuple(sorted({span.text for span, _, _ in members} - {key[0]}))
        roles = tuple(r for r, _ in Counter(role for _, role, _ in members if role).most_common())
        index.entities.append(
            LocalEntity(
                id=local_id,
                label=key[0],
                type=key[1],
                mentions=mentions,
                aliases=aliases,
                roles=roles,
                ner_label=members[0][0].label_ if members[0][0].label_ else "",
                context=_context(doc, [m[0] for m in members]),
            )
        )
        for span, _, _ in members:
            for tok in span:
                index.token_entity[tok.i] = local_id
    return index


def _abbreviates(short: str, full: str) -> bool:
    """True when ``short`` is a proper subset of ``full``'s words ending on its surname."""
    short_words, full_words = short.split(), full.split()
    if len(short_words) >= len(full_words):
        return False
    return full_words[-len(short_words):] == short_words


def _sent_index(span: Span) -> int:
    doc = span.doc
    starts = doc.user_data.get("_sent_starts")
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data["_sent_starts"] = starts
    from bisect import bisect_right

    return bisect_right(starts, span.start) - 1


def _context(doc: Doc, spans: list[Span], limit: int = 12) -> tuple[str, ...]:
    """Salient lemmas of the sentences the entity is mentioned in, most frequent first."""
    counts: Counter[str] = Counter()
    for span in spans:
        for tok in span.sent:
            if tok.is_alpha and not tok.is_stop and tok.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"} and tok.i not in range(span.start, span.end):
                counts[tok.lemma_.lower()] += 1
    return tuple(w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
