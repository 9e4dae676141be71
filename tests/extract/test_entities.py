"""Within-article names: titles → roles, short → full names, voted types, what is never a name."""

from __future__ import annotations

import pytest

from extract.entities import acronym_of, demonym_stems, find_entities, find_names, normalise_name, same_nationality, translit_key

pytestmark = pytest.mark.model


def _by_label(index):
    return {e.label: e for e in index.entities}


def _entity_of(doc, index, text, occurrence=0):
    starts = [i for i in range(len(doc)) if doc[i : i + len(text.split())].text == text]
    local_id = index.token_entity.get(starts[occurrence] + len(text.split()) - 1)
    return index.get(local_id) if local_id else None


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("Donald Trump spoke to reporters on Monday. Later Trump said the talks went well.", "Donald Trump", "Trump"),
        ("Volodymyr Zelensky arrived in Paris on Friday. Zelensky met the French leader.", "Volodymyr Zelensky", "Zelensky"),
        ("Angela Merkel gave a speech in Berlin. Merkel was cheered by the crowd.", "Angela Merkel", "Merkel"),
    ],
)
def test_short_name_joins_full_name(nlp, text, full, short):
    doc = nlp(text)
    index = find_names(doc)
    entity = _entity_of(doc, index, short, occurrence=1 if short in full else 0)
    assert entity is not None and entity.label == full and entity.type == "person"
    assert any(m.rule == "short-name" and m.text == short for m in entity.mentions)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Secretary of State Marco Rubio will travel to Rome next week.", "Marco Rubio", "Secretary of State"),
        ("Russian President Vladimir Putin spoke by phone on Tuesday.", "Vladimir Putin", "Russian President"),
        ("In a statement, Putin's special envoy, Kiril Dmitriev, praised the talks.", "Kiril Dmitriev", "special envoy"),
    ],
)
def test_titles_are_roles_not_names(nlp, text, name, role):
    index = find_entities(nlp(text))
    entities = _by_label(index)
    assert name in entities
    assert role in entities[name].roles
    assert not any(role == e.label for e in index.entities)


@pytest.mark.parametrize(
    ("text", "label", "alias", "rule"),
    [
        ("The European Union met on Monday. The EU said sanctions would follow.", "European Union", "EU", "acronym"),
        ("Kyiv wants Tomahawk missiles. Washington may send Tomahawks soon.", "Tomahawk", "Tomahawks", "plural"),
    ],
)
def test_variant_forms_join_their_entity(nlp, text, label, alias, rule):
    index = find_names(nlp(text))
    entity = _by_label(index)[label]
    assert alias in entity.aliases
    assert any(m.rule == rule for m in entity.mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian officials said the attacks hit Ukrainian energy systems.",
        "Russian troops advanced while American diplomats waited in Geneva.",
    ],
)
def test_norp_adjectives_never_become_entities(nlp, text):
    labels = {normalise_name(e.label) for e in find_entities(nlp(text)).entities}
    assert not labels & {"ukrainian", "russian", "american"}


def test_type_is_voted_not_one_label(nlp):
    text = (
        "Trump said he could supply Kiev with weapons. Two people died in Kiev on Monday. "
        "The city of Kiev was shelled again, and Kiev asked for help."
    )
    entity = _by_label(find_names(nlp(text)))["Kiev"]
    assert entity.type == "place"
    assert dict(entity.type_votes)["place"] > dict(entity.type_votes).get("person", 0)


def test_title_inside_secretary_of_state_is_no_organisation(nlp):
    index = find_entities(nlp("Secretary of State Marco Rubio spoke with the Russian foreign minister."))
    assert "State" not in _by_label(index)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Zelenskiy", "Zelensky", True), ("Kiril Dmitriev", "Kirill Dmitriev", True), ("Kiev", "Kyiv", True), ("Iran", "Iraq", False), ("Austria", "Australia", False)],
)
def test_translit_key(a, b, same):
    assert (translit_key(a) == translit_key(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Hungarian", "Hungary", True), ("US", "American", True), ("U.S.", "US", True), ("Russian", "Russia", True), ("Austrian", "Australia", False), ("French", "Finland", False)],
)
def test_same_nationality(a, b, same):
    assert same_nationality(a, b) is same
    assert bool(demonym_stems(a) & demonym_stems(b)) is same


@pytest.mark.parametrize(("short", "full", "ok"), [("EU", "European Union", True), ("UN", "United Nations", True), ("EU", "Energy Ministry", False), ("Nato", "North Atlantic Treaty Organization", False)])
def test_acronym_of(short, full, ok):
    assert acronym_of(short, full) is ok
