"""Relation classes: every relation label of the graph mapped to one class of a small inventory.

Free-text relations split one fact into many edges ("speak with", "call
with", "hold talks with" are one kind of contact) and make a question such
as "who talked to whom" a hand-written list of verbs. Each relation label
(the lemma form a statement's ``predicate`` holds: "express frustration
with", "agree to halt", "be special envoy of") is read once here and given
a class, or :data:`UNCLASSED` when none fits.

The inventory follows the top level of CAMEO, the event ontology political
scientists code news with (make a statement, appeal, consult, cooperate,
provide aid, demand, disapprove, accuse, threaten, sanction, assault,
fight), merged where news text does not separate them ("consult" is
:data:`communicate` and :data:`meet`), plus the structural relations a
news graph needs that CAMEO leaves out (own, lead, member of, role of,
located in, part of, transact, compete, create, start, end, change). Verb
membership follows the spirit of VerbNet's classes (``say-37.7``,
``talk-37.5``, ``meet-36.3``, ``judgment-33``, ``give-13.1``…). See
docs/extraction.md, "Relation classes".

How a label is read, left to right:

1. ``not`` is dropped (negation is the edge's own flag);
2. a copula is read by its complement: "be in" → located in, "be member
   of" → member of, a role noun ("be special envoy of") → role of, "be" →
   is;
3. an aspect, intention or light verb hands over to what follows it ("want
   to meet" → meet; "express frustration with" → criticise; "hold talks
   with" → communicate);
4. the first content word found in :data:`VERB_CLASSES` or
   :data:`NOUN_CLASSES` decides, a verb–preposition pair in
   :data:`PHRASE_CLASSES` first ("play for" → member of).

>>> relation_class("speak with"), relation_class("hold talks with"), relation_class("be special envoy of")
('communicate', 'communicate', 'role of')
>>> relation_class("not meet in"), relation_class("want to buy"), relation_class("juggle")
('meet', 'transact', 'unclassed')
"""

from __future__ import annotations

from functools import lru_cache

from extract.nouns import PARTICLES, ROLE_NOUNS

__all__ = ["RELATION_CLASSES", "UNCLASSED", "VERB_CLASSES", "NOUN_CLASSES", "PHRASE_CLASSES", "AMBIGUOUS_VERBS"]

#: The label of a relation no class fits.
UNCLASSED = "unclassed"

#: class → (description, verb lemmas, nouns that state it: "a call with", "frustration with").
RELATION_CLASSES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "say": ("makes a public statement, reports, writes (CAMEO 01)", (
        "say", "tell", "announce", "state", "add", "write", "post", "report", "warn", "declare", "insist",
        "note", "explain", "argue", "tweet", "reply", "describe", "comment", "suggest", "predict", "confirm", "deny",
        "reveal", "mention", "assert", "stress", "emphasise", "emphasize", "acknowledge", "admit", "publish", "quote",
        "assure", "estimate", "forecast", "propose", "recommend", "remark", "respond", "answer", "brief", "inform",
    ), ("statement", "announcement", "remark", "comment", "warning", "claim")),
    "communicate": ("talks, calls, corresponds with (CAMEO 04: consult)", (
        "speak", "talk", "call", "phone", "discuss", "chat", "converse", "confer", "contact", "correspond", "email",
        "message", "telephone", "consult", "communicate", "text",
    ), ("call", "conversation", "talk", "talks", "discussion", "dialogue", "interview", "chat", "exchange", "contact", "communication", "phone", "message", "letter", "briefing")),
    "meet": ("meets, hosts, receives (CAMEO 04: consult)", (
        "meet", "host", "reunite", "attend",
    ), ("meeting", "summit", "session")),
    "visit": ("travels to, visits, arrives in", (
        "visit", "travel", "fly", "arrive", "tour", "sail",
    ), ("trip", "visit", "journey", "tour", "flight")),
    "negotiate": ("negotiates, mediates, brokers (CAMEO 04/05)", (
        "negotiate", "broker", "mediate", "bargain",
    ), ("negotiation", "negotiations", "mediation")),
    "agree": ("agrees, signs, accepts, approves (CAMEO 03/05/08)", (
        "agree", "sign", "accept", "approve", "ratify", "settle", "endorse", "concede", "yield", "allow",
        "permit",
    ), ("deal", "agreement", "ceasefire", "truce", "treaty", "pact", "accord", "contract", "settlement", "approval")),
    "support": ("supports, backs, helps, defends (CAMEO 05/06)", (
        "support", "back", "help", "aid", "assist", "sponsor", "fund", "finance", "rescue", "protect",
        "promote", "champion", "favour", "favor", "encourage", "cooperate", "collaborate", "partner", "ally",
    ), ("support", "backing", "help", "assistance", "cooperation", "partnership", "alliance")),
    "praise": ("praises, thanks, congratulates (CAMEO 051)", (
        "praise", "commend", "hail", "applaud", "congratulate", "thank", "welcome", "admire", "laud", "honour", "honor",
    ), ("praise", "gratitude", "thanks", "admiration")),
    "criticise": ("criticises, condemns, rejects, opposes (CAMEO 11/12)", (
        "criticise", "criticize", "condemn", "blame", "denounce", "slam", "reject", "oppose", "object", "dismiss",
        "rebuke", "protest", "challenge", "veto", "disagree", "resist", "boycott",
    ), ("frustration", "exasperation", "anger", "criticism", "concern", "opposition", "displeasure", "outrage", "disapproval", "rejection")),
    "accuse": ("accuses, sues, charges, investigates (CAMEO 09/112)", (
        "accuse", "charge", "allege", "sue", "indict", "prosecute", "investigate", "probe", "convict", "fine",
        "arrest", "detain", "jail", "sentence", "suspect",
    ), ("accusation", "charge", "lawsuit", "investigation", "probe", "allegation")),
    "threaten": ("threatens, pressures, coerces (CAMEO 13/17)", (
        "threaten", "pressure", "force", "coerce", "intimidate", "menace", "blackmail",
    ), ("threat", "ultimatum", "pressure")),
    "request": ("asks, demands, urges, appeals to (CAMEO 02/10)", (
        "ask", "request", "demand", "urge", "appeal", "seek", "plead", "press", "push", "beg", "invite",
        "lobby", "petition", "order", "instruct",
    ), ("request", "demand", "appeal", "plea", "invitation")),
    "attack": ("attacks, strikes, invades, fights (CAMEO 18-20)", (
        "attack", "strike", "bomb", "shell", "invade", "kill", "raid", "fight", "battle",
        "clash", "occupy", "annex", "destroy", "target", "assault", "storm", "bombard", "wound", "injure", "murder",
        "assassinate", "besiege",
    ), ("attack", "strike", "invasion", "war", "bombing", "raid", "offensive", "occupation", "assault", "annexation", "fight", "battle", "conflict", "clash")),
    "sanction": ("sanctions, bans, suspends, restricts (CAMEO 16/17)", (
        "sanction", "ban", "embargo", "expel", "suspend", "freeze", "block", "restrict", "impose", "tariff", "bar",
        "exclude", "isolate", "sever", "outlaw", "prohibit",
    ), ("sanction", "sanctions", "ban", "embargo", "tariff", "tariffs", "restriction", "restrictions")),
    "supply": ("supplies, sends, gives, delivers (CAMEO 07: provide aid)", (
        "supply", "send", "provide", "give", "deliver", "ship", "arm", "donate", "lend", "grant", "offer", "equip",
        "award", "pay",
    ), ("supply", "delivery", "shipment", "aid", "donation", "grant", "loan", "provision")),
    "transact": ("buys, sells, invests in, takes over", (
        "buy", "sell", "acquire", "purchase", "merge", "invest", "trade", "import", "export", "bid", "takeover",
        "own_stake",
    ), ("takeover", "acquisition", "merger", "purchase", "sale", "investment", "bid", "stake", "offer")),
    "own": ("owns, controls, holds", ("own", "control", "possess"), ("ownership", "control")),
    "lead": ("leads, heads, runs, manages, founds", (
        "lead", "head", "run", "chair", "manage", "direct", "command", "govern", "rule", "coach", "captain", "found",
        "preside", "oversee", "steer",
    ), ("leadership", "chairmanship")),
    "member of": ("joins, belongs to, plays for", ("belong", "enlist", "join"), ("membership",)),
    "employ": ("employs, appoints, hires, works for", (
        "employ", "appoint", "hire", "recruit", "elect", "sack",
        "work",
    ), ("appointment", "nomination", "election")),
    "role of": ("holds a role or title of", (), ()),
    "located in": ("is, lives, happens in a place", ("live", "base", "locate", "situate", "stay", "reside", "lie"), ()),
    "part of": ("is part of, belongs to (a concept's owner)", (), ("part",)),
    "include": ("includes, contains, comprises (the whole to its part: the inverse of part of)", ("comprise", "include", "contain", "consist", "feature", "incorporate"), ()),
    "compete": ("wins, loses, beats, plays against", (
        "win", "beat", "defeat", "score", "qualify", "compete", "race", "top", "overcome",
        "edge", "thrash", "eliminate", "knock",
    ), ("victory", "win", "defeat", "match", "game", "final", "race")),
    "create": ("makes, produces, builds, develops, releases", (
        "make", "produce", "manufacture", "build", "develop", "create", "design", "release", "invent", "film",
        "record", "compose", "construct", "establish", "form", "generate",
    ), ("production", "release", "manufacturer", "maker", "producer")),
    "start": ("starts, launches, opens, initiates", ("start", "begin", "launch", "initiate", "open", "introduce", "unveil", "trigger", "spark", "resume"), ("launch", "start", "beginning")),
    "end": ("ends, stops, halts, cancels, leaves", (
        "end", "stop", "halt", "cancel", "quit", "resign", "withdraw", "close", "abandon", "terminate",
        "scrap", "drop", "exit", "retire", "finish",
    ), ("end", "halt", "withdrawal", "resignation", "departure", "closure")),
    "change": ("raises, cuts, increases, reduces", (
        "rise", "fall", "increase", "cut", "reduce", "double", "grow", "boost", "lower", "slash",
        "triple", "halve", "jump", "soar", "plunge", "expand", "shrink",
    ), ("increase", "cut", "rise", "fall", "reduction", "growth", "decline")),
    "involve": ("an event involves a participant", ("involve",), ()),
    "related to": ("a concept named with an entity it is about (\"Manchester United fans\", \"Tomahawk missiles\")", (), ()),
    "is": ("is, is described as (identity or description)", ("be", "become", "remain"), ()),
}

#: verb lemma → class (the first class listing a verb wins).
VERB_CLASSES: dict[str, str] = {}
#: noun → class, for noun-mediated and nominal relations ("express frustration with", "trip to").
NOUN_CLASSES: dict[str, str] = {}
for _name, (_, _verbs, _nouns) in RELATION_CLASSES.items():
    for _verb in _verbs:
        VERB_CLASSES.setdefault(_verb, _name)
    for _noun in _nouns:
        NOUN_CLASSES.setdefault(_noun, _name)

#: (verb, preposition) pairs whose class is not their verb's.
PHRASE_CLASSES: dict[tuple[str, str], str] = {
    ("play", "for"): "member of", ("sign", "for"): "member of", ("join", "as"): "member of",
    ("work", "for"): "employ", ("work", "at"): "employ", ("work", "with"): "support",
    ("live", "in"): "located in", ("base", "in"): "located in", ("base", "on"): UNCLASSED, ("base", "upon"): UNCLASSED,
    ("stay", "in"): "located in", ("be", "in"): "located in",
    ("lie", "to"): UNCLASSED, ("lie", "about"): UNCLASSED,  # "lied to the board": no place (the other "lie")
    ("be", "at"): "located in", ("be", "near"): "located in", ("locate", "in"): "located in",
    ("go", "to"): "visit", ("return", "to"): "visit", ("play", "against"): "compete", ("star", "in"): "involve", ("head", "to"): "visit", ("head", "for"): "visit", ("fire", "at"): "attack", ("fire", "on"): "attack", ("call", "for"): "request",
    ("call", "on"): "request", ("push", "for"): "request", ("be", "of"): "part of", ("hold", "talks"): "communicate",
    ("take", "place"): "located in", ("take", "part"): "involve", ("turn", "to"): "request", ("stand", "by"): "support",
    ("side", "with"): "support", ("work", "on"): "create", ("hold", "off"): "compete", ("warn", "of"): "threaten", ("warn", "against"): "threaten",
    ("come", "to"): "visit", ("travel", "to"): "visit", ("fly", "to"): "visit", ("drive", "to"): "visit",
    ("shoot", "at"): "attack", ("open", "fire"): "attack", ("draw", "with"): "compete", ("leave", "for"): "visit",
    ("work", "alongside"): "support", ("hold", "stake"): "own", ("lose", "to"): "compete", ("lose", "against"): "compete",
    # phrasal verbs whose particle keeps or fixes a class (any other phrasal verb is unclassed: "give up",
    # "run off", "back down" are not supply, lead, support)
    ("step", "down"): "end", ("pull", "out"): "end", ("shut", "down"): "end", ("call", "off"): "end", ("break", "off"): "end",
    ("cut", "off"): "end", ("set", "up"): "create", ("build", "up"): "create", ("pay", "out"): "supply", ("hand", "over"): "supply",
    ("sell", "off"): "transact", ("buy", "out"): "transact", ("buy", "up"): "transact", ("speak", "out"): "say", ("take", "over"): "transact",
    ("lead", "to"): UNCLASSED,  # "has led to more bureaucracy": a cause, not leadership
}
#: Particles that make a phrasal verb of the verb before them (a different verb: "give up" is not "give");
#: "over" is left out, being as often a preposition ("rule over", "clash over").
_PHRASAL_PARTICLES = PARTICLES - {"over"}

#: Verbs whose sense the label alone cannot tell, so they are not classed even where a table above
#: would read them: "shot" (a film, a goal, a gun), "held" (a stake, a meeting, a prisoner), "drew"
#: (a draw, a crowd, up a plan), "left" (a job, a place, someone ahead), "lifted" (a prize, a ban),
#: "went"/"came" (travel or idiom: "went on", "came for"), "operate" (a business, on a patient),
#: "recall" (remember or call back), "lost" (a match or money), "nominated" (for a post or an
#: award), "concluded" (a deal or a speech), "received" (a visitor or a pension), "hit" (by a missile or by
#: downgrades), "claimed" (a statement, or a title, a victory, a life), "raised" (prices, or money, or a
#: question: as a light verb its noun still decides, "raise concerns about"), "defend" (a country, or a
#: title, a decision), "represent" (a client, or a share of something), "serve" (as a minister, or a
#: customer, a sentence), "gather" (in a city, or a ball, evidence). They are kept off the tables; the
#: list records the decision and is checked by the tests.
AMBIGUOUS_VERBS = frozenset("shoot hold draw leave lift go come operate recall decline lose nominate conclude receive hit claim raise defend represent serve gather".split())
#: Verbs that turn the verb after them into its opposite ("refused to comment", "failed to win"):
#: the relation is neither the following verb's class nor a class of its own.
_REFUSALS = frozenset("refuse fail decline".split())

#: Light verbs whose object noun decides ("hold talks", "express frustration", "make an offer").
_LIGHT = frozenset("have hold express make give take conduct carry do pay raise voice lodge file issue launch reach".split())
#: Light verbs with no sense of their own before a noun ("made a name for himself", "made a comeback"):
#: a noun no class holds leaves the relation unclassed, not the verb's class ("make" alone is "create").
_EMPTY_LIGHT = frozenset({"make"})
#: Aspect and intention verbs that hand the relation over to the verb after them ("want to buy").
_ASPECT = frozenset("want hope plan try decide continue begin start manage need intend aim expect prepare be set due able likely go".split())
#: Verbs of trying that hand over only before an infinitive: "seek to regain the title" is a regaining,
#: "seek talks" a request.
_TRYING = frozenset("seek attempt strive look bid".split())
_PREPOSITIONS = frozenset("in at on of to with for from by about against into onto over under between among as near toward towards after before during since across through via without within upon".split())
_SKIP = frozenset({"not", "to", "a", "an", "the"})


@lru_cache(maxsize=65536)
def relation_class(predicate: str) -> str:
    """The class of a relation label (a statement's ``predicate``), or :data:`UNCLASSED`."""
    words = [w for w in predicate.lower().split() if w not in {"not"}]
    # "equalise thanks to X": a complex preposition (labels hold lemmas, so the verb would read "thank")
    words = [w for i, w in enumerate(words) if not (w == "thanks" and words[i + 1 : i + 2] == ["to"])]
    if not words:
        return UNCLASSED
    if words in (["of"], ["located", "in"], ["related", "to"]):  # the concept layer's own relations (extract.concepts)
        return {"of": "member of", "located": "located in", "related": "related to"}[words[0]]
    preps = [w for i, w in enumerate(words) if w in _PREPOSITIONS and not (w == "to" and _infinitive_marker(words, i))]
    if words[0] in {"be", "become", "remain"}:
        return _copula_class(words[1:], preps)
    content = [w for i, w in enumerate(words) if w not in _PREPOSITIONS and w not in _SKIP and not (i and w in PARTICLES)]  # "peg back" is not "back"
    if content and any(w in ROLE_NOUNS for w in content[:3]) and content[0] not in VERB_CLASSES:
        return "role of"  # an apposition's title: "chief executive of", "former head of"
    for i, word in enumerate(content):
        rest = content[i + 1 :]
        if word in _REFUSALS and rest:
            return UNCLASSED
        if word in _ASPECT and rest:
            continue  # "want to buy", "going to win": the relation is the buying, the winning
        at = words.index(word)  # where the content word stands in the whole label
        following = words[at + 1 : at + 2]
        if word in _TRYING and rest and following == ["to"]:
            continue  # "seek to regain": the regaining
        if following and (word, following[0]) in PHRASE_CLASSES:
            return PHRASE_CLASSES[(word, following[0])]
        if following and following[0] in _PHRASAL_PARTICLES and word in VERB_CLASSES:
            return UNCLASSED
        for prep in preps:
            if (word, prep) in PHRASE_CLASSES:
                return PHRASE_CLASSES[(word, prep)]
        if i + 1 < len(content) and (word, content[i + 1]) in PHRASE_CLASSES:
            return PHRASE_CLASSES[(word, content[i + 1])]
        if word in _LIGHT and rest:
            # the light verb's own noun decides: the head, last before the preposition ("hold merger talks with")
            own = words[at + 1 :]
            own = own[: next((k for k, w in enumerate(own) if w in _PREPOSITIONS), len(own))]
            own = [w for w in own if w not in _SKIP]
            if not own and following and following[0] in _PREPOSITIONS and word not in _EMPTY_LIGHT:
                # "take the UK to war": the noun after the preposition is where the object is taken, not what is done
                return VERB_CLASSES.get(word, UNCLASSED)
            noun_class = next((c for w in reversed(own or rest) if (c := _noun_class(w))), None)
            if noun_class is None and word in _EMPTY_LIGHT:  # or a noun after its preposition ("make progress in talks")
                noun_class = next((c for w in reversed(rest[:3]) if (c := _noun_class(w))), UNCLASSED)
            if noun_class:
                return noun_class
        if word in VERB_CLASSES:
            return VERB_CLASSES[word]
        if i == 0 and word in AMBIGUOUS_VERBS:
            continue  # the verb "claim" is not the noun "claim" (a statement): "claim dominance over"
        if _noun_class(word):
            return _noun_class(word)
    return UNCLASSED


#: What hands a copula over to the verb after it ("is expected to sign", "is due to meet").
_COPULA_ASPECT = frozenset("expected scheduled supposed going about poised ready keen eager willing allowed permitted "
                           "thought believed said reported understood alleged rumoured".split())  # "is thought to contain": the containing
#: Classes a passive subject can hold as it holds the active one's: a place ("be based in", "be located in").
_PASSIVE_SAFE_CLASSES = frozenset({"located in"})
#: "X was quoted by TASS": the one quoted is who spoke.
_QUOTED = frozenset({"quote"})
#: Participles with no ending of their own ("be set loose", "be put on").
_UNMARKED_PARTICIPLES = frozenset("set put let shut spread cast thrust burst".split())


def _infinitive_marker(words: list[str], i: int) -> bool:
    """The "to" of an infinitive ("expected to go on", "want to buy"), not a preposition ("go to")."""
    following = words[i + 1] if i + 1 < len(words) else None
    return following is not None and (following in VERB_CLASSES or following in _ASPECT or following in AMBIGUOUS_VERBS or following in {"be", "have", "do", "get"})


def _noun_class(word: str) -> str | None:
    """A noun's class, the plural read through its singular ("attacks", "deals", "meetings")."""
    if word in NOUN_CLASSES:
        return NOUN_CLASSES[word]
    for plural, singular in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return NOUN_CLASSES.get(word[: -len(plural)] + singular)
    return None


def _copula_class(rest: list[str], preps: list[str]) -> str:
    """"be in" → located in; "be member of" → member of; "be special envoy of" → role of; "be led by" → lead; "be" → is."""
    content = [w for w in rest if w not in _PREPOSITIONS and w not in _SKIP]
    if len(rest) > 1 and rest[0] == "to":
        return relation_class(" ".join(rest[1:]))  # "are to front a show for ITV": what is planned (a "be" + infinitive)
    if not content:
        return PHRASE_CLASSES.get(("be", preps[0]), "is") if preps else "is"
    if content == ["charge"] and preps[:1] == ["in"]:
        return "lead"  # "be in charge of the team": the state, not the accusation ("be charged with")
    if content[0] in PARTICLES:  # "be back in" is where one is; "be out in" (released), "be up for" are no place
        return "located in" if content == ["back"] and preps[:1] in (["in"], ["at"]) else UNCLASSED
    if len(content) > 1 and (content[0] in _ASPECT or content[0] in _COPULA_ASPECT):
        return relation_class(" ".join(rest[rest.index(content[0]) + 1 :]))  # "be set to meet", "be expected to sign"
    if "member" in content or "part" in content:
        return "member of" if "member" in content else "part of"
    if any(w in ROLE_NOUNS for w in content):
        return "role of"
    if content[0] in {"locate", "located", "base", "based", "situate", "situated"}:
        # "based in Leeds" is where; "based on dodgy figures" is what it rests on
        return UNCLASSED if preps[:1] in (["on"], ["upon"]) else "located in"
    if content[0] in {"held", "set"} and preps and preps[0] in {"in", "at"}:
        return "located in"  # "the summit was held in Budapest", "a novel set in Lisbon"
    verb = _base_form(content[0])
    if verb is not None and (content[0] == verb or VERB_CLASSES[verb] in _PASSIVE_SAFE_CLASSES or verb in _QUOTED):
        return VERB_CLASSES[verb]  # "be based in" is where one is; an adjective-like form ("be open to") is its verb's
    if verb is not None:
        # the subject of a passive undergoes the verb: "X was accused of", "was awarded the prize", "was joined at
        # the premiere by" do not say X accuses, supplies or joins. The agent's active reading is its own edge
        # (extract.extractors.passive), so the passive keeps its label and no class that would read it backwards.
        return UNCLASSED
    if verb is not None or content[0] in AMBIGUOUS_VERBS or content[0] in _IRREGULAR or content[0].endswith(("ed", "en", "wn", "rn")) or content[0] in _UNMARKED_PARTICIPLES:
        # a passive of a verb no class holds ("be set loose on", and the ambiguous verbs, which are off
        # the tables: "be shot in French", "be recalled to the squad") is no identity statement
        return UNCLASSED
    return next((c for w in content if (c := _noun_class(w))), "is")


#: Participles English does not form with -ed.
_IRREGULAR = {
    "led": "lead", "made": "make", "held": "hold", "sent": "send", "given": "give", "won": "win", "beaten": "beat",
    "sold": "sell", "bought": "buy", "built": "build", "struck": "strike", "shot": "shoot", "told": "tell",
    "said": "say", "written": "write", "met": "meet", "fought": "fight", "run": "run", "hit": "hit", "paid": "pay",
    "lost": "lose", "chosen": "choose", "taken": "take", "brought": "bring", "begun": "begin", "drawn": "draw", "left": "leave",
    "shown": "show", "known": "know", "seen": "see", "found": "found", "hurt": "hurt", "cut": "cut", "frozen": "freeze",
    "banned": "ban", "barred": "bar", "stopped": "stop", "planned": "plan", "backed": "back", "overseen": "oversee",
}


def _base_form(word: str) -> str | None:
    """The verb lemma of a participle ("accused" → "accuse", "banned" → "ban"), when it is a classified verb."""
    candidates = [word, _IRREGULAR.get(word, "")]
    if word.endswith("ed"):
        stem = word[:-2]
        candidates += [stem, word[:-1], stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "", stem[:-1] + "y" if stem.endswith("i") else ""]
    return next((c for c in candidates if c and c in VERB_CLASSES and c not in {"be", "become", "remain"}), None)
