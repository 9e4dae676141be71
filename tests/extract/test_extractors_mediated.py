"""mediated.v1 (noun-mediated relations) and the infinitive-after-object clauses of clauses.v2.

Sentences are written for these tests; the real model parses them.
"""

from __future__ import annotations

import pytest

from extract.registry import DEFAULT_EXTRACTORS, get_extractor

pytestmark = pytest.mark.model


def _triples(nlp, text: str, name: str) -> list[tuple[str, str, str, str]]:
    return [(s.subject.text, s.relation, s.predicate, s.object.text) for s in get_extractor(name)(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb's object noun carries the relation to a named thing
        ("Trump has expressed frustration with Putin.", ("Trump", "has expressed frustration with", "express frustration with", "Putin")),
        # a particle verb, the phrase attached to the verb right after the object
        ("The EU will ramp up pressure on Putin.", ("The EU", "will ramp up pressure on", "ramp up pressure on", "Putin")),
        # light verb + event noun: the subject is a participant by syntax
        ("Lavrov had a call with Rubio on Monday.", ("Lavrov", "had call with", "have call with", "Rubio")),
        # half of a hyphenated word is no modifier of the label
        ("He signed a long-term deal with Arsenal.", ("He", "signed deal with", "sign deal with", "Arsenal")),
        # xcomp chain and coordinated names: one statement per name
        ("He helped broker a ceasefire between Israel and Hamas.", ("He", "helped broker ceasefire between", "help broker ceasefire between", "Israel")),
        ("He helped broker a ceasefire between Israel and Hamas.", ("He", "helped broker ceasefire between", "help broker ceasefire between", "Hamas")),
        # the "-" of a hyphenated modifier the tagger took for a word is no part of the label
        ("The ban forced him to take a semi-professional contract with Neath RFC.", ("him", "to take contract with", "take contract with", "Neath RFC")),
        # a nationality classifies the noun: it stays in the label
        ("She signed a Russian gas deal with Gazprom.", ("She", "signed Russian gas deal with", "sign russian gas deal with", "Gazprom")),
        # object reached through the clause's preposition
        ("Kenya and Uganda agreed to a prisoner exchange with Sudan.", ("Kenya", "agreed to prisoner exchange with", "agree to prisoner exchange with", "Sudan")),
        # a named indirect object is who the noun is for
        ("The draw handed Chelsea a huge boost.", ("The draw", "handed huge boost", "hand boost", "Chelsea")),
        # ... also when the parser makes the name a first object
        ("She would have been giving Mr Hart and Mr Cole the same advice.", ("She", "would have been giving same advice", "give advice", "Mr Hart")),
    ],
)
def test_noun_mediated_statements(nlp, text, expected):
    assert expected in _triples(nlp, text, "mediated.v1")


@pytest.mark.parametrize(
    "text",
    [
        # the noun's phrase is no named thing
        "Trump has expressed frustration with the slow talks.",
        # the object is itself a name: the clause statement already links the two entities
        "Trump called Putin on Tuesday.",
        # a fronted phrase is not the clause's object: nobody is stated to be the caller
        "After a long call with Vladimir Putin, Donald Trump announced new talks.",
        # comparison is no relation
        "They will use the same tools as Germany.",
        # a time phrase is not a participant
        "Putin smiled during the visit to Moscow.",
        # "by" on a noun names its agent or author, no participant of the verb
        "The figures may delay an interest rate rise by the Bank of England.",
    ],
)
def test_no_mediated_statement(nlp, text):
    assert _triples(nlp, text, "mediated.v1") == []


def test_mediated_ranks_below_the_direct_reading(nlp):
    doc = nlp("Trump has expressed frustration with Putin.")
    direct = next(s for s in get_extractor("clauses.v2")(doc) if s.object.text == "frustration with Putin")
    [mediated] = list(get_extractor("mediated.v1")(doc))
    assert 0 < mediated.confidence < direct.confidence
    assert (mediated.provenance.extractor, mediated.provenance.extractor_version) == ("mediated.v1", 1)


def test_mediated_runs_by_default():
    assert "mediated.v1" in DEFAULT_EXTRACTORS


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # purpose: the governing subject does what the infinitive says; the relation is not "use … to pressure"
        (
            "The president will use the same instruments to pressure Moscow.",
            [("The president", "will use", "use", "the same instruments"), ("The president", "to pressure", "pressure", "Moscow")],
            ("The president", "will use to pressure", "use pressure", "Moscow"),
        ),
        # object control: a named object is who acts
        (
            "Macron urged Putin to stop the attacks.",
            [("Macron", "urged", "urge", "Putin"), ("Putin", "to stop", "stop", "the attacks")],
            ("Macron", "to stop", "stop", "the attacks"),
        ),
        # an infinitive straight after the verb still joins the relation
        (
            "The minister agreed to halt attacks.",
            [("The minister", "agreed to halt", "agree to halt", "attacks")],
            ("The minister", "to halt", "halt", "attacks"),
        ),
    ],
)
def test_infinitive_after_object(nlp, text, expected, absent):
    found = _triples(nlp, text, "clauses.v2")
    for triple in expected:
        assert triple in found
    assert absent not in found


def test_infinitive_after_object_inherits_modality_and_is_an_extra_argument(nlp):
    statements = list(get_extractor("clauses.v2")(nlp("The president will use the same instruments to pressure Moscow.")))
    pressure = next(s for s in statements if s.predicate == "pressure")
    use = next(s for s in statements if s.predicate == "use")
    assert pressure.modality == "will"
    assert [a.text for a in use.extra] == ["to pressure Moscow"]
