"""Verb lemmas after the silent-"e" repair (extract.lemmas), in real sentences and as a pure function."""

import pytest

from extract.lemmas import repaired_lemma

VERBS = frozenset({"hope", "hop", "tape", "tap", "code", "cod", "visit", "open", "plan", "fix"})


@pytest.mark.parametrize(
    ("word", "tag", "lemma", "expected"),
    [
        ("hoped", "VBD", "hop", "hope"),
        ("hoping", "VBG", "hop", "hope"),
        ("taped", "VBN", "tap", "tape"),
        ("Coded", "VBN", "cod", "code"),
        ("hopped", "VBD", "hop", "hop"),  # the doubled consonant says "hop"
        ("visited", "VBD", "visit", "visit"),  # two syllables: no doubling rule, nothing to repair
        ("fixed", "VBD", "fix", "fix"),  # x never doubles
        ("hoped", "NN", "hop", "hop"),  # not a verb tag: left to the lemmatizer
        ("mapped", "VBD", "map", "map"),
        ("hopes", "VBZ", "hop", "hope"),
        ("fixes", "VBZ", "fix", "fix"),
    ],
)
def test_repaired_lemma(word, tag, lemma, expected):
    assert repaired_lemma(word, tag, lemma, VERBS) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "lemma"),
    [
        ("The director hoped to start shooting in May.", "hoped", "hope"),
        ("She is hoping to win the title.", "hoping", "hope"),
        ("He hopes to use the presidency to push the issue.", "hopes", "hope"),
        ("The band taped the show in London.", "taped", "tape"),
        ("The rabbit hopped over the fence.", "hopped", "hop"),
        ("They planned the visit for weeks.", "planned", "plan"),
    ],
)
def test_pipeline_lemmas(nlp, sentence, word, lemma):
    token = next(t for t in nlp(sentence) if t.text == word)
    assert token.lemma_ == lemma


def test_relation_label_uses_the_repaired_lemma(nlp):
    from extract.extractors.clauses import extract_clauses

    labels = {s.predicate for s in extract_clauses(nlp("Smith hoped to meet Jones in Paris."))}
    assert any(label.startswith("hope to meet") for label in labels), labels
