"""extract.lexicon: WordNet's lemma index from the installed spaCy pipeline."""

from __future__ import annotations

import pytest

from extract.lexicon import is_english_word


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("wireless", True), ("Direct", True), ("motor", True),  # the words firms end with
        ("Disney", True), ("Lynch", True),  # WordNet lists famous names too
        ("Lamboley", False), ("Mauresmo", False), ("Optiplex", False),  # surnames and coinages it does not
    ],
)
def test_english_words_from_the_pipelines_lemma_index(word, english):
    assert is_english_word(word) is english
