"""Qualifiers: time, duration, place, quantity and manner of a statement, and time normalisation."""

from __future__ import annotations

import pytest

from extract.model import QUALIFIER_KINDS
from extract.qualifiers import duration_value, normalise_time, object_is_qualifier, parse_number, qualifier_kind, qualify
from extract.registry import get_extractor

ARTICLE_DATE = "2025-10-17"  # a Friday


def _phrase(doc, text: str):
    start = doc.text.index(text)
    return [t for t in doc if start <= t.idx and t.idx + len(t) <= start + len(text)]


@pytest.mark.parametrize(
    ("sentence", "phrase", "kind"),
    [
        ("Trump met Putin in Budapest on Thursday.", "on Thursday", "time"),
        ("The ministers met again last week.", "last week", "time"),
        ("The company was founded in 2003 by two engineers.", "in 2003", "time"),
        ("The envoy returned home after the meeting.", "after the meeting", "time"),
        ("Officials will decide in the coming days.", "in the coming days", "time"),
        ("The ceasefire will hold for 30 days.", "for 30 days", "duration"),
        ("The talks went on for three hours.", "for three hours", "duration"),
        ("Prices rose sharply over the past five years.", "over the past five years", "duration"),
        ("Trump met Putin in Budapest on Thursday.", "in Budapest", "place"),
        ("Soldiers gathered near the border at dawn.", "near the border", "place"),
        ("Lavrov will speak by phone with Rubio.", "by phone", "manner"),
        ("The two leaders met in person for the first time.", "in person", "manner"),
        ("The minister spoke via video link.", "via video link", "manner"),
        ("Shares fell by 5% on the news.", "by 5%", "quantity"),
        ("The leaders discussed trade with the ministers.", "with the ministers", None),
        ("The book deals with the last hours of the war.", "with the last hours of the war", None),
        ("Officials also met for the third time.", "for the third time", None),
    ],
)
def test_qualifier_kind(nlp, sentence, phrase, kind):
    assert qualifier_kind(_phrase(nlp(sentence), phrase)) == kind


def test_kinds_are_the_models():
    assert set(QUALIFIER_KINDS) == {"time", "duration", "place", "quantity", "manner"}


def _statements(nlp, text: str, date: str | None = ARTICLE_DATE):
    doc = nlp(text)
    return doc, [qualify(doc, s, article_date=date) for s in get_extractor("clauses.v2")(doc)]


def test_speak_by_phone_is_a_manner_not_an_object(nlp):
    doc, statements = _statements(nlp, "Lavrov will speak by phone with Rubio next week.")
    statement = next(s for s in statements if s.object.text == "phone")
    assert object_is_qualifier(doc, statement) == "manner"
    kinds = {(q.kind, q.text, q.value) for q in statement.qualifiers}
    assert ("manner", "by phone", None) in kinds
    assert ("time", "next week", "2025-W43") in kinds
    assert statement.extra  # the extra arguments stay as they are


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump met Putin in Budapest on Thursday.", {("place", "in Budapest", None), ("time", "on Thursday", "2025-10-16")}),
        ("Putin will meet Trump on Thursday.", {("time", "on Thursday", "2025-10-23")}),
        ("Troops fired 37 missiles near the border.", {("quantity", "37", "37"), ("place", "near the border", None)}),
    ],
)
def test_qualify_fills_qualifiers_from_extra_arguments_and_object(nlp, text, expected):
    _, statements = _statements(nlp, text)
    found = {(q.kind, q.text, q.value) for s in statements for q in s.qualifiers}
    assert expected <= found


def test_a_place_object_stays_an_object(nlp):
    doc, statements = _statements(nlp, "The leaders will meet in Geneva.")
    statement = next(s for s in statements if s.object.text == "Geneva")
    assert object_is_qualifier(doc, statement) is None


def test_a_time_object_is_a_qualifier(nlp):
    doc, statements = _statements(nlp, "The summit was held in 2019.")
    statement = next(s for s in statements if s.object.text == "2019")
    assert object_is_qualifier(doc, statement) == "time"
    assert [(q.kind, q.text, q.value) for q in statement.qualifiers] == [("time", "in 2019", "2019")]


def test_qualifiers_are_sorted_and_without_article_date_relative_times_have_no_value(nlp):
    _, statements = _statements(nlp, "Trump met Putin in Budapest on Thursday.", date=None)
    for statement in statements:
        starts = [q.start_char for q in statement.qualifiers]
        assert starts == sorted(starts)
        assert all(q.value is None for q in statement.qualifiers if q.kind == "time")


@pytest.mark.parametrize(
    ("text", "date", "future", "expected"),
    [
        ("15 March 2024", None, False, "2024-03-15"),
        ("on March 15, 2024", None, False, "2024-03-15"),
        ("in March 2024", None, False, "2024-03"),
        ("in 2003", None, False, "2003"),
        ("on 15 March", "2025-10-17", False, "2025-03-15"),
        ("on 15 December", "2025-10-17", False, "2024-12-15"),
        ("on 15 December", "2025-10-17", True, "2025-12-15"),
        ("yesterday", "2025-10-17", False, "2025-10-16"),
        ("today", "2025-10-17", False, "2025-10-17"),
        ("tomorrow", "2025-10-17", False, "2025-10-18"),
        ("on Thursday", "2025-10-17", False, "2025-10-16"),
        ("on Friday", "2025-10-17", False, "2025-10-17"),
        ("on Thursday", "2025-10-17", True, "2025-10-23"),
        ("last Friday", "2025-10-17", False, "2025-10-10"),
        ("next Monday", "2025-10-17", False, "2025-10-20"),
        ("last week", "2025-10-17", False, "2025-W41"),
        ("next month", "2025-10-17", False, "2025-11"),
        ("last month", "2025-01-10", False, "2024-12"),
        ("earlier this year", "2025-10-17", False, "2025"),
        ("since last August", "2025-03-10", False, "2024-08"),
        ("in the coming days", "2025-10-17", False, None),
        ("yesterday", None, False, None),
        ("on 31 February 2024", None, False, None),
    ],
)
def test_normalise_time(text, date, future, expected):
    assert normalise_time(text, date, future=future) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("more than 300", "300"), ("37", "37"), ("$3.25bn", "3250000000"), ("£600m", "600000000"), ("1,200", "1200"), ("three", "3"), ("5.5%", "5.5"), ("several", None)],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("for 30 days", "P30D"), ("for three hours", "PT3H"), ("within a week", "P1W"), ("for two decades", "P20Y"), ("for years", None)],
)
def test_duration_value(text, expected):
    assert duration_value(text) == expected


# -- the article's date (extract/sources.py): what relative times are resolved against

@pytest.mark.parametrize(
    ("name", "content", "date", "text"),
    [
        ("front.md", "---\ntitle: Talks\ndate: 2024-03-15\n---\n# Talks resume\n\nThe envoys met.", "2024-03-15", "The envoys met."),
        ("front.txt", "---\ndate: '15 March 2024'\n---\nThe envoys met.", "2024-03-15", "The envoys met."),
        ("line.txt", "Published 15 March 2024\n\nThe envoys met on Thursday.", "2024-03-15", None),
        ("us.txt", "GENEVA, March 15, 2024\nThe envoys met.", "2024-03-15", None),
        ("none.txt", "The envoys met on 15 March 2024 and again on Thursday, and the talks went on late into a long night.", None, None),
    ],
)
def test_text_articles_get_their_date(tmp_path, name, content, date, text):
    from extract.sources import read_articles

    (tmp_path / name).write_text(content, encoding="utf-8")
    (article,) = read_articles([tmp_path / name])
    assert article.date == date
    if text is not None:
        assert article.text == text


def test_an_objects_reading_is_worked_out_once_and_kept_on_the_doc(nlp, monkeypatch):
    import extract.qualifiers as qualifiers

    doc = nlp("Trump will speak with Putin by phone on Thursday.")
    statements = [s for s in get_extractor("clauses.v2")(doc) if s.object.text]
    assert statements
    kinds = [object_is_qualifier(doc, s) for s in statements]
    calls = []
    monkeypatch.setattr(qualifiers, "_object_phrase", lambda *args: calls.append(args) or [])
    assert [object_is_qualifier(doc, s) for s in statements] == kinds and not calls  # answered from the Doc
