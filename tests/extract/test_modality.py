"""Subordinate and hedged content is not stated as fact: modality, negation, attribution (clauses.v2).

Sentences written for these tests; real model parses. Each case names one
statement by (subject, relation) and, where the sentence has one, the main
clause statement that must stay unqualified (or keep its own modal).
"""

from __future__ import annotations

import pytest

from extract.registry import get_extractor

pytestmark = pytest.mark.model


def _statements(nlp, text: str, name: str = "clauses.v2") -> list:
    return list(get_extractor(name)(nlp(text)))


def _find(statements, subject: str, relation: str):
    for s in statements:
        if (s.subject.text, s.relation) == (subject, relation):
            return s
    listing = "\n".join(f"  {s.subject.text} | {s.relation} | {s.object.text} | {s.modality}" for s in statements)
    raise AssertionError(f"no ({subject} | {relation}) among:\n{listing}")


@pytest.mark.parametrize(
    ("text", "subject", "relation", "modality", "main"),
    [
        # conditionals: the clause under "if"/"unless"/"provided that"; the main clause keeps its own modal
        ("If Arsenal lose the final, the club will sack the manager.", "Arsenal", "lose", "conditional", ("the club", "will sack", "will")),
        ("The club will sell the striker unless the board approves a new contract.", "the board", "approves", "conditional", ("The club", "will sell", "will")),
        ("The bank will lend money provided that the firm repays the debt.", "the firm", "repays", "conditional", ("The bank", "will lend", "will")),
        ("If the union could win the vote, the workers would end the strike.", "the union", "could win", "conditional", ("the workers", "would end", "would")),
        # purpose: "so that", an infinitive after an object read as purpose
        ("The farmers built a road so that trucks reach the market.", "trucks", "reach", "purpose", ("The farmers", "built", None)),
        ("The president used the same instruments to pressure Moscow.", "The president", "to pressure", "purpose", ("The president", "used", None)),
        # ... but "went on to" says what happened next
        ("The striker went on to win the title.", "The striker", "to win", None, None),
        # hypotheticals / irrealis
        ("He acted as if the company owned the land.", "the company", "owned", "hypothetical", None),
        ("I wish the government had cut taxes.", "the government", "had cut", "hypothetical", ("I", "wish", None)),
        ("Reporters asked whether the company would sell the factory.", "the company", "would sell", "hypothetical", ("Reporters", "asked", None)),
        ("The team would have won the match.", "The team", "would have won", "hypothetical", None),
        # reported / expected / intended / possible cues
        ("Putin reportedly met the envoy in Riyadh.", "Putin", "reportedly met", "reported", None),
        ("The mayor allegedly accepted a bribe.", "The mayor", "allegedly accepted", "reported", None),
        ("Putin is said to be furious with the generals.", "Putin", "is said to be", "reported", None),
        ("The minister is expected to ask parliament for more money.", "The minister", "is expected to ask", "expected", None),
        ("The company plans to build a factory in Ohio.", "The company", "plans to build", "intended", None),
        ("The coach hopes to sign a new goalkeeper.", "The coach", "hopes to sign", "intended", None),
        ("Russia threatened to cut gas supplies to Europe.", "Russia", "threatened to cut", "intended", None),
        ("The minister wants Ukraine to sign the deal.", "Ukraine", "to sign", "intended", ("The minister", "wants", None)),
        ("The storm possibly damaged the bridge.", "The storm", "possibly damaged", "possible", None),
        # existing modal values stay as written
        ("Officials may extend the curfew.", "Officials", "may extend", "may", None),
        ("The regulator might block the merger.", "The regulator", "might block", "might", None),
    ],
)
def test_modality(nlp, text, subject, relation, modality, main):
    statements = _statements(nlp, text)
    statement = _find(statements, subject, relation)
    assert statement.modality == modality
    assert not statement.negated
    if main is not None:
        main_subject, main_relation, main_modality = main
        assert _find(statements, main_subject, main_relation).modality == main_modality


@pytest.mark.parametrize(
    ("text", "subject", "relation", "main"),
    [
        ("The minister denied that the army had shelled the village.", "the army", "had shelled", ("The minister", "denied that", False)),
        ("The company rejected claims that it had misled investors.", "it", "had misled", ("The company", "rejected", False)),
        # (finding "no evidence" is not finding evidence: the outer statement is denied too)
        ("Police found no evidence that the driver had taken drugs.", "the driver", "had taken", ("Police", "found", True)),
        ("The board did not find any evidence that the coach had broken the rules.", "the coach", "had broken", None),
        ("It is not true that the mayor accepted a bribe.", "the mayor", "accepted", None),
    ],
)
def test_denied_existence(nlp, text, subject, relation, main):
    statements = _statements(nlp, text)
    statement = _find(statements, subject, relation)
    assert (statement.negated, statement.modality) == (True, "denied")
    if main is not None:
        main_subject, main_relation, main_negated = main
        outer = _find(statements, main_subject, main_relation)
        assert outer.negated is main_negated and outer.modality is None


def test_no_doubt_affirms(nlp):
    # "no question/doubt that X" says X is certain: not denied
    statement = _find(_statements(nlp, "There is no doubt that the striker broke the record."), "the striker", "broke")
    assert not statement.negated and statement.modality is None


def test_weak_cue_does_not_reach_clauses_below_its_infinitive(nlp):
    # the "as" clause under "expected to rise" states a fact
    statements = _statements(nlp, "Prices were expected to rise as the company cut its output.")
    assert _find(statements, "the company", "cut").modality is None


def test_mediated_statements_share_the_qualification(nlp):
    doc = nlp("The minister denied that the army had held talks with Hamas.")
    statement = next(s for s in get_extractor("mediated.v1")(doc) if s.object.text == "Hamas")
    assert (statement.negated, statement.modality) == (True, "denied")


@pytest.mark.parametrize(
    ("text", "subject", "relation", "speaker"),
    [
        ('"We will win the war," Putin said.', "We", "will win", "Putin said"),
        ("“The factory will close in May,” he added.", "The factory", "will close in", "he added"),
        # a multi-sentence quotation: the speaker stands in its last sentence ...
        ('"The talks collapsed on Monday. We need a new plan," the minister said.', "The talks", "collapsed on", "the minister said"),
        # ... or in its first
        ('The minister said: "The talks collapsed on Monday. We need a new plan."', "We", "need", "The minister said"),
        # a quotation continuing the previous quoted sentence keeps its speaker
        ('"We have no money left," said the mayor. "The council cannot pay the workers."', "The council", "cannot pay", "the mayor said"),
    ],
)
def test_quotations_keep_the_speaker(nlp, text, subject, relation, speaker):
    assert _find(_statements(nlp, text), subject, relation).attribution == speaker


@pytest.mark.parametrize(
    "text",
    [
        # unquoted sentences after a speech verb are the writer's
        "The minister spoke on Monday. The talks collapsed in the evening.",
        # a quotation without a speech verb near it has no speaker
        'The mayor was blunt. "The council cannot pay the workers."',
    ],
)
def test_no_speaker_without_quotation_and_speech_verb(nlp, text):
    assert all(s.attribution is None for s in _statements(nlp, text))


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        ("She resigned after reports in a magazine that she attended a secret dinner.", "attend", "reported"),
        ("He urged the council to drop the new levy.", "drop", "requested"),
        ("Officials urged Putin to stop the attacks.", "stop", "requested"),
        ("Campese has tipped Wales to win the Six Nations.", "win", "expected"),
    ],
)
def test_claims_and_requests_are_not_facts(nlp, text, predicate, expected):
    from extract.registry import get_extractor

    found = {s.predicate: s.modality for s in get_extractor("clauses.v2")(nlp(text))}
    assert found.get(predicate) == expected, found


def test_the_memo_of_governing_modality_answers_as_the_climb_does(nlp):
    from extract.extractors import _spans

    doc = nlp("The minister denied that the plant would close if the talks failed, and said workers hoped to stay.")
    fresh = [_spans._governing_modality(tok) for tok in doc]
    assert [_spans.governing_modality(tok) for tok in doc] == fresh
    assert [_spans.governing_modality(tok) for tok in doc] == fresh  # read back from the memo
    assert "denied" in fresh and "conditional" in fresh
    with doc.retokenize() as retokenizer:  # a Doc of another length: the memo starts again
        retokenizer.merge(doc[0:2])
    assert [_spans.governing_modality(tok) for tok in doc] == [_spans._governing_modality(tok) for tok in doc]


def test_titled_names_are_found_once_and_handed_out_as_fresh_lists(nlp):
    from extract.extractors import _spans

    doc = nlp("Secretary of State Marco Rubio met Foreign Minister Sergei Lavrov in Budapest.")
    first = list(_spans.titled_names(doc))
    assert first and first == list(_spans.titled_names(doc)) == list(_spans._find_titled_names(doc))
    first[0][2].clear()  # a caller changing its list changes nobody else's
    assert list(_spans.titled_names(doc)) == list(_spans._find_titled_names(doc))


def test_titled_names_are_each_sentences_own_entities(nlp):
    from spacy.tokens import Span

    from extract.extractors import _spans

    doc = nlp("Chancellor Gordon Brown spoke. Labour leader Tony Blair answered. Home Secretary David Blunkett left.")
    sentences = list(doc.sents)
    # an entity across the first sentence boundary belongs to no sentence, as with Span.ents
    crossing = Span(doc, sentences[0].end - 1, sentences[0].end + 1, label="PERSON")
    doc.ents = [e for e in doc.ents if e.end <= crossing.start or e.start >= crossing.end] + [crossing]
    expected = [(i, ent) for i, sent in enumerate(doc.sents) for ent in sent.ents]
    assert list(_spans._sentence_entities(doc)) == expected


def test_quotation_regions_close_at_line_breaks_and_alternate_straight_quotes(nlp):
    from extract.extractors import _spans

    doc = nlp('He said "we will win" and left.\n\n"They never\n\nsaid “so” at all.')
    inside = [doc[a : b + 1].text for a, b in _spans._find_quote_spans(doc)]
    assert inside == ["we will win", "They never", "so"]


def test_subtree_tokens_are_the_recursive_walk_of_the_subtree(nlp):
    from extract.extractors import _spans

    def walked(token, exclude_deps=(), exclude=()):
        banned, kept = {t.i for t in exclude}, []

        def walk(tok):
            kept.append(tok)
            for child in tok.children:
                if child.i not in banned and not (child.dep_ in exclude_deps and tok.i == token.i):
                    walk(child)

        walk(token)
        return _spans._trim(sorted(kept, key=lambda t: t.i))

    doc = nlp("Putin, who met Trump in Budapest last week, said the talks, which failed, would resume, and Lavrov agreed.")
    for token in doc:
        for deps in ((), ("relcl", "appos", "punct"), ("conj", "cc")):
            for exclude in ((), [t for t in token.subtree if t.dep_ == "relcl"][:1]):
                assert _spans.subtree_tokens(token, exclude_deps=deps, exclude=exclude) == walked(token, deps, exclude)
