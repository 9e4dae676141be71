"""Fixtures shared by the entity and coreference tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def with_ents(nlp):
    """Parse a text and replace its NER spans by hand, so a test checks the rules, not the model's labels.

    ``with_ents(text, [(surface, label, occurrence), ...])`` returns the Doc.
    """
    from spacy.tokens import Span

    def parse(text, spans):
        doc = nlp(text)
        ents = []
        for surface, label, occurrence in spans:
            n = len(nlp.make_doc(surface))
            starts = [i for i in range(len(doc) - n + 1) if doc[i : i + n].text == surface]
            ents.append(Span(doc, starts[occurrence], starts[occurrence] + n, label=label))
        doc.ents = ents
        return doc

    return parse
