"""extract.sentences: sentence numbers, words and the Doc's text, worked out once per Doc."""

from __future__ import annotations

import pytest

from extract.sentences import doc_text, sentence_index, sentence_words

pytestmark = pytest.mark.model


def test_doc_text_is_the_docs_text_joined_once(nlp):
    doc = nlp("Headline\nThe minister spoke.  Then she left.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # kept in user_data, not joined again
    assert sentence_index(doc[-2]) == len(list(doc.sents)) - 1
    assert sentence_words(doc, 0)[0] == "Headline"
