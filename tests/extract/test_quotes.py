"""extract.quotes: a straight quote after a sentence's end, glued to the next word, reopens the quotation."""

from __future__ import annotations

import pytest

from extract.quotes import reopens_quotation


def _words(doc):
    return [t.text for t in doc], [1 if t.whitespace_ else 0 for t in doc]


@pytest.mark.parametrize(
    ("text", "reopens"),
    [
        ('He said: "I have faith in him. "When clubs called I told him no."', True),  # the next paragraph, its break lost
        ('He said: "I have faith in him. "', False),  # a closing quote after a space, nothing after it
        ('He said: "I have faith in him." Then "he" left.', False),  # closes, glued to the full stop
        ('She called it "absurd, "wrong" and "cruel".', False),  # no sentence end before the quote
    ],
)
def test_a_quote_reopens_only_after_a_sentence_end_and_before_a_word(nlp, text, reopens):
    doc = nlp(text)
    words, spaces = _words(doc)
    quotes = [i for i, w in enumerate(words) if w == '"']
    assert any(reopens_quotation(words, spaces, i) for i in quotes[1:]) is reopens


def test_only_straight_quotes_reopen(nlp):
    doc = nlp("He said: “I have faith in him. “When clubs called I said no.”")
    words, spaces = _words(doc)
    assert not any(reopens_quotation(words, spaces, i) for i in range(len(words)))
