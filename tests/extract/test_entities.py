"""Within-article names: titles → roles, short → full names, voted types, what is never a name."""

from __future__ import annotations

import pytest

from extract.mentions import find_entities
from extract.entities import acronym_of, demonym_stems, find_names, normalise_name, same_nationality, translit_key

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
        # a description the model took into the name
        ("Rapper 50 Cent has become the first solo artist to have three singles in the top five.", "50 Cent", "Rapper"),
        ("Meanwhile, Briton Karl Keska battled bravely to finish seventh in the race.", "Karl Keska", "Briton"),
    ],
)
def test_titles_are_roles_not_names(nlp, text, name, role):
    _assert_role(find_entities(nlp(text)), name, role)


def _assert_role(index, name, role):
    entities = _by_label(index)
    assert name in entities
    assert role in entities[name].roles
    assert not any(role == e.label for e in index.entities)


@pytest.mark.parametrize(
    ("text", "spans", "name", "role", "etype"),
    [
        # the sentence's capital glued a description to the name: a role before a given name and surname ...
        ("Songwriter Guy Chambers has backed the scheme.", [("Songwriter Guy Chambers", "PERSON", 0)], "Guy Chambers", "Songwriter", "person"),
        # (a firm's word before a given name and surname is a person's job: "broadcaster" is both)
        ("Broadcaster Chris Evans has begun selling his possessions.", [("Broadcaster Chris Evans", "PERSON", 0)], "Chris Evans", "Broadcaster", "person"),
        # ... or the kind of thing the name is, said outright
        ("Comedy Meet The Fockers topped the box office.", [("Comedy Meet The Fockers", "PERSON", 0)], "Meet The Fockers", None, "work"),
        # a word of the name itself stays ("Green Party"; "Economist Intelligence Unit" ends in a word of names)
        ("Green Party leaders met on Monday.", [("Green Party", "ORG", 0)], "Green Party", None, "organization"),
        ("Economist Intelligence Unit figures rose.", [("Economist Intelligence Unit", "ORG", 0)], "Economist Intelligence Unit", None, "organization"),
    ],
)
def test_a_description_opening_the_sentence_leaves_the_name(nlp, text, spans, name, role, etype, with_ents):
    index = find_entities(with_ents(text, spans))
    entity = _by_label(index)[name]
    assert entity.type == etype
    if role:
        _assert_role(index, name, role)


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


# --------------------------------------------------------------------------- round 2: what is (not) a name
# These tests set the NER spans by hand, so they test the rules, not the model's labels.


@pytest.mark.parametrize(
    ("text", "surface", "label", "is_entity"),
    [
        ("The mayor made a promise to voters. Then he broke the Promise of lower taxes.", "Promise", "PERSON", False),
        ("Lawmakers rejected a bill on Monday. They will debate the Bill again in spring.", "Bill", "PERSON", False),
        ("Yesterday The Times reported tense times ahead for the party.", "Times", "ORG", True),
        ("Protesters marched towards the Kremlin on Monday.", "Kremlin", "ORG", True),
    ],
)
def test_capitalised_common_noun_is_no_entity(nlp, text, surface, label, is_entity, with_ents):
    doc = with_ents(text, [(surface, label, 0)])
    labels = {e.label for e in find_names(doc).entities}
    assert (surface in labels) is is_entity


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("Russia is a permanent threat to Europe, says Luxembourg PM", "Luxembourg PM"),
        ("The talks were productive, said the Kremlin spokesman on Friday.", "Kremlin spokesman"),
    ],
)
def test_office_without_a_name_is_a_description_not_a_node(nlp, text, office, with_ents):
    doc = with_ents(text, [(office, "PERSON", 0)])
    entity = _by_label(find_names(doc))[office]
    assert all(m.kind == "description" for m in entity.mentions)  # description-only: never a node
    assert office in entity.roles


@pytest.mark.parametrize(
    ("text", "spans", "word", "occurrence", "expected"),
    [
        # the model labelled only the first "Trump"
        ("Donald Trump met reporters. Trump, frustrated with the talks, said he would act.", [("Donald Trump", "PERSON", 0)], "Trump", 1, "Donald Trump"),
        ("Kiev was shelled. Drones flew towards kyiv overnight.", [("Kiev", "GPE", 0)], "kyiv", 0, "Kiev"),
        ("Vladimir Putin spoke to Olaf Scholz. Later Scholz called Paris.", [("Vladimir Putin", "PERSON", 0), ("Olaf Scholz", "PERSON", 0)], "Scholz", 1, "Olaf Scholz"),
        # a given name and a surname are a person's name under any label
        ("Four-times champion Dermot Donovan retired. A crisis led to Donovan being entered.", [("Dermot Donovan", "ORG", 0)], "Donovan", 1, "Dermot Donovan"),
    ],
)
def test_unlabelled_repeat_of_a_name_is_a_mention(nlp, text, spans, word, occurrence, expected, with_ents):
    doc = with_ents(text, spans)
    index = find_names(doc)
    entity = _entity_of(doc, index, word, occurrence)
    assert entity is not None and entity.label == expected
    assert any(m.rule == "name-match" and m.text == word for m in entity.mentions)


@pytest.mark.parametrize(
    ("text", "spans", "word", "occurrence"),
    [
        # a token the NER gave another label keeps it
        ("Theresa May spoke in London. In May the vote was held.", [("Theresa May", "PERSON", 0), ("May", "DATE", 1)], "May", 1),
        # a lower-case common noun is not the country
        ("Turkey sent aid to the region. Families ate turkey at dinner.", [("Turkey", "GPE", 0)], "turkey", 0),
        # a modal verb is not the surname
        ("Theresa May spoke in London. May we ask why?", [("Theresa May", "PERSON", 0)], "May", 1),
    ],
)
def test_unlabelled_repeat_leaves_other_words_alone(nlp, text, spans, word, occurrence, with_ents):
    doc = with_ents(text, spans)
    index = find_names(doc)
    assert _entity_of(doc, index, word, occurrence) is None


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Power is still out in the Russian-controlled part of Kherson.", "Kherson", "PERSON", "place"),
        ("Shelling hit the outskirts of Zaporizhia again.", "Zaporizhia", "PERSON", "place"),
        ("Hungary has invoked the Rome Statute before.", "Rome Statute", "ORG", "work"),
        ("Saab makes the JAS 39 Gripen fighter jet.", "JAS 39 Gripen", "ORG", "product"),
        ("Critics say the Scottish Executive is shirking the issue.", "Scottish Executive", "GPE", "organization"),
        ("She will defend her title at the Great Northern Run in May.", "Great Northern Run", "GPE", "event"),
        ("The documentary won best film at the People's Choice Awards.", "People's Choice Awards", "ORG", "event"),
        ("The former Yukos boss has been in jail since October.", "Yukos", "PERSON", "organization"),  # whom the boss works for
        ("Nottingham Forest will be at home to Leeds on Saturday.", "Nottingham Forest", "PERSON", "organization"),  # a city opens no person's name
        ("Chelsea have not played Barcelona since the semi-final.", "Barcelona", "GPE", "organization"),  # the object of "play" is a side
        ("He had a spell with Moroccan side Wydad in 2001.", "Wydad", "GPE", "organization"),
        ("Rangers' goalkeeper Obuya made two fine saves.", "Obuya", "ORG", "person"),
        ("Barcelona will host the summit in June.", "Barcelona", "GPE", "place"),  # a host of anything but a match
        ("The Magpies were beaten again on Saturday.", "Magpies", "PERSON", "organization"),  # a plural name is a team, not one person
        ("The Tories hope to win Leeds North West in May.", "Leeds North West", "PERSON", "place"),
        ("Sydney Pollack directed the film in 1985.", "Sydney Pollack", "PERSON", "person"),  # a given name first
        ("Delta Moreno sang at the gala last night.", "Delta Moreno", "PERSON", "person"),  # a town of 100,000 is no club's name
    ],
)
def test_context_outvotes_a_wrong_label(nlp, text, surface, label, expected, with_ents):
    doc = with_ents(text, [(surface, label, 0)])
    assert _by_label(find_names(doc))[surface].type == expected


def test_span_with_a_glued_bracket_is_no_name(nlp):
    doc = nlp("Workers removed the letters, short for Otvajnie(For victory), from the gates.")
    start = next(t.i for t in doc if t.text.startswith("Otvajnie"))
    from spacy.tokens import Span

    doc.ents = [Span(doc, start, start + 2, label="ORG")]  # "Otvajnie(For victory", as the NER cut it
    assert find_names(doc).entities == []


def test_title_is_never_matched_as_a_surname(nlp, with_ents):
    # "Lord" ends the (badly cut) name "Tory Treasurer Lord"; "Lord Ashcroft" must not join it.
    doc = with_ents("Tory Treasurer Lord spoke first. The party repaid money to Lord Ashcroft.", [("Tory Treasurer Lord", "PERSON", 0), ("Ashcroft", "PERSON", 0)])
    index = find_names(doc)
    assert _entity_of(doc, index, "Lord", 1) is None


def test_indefinite_article_is_no_part_of_a_name(nlp, with_ents):
    doc = with_ents("Bloom received a Hans Christian Andersen award.", [("a Hans Christian Andersen", "PERSON", 0)])
    assert "Hans Christian Andersen" in _by_label(find_names(doc))


# --------------------------------------------------------------------------- round 3: short forms across types, given names


@pytest.mark.parametrize(
    ("text", "spans", "joins"),
    [
        # A company's name without its business word ("Stores", "Group") is the company ...
        ("Harbour Point Stores received an offer. Harbour Point said it would reply.", [("Harbour Point Stores", "ORG", 0), ("Harbour Point", "GPE", 1)], True),
        # ... but a real place stays the place ("Hong Kong" beside "Hong Kong Airlines").
        ("Hong Kong Airlines grew. In Hong Kong tourism rose.", [("Hong Kong Airlines", "ORG", 0), ("Hong Kong", "GPE", 1)], False),
    ],
)
def test_a_company_name_without_its_business_word_joins_it(nlp, text, spans, joins, with_ents):
    doc = with_ents(text, spans)
    short = _entity_of(doc, find_names(doc), spans[-1][0], 1)
    assert (short.label == spans[0][0]) is joins
    if joins:
        assert short.type == "organization" and any(m.rule == "company-short-name" for m in short.mentions)


@pytest.mark.parametrize(
    ("text", "spans", "surface", "occurrence", "label", "rule"),
    [
        # A surname the model typed a place still joins its full name ...
        ("Manuel Almunia kept a clean sheet. Almunia said the defence was superb.", [("Manuel Almunia", "PERSON", 0), ("Almunia", "GPE", 1)], "Almunia", 1, "Manuel Almunia", "short-name"),
        # ... and a given name alone means the one person of the article with it.
        ("Bob Marley recorded the album in London. Bob later toured America.", [("Bob Marley", "PERSON", 0), ("London", "GPE", 0), ("Bob", "PERSON", 1), ("America", "GPE", 0)], "Bob", 1, "Bob Marley", "first-name"),
    ],
)
def test_short_forms_join_across_confused_types(nlp, text, spans, surface, occurrence, label, rule, with_ents):
    doc = with_ents(text, spans)
    index = find_names(doc)
    tok = [t for t in doc if t.text == surface][occurrence]
    entity = index.get(index.token_entity[tok.i])
    assert entity.label == label and entity.type == "person"
    assert next(m.rule for m in entity.mentions if m.start_char == tok.idx) == rule


@pytest.mark.parametrize(
    ("text", "spans", "joins"),
    [
        # The first word of the article's one company name, typed a person by the model, is that company.
        ("Kestrel Airlines cut its fares on Monday. Kestrel said profits would rise.", [("Kestrel Airlines", "ORG", 0), ("Kestrel", "PERSON", 1)], True),
        # A name the model calls an organisation itself stays one of its own ("BBC" beside "BBC News").
        ("Quorvex Media bought the paper. Quorvex owns radio stations too.", [("Quorvex Media", "ORG", 0), ("Quorvex", "ORG", 1)], False),
        # So does a city ("Leeds" beside "Leeds United") ...
        ("Leeds United lost again. Fans in Leeds were angry.", [("Leeds United", "ORG", 0), ("Leeds", "PERSON", 1)], False),
        # ... and a word opening two company names.
        ("Kestrel Airlines and Kestrel Foods both grew. Kestrel said so.", [("Kestrel Airlines", "ORG", 0), ("Kestrel Foods", "ORG", 0), ("Kestrel", "PERSON", 2)], False),
    ],
)
def test_first_word_of_a_company_name_joins_it(nlp, text, spans, joins, with_ents):
    doc = with_ents(text, spans)
    index = find_names(doc)
    short, full = spans[-1][0], spans[0][0]
    tok = [t for t in doc if t.text == short][spans[-1][2]]
    entity = index.get(index.token_entity[tok.i])
    assert (entity.label == full) is joins
    if joins:
        assert entity.type == "organization"
        assert next(m.rule for m in entity.mentions if m.start_char == tok.idx) == "company-short-name"


@pytest.mark.parametrize(
    ("text", "spans", "surface"),
    [
        # Two people share the given name: it joins neither.
        ("Ian Smith and Ian Jones played well. Ian scored twice.", [("Ian Smith", "PERSON", 0), ("Ian Jones", "PERSON", 0), ("Ian", "PERSON", 2)], "Ian"),
        # A real place does not join a person's name that ends with it.
        ("George Washington crossed the river. Washington is a city of lawyers.", [("George Washington", "PERSON", 0), ("Washington", "GPE", 1)], "Washington"),
    ],
)
def test_ambiguous_short_forms_stay_apart(nlp, text, spans, surface, with_ents):
    doc = with_ents(text, spans)
    labels = {e.label for e in find_names(doc).entities}
    assert surface in labels


def test_given_name_outvotes_a_place_label(nlp, with_ents):
    doc = with_ents("Critics praised Kitty Oppenheimer for the role.", [("Kitty Oppenheimer", "GPE", 0)])
    assert find_names(doc).entities[0].type == "person"


@pytest.mark.parametrize(("name", "label"), [("Sinclair Spectrum", "PRODUCT"), ("Walt Disney", "ORG")])
def test_given_name_does_not_retype_companies_and_products(nlp, name, label, with_ents):
    doc = with_ents(f"Sales of {name} rose sharply last year.", [(name, label, 0)])
    assert find_names(doc).entities[0].type != "person"


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        ("Mr Blair met the press on Monday.", "Blair", ()),
        ("Sir Alex Ferguson praised the team.", "Alex Ferguson", ()),
        ("Dame Kelly Holmes won the race.", "Kelly Holmes", ()),
        ("The Lord Chancellor Lord Falconer spoke on Monday.", "Falconer", ("Lord Chancellor",)),
    ],
)
def test_honorifics_are_no_roles(nlp, text, name, roles):
    entity = next(e for e in find_names(nlp(text)).entities if e.label == name)
    assert entity.roles == roles and entity.type == "person"


@pytest.mark.parametrize(
    ("text", "spans", "surface", "expected"),
    [
        # One definition outweighs the model's labels on every other mention.
        ("German car maker Falken Motors unveiled a coupe. Falken Motors said sales rose. Falken Motors hired staff.",
         [("Falken Motors", "PERSON", 0), ("Falken Motors", "PERSON", 1), ("Falken Motors", "PERSON", 2)], "Falken Motors", "organization"),
        ("Trovix is one of the many companies selling such cards. Trovix said so. Trovix grew.",
         [("Trovix", "GPE", 0), ("Trovix", "GPE", 1), ("Trovix", "GPE", 2)], "Trovix", "organization"),
        ("The album was blocked by Maria Lund, the widow of the singer, who did not want it out.",
         [("Maria Lund", "ORG", 0)], "Maria Lund", "person"),
        # "giant" alone is loose ("a giant of the stage"); a giant of a trade is a firm.
        ("Shares in oil giant Kestrov fell. Kestrov said so. Kestrov will appeal. Kestrov owes taxes.",
         [("Kestrov", "PERSON", 0), ("Kestrov", "PERSON", 1), ("Kestrov", "PERSON", 2), ("Kestrov", "PERSON", 3)], "Kestrov", "organization"),
        # Not definitions: an apposition after a dash, a name inside the apposition, a loose noun.
        ("The band played in the capital, Varna - the first rock band to play there. Varna cheered.",
         [("Varna", "GPE", 0), ("Varna", "GPE", 1)], "Varna", "place"),
        ("The Tulsa, Oklahoma-based firm has debts. Tulsa is a city.",
         [("Tulsa", "GPE", 0), ("Oklahoma", "GPE", 0), ("Tulsa", "GPE", 1)], "Tulsa", "place"),
        ("Mr Wood said Expotec is clearly a show in decline. Expotec opened. Expotec closed.",
         [("Expotec", "ORG", 0), ("Expotec", "ORG", 1), ("Expotec", "ORG", 2)], "Expotec", "organization"),
        # a noun only people are, set off by commas before the name ("the executive" is also a government)
        ("Kenteris's lawyer, Gregory Ioannidis, reacted angrily. Ioannidis said so.",
         [("Gregory Ioannidis", "ORG", 0), ("Ioannidis", "ORG", 1)], "Gregory Ioannidis", "person"),
        ("The study was commissioned by the executive, Borders Council, and others.",
         [("Borders Council", "ORG", 0)], "Borders Council", "organization"),
        # what a passive "named"/"voted" makes of its subject defines it
        ("The Aviator has been named best film at the awards. The Aviator won five prizes.",
         [("Aviator", "ORG", 0), ("Aviator", "ORG", 1)], "Aviator", "work"),
        # a description before the name, the name set off by commas: as much a definition as one after it
        ("David Mitchell's Booker-shortlisted novel, Cloud Atlas, makes the top 10. Cloud Atlas sold well.",
         [("David Mitchell", "PERSON", 0), ("Cloud Atlas", "PERSON", 0), ("Cloud Atlas", "PERSON", 1)], "Cloud Atlas", "work"),
    ],
)
def test_a_definition_outweighs_repeated_labels(nlp, text, spans, surface, expected, with_ents):
    doc = with_ents(text, spans)
    assert _by_label(find_names(doc))[surface].type == expected


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("Don Cheadle was praised for starring in Hotel Rwanda.", "Hotel Rwanda", "GPE", "work"),
        ("The film Hotel Rwanda opened in London.", "Hotel Rwanda", "GPE", "work"),
        ("Investors bought shares in Acme on Monday.", "Acme", "GPE", "organization"),
        ("Profits at Widget Group rose sharply.", "Widget Group", "PERSON", "organization"),
        ("The talks were held in Acme on Monday.", "Acme", "GPE", "place"),
    ],
)
def test_context_cues_for_works_and_companies(nlp, text, surface, label, expected, with_ents):
    doc = with_ents(text, [(surface, label, 0)])
    entity = next(e for e in find_names(doc).entities if e.label == surface)
    assert entity.type == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("Oakfield v Leeds United ended in a draw.", [("Oakfield v Leeds United", "PERSON", 0)], {("Oakfield", "organization"), ("Leeds United", "organization")}),
        ("Exeter v Leeds ended in a draw.", [("Exeter v Leeds", "PERSON", 0)], {("Exeter", "organization"), ("Leeds", "organization")}),
        ("He toured Recife, Salvador and Rio.", [("Recife, Salvador", "GPE", 0), ("Rio", "GPE", 0)], {("Recife", "place"), ("Salvador", "place"), ("Rio", "place")}),
        ("Rob Partridge - Marley was a friend.", [("Rob Partridge - Marley", "PERSON", 0)], {("Rob Partridge", "person"), ("Marley", "person")}),
        # Hyphenated names and short slashed acronyms stay whole.
        ("Elizabeth Butler-Sloss spoke before AC/DC played.", [("Elizabeth Butler-Sloss", "PERSON", 0), ("AC/DC", "ORG", 0)], {("Elizabeth Butler-Sloss", "person"), ("AC/DC", "organization")}),
        # Time zones are never names.
        ("The match starts at 1500 GMT in Leeds.", [("GMT", "ORG", 0), ("Leeds", "GPE", 0)], {("Leeds", "place")}),
        # "New" opening a sentence before a role is an adjective; before a title, a word of the office.
        ("New Exeter manager Harry Redknapp faces his old club.", [("New Exeter", "ORG", 0), ("Harry Redknapp", "PERSON", 0)], {("Exeter", "organization"), ("Harry Redknapp", "person")}),
        ("New Home Secretary Charles Clarke has vowed to act.", [("New Home", "ORG", 0), ("Charles Clarke", "PERSON", 0)], {("Charles Clarke", "person")}),
        ("New York mayor Michael Bloomberg spoke.", [("New York", "GPE", 0), ("Michael Bloomberg", "PERSON", 0)], {("New York", "place"), ("Michael Bloomberg", "person")}),
        # A common noun capitalised only because it opens the sentence, modifying the noun after it.
        ("Wheelchair user Kevin Dunne was asked why.", [("Wheelchair", "ORG", 0), ("Kevin Dunne", "PERSON", 0)], {("Kevin Dunne", "person")}),
    ],
)
def test_glued_spans_are_split_and_non_names_dropped(nlp, text, spans, expected, with_ents):
    doc = with_ents(text, spans)
    assert {(e.label, e.type) for e in find_names(doc).entities} == expected


def test_line_breaks_are_no_part_of_a_name(nlp):
    doc = nlp("Fans travelled to Blackpool\n\nThe match was cold.")
    from spacy.tokens import Span

    doc.ents = [Span(doc, 3, 5, label="GPE")]  # "Blackpool" plus the line break token
    assert [e.label for e in find_names(doc).entities] == ["Blackpool"]


def test_country_name_is_no_person(nlp, with_ents):
    doc = with_ents("Sri Lanka won the toss on Monday.", [("Sri Lanka", "PERSON", 0)])
    assert find_names(doc).entities[0].type == "place"


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Brightwell spokesman Tom Hale said the odds had changed.", "Brightwell", "ORG"),
        ("Microsoft chairman Bill Gates said sales were strong.", "Microsoft", "ORG"),
    ],
)
def test_name_modifying_an_office_is_no_person(nlp, text, surface, label, with_ents):
    doc = with_ents(text, [(surface, label, 0)])
    entity = next(e for e in find_names(doc).entities if e.label == surface)
    assert entity.type != "person"


def test_honorific_opens_a_person_name_whatever_the_label(nlp, with_ents):
    doc = with_ents("Tom Hale spoke first. Later Mr Hale said the plan was wrong.", [("Tom Hale", "PERSON", 0), ("Mr Hale", "GPE", 0)])
    (entity,) = find_names(doc).entities
    assert entity.label == "Tom Hale" and entity.type == "person" and entity.roles == ()


def test_surname_that_is_also_a_town_joins_its_person(nlp, with_ents):
    # "Bush" is also a town of 136,000 in Egypt; beside "George Bush" it is his surname.
    doc = with_ents("George Bush spoke on Monday. Bush said the war was over.", [("George Bush", "PERSON", 0), ("Bush", "GPE", 1)])
    (entity,) = find_names(doc).entities
    assert entity.label == "George Bush" and entity.type == "person"


# --------------------------------------------------------------------------- round 4: contests, line-ups, works, employers


@pytest.mark.parametrize(
    ("text", "spans", "surface", "expected"),
    [
        # A town that beats or draws is its club; a country stays the country.
        ("Bolton beat Leeds 2-1 on Saturday.", [("Bolton", "GPE", 0), ("Leeds", "GPE", 0)], "Bolton", "organization"),
        ("Arsenal drew with Southampton at home.", [("Arsenal", "ORG", 0), ("Southampton", "GPE", 0)], "Southampton", "organization"),
        ("The draw: Burnley or Bolton v Derby.", [("Burnley", "GPE", 0), ("Bolton", "GPE", 0), ("Derby", "GPE", 0)], "Derby", "organization"),
        ("Exeter City face a replay.", [("Exeter City", "GPE", 0)], "Exeter City", "organization"),
        ("Flights to Mexico City were cancelled.", [("Mexico City", "GPE", 0)], "Mexico City", "place"),
        ("France beat Italy in Paris.", [("France", "GPE", 0), ("Italy", "GPE", 0), ("Paris", "GPE", 0)], "France", "place"),
        ("Wales beat Scotland in Cardiff.", [("Wales", "GPE", 0), ("Scotland", "GPE", 0), ("Cardiff", "GPE", 0)], "Wales", "place"),
        # ... but an unknown one-word name that loses may be a player.
        ("Sharapova lost to Kuznova in Beijing.", [("Sharapova", "PERSON", 0), ("Kuznova", "GPE", 0), ("Beijing", "GPE", 0)], "Kuznova", "place"),
        # Offices of a club name the club even when it is a town.
        ("Southampton manager Harry Redknapp was pleased.", [("Southampton", "GPE", 0), ("Harry Redknapp", "PERSON", 0)], "Southampton", "organization"),
        # A line-up: a given name and a surname before a club in brackets is a player.
        ("The squad: Yann Delmas (Castres), Petra Lind (Brive).", [("Yann Delmas", "ORG", 0), ("Castres", "GPE", 0), ("Petra Lind", "ORG", 0), ("Brive", "GPE", 0)], "Yann Delmas", "person"),
        # A common noun in front says what the name is; an office does not ("sector leader").
        ("British car maker Astor Vale launched a cheaper model.", [("Astor Vale", "PERSON", 0)], "Astor Vale", "organization"),
        ("WPP became big enough to rival sector leader Omnicorp.", [("WPP", "ORG", 0), ("Omnicorp", "ORG", 0)], "Omnicorp", "organization"),
        # Works: by an author, performed, staged.
        ("The prize went to Blue Harbour by Zadie Smith.", [("Blue Harbour", "ORG", 0), ("Zadie Smith", "PERSON", 0)], "Blue Harbour", "work"),
        ("She had her first role in a performance of Humpty Dumpty.", [("Humpty Dumpty", "ORG", 0)], "Humpty Dumpty", "work"),
        ("The DVD includes Teen Rain, the track that made the band famous.", [("Teen Rain", "ORG", 0)], "Teen Rain", "work"),
        # Staff for or at a firm; a firm is one of the companies.
        ("Barry Beal, security manager for Capgem, spoke.", [("Barry Beal", "PERSON", 0), ("Capgem", "GPE", 0)], "Capgem", "organization"),
        ("Activa is one of the many companies in the field.", [("Activa", "GPE", 0)], "Activa", "organization"),
        # What only a person is, right before the name; a title alone after "the".
        ("Four-times champion Dermot Donovan will not run on Saturday.", [("Dermot Donovan", "ORG", 0)], "Dermot Donovan", "person"),
        ("The club's skipper Marco Bertoldi was injured.", [("Marco Bertoldi", "ORG", 0)], "Marco Bertoldi", "person"),
        ("Writing in the paper, the Bishop said the war was wrong.", [("Bishop", "ORG", 0)], "Bishop", "person"),
        # A given name and a surname that is no English word: a person, whatever the label says ...
        ("Coach Ruiz named Gregory Lambard in the side.", [("Gregory Lambard", "ORG", 0)], "Gregory Lambard", "person"),
        # ... but not a firm named after its founder that WordNet knows, nor a plural.
        ("Walt Disney reported higher profits.", [("Walt Disney", "ORG", 0)], "Walt Disney", "organization"),
        ("Sun Microsystems reported higher profits.", [("Sun Microsystems", "ORG", 0)], "Sun Microsystems", "organization"),
        # A name with stars is a show; a genre noun before a name makes it a work; a person's name before one is its star.
        ("Little Albion star Matt Lucas presented the awards.", [("Little Albion", "GPE", 0), ("Matt Lucas", "PERSON", 0)], "Little Albion", "work"),
        ("The sci-fi horror Doom 3 went to the top of the charts.", [("Doom", "PERSON", 0)], "Doom", "work"),
        ("The Robert de Niro thriller Hide and Seek fell to number four.", [("Robert de Niro", "PERSON", 0), ("Hide and Seek", "WORK_OF_ART", 0)], "Robert de Niro", "person"),
        # A prize won with "a"/"an" is no person.
        ("The actor is nominated for an Oscar this year.", [("Oscar", "PERSON", 0)], "Oscar", "event"),
        ("Rapper Smith won a Grammy in May.", [("Grammy", "GPE", 0)], "Grammy", "event"),
        # No person's name opens with a compass word; a name that is a sentence is a title.
        ("North Wessex landowner Giles Bradley was put in touch with the group.", [("North Wessex", "PERSON", 0), ("Giles Bradley", "PERSON", 0)], "North Wessex", "place"),
        ("The fundraiser, Sorrow Never Grows Old, slipped to number eight.", [("Sorrow Never Grows Old", "PERSON", 0)], "Sorrow Never Grows Old", "work"),
        # A surname with an apostrophe is a word of the name.
        ("Ireland's Brian O'Dwyer will lead the side.", [("Ireland", "GPE", 0), ("Brian O'Dwyer", "PERSON", 0)], "Brian O'Dwyer", "person"),
        # a giant of a trade right before the name, whatever the parser made of it
        ("Britons will miss out, predicts the report by telecoms giant Vantel.", [("Vantel", "GPE", 0)], "Vantel", "organization"),
        # one list, one kind: a name among places of the gazetteer is a place, whatever its label ...
        ("She toured Leeds, Bristol, Coventry, Wessex and Kernow last week.",
         [("Leeds", "GPE", 0), ("Bristol", "GPE", 0), ("Coventry", "GPE", 0), ("Wessex", "ORG", 0), ("Kernow", "PERSON", 0)], "Kernow", "place"),
        # ... but not in a list of clubs named after their towns, which the model labels ORG
        ("City beat Leeds, Bristol, Fulwood and Ashby this season.",
         [("Leeds", "ORG", 0), ("Bristol", "ORG", 0), ("Fulwood", "ORG", 0), ("Ashby", "ORG", 0)], "Ashby", "organization"),
        # a side is a team, a trade in the plural a firm, a bill a text, and "the" opens no person's name
        ("Team Wessex won three golds.", [("Team Wessex", "PERSON", 0)], "Team Wessex", "organization"),
        ("Coral Cruises runs three ships.", [("Coral Cruises", "PRODUCT", 0)], "Coral Cruises", "organization"),
        ("MPs backed the Protection of Rivers Bill on Monday.", [("the Protection of Rivers Bill", "ORG", 0)], "Protection of Rivers Bill", "work"),
        ("The firm operates the Crystal Dawn, a liner.", [("the Crystal Dawn", "LOC", 0)], "Crystal Dawn", "place"),
        # one hyphenated word is no given name and surname; a monopoly is a firm; an unknown acronym labelled GPE is weak
        ("US supermarket group Penn-Dixon has filed for bankruptcy protection. Penn-Dixon blamed Wal-Mart.", [("Penn-Dixon", "PERSON", 0), ("Penn-Dixon", "PERSON", 1)], "Penn-Dixon", "organization"),
        ("Vostgaz, the state-controlled gas monopoly, made no bid.", [("Vostgaz", "GPE", 0)], "Vostgaz", "organization"),
        ("Young readers have voted Tom Vale, a story about a dog, the winner of the prize.", [("Tom Vale", "PRODUCT", 0)], "Tom Vale", "work"),
        ("Japanese carmaker Hondai reported higher profits.", [("Hondai", "GPE", 0)], "Hondai", "organization"),
        ("He signed a contract with Penrhos RFC in May.", [("Penrhos RFC", "PERSON", 0)], "Penrhos RFC", "organization"),
        ("The National Company for Mutual Insurance (NCMI) sold shares. NCMI rose 5%.",
         [("National Company for Mutual Insurance", "ORG", 0), ("NCMI", "GPE", 0), ("NCMI", "GPE", 1)], "National Company for Mutual Insurance", "organization"),
    ],
)
def test_construction_cues_for_types(nlp, text, spans, surface, expected, with_ents):
    doc = with_ents(text, spans)
    assert _by_label(find_names(doc))[surface].type == expected


def test_person_surname_retypes_its_full_name(nlp, with_ents):
    # "Nadal" a person beside "Rafael Nadal" labelled ORG: one person.
    doc = with_ents("Rafael Nadal faces Mardy Fish. Nadal won easily.", [("Rafael Nadal", "ORG", 0), ("Mardy Fish", "PERSON", 0), ("Nadal", "PERSON", 1)])
    entity = _by_label(find_names(doc))["Rafael Nadal"]
    assert entity.type == "person" and "Nadal" in entity.aliases
    assert {m.rule for m in entity.mentions} == {"ner", "short-name"}


@pytest.mark.parametrize(
    ("text", "spans", "full", "expected"),
    [
        # a given name no list holds: the first word is no English word, so the two words are a person's name
        ("Pundits believe Phillips Idowu can take gold. Idowu made his breakthrough in 2000.",
         [("Phillips Idowu", "ORG", 0), ("Idowu", "PERSON", 1)], "Phillips Idowu", "person"),
        # an English word first ("Royal"), or a firm's ending, is no given name: the two stay apart
        ("Royal Doulton cut jobs. Doulton said he was sorry.", [("Royal Doulton", "ORG", 0), ("Doulton", "PERSON", 1)], "Royal Doulton", "organization"),
        ("Kvist Holdings cut jobs. Holdings said he was sorry.", [("Kvist Holdings", "ORG", 0), ("Holdings", "PERSON", 1)], "Kvist Holdings", "organization"),
        # a name the model labelled an organisation more than once is one, whatever its surname-like last word
        ("Deutsche Boerse bid for the LSE. Deutsche Boerse wants it. Boerse said he would appeal.",
         [("Deutsche Boerse", "ORG", 0), ("Deutsche Boerse", "ORG", 1), ("Boerse", "PERSON", 2)], "Deutsche Boerse", "organization"),
    ],
)
def test_person_surname_retypes_a_full_name_with_an_unknown_given_name(nlp, text, spans, full, expected, with_ents):
    entity = _by_label(find_names(with_ents(text, spans)))[full]
    assert entity.type == expected


def test_person_surname_leaves_a_firm_alone(nlp, with_ents):
    # "Tate & Lyle" is no person's name, whatever "Lyle" is.
    doc = with_ents("Tate & Lyle cut jobs. Lyle said sorry.", [("Tate & Lyle", "ORG", 0), ("Lyle", "PERSON", 1)])
    assert _by_label(find_names(doc))["Tate & Lyle"].type == "organization"


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        ("Fans queued for Grand Theft Auto: the new edition.", "Grand Theft Auto:", "ORG", "Grand Theft Auto"),
        ("The fans cheered Manchester United through the night.", "Manchester United through", "ORG", "Manchester United"),
        ("He paid Dominic Carman - son of the judge - a visit.", "Dominic Carman - son", "PERSON", "Dominic Carman"),
        ("The Conservative party met on Monday.", "Conservative party", "ORG", "Conservative party"),  # what the name is stays
        ("Sales of Blu-ray players rose.", "Blu-ray", "ORG", "Blu-ray"),  # a hyphenated word is one word
    ],
)
def test_name_ends_with_a_name_word(nlp, text, span, label, expected, with_ents):
    doc = with_ents(text, [(span, label, 0)])
    assert [e.label for e in find_names(doc).entities] == [expected]


def test_lower_case_span_is_no_name(nlp, with_ents):
    doc = with_ents("The iris scan is quick.", [("iris scan", "PERSON", 0)])
    assert find_names(doc).entities == []


def test_honorific_makes_a_surname_not_a_given_name(nlp):
    # "Mr Howard" is someone surnamed Howard, not Howard Flight.
    index = find_names(nlp("Howard Flight was sacked on Friday. Mr Howard said the party was united. Bob Marley sang. Bob smiled."))
    labels = {e.label: [m.text for m in e.mentions] for e in index.entities}
    assert labels["Howard Flight"] == ["Howard Flight"] and "Howard" in labels
    assert labels["Bob Marley"] == ["Bob Marley", "Bob"]  # a given name alone still joins


def test_surname_labelled_norp_is_still_the_person(nlp, with_ents):
    doc = with_ents("Spain coach Jordi Arrese rested Nadal. Arrese said the team was tired.", [("Jordi Arrese", "PERSON", 0), ("Nadal", "PERSON", 0), ("Arrese", "NORP", 1)])
    entity = _by_label(find_names(doc))["Jordi Arrese"]
    assert [m.text for m in entity.mentions] == ["Jordi Arrese", "Arrese"]


def test_nationality_stays_no_name(nlp, with_ents):
    doc = with_ents("Jordi Arrese rested Nadal. Spanish fans were unhappy.", [("Jordi Arrese", "PERSON", 0), ("Nadal", "PERSON", 0), ("Spanish", "NORP", 0)])
    assert "Spanish" not in _by_label(find_names(doc))


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("Kenyan Alice Tembo won the race.", "Kenyan Alice Tembo", "Alice Tembo"),
        ("Croatian Ivan Lukic beat him.", "Croatian Ivan Lukic", "Ivan Lukic"),
        ("Winger Nitoglio scored twice.", "Winger Nitoglio", "Nitoglio"),
        ("Fans cheered plus Ryan Giggs.", "plus Ryan Giggs", "Ryan Giggs"),
        # a given name, a particle or a name word stays
        ("Roman Abramovich bought the club.", "Roman Abramovich", "Roman Abramovich"),
        ("They played Ludwig van Beethoven.", "Ludwig van Beethoven", "Ludwig van Beethoven"),
    ],
)
def test_a_leading_nationality_or_role_is_no_part_of_a_name(nlp, text, span, label, with_ents):
    doc = with_ents(text, [(span, "PERSON", 0)])
    assert [e.label for e in find_names(doc).entities] == [label]


@pytest.mark.parametrize(("word", "expected"), [("Kenyan", True), ("Spaniard", True), ("German", True), ("Kenya", False), ("Smith", False), ("Chad", False)])
def test_is_demonym(word, expected):
    from extract.entities import is_demonym

    assert is_demonym(word) is expected


def test_an_acronym_is_nobodys_surname(nlp, with_ents):
    doc = with_ents("The Humax set has a TiVo DVR inside. A DVR records television.", [("TiVo DVR", "PERSON", 0), ("DVR", "ORG", 1)])
    labels = {e.label for e in find_names(doc).entities}
    assert "DVR" in labels


def test_towns_in_an_article_of_fixtures_are_clubs(nlp, with_ents):
    text = ("Chelsea host Bolton in the fourth round. Leeds v Derby is the tie of the round. "
            "Bolton beat Chelsea last year. The Grand Prix will be held in Derby in May.")
    doc = with_ents(text, [("Chelsea", "ORG", 0), ("Bolton", "GPE", 0), ("Leeds", "GPE", 0), ("Derby", "GPE", 0), ("Bolton", "PERSON", 1), ("Chelsea", "ORG", 1), ("Derby", "GPE", 1)])
    types = {e.label: e.type for e in find_names(doc).entities}
    assert types["Bolton"] == "organization" and types["Leeds"] == "organization"


def test_towns_stay_places_in_a_report_without_fixtures(nlp, with_ents):
    doc = with_ents("Sharapova beat Mirza in Hyderabad. Mirza lost to Kuznetsova, who lives in the city of Hyderabad.", [("Sharapova", "PERSON", 0), ("Mirza", "PERSON", 0), ("Hyderabad", "GPE", 0), ("Mirza", "PERSON", 1), ("Kuznetsova", "PERSON", 0), ("Hyderabad", "GPE", 1)])
    assert {e.label: e.type for e in find_names(doc).entities}["Hyderabad"] == "place"


def test_sir_and_dame_come_before_a_given_name(nlp):
    index = find_names(nlp("Sir Cameron Mackintosh produced the show. Sir Cameron said it was a hit. Dame Julie Andrews watched. Dame Julie smiled."))
    assert {e.label: [m.text for m in e.mentions] for e in index.entities} == {
        "Cameron Mackintosh": ["Cameron Mackintosh", "Cameron"], "Julie Andrews": ["Julie Andrews", "Julie"]}


def test_an_indefinite_title_glued_to_a_name_is_no_role(nlp):
    """"how good a prime minister X will make" is a role X might hold, not one X has."""
    from extract.article import extract_article
    from extract.model import Article

    text = "Critics asked how good a prime minister Maria Falk would make."
    extraction = extract_article(nlp(text), Article("a", text))
    person = next(e for e in extraction.entities if e.label == "Maria Falk")
    assert person.roles == ()


def test_an_unknown_place_that_is_a_side_in_a_report_of_fixtures_is_a_club(nlp, with_ents):
    text = "Leeds beat Bolton on Saturday. Hull drew with Bolton. Wigan will be away to Kelmont."
    spans = [(name, "GPE", 0) for name in ("Leeds", "Hull", "Wigan", "Kelmont")] + [("Bolton", "GPE", 0), ("Bolton", "GPE", 1)]
    entities = _by_label(find_names(with_ents(text, spans)))
    assert entities["Kelmont"].type == "organization"


@pytest.mark.parametrize(
    ("text", "spans", "label"),
    [
        # the model stopped before "Prime Minister"; the acronym in brackets spells the whole name
        ("Two committees scrutinise the Office of the Deputy Prime Minister (ODPM) each year.",
         [("the Office of the Deputy", "ORG", 0), ("ODPM", "PERSON", 0)], "Office of the Deputy Prime Minister"),
        # capitalised words the acronym does not spell stay out
        ("Shares in Acme Holdings Limited Edition (AH) rose.", [("Acme Holdings", "ORG", 0), ("AH", "ORG", 0)], "Acme Holdings"),
    ],
)
def test_an_organisation_cut_short_before_its_acronym_is_made_whole(nlp, text, spans, label, with_ents):
    entities = _by_label(find_names(with_ents(text, spans)))
    assert label in entities and entities[label].type == "organization"


@pytest.mark.parametrize(
    ("text", "spans", "surface", "kept"),
    [
        # a capitalised English word after "the" is a thing the model took for a given name
        ("The Bill proposes control orders. The Bill was rushed through.", [("Bill", "PERSON", 0), ("Bill", "PERSON", 1)], "Bill", False),
        # a title alone names its holder; a given name before a surname is a name
        ("The Pope said prayers for the victims.", [("Pope", "PERSON", 0)], "Pope", True),
        ("The Bill Clinton library opened.", [("Bill Clinton", "PERSON", 0)], "Bill Clinton", True),
        ("He told the Herald newspaper he was tired.", [("Herald", "PERSON", 0)], "Herald", True),
        ("Mourinho said the Blues were unlucky.", [("Mourinho", "PERSON", 0), ("Blues", "PERSON", 0)], "Blues", True),  # a team
    ],
)
def test_a_common_noun_after_the_is_no_person(nlp, text, spans, surface, kept, with_ents):
    assert (surface in _by_label(find_names(with_ents(text, spans)))) is kept


def test_a_plural_title_before_names_is_no_part_of_them(nlp, with_ents):
    doc = with_ents("Police urged Lord Justices Clarke and Rix to overturn the ruling.", [("Lord Justices Clarke", "PERSON", 0), ("Rix", "PERSON", 0)])
    entities = _by_label(find_names(doc))
    assert "Clarke" in entities and "Justices Clarke" not in entities and "Lord Justices Clarke" not in entities


def test_a_name_with_a_digit_is_a_name(nlp, with_ents):
    doc = with_ents("The band XR5 released a new album. XR5 will tour in May.", [("XR5", "ORG", 0), ("XR5", "ORG", 1)])
    assert _by_label(find_names(doc))["XR5"].type == "organization"


def test_a_first_name_no_list_holds_joins_its_full_name(nlp, with_ents):
    # "Olumide" is in no given-name list and no English word; the one full name it opens is his
    text = "Olumide Bakare can take gold in Madrid. Bakare made his breakthrough last year. His coach said Olumide still needs to be consistent."
    doc = with_ents(text, [("Olumide Bakare", "ORG", 0), ("Bakare", "PERSON", 1), ("Olumide", "ORG", 1)])
    entity = _by_label(find_names(doc))["Olumide Bakare"]
    assert {m.rule for m in entity.mentions} >= {"short-name", "first-name"} and entity.type == "person"
