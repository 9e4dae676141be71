"""Statement qualifiers: when, for how long, where, how much and how a claim holds.

Why a module of its own: the clause extractors keep every further
prepositional phrase or bare time expression of a clause as an ``extra``
argument ("on Thursday", "in Kyiv", "by phone"), and sometimes the object
itself is such a circumstance ("Lavrov will speak *by phone*"). Left as
arguments they either get lost or, worse, become graph nodes ("phone"
related by "speak by"). This module reads those phrases once, after
extraction, and turns them into typed :class:`~extract.model.Qualifier`
values (kinds in :data:`~extract.model.QUALIFIER_KINDS`) that the exports
attach to the evidence of an edge. It classifies by *construction* (the
preposition, the NER label of the phrase head, a few closed word classes
such as weekdays, months and communication channels), never by sentence.

Time expressions are normalised against the article's date with the
standard library only (:func:`normalise_time`).

>>> normalise_time("15 March 2024", None), normalise_time("in March 2024", None), normalise_time("in 2003", None)
('2024-03-15', '2024-03', '2003')
>>> normalise_time("yesterday", "2025-10-17"), normalise_time("next week", "2025-10-17")
('2025-10-16', '2025-W43')
>>> parse_number("$3.25bn"), parse_number("more than 300"), parse_number("1,200")
('3250000000', '300', '1200')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc, Token

from .model import Argument, Qualifier, Statement
from .sentences import doc_text

__all__ = ["qualifier_kind", "qualify", "object_is_qualifier", "normalise_time", "duration_value", "parse_number", "quantities"]

# -- closed word classes --------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH_NUMBER = {**{m: i for i, m in enumerate(_MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(_MONTHS, 1)}, "sept": 9}
#: Nouns and adverbs that name a stretch or point of time (not "time" itself: "for the third time" is a count).
_TIME_WORDS = frozenset(
    {
        "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century",
        "morning", "afternoon", "evening", "night", "weekend", "midnight", "noon", "dawn", "dusk",
        "spring", "summer", "autumn", "winter", "yesterday", "today", "tomorrow", "tonight",
        "overnight", "weekday", "season", "quarter", "era",
        *_WEEKDAYS, *_MONTHS,
    }
)
#: Communication channels: "by phone", "over the telephone", "via video link".
_CHANNELS = frozenset(
    {
        "phone", "telephone", "call", "video", "videolink", "videoconference", "link", "letter", "email", "e-mail",
        "mail", "post", "text", "message", "fax", "radio", "television", "tv", "satellite", "zoom", "skype",
        "teleconference", "webcam", "livestream", "broadcast",
    }
)
#: Common nouns that name a place ("in the capital", "at the border").
_PLACE_NOUNS = frozenset(
    {
        "city", "capital", "country", "region", "province", "village", "town", "border", "street", "square",
        "airport", "port", "base", "embassy", "palace", "headquarters", "hospital", "building", "district",
        "area", "territory", "frontline", "front", "coast", "island", "state", "sea", "ocean",
    }
)
_PREP_LIKE = {"ADP", "SCONJ"}
_TEMPORAL_PREPS = {"during", "since", "until", "till", "before", "after"}
_DURATION_PREPS = {"for", "within"}
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "off", "around", "throughout"}
_MANNER_PREPS = {"by", "via", "over", "through"}
#: Prepositions that never introduce a time: "deals with the last hours of …" is about something.
_NON_TIME_PREPS = {"with", "about", "of", "against", "like", "as", "to", "into", "onto", "without", "than", "per"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_QUANTITY_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
_TIME_LABELS = {"DATE", "TIME"}
_AGENT_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
#: A bare phrase in one of these roles is an argument ("had a mixed afternoon"), not a circumstance.
_ARGUMENT_DEPS = {"dobj", "attr", "nsubj", "nsubjpass", "dative", "oprd", "acomp", "appos", "conj", "ROOT", "ccomp", "xcomp"}
#: Words that make a counted time a point, not a length: "three days ago", "two years later".
_POINT_WORDS = {"ago", "later", "earlier", "before", "after", "since", "old"}
_FUTURE = re.compile(r"\b(will|shall|'ll|wo|going to|is to|are to|plans? to|expected to)\b", re.I)


# -- classifying a phrase ------------------------------------------------------------


def _split_prep(tokens: Sequence[Token]) -> tuple[str, list[Token]]:
    """("for", [three, days]) for "for three days"; ("", tokens) for a bare phrase."""
    words = [t for t in tokens if not t.is_space and t.pos_ != "PUNCT"]
    prep: list[str] = []
    while words and len(words) > 1 and words[0].pos_ in _PREP_LIKE and words[0].dep_ in {"prep", "agent", "dative", "mark", "pcomp", "advmod", "case"}:
        prep.append(words.pop(0).lower_)
    return " ".join(prep), words


def _phrase_head(tokens: Sequence[Token]) -> Token | None:
    """The token of ``tokens`` nearest the root of the parse (the first one, if several)."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if not any(a.i in inside for a in t.ancestors)]
    return min(roots, key=lambda t: (sum(1 for _ in t.ancestors), t.i)) if roots else None


def _is_year(token: Token) -> bool:
    return token.shape_ == "dddd" and 1800 <= int(token.text) <= 2200


def _is_time_token(token: Token) -> bool:
    """A time word or year by itself, or a DATE/TIME entity that is not a mislabelled name."""
    if token.lemma_.lower() in _TIME_WORDS or token.lower_ in _TIME_WORDS or _is_year(token):
        return True
    return token.ent_type_ in _TIME_LABELS and token.pos_ != "PROPN"


def _is_time(prep: str, body: Sequence[Token], head: Token) -> bool:
    if prep and prep.split(" ")[-1] in _NON_TIME_PREPS:
        return False
    if _is_time_token(head):
        return True
    # "earlier this year", "15 March": the time word is a modifier of the head
    return head.ent_type_ in _TIME_LABELS and any(_is_time_token(t) for t in body if t is not head)


def _is_quantity(head: Token) -> bool:
    """A number or amount as head, but not a part of something ("80% of homes" names homes)."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return False
    return head.like_num or head.ent_type_ in _QUANTITY_LABELS - {"CARDINAL"}


def _is_duration(prep: str, body: Sequence[Token], head: Token) -> bool:
    """A length of time: "for three days", "within weeks", "over the past five years", "throughout 2005".

    After "for", "within" and "over" the phrase must count something (a
    number that is not a year, a plural, "a"/"an" + unit): "for 2005" and
    "for next month" are times.
    """
    if prep == "throughout":
        return True
    if not prep:  # "talks lasted five months": a bare count of units without "ago"/"later"
        return head.tag_ == "NNS" and any(t.like_num for t in body) and not any(t.lower_ in _POINT_WORDS for t in body)
    counted = any(t.like_num and not _is_year(t) for t in body) or head.tag_ == "NNS" or body[0].lower_ in {"a", "an"}
    return prep in _DURATION_PREPS | {"over"} and counted


def _is_place(prep: str, head: Token) -> bool:
    words = prep.split(" ")
    if words[-1] not in _PLACE_PREPS or words[0] in {"as", "like", "than", "unlike"}:  # "as in the Middle East" compares
        return False
    return head.ent_type_ in _PLACE_LABELS or head.lemma_.lower() in _PLACE_NOUNS


def _is_manner(prep: str, body: Sequence[Token], head: Token) -> bool:
    lemma = head.lemma_.lower()
    if prep == "in" and lemma == "person" and len(body) == 1:
        return True
    if prep == "via":
        return head.ent_type_ not in _PLACE_LABELS
    return prep in _MANNER_PREPS and (lemma in _CHANNELS or head.lower_ in _CHANNELS)


def qualifier_kind(tokens: Sequence[Token]) -> str | None:
    """The kind of circumstance a phrase (preposition + object, or a bare NP/adverb) names, or ``None``.

    Checked in this order: manner ("by phone", "via video link", "in person"),
    time or duration (a time word, weekday, month, year or DATE/TIME entity as
    head; duration after "for"/"within"/"throughout", or "over" + a count;
    any object of "during"/"since"/"until"/"before"/"after" that is not a
    name is a time: "after this meeting"), quantity (a number or
    MONEY/PERCENT/QUANTITY entity as head: "by 5%", "to 300"), place
    (in/at/near/outside/… + a GPE/LOC/FAC entity or a place noun).
    """
    prep, body = _split_prep(tokens)
    head = _phrase_head(body)
    if head is None or not prep and head.dep_ in _ARGUMENT_DEPS:
        return None
    if _is_manner(prep, body, head):
        return "manner"
    if _is_time(prep, body, head):
        return "duration" if _is_duration(prep, body, head) else "time"
    if prep.split(" ")[0] in _TEMPORAL_PREPS and head.pos_ in {"NOUN", "PROPN", "NUM", "VERB"} and head.ent_type_ not in _AGENT_LABELS:
        return "time"
    if _is_quantity(head):
        return "quantity"
    if prep and _is_place(prep, head):
        return "place"
    return None


# -- numbers --------------------------------------------------------------------------

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
_SCALE = {"k": 10**3, "thousand": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6, "bn": 10**9, "b": 10**9, "billion": 10**9, "tn": 10**12, "trillion": 10**12}
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(thousand|million|billion|trillion|bn|mn|tn|k|m|b)?(?![a-z])", re.I)


def parse_number(text: str) -> str | None:
    """The first number in ``text`` as plain digits, scale words applied ("$3.25bn" → "3250000000").

    >>> parse_number("37 missiles"), parse_number("three"), parse_number("2.5 million"), parse_number("none")
    ('37', '3', '2500000', None)
    """
    match = _NUMBER.search(text)
    if match:
        try:
            value = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        except InvalidOperation:
            return None
        value *= _SCALE.get((match.group(3) or "").lower(), 1)
        return _plain(value)
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in _WORD_NUMBERS or w in _SCALE]
    if not words or words[0] not in _WORD_NUMBERS:
        return None
    value = Decimal(_WORD_NUMBERS[words[0]])
    for word in words[1:2]:
        value *= _SCALE.get(word, 1)
    return _plain(value)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def quantities(doc: Doc, start: int, end: int) -> list[Qualifier]:
    """Every CARDINAL/QUANTITY/MONEY/PERCENT entity inside ``doc.text[start:end]`` as a quantity qualifier."""
    return [q for q in _all_quantities(doc) if start <= q.start_char and q.end_char <= end]


_QUANTITIES_KEY = "newsgraph.quantities"


def _all_quantities(doc: Doc) -> list[Qualifier]:
    """The quantity entities of the whole Doc, found once (kept in ``doc.user_data``): every statement asks."""
    cached = doc.user_data.get(_QUANTITIES_KEY)
    if cached is None or cached[0] != len(doc):
        found = [
            Qualifier("quantity", ent.text, ent.start_char, ent.end_char, parse_number(ent.text))
            for ent in doc.ents
            if ent.label_ in _QUANTITY_LABELS
        ]
        cached = (len(doc), found)
        doc.user_data[_QUANTITIES_KEY] = cached
    return cached[1]


_UNIT_CODE = {"minute": "TM", "hour": "TH", "day": "D", "week": "W", "fortnight": "2W", "month": "M", "year": "Y", "decade": "10Y", "century": "100Y"}
_UNIT = re.compile(r"\b(minute|hour|day|week|fortnight|month|year|decade|century|centurie)s?\b", re.I)


def duration_value(text: str) -> str | None:
    """An ISO 8601 duration for a counted length of time ("for 30 days" → "P30D"), else ``None``.

    >>> duration_value("for 30 days"), duration_value("within three hours"), duration_value("for a week"), duration_value("for years")
    ('P30D', 'PT3H', 'P1W', None)
    """
    unit = _UNIT.search(text)
    if unit is None:
        return None
    before = text[: unit.start()]
    count = parse_number(before) or ("1" if re.search(r"\b(a|an|one)\s*$", before, re.I) else None)
    if count is None:
        return None
    code = _UNIT_CODE[unit.group(1).lower().replace("centurie", "century")]
    factor, letter = (int(code[:-1]), code[-1]) if code[:-1].isdigit() else (1, code)
    amount = _plain(Decimal(count) * factor)
    return f"PT{amount}{letter[-1]}" if letter.startswith("T") else f"P{amount}{letter}"


# -- time normalisation --------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:(?:on|in|at|by|since|until|till|from|during|of|the|early|late|mid|around|at least|at the latest|as early as|no later than|just|only)\s+)+",
    re.I,
)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s*(\d{4})?$", re.I)
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(\d{4}))?$", re.I)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
_YEAR = re.compile(r"^(\d{4})$")
_RELATIVE_UNIT = re.compile(r"^(earlier |later )?(last|this|next|previous) (week|month|year)$", re.I)
_OFFSET_DAY = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    match = _ISO.match(text.strip())
    if not match or not match.group(3):
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _month(name: str) -> int | None:
    return _MONTH_NUMBER.get(name.lower().rstrip("."))


def _explicit(text: str, anchor: dt.date | None, future: bool) -> str | None:
    """Calendar dates written out: "15 March 2024", "March 15, 2024", "March 2024", "2003", "15 March"."""
    if match := _ISO.match(text):
        return match.group(0)
    if match := _YEAR.match(text):
        return match.group(1) if 1800 <= int(match.group(1)) <= 2200 else None
    if match := _MONTH_YEAR.match(text):
        month = _month(match.group(1))
        return f"{match.group(2)}-{month:02d}" if month else None
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        if match := pattern.match(text):
            month = _month(match.group(month_group))
            if month is None:
                continue
            year = int(match.group(3)) if match.group(3) else _year_of(month, int(match.group(day_group)), anchor, future)
            return _iso_day(year, month, int(match.group(day_group)))
    if (month := _month(text)) and anchor is not None:
        return f"{_year_of(month, 1, anchor, future)}-{month:02d}"
    return None


def _year_of(month: int, day: int, anchor: dt.date | None, future: bool) -> int | None:
    """The year of a day-month without one: the nearest such day before (after, for ``future``) the anchor."""
    if anchor is None:
        return None
    if future:
        return anchor.year + 1 if (month, day) < (anchor.month, anchor.day) else anchor.year
    return anchor.year - 1 if (month, day) > (anchor.month, anchor.day) else anchor.year


def _iso_day(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _weekday(name: str, anchor: dt.date, future: bool, strict: bool = False) -> str:
    """Past: the weekday on or within 6 days before the anchor (strictly before for "last");
    future: the one 1–7 days after it."""
    target = _WEEKDAYS.index(name)
    if future:
        return (anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)).isoformat()
    back = (anchor.weekday() - target) % 7
    return (anchor - dt.timedelta(days=back or (7 if strict else 0))).isoformat()


def _relative(text: str, anchor: dt.date, future: bool) -> str | None:
    lower = text.lower()
    if lower in _OFFSET_DAY:
        return (anchor + dt.timedelta(days=_OFFSET_DAY[lower])).isoformat()
    words = lower.split()
    if words and words[-1] in _WEEKDAYS and len(words) <= 2:
        first = words[0] if len(words) == 2 else ""
        if first in {"", "this", "last", "next"}:
            return _weekday(words[-1], anchor, future or first == "next", strict=first == "last")
    if len(words) == 2 and words[0] in {"last", "this", "next"} and (month := _month(words[1])):
        return _named_month(month, words[0], anchor, future)
    match = _RELATIVE_UNIT.match(lower)
    if match is None:
        return None
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}[match.group(2)]
    return _shift(anchor, match.group(3), step)


def _named_month(month: int, which: str, anchor: dt.date, future: bool) -> str:
    """"last August": the latest August before the article's month; "next August" the first after it."""
    if which == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif which == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return f"{year}-{month:02d}"


def _shift(anchor: dt.date, unit: str, step: int) -> str:
    if unit == "week":
        year, week, _ = (anchor + dt.timedelta(weeks=step)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return f"{index // 12}-{index % 12 + 1:02d}"
    return str(anchor.year + step)


def normalise_time(text: str, article_date: str | None, *, future: bool = False) -> str | None:
    """An ISO value for a time expression, or ``None`` when the calendar does not fix one.

    Explicit dates give ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` with or without
    an article date; a day and month without a year take the year that puts
    them on or before the article date (after it when ``future``).
    Relative expressions need ``article_date`` (ISO ``YYYY-MM-DD``):
    "yesterday"/"today"/"tomorrow" are days; a weekday ("on Thursday") is the
    one on or up to 6 days before the article date, or 1–7 days after it when
    the clause is in the future tense (``future=True``) or says "next";
    "last Thursday" is strictly before. "last/this/next week" gives an ISO
    week ``YYYY-Www``, "… month" ``YYYY-MM``, "… year" (also "earlier/later
    this year") ``YYYY``. Vague ones ("in the coming days", "recently") give ``None``.

    >>> normalise_time("on Thursday", "2025-10-17"), normalise_time("on Thursday", "2025-10-17", future=True)
    ('2025-10-16', '2025-10-23')
    >>> normalise_time("earlier this year", "2025-10-17"), normalise_time("in the coming days", "2025-10-17")
    ('2025', None)
    """
    cleaned = _LEAD.sub("", " ".join(text.replace("’", "'").split())).strip(" .,")
    anchor = _date(article_date)
    explicit = _explicit(cleaned, anchor, future)
    if explicit is not None or anchor is None:
        return explicit
    return _relative(cleaned, anchor, future)


# -- statements -----------------------------------------------------------------------


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens wholly inside ``[start, end)`` (a character span lookup, not a scan of the article)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _object_phrase(doc: Doc, statement: Statement) -> list[Token]:
    """The object's tokens, with the preposition that joined the relation put back ("by phone")."""
    tokens = _tokens(doc, statement.object.start_char, statement.object.end_char)
    head = next((t for t in tokens if t.idx == statement.object.head_start), None)
    if head is None or head.dep_ not in {"pobj", "pcomp"}:
        return tokens
    prep = head.head
    relation_words = statement.relation.lower().split()
    if prep.i < head.i and relation_words and relation_words[-1] == prep.lower_ and prep not in tokens:
        return [prep, *tokens]
    return tokens


def object_is_qualifier(doc: Doc, statement: Statement) -> str | None:
    """The kind when the object is a circumstance rather than a thing ("speak by phone" → "manner").

    Only time, duration, manner and quantity count: a place object ("meet in
    Budapest") is still a node of the graph. The caller should not make a
    node of an object for which this returns a kind.
    """
    return _object_reading(doc, statement)[1]


_READINGS_KEY = "newsgraph.object_readings"


def _object_reading(doc: Doc, statement: Statement) -> tuple[list[Token], str | None]:
    """:func:`_object_phrase` and its :func:`_object_kind`, worked out once per object and relation.

    :func:`qualify` and then :func:`extract.concepts.link_concepts` ask about the
    same objects; the answers are kept on the Doc (dropped with the other
    ``newsgraph.*`` keys when the article is done).
    """
    cached = doc.user_data.get(_READINGS_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), {})
        doc.user_data[_READINGS_KEY] = cached
    obj = statement.object
    key = (obj.start_char, obj.end_char, obj.head_start, statement.relation)
    reading = cached[1].get(key)
    if reading is None:
        phrase = _object_phrase(doc, statement)
        reading = cached[1][key] = (phrase, _object_kind(phrase))
    return reading


def _object_kind(phrase: list[Token]) -> str | None:
    kind = qualifier_kind(phrase) if phrase else None
    return kind if kind in {"time", "duration", "manner", "quantity"} else None


def _is_future(statement: Statement) -> bool:
    return statement.modality in {"will", "shall", "'ll"} or bool(_FUTURE.search(statement.relation))


def _qualifier(kind: str, text: str, start: int, end: int, article_date: str | None, future: bool) -> Qualifier:
    value = None
    if kind == "time":
        value = normalise_time(text, article_date, future=future)
    elif kind == "duration":
        value = duration_value(text)
    elif kind == "quantity":
        value = parse_number(text)
    return Qualifier(kind, text, start, end, value)


def _from_argument(doc: Doc, arg: Argument, article_date: str | None, future: bool) -> list[Qualifier]:
    kind = qualifier_kind(_tokens(doc, arg.start_char, arg.end_char))
    if kind is not None:
        return [_qualifier(kind, arg.text, arg.start_char, arg.end_char, article_date, future)]
    return quantities(doc, arg.start_char, arg.end_char)


def _from_object(doc: Doc, statement: Statement, article_date: str | None, future: bool) -> list[Qualifier]:
    obj = statement.object
    phrase, kind = _object_reading(doc, statement)
    if kind is None:
        return quantities(doc, obj.start_char, obj.end_char)
    start = min(obj.start_char, phrase[0].idx)
    text = doc_text(doc)[start : obj.end_char] if start < obj.start_char else obj.text
    return [_qualifier(kind, text, start, obj.end_char, article_date, future)]


def _unique(qualifiers: Iterable[Qualifier]) -> tuple[Qualifier, ...]:
    by_span = {(q.start_char, q.end_char, q.kind): q for q in qualifiers}
    return tuple(by_span[key] for key in sorted(by_span))


def qualify(doc: Doc, statement: Statement, *, article_date: str | None = None) -> Statement:
    """``statement`` with :attr:`~extract.model.Statement.qualifiers` filled; ``extra`` is kept as is.

    Each extra argument that :func:`qualifier_kind` recognises becomes one
    qualifier; an object that is itself a circumstance ("speak by phone",
    "met on Thursday") becomes one too, and numbers inside the object or an
    unrecognised extra argument ("more than 300 drones") become quantity
    qualifiers whose value is the number. Time values are normalised against
    ``article_date`` (see :func:`normalise_time`).
    """
    future = _is_future(statement)
    found = [q for arg in statement.extra for q in _from_argument(doc, arg, article_date, future)]
    if statement.object.text:
        found.extend(_from_object(doc, statement, article_date, future))
    qualifiers = _unique([*statement.qualifiers, *found])
    return replace(statement, qualifiers=qualifiers) if qualifiers != statement.qualifiers else statement
