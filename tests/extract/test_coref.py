"""Pronouns and definite descriptions → the entity they mean (rule-based coreference)."""

from __future__ import annotations

import pytest

from extract.entities import find_entities

pytestmark = pytest.mark.model


def _resolved(nlp, text, word, occurrence=0):
    """(label of the entity ``word`` links to or None, the mention's rule)."""
    doc = nlp(text)
    index = find_entities(doc)
    hits = [t for t in doc if t.text == word]
    tok = hits[occurrence]
    local_id = index.token_entity.get(tok.i)
    if local_id is None:
        return None, None
    entity = index.get(local_id)
    rule = next((m.rule for m in entity.mentions if m.start_char <= tok.idx < m.end_char), None)
    return entity.label, rule


@pytest.mark.parametrize(
    ("text", "word", "occurrence", "expected"),
    [
        ("Angela Merkel arrived in Paris on Monday. She met the French president at the Elysee.", "She", 0, "Angela Merkel"),
        ("Donald Trump called Vladimir Putin on Thursday. He said the call was productive.", "He", 0, "Donald Trump"),
        ("Boris Johnson visited the factory. Workers cheered when he arrived.", "he", 0, "Boris Johnson"),
        ("Microsoft reported record profits. Its shares rose by five percent.", "Its", 0, "Microsoft"),
        ("Hungary signed the treaty, but it has previously ignored the court.", "it", 0, "Hungary"),
    ],
)
def test_pronoun_resolves_to_antecedent(nlp, text, word, occurrence, expected):
    label, rule = _resolved(nlp, text, word, occurrence)
    assert label == expected
    assert rule == "pronoun-salience"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Angela Merkel met the students. It is no coincidence that the visit came now.", "It"),
        ("Donald Trump spoke with Vladimir Putin. They agreed to meet in Budapest.", "They"),
        ("Microsoft and Apple reported profits. Analysts said it was a strong quarter for the call.", "it"),
    ],
)
def test_pronoun_without_entity_antecedent_stays_unresolved(nlp, text, word):
    assert _resolved(nlp, text, word)[0] is None


def test_pronoun_gender_is_never_contradicted(nlp):
    text = "Angela Merkel met Boris Johnson in Berlin. She praised the deal and he thanked her."
    assert _resolved(nlp, text, "She")[0] == "Angela Merkel"
    assert _resolved(nlp, text, "he")[0] == "Boris Johnson"


def test_object_pronoun_is_not_its_own_subject(nlp):
    text = "Vladimir Putin welcomed Steve Witkoff in Moscow. Putin made him wait all day."
    assert _resolved(nlp, text, "him")[0] == "Steve Witkoff"


@pytest.mark.parametrize(
    ("text", "word", "occurrence", "expected", "rule"),
    [
        ("Russian President Vladimir Putin met the envoy on Monday. The Russian president said talks would go on.", "president", 0, "Vladimir Putin", "role-description"),
        ("Ukrainian leader Volodymyr Zelenskiy visited Washington. The Ukrainian leader asked for missiles.", "leader", 1, "Volodymyr Zelenskiy", "role-description"),
        ("The leaders will meet in Budapest, Hungary next month. The Hungarian capital last hosted such talks in 1994.", "capital", 0, "Budapest", "role-description"),
        ("In a statement, Putin's special envoy, Kiril Dmitriev, praised the call.", "envoy", 0, "Kiril Dmitriev", "appositive"),
    ],
)
def test_description_resolves_to_introduced_entity(nlp, text, word, occurrence, expected, rule):
    assert _resolved(nlp, text, word, occurrence) == (expected, rule)


def test_description_with_wrong_nationality_does_not_resolve_locally(nlp):
    # Putin is established as Russian; "the US president" must not land on him.
    text = "Russian President Vladimir Putin spoke for two hours. The US president said the call was long."
    doc = nlp(text)
    index = find_entities(doc)
    president = [t for t in doc if t.text == "president"][-1]
    entity = index.get(index.token_entity[president.i])
    assert entity.label != "Vladimir Putin"
    assert all(m.kind != "name" for m in entity.mentions)  # description-only: never a node by itself


def test_foreign_minister_is_not_the_leader(nlp):
    text = "Russian Foreign Minister Sergei Lavrov spoke on Tuesday. The Russian president later agreed."
    label, _ = _resolved(nlp, text, "president")
    assert label != "Sergei Lavrov"


def test_quote_speaker(nlp):
    text = '"President Putin and I will meet in Budapest," Donald Trump wrote on Truth Social.'
    assert _resolved(nlp, text, "I") == ("Donald Trump", "quote-speaker")


def test_resolved_pronouns_link_statement_arguments(nlp):
    from extract.article import extract_article
    from extract.model import Article

    text = "Donald Trump spoke with reporters in Washington. He praised Vladimir Putin."
    extraction = extract_article(nlp(text), Article("t", text))
    trump = next(e.id for e in extraction.entities if e.label == "Donald Trump")
    heads = [s.subject for s in extraction.statements if s.subject.text == "He"]
    assert heads and all(arg.entity == trump for arg in heads)
