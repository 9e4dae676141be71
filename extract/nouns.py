"""Classes of common nouns that decide what a noun phrase can be in the graph.

Closed-class lists, not corpus lists: each is a small set of English words
whose behaviour is grammatical or lexical, not topical.

* :data:`LIGHT_NOUNS` carry almost no meaning of their own ("the idea",
  "a way", "part of"): never a node.
* :data:`GENERIC_NOUNS` name anyone or anything ("people", "others"): never a
  node, they would join unrelated stories into one hub.
* :data:`TIME_NOUNS` are times, and belong on a statement as a qualifier.
* :data:`EVENT_NOUNS` name happenings. An event is told from another event of
  the same kind only by its modifiers ("the Budapest summit", "the Alaska
  summit"); a bare "the summit" never leaves its article.
* :data:`NON_CLASSIFYING_ADJECTIVES` are evaluative, temporal or degree
  adjectives that say nothing about *which* thing is meant, so they are left
  out of a canonical label ("a long call" is a "call").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["LIGHT_NOUNS", "GENERIC_NOUNS", "TIME_NOUNS", "EVENT_NOUNS", "NON_CLASSIFYING_ADJECTIVES", "PARTITIVE_NOUNS", "VAGUE_NOUNS", "RELATIONAL_ADJECTIVES", "CONTEST_NOUNS", "PARTICIPANT_NOUNS", "ROLE_NOUNS", "AMBIGUOUS_ROLE_NOUNS", "is_event_noun", "stray_article"]

LIGHT_NOUNS = frozenset(
    """
    idea thing things way ways part parts fact facts issue issues time times lot lots number numbers kind kinds
    sort sorts type types matter matters question questions point points case cases situation situations
    possibility possibilities area areas aspect aspects bit bits step steps moment moments level levels side sides
    sense reason reasons result results problem problems role roles view views word words example examples
    something anything everything nothing stuff one ones rest use chance chances end start beginning middle
    amount amounts series range set group couple pair majority minority half quarter third total
    way manner form forms means method line lines term terms basis account respect regard place places
    position positions condition conditions circumstance circumstances context detail details factor factors
    element elements feature features quality state status nature effect effects impact outcome outcomes
    need needs ability opportunity opportunities choice option options
    """.split()
)

#: Nouns too vague to be a node alone, but a node with a classifying modifier ("the peace plan", "a trade deal").
VAGUE_NOUNS = frozenset(
    """
    plan plans decision decisions move moves change changes development developments progress attempt attempts
    effort efforts report reports statement statements comment comments remark remarks claim claims news story
    stories deal deals support help action actions measure measures work project projects programme program
    odds surprise surprises shock honour boost blow setback success failure trouble fear fears concern concerns
    worry worries hope hopes friend friends favourite delivery
    """.split()
)

#: Nouns that stand for whatever follows "of": "a number of drones" is about drones.
#: People who compete, named by their sport or their age ("the Trafford athlete", "the youngster"): a person, never a thing.
COMPETITOR_NOUNS = frozenset("athlete sprinter hurdler cyclist swimmer boxer golfer jockey youngster teenager batsman bowler winger".split())

#: People defined by what they use, watch or buy: "Star Trek fans", "iPod users" are people, not the work or product.
AUDIENCE_NOUNS = frozenset("fan viewer reader listener user player gamer customer subscriber owner buyer audience".split())

#: Nouns of something missing: "a lack of trust" is no trust, so the node keeps its "of" phrase.
PRIVATIVE_NOUNS = frozenset("lack absence shortage shortfall dearth scarcity loss".split())

PARTITIVE_NOUNS = frozenset("number lot lots kind sort type series range set group couple pair majority minority half part amount dozens hundreds thousands millions".split())

GENERIC_NOUNS = frozenset(
    """
    people person persons man men woman women child children others other everyone everybody someone somebody
    anyone anybody nobody individual individuals member members folk folks guy guys citizen citizens resident residents
    """.split()
)

TIME_NOUNS = frozenset(
    """
    day days week weeks month months year years decade decades century centuries hour hours minute minutes second
    seconds morning mornings afternoon evening evenings night nights weekend weekends today tomorrow yesterday
    season seasons period periods era age future past present date dates spring summer autumn fall winter
    """.split()
)

EVENT_NOUNS = frozenset(
    """
    summit meeting meetings talks call calls conversation conversations visit visits trip trips tour journey
    invasion war wars attack attacks strike strikes offensive bombing bombings shelling raid raids battle battles
    election elections vote votes referendum poll match matches game games final finals semi-final tournament
    championship race conference ceremony festival premiere screening concert protest protests rally rallies demonstration
    trial hearing inquiry investigation crash earthquake flood fire explosion shooting killing killings assassination
    coup takeover merger acquisition launch negotiation negotiations interview speech debate campaign
    ceasefire truce
    """.split()
)

NON_CLASSIFYING_ADJECTIVES = frozenset(
    """
    long short big large small huge tiny new old first last next previous possible same other such further recent
    major minor great good bad best worst high low several many few more most latest current future potential
    eventual extensive serious strong weak important key main real true whole full entire certain particular
    various own only early late final initial additional significant considerable massive dramatic major
    productive positive negative senior junior top radical symbolic little huge total usual normal formal actual different similar usual unusual likely unlikely alleged so-called
    nice fine excellent superb brilliant wonderful terrible awful poor huge enormous vast
    """.split()
)


def is_event_noun(lemma: str, text: str = "") -> bool:
    """Whether a noun (by lemma, or its surface form for plurals the lemmatiser keeps) names a happening."""
    return lemma.lower() in EVENT_NOUNS or text.lower() in EVENT_NOUNS


#: Classifying adjectives without a relational ending ("foreign minister", "public spending").
RELATIONAL_ADJECTIVES = frozenset(
    """
    foreign domestic public private civil human mobile digital federal online prime interim armed nuclear
    military legal medical royal urban rural solar wireless broadband musical
    """.split()
)

#: Events whose place-named modifier is a side, not a venue ("the Ireland game", "the Wales match").
CONTEST_NOUNS = frozenset("game match final semi-final tie fixture clash derby race contest tournament series test".split())

#: People and organisations a story is about, named by their kind ("analysts", "the government"):
#: one article's analysts are not another's, so such a node never leaves its article.
PARTICIPANT_NOUNS = frozenset(
    """
    analyst economist expert official critic investor shareholder worker employee customer consumer user fan
    supporter voter politician lawmaker minister leader executive manager director player coach candidate
    researcher scientist doctor patient student teacher police officer soldier troop rebel militant protester
    firm company business government administration authority regulator club team side party union
    council committee court bank group organisation organization agency ministry department lender retailer
    manufacturer maker producer operator provider airline carrier broadcaster network
    """.split()
)


#: Adverbs that make a phrasal verb the tagger did not mark as one ("is out in the UK", "is back in
#: London", "pegged him back"): the extractors keep them in the label, and :mod:`graph.relations`
#: reads them as part of the verb, not as a verb of their own (not a noun class: a closed class all
#: the same, shared by the two layers).
PARTICLES = frozenset("out back up off down away over forward round around".split())

#: Prepositions of time: what follows them says when, and a noun reached through them took no part
#: ("displayed during the visit to Moscow", "postponed following protests").
TIME_PREPOSITIONS = frozenset("during after before since until amid throughout following".split())

#: Units of a share, whose number is the point of the phrase ("owns 99.3% of", "won 60 per cent of").
SHARE_UNITS = frozenset({"%", "percent", "cent"})


def share_words(head: Token) -> str | None:
    """ "99.3%", "60 per cent": a share noun with its number, as written; ``None`` for any other noun."""
    if head.lower_ not in SHARE_UNITS:
        return None
    words = [t for t in head.subtree if t.i <= head.i and (t.like_num or t.lower_ == "per" or t == head)]
    return "".join(t.lower_ + (t.whitespace_ if t is not words[-1] else "") for t in words)



#: Nouns of offices, jobs and positions: in a relation label they make a role ("chief executive of");
#: a singular one heading a noun phrase describes one person ("the former Sun editor"), never a concept.
ROLE_NOUNS = frozenset(
    """
    president minister secretary envoy adviser advisor spokesman spokeswoman spokesperson ambassador chairman chairwoman
    chair chief director leader commander head governor mayor senator manager coach captain founder owner editor
    executive officer member deputy premier chancellor king queen prince princess general judge lawyer analyst
    economist professor lecturer fellow correspondent reporter presenter producer star player striker goalkeeper
    champion winner boss partner ceo cfo shareholder investor vice emissary representative
    guitarist singer drummer bassist vocalist frontman frontwoman keyboardist musician actor actress comedian
    centre center winger defender midfielder forward keeper full-back fly-half scrum-half flanker hooker prop lock
    batsman bowler skipper journalist columnist host anchor official aide mp mep councillor
    """.split()
)
#: Role nouns that also name things ("the chair", "a lock", "the centre"): no person by themselves.
AMBIGUOUS_ROLE_NOUNS = frozenset("chair head general centre center forward lock prop hooker host anchor vice fellow keeper partner member winner champion star producer".split())


def stray_article(head: Token) -> list[Token]:
    """ "As a result murderers who …": "a" and the singular compounds after it cannot belong to a plural head.

    The parser glued a fixed phrase ("a result") onto the next noun; its words
    are left out of the argument and the concept label. Returns them (or nothing).
    """
    if head.tag_ != "NNS":
        return []
    lefts = list(head.lefts)
    if len(lefts) < 2 or lefts[0].dep_ != "det" or lefts[0].lower_ not in {"a", "an"}:
        return []
    before = head.doc[lefts[0].i - 1] if lefts[0].i else None
    if before is None or before.pos_ not in {"ADP", "SCONJ"} or before.i == head.head.i:
        return []  # only after a preposition that does not govern the noun ("As a result murderers"); "a residency criteria" is a slip
    stray = [lefts[0]]
    for child in lefts[1:]:
        if child.dep_ != "compound" or child.tag_ != "NN" or child.n_lefts or child.n_rights:
            break
        stray.append(child)
    return stray if len(stray) > 1 else []
