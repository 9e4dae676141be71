"""The graph-only readings: nominal.v1, reciprocal.v1, participants.v1, passive.v1, reported.v1.

One parametrized table per family, each row a sentence written for the test
and the (subject, predicate, object) it must (or must not) give. The real
model parses them.
"""

from __future__ import annotations

import pytest

from extract.registry import DEFAULT_EXTRACTORS, OPENIE_EXTRACTORS, get_extractor

pytestmark = pytest.mark.model


def _triples(nlp, text: str, name: str) -> set[tuple[str, str, str]]:
    return {(s.subject.text, s.predicate, s.object.text) for s in get_extractor(name)(nlp(text))}


def _statements(nlp, text: str, name: str):
    return list(get_extractor(name)(nlp(text)))


def test_graph_readings_run_in_build_not_in_open_ie():
    graph_only = {"passive.v1", "nominal.v1", "reciprocal.v1", "participants.v1", "reported.v1"}
    assert graph_only <= set(DEFAULT_EXTRACTORS)
    assert not graph_only & set(OPENIE_EXTRACTORS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the clause subject took part in a communication noun of a scene-setting phrase
        ("After a long call with Angela Merkel, Emmanuel Macron announced new measures.", ("Emmanuel Macron", "call with", "Angela Merkel")),
        # possessor as agent of a travel noun
        ("Olaf Scholz's trip to Beijing was criticised.", ("Olaf Scholz", "trip to", "Beijing")),
        # between X and Y: the two sides
        ("The phone call between Biden and Xi lasted two hours.", ("Biden", "phone call with", "Xi")),
        ("A ceasefire between Armenia and Azerbaijan was announced.", ("Armenia", "ceasefire with", "Azerbaijan")),
        # possessor of an attack noun
        ("Russia's invasion of Ukraine began in February.", ("Russia", "invasion of", "Ukraine")),
    ],
)
def test_nominal_relations(nlp, text, expected):
    assert expected in _triples(nlp, text, "nominal.v1")


@pytest.mark.parametrize(
    "text",
    [
        # an attack in a scene-setting phrase is not the clause subject's attack
        "After the attack on Kyiv, Putin said nothing.",
        # a noun without its participant phrase relates nothing
        "After a long call, Macron announced new measures.",
    ],
)
def test_nominal_relations_are_not_guessed(nlp, text):
    assert _triples(nlp, text, "nominal.v1") == set()


def test_between_statements_are_symmetric(nlp):
    (statement,) = _statements(nlp, "The phone call between Biden and Xi lasted two hours.", "nominal.v1")
    assert statement.symmetric


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lavrov and Blinken will speak by phone on Friday.", ("Lavrov", "speak with", "Blinken")),
        ("Macron and Scholz met in Berlin.", ("Macron", "meet with", "Scholz")),
        ("President Macron and I will meet in Paris.", ("President Macron", "meet with", "I")),
    ],
)
def test_joint_subjects_of_reciprocal_verbs(nlp, text, expected):
    statements = _statements(nlp, text, "reciprocal.v1")
    assert expected in {(s.subject.text, s.predicate, s.object.text) for s in statements}
    assert all(s.symmetric for s in statements)


@pytest.mark.parametrize(
    "text",
    [
        "Macron met Scholz in Berlin.",  # one subject: clauses.v2 states it
        "Macron and Scholz signed the treaty.",  # an object of its own: not a reciprocal reading
        "Macron and Scholz said nothing.",  # not a reciprocal verb
    ],
)
def test_no_reciprocal_reading(nlp, text):
    assert _triples(nlp, text, "reciprocal.v1") == set()


def test_negated_reciprocal_keeps_its_negation(nlp):
    (statement,) = _statements(nlp, "Macron and Scholz did not meet.", "reciprocal.v1")
    assert statement.negated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kirill Dmitriev proposed to Elon Musk that they build a base.", ("Kirill Dmitriev", "propose to", "Elon Musk")),
        ("Trump wrote on Truth Social that he would win.", ("Trump", "write on", "Truth Social")),
        ("He will discuss the budget tomorrow with Angela Merkel.", ("He", "discuss budget with", "Angela Merkel")),
        ("The company sent weapons last week to Ukraine.", ("The company", "send weapons to", "Ukraine")),
        # a bare noun after the first preposition is the verb's idiom
        ("The new console has officially gone on sale in Europe.", ("The new console", "go on sale in", "Europe")),
        # a name the tagger took for a common noun is no part of the verb
        ("Singer Tom Jones has inducted Welsh rock band U9 into the Hall of Fame, in Boston.", ("Singer Tom Jones", "induct in", "Boston")),
    ],
)
def test_adjunct_participants(nlp, text, expected):
    assert expected in _triples(nlp, text, "participants.v1")


def test_a_phrase_right_after_the_object_is_left_to_the_noun(nlp):
    text = "Trump wrote a long message on Truth Social."
    assert _triples(nlp, text, "participants.v1") == set()
    assert ("Trump", "write message on", "Truth Social") in _triples(nlp, text, "mediated.v1")


@pytest.mark.parametrize(
    "text",
    [
        "After the summit in Geneva, Biden flew home.",  # time phrase and fronted scene
        "The minister said in London that prices would fall.",  # where something was said
        "He was at the Bernabeu behind Ronaldo.",  # a copula's phrases are scenery
        "Putin expressed frustration with Macron.",  # the phrase completes the noun (mediated.v1)
        "Truancy has been reduced by 5% through the Behaviour Improvement Programme.",  # a bare noun's adjuncts are scenery
        # a name coordinated with a date belongs to a list elsewhere, not to "on"
        "Scotland round off their qualifying campaign with matches against Spain on 7 September, Malta on 8 October and Belgium on 12 October.",
    ],
)
def test_no_adjunct_participant(nlp, text):
    assert _triples(nlp, text, "participants.v1") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A US delegation led by Marco Rubio arrived.", ("Marco Rubio", "lead", "A US delegation")),
        ("The deal was rejected by the European Commission.", ("the European Commission", "reject", "The deal")),
    ],
)
def test_passives_read_in_the_active_voice(nlp, text, expected):
    assert expected in _triples(nlp, text, "passive.v1")


def test_passive_without_agent_gives_nothing(nlp):
    assert _triples(nlp, "The deal was rejected on Monday.", "passive.v1") == set()


@pytest.mark.parametrize("text", ["The club and its manager have been informed by letter of the outcome.", "The forms were sent by post."])
def test_a_bare_noun_after_by_is_the_means_not_the_agent(nlp, text):
    assert _triples(nlp, text, "passive.v1") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin warned that supplying Tomahawks to Kyiv would escalate the war.", ("Putin", "warn about", "Tomahawks")),
        ("The minister said the economy would grow.", ("The minister", "say about", "the economy")),
    ],
)
def test_what_a_reported_clause_is_about(nlp, text, expected):
    assert expected in _triples(nlp, text, "reported.v1")


@pytest.mark.parametrize("text", ["Trump said he would win.", "Trump said Trump would win.", "The minister said it would rain.", "He added that just 1.3% of screens in the UK are capable."])
def test_pronoun_or_self_topics_give_nothing(nlp, text):
    assert _triples(nlp, text, "reported.v1") == set()


def test_participant_label_keeps_the_object_noun(nlp):
    triples = _triples(nlp, "She earned a law degree last year from Oxford University.", "participants.v1")
    assert ("She", "earn degree from", "Oxford University") in triples, triples
