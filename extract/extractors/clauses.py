"""Verb-clause statements (v2): subject – verb group – object, plus the clause's other arguments.

One statement per (subject, object) pair of each verb clause. The verb group
(auxiliaries, negation, particle, ``xcomp`` chain: "would not agree to halt")
is the relation; the object is the first complement (direct object, predicate
nominal or adjective, reported clause, or else the first prepositional object,
whose preposition then joins the relation: "met in"); every further
prepositional phrase or bare time expression is kept as an extra argument in
sentence order ("in 1941", "last week"), so n-ary facts are not cut short.

Covers active and passive clauses (``by`` agents), copulas (a relational
noun joins the relation: "is the manufacturer of"), indirect objects,
complex prepositions ("out of"), coordinated subjects and objects (one
statement each) and coordinated verbs sharing an object, relative clauses
(including object relatives, "the deal which Moscow rejected"), participial
modifiers ("a delegation led by Rubio") and participial adverbial clauses,
and verbs that inherit the subject of the verb they are coordinated with.
A fronted adverbial ("In Kyiv, …") is never the object. See docs/extraction.md.
Attribution ("X said that …", "…, X said", "according to Y") is recorded on
the statements of the reported clause; the speech act itself is also a
statement whose object is the reported clause.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import POS, SENT_START
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Token

from ..model import Statement
from ..nouns import PARTICLES
from ..registry import register_extractor
from ..sentences import token_texts
from ._confidence import clause_confidence
from ._spans import (
    FINITE_TAGS,
    SPEECH_VERBS,
    argument,
    attribution,
    be_to,
    reduced_passive_cue,
    STRONG_QUALIFIERS,
    conjuncts,
    governing_modality,
    is_causative,
    is_infinitive,
    is_negated,
    modality,
    provenance,
    span_text,
    subtree_tokens,
)

NAME = "clauses.v2"
VERSION = 2

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
_RELATIVE_WORDS = {"who", "which", "that", "whom"}
_CORE_OBJECT_DEPS = {"dobj", "attr", "oprd", "acomp", "obj"}
_VERB_GROUP_DEPS = {"aux", "auxpass", "neg", "prt"}
_RELATIONAL_PREPS = {"of"}
#: Dependents never copied into an argument: they start clauses or statements of their own.
_ARG_EXCLUDE = {"relcl", "appos", "punct"}


@dataclass(frozen=True, slots=True)
class _Subject:
    token: Token
    kind: str  # "direct", "relative", "inherited", "modified"


@dataclass(frozen=True, slots=True)
class _Complement:
    head: Token
    tokens: list[Token]
    prep: Token | None  # the (first word of the) preposition when the complement is a prepositional phrase
    core: bool  # direct object / predicate complement / reported clause
    prep_words: list[Token] | None = None  # every word of the preposition ("out of")


@register_extractor(NAME)
def extract_clauses(doc: Doc) -> Iterator[Statement]:
    """Yield the statements of every verb clause in ``doc``."""
    for sent_index, frame in clause_frames(doc):  # computed once per Doc, shared with the families reading frames
        yield from _clause_statements(doc, sent_index, frame)


def _is_clause_head(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ in {"aux", "auxpass", "amod"}:
        return False
    if in_question(token) or title_word(token):
        return False
    if token.dep_ == "xcomp" and not _own_subject(token) and _object_before(token) is None:
        return False  # folded into the governing verb's relation ("agree to halt")
    return not _glued_to_next_verb(token)


def _glued_to_next_verb(verb: Token) -> bool:
    """A verb the parser coordinated with a later one with neither "and" nor a comma between: a misread.

    "Figures on searches carried out under the Act showed that …": "carried
    out" is a participle on "searches", read as the main verb with "showed"
    as its conjunct; what it would state ("figures carry out …") is false.
    """
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ in {"VERB", "AUX"} and conj.i > verb.i:
            return not any(t.dep_ in {"cc", "punct"} for t in verb.doc[verb.i + 1 : conj.i])
    return False


_SENTENCE_ENDS = {".", "!", "?"}
_OPENERS = {'"', "'", "“", "‘", ":", "-", "–", "—", "(", "["}


def in_question(verb: Token) -> bool:
    """Whether the verb's clause asks rather than asserts: the first sentence end after it is "?".

    "What will the new rules mean for small farms?" states nothing; in
    '"Why now?" he asked.' only the asking is a statement.
    """
    return verb.i in _question_tokens(verb.doc)


_QUESTIONS_KEY = "newsgraph.question_tokens"


def _question_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens whose next sentence end is a question mark (once per Doc, right to left)."""
    cached = doc.user_data.get(_QUESTIONS_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), _find_question_tokens(doc))
        doc.user_data[_QUESTIONS_KEY] = cached
    return cached[1]


def _find_question_tokens(doc: Doc) -> frozenset[int]:
    # Token texts and sentence starts from the Doc's arrays: no Token object per word.
    # A token ends its sentence when it is the last or the next one starts a sentence (Token.is_sent_end);
    # SENT_START comes as uint64, so "not a start" (-1) is a huge number: only 1 is a start.
    if not len(doc):
        return frozenset()
    words = token_texts(doc)
    starts = doc.to_array(SENT_START).tolist()
    found: set[int] = set()
    asking = False
    for i in range(len(words) - 1, -1, -1):
        text = words[i].rstrip("\"'”’") or words[i]
        if i + 1 == len(words) or starts[i + 1] == 1 or text in _SENTENCE_ENDS:
            asking = text.startswith("?") if text in _SENTENCE_ENDS else False
        elif asking:
            found.add(i)
    return frozenset(found)


def title_word(token: Token) -> bool:
    """A verb or preposition written with a capital inside a sentence starts a title or a name, not a clause.

    The tagger reads "attended the premiere of Under the Bridge" or "started
    shooting Running the River" word by word; a capitalised "Under" or
    "Running" after the first word of a sentence (and not after an opening
    quote, colon, dash or bracket) is part of a name.
    """
    if token.i == 0 or token.is_sent_start or not token.text[:1].isupper():
        return False
    previous = token.doc[token.i - 1]
    return previous.text not in _OPENERS and not previous.is_space and previous.text[-1:] not in _OPENERS


def _object_before(xcomp: Token) -> Token | None:
    """The governing verb's direct object when it stands before this ``xcomp``.

    "use the same instruments to pressure Moscow", "urged Putin to stop":
    the verb already has its object, so the infinitive is a clause of its
    own (purpose or object control), not part of the relation.
    """
    if xcomp.dep_ != "xcomp":
        return None
    return next((c for c in xcomp.head.children if c.dep_ == "dobj" and c.i < xcomp.i), None)


#: Verbs whose object is who does what their infinitive says (object control, VerbNet's "force"/"advise"/"order" classes).
OBJECT_CONTROL_VERBS = frozenset(
    "lead force urge ask tell persuade convince allow enable permit cause encourage order push warn invite require compel "
    "pressure prompt inspire instruct advise oblige drive "
    # choosing or sending someone for a task: "appointed Lord Hutton to lead the inquiry", "sent troops to quell the riots"
    "appoint choose elect hire pick select name nominate recruit commission assign send".split()
)
#: Entity labels of things that can act: the object of "urged Putin to stop" is who stops.
_AGENT_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


def _controller(xcomp: Token, obj: Token) -> list[Token] | None:
    """Who does what an infinitive after an object says, or ``None`` for the governing subject.

    Only verbs whose object does what the infinitive says hand it over:
    object control ("urged Putin to stop", "led many employers to replace",
    :data:`OBJECT_CONTROL_VERBS`) and verbs of wanting, expecting and causing
    ("wants Ukraine to sign", :data:`_OBJECT_RAISING_VERBS`). Any other verb's
    infinitive is a purpose done by its own subject, however able the object
    is to act: "visited Paris to stress support", "met Putin to discuss the war".
    """
    head = xcomp.head.lemma_.lower()
    if head in OBJECT_CONTROL_VERBS and obj.pos_ in {"NOUN", "PROPN"}:
        return conjuncts(obj)
    acting = obj.ent_type_ in _AGENT_LABELS or obj.pos_ in {"NOUN", "PROPN"} or (obj.pos_ == "PRON" and obj.lower_ not in {"it", "this", "that", "what", "which"}) \
        or (obj.lower_ == "old" and any(c.lower_ in {"year", "years"} for c in obj.children))  # "the 19-year-old"
    if (head in OBJECT_CONTROL_VERBS or head in _OBJECT_RAISING_VERBS) and acting:
        return conjuncts(obj)
    return None


#: Verbs whose object is the subject of the infinitive after it ("want them to go", "expect rates to rise").
_OBJECT_RAISING_VERBS = frozenset(
    "want expect need like love hate prefer help get let make see hear watch wish intend mean believe consider "
    "tip back fancy predict".split()  # the pundit's "tipped Wales to win": Wales wins, if anyone
)


def _own_subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    subject = subjects[0] if subjects else None
    if len(subjects) > 1 and subject.pos_ == "NOUN" and subjects[1].pos_ == "PROPN" and subjects[1].left_edge.i == subject.i + 1:
        subject = subjects[1]  # "centre Mathew Tait is set to": the parser made a role and its name two subjects
    if subject is None:  # the tagger sometimes hangs the subject on a verb it took for an auxiliary ("he helped broker")
        subject = next((c for a in verb.children if a.dep_ == "aux" and a.i < verb.i for c in a.children if c.dep_ in _SUBJECT_DEPS), None)
    return subject


def _subjects(verb: Token) -> list[_Subject]:
    """Who or what the clause is about, following relative pronouns and shared subjects."""
    subj = _own_subject(verb)
    if subj is not None:
        if verb.dep_ == "relcl" and subj.lower_ in _RELATIVE_WORDS:
            if subj.lower_ == "which" and verb.head.ent_type_ == "PERSON":
                return []  # "the novel written by S Zaidi, which looks at …" is about the novel, not Zaidi
            if sum(c.dep_ in _SUBJECT_DEPS for c in verb.children) > 1:
                return []  # "pensioners, who they say have been hit": the relative is the inner verb's, not the speaker's
            owner = _owner_of(verb.head)
            if owner is not None and subj.lower_ in {"who", "whom"} and verb.head.ent_type_ != "PERSON":
                return [_Subject(owner, "relative")]  # "the owners of Rover, who were accused …": "who" is the owners
            if _skips_conjuncts(verb):
                if _plural_verb(verb):
                    return [_Subject(t, "relative") for t in conjuncts(verb.head)]
                return [_Subject(max((c for c in verb.head.conjuncts if c.i < verb.i), key=lambda c: c.i), "relative")]
            antecedent = _antecedent(verb.head)
            if antecedent == verb.head and not _plural_verb(verb):
                return [_Subject(antecedent, "relative")]  # "A, B and C, who had a stint": C had it; "who have" would be all three
            return [_Subject(t, "relative") for t in conjuncts(antecedent)]
        return [_Subject(t, "direct") for t in conjuncts(subj)]
    if verb.dep_ == "relcl":
        if is_infinitive(verb) and not _singles_out(verb.head):
            return []  # "delivered a performance to take the title": an infinitive on a noun, as under "acl" below
        return [_Subject(t, "relative") for t in conjuncts(_antecedent(verb.head))]
    if verb.dep_ == "acl" and verb.tag_ == "VB" and is_infinitive(verb):
        # "the first woman to win" is who wins; "a survey to find the best novel", "visiting the
        # region to stress support": the noun does not do the infinitive, whoever does is a guess
        return [_Subject(verb.head, "modified")] if _singles_out(verb.head) else []
    if verb.dep_ == "acl" and verb.tag_ in {"VBN", "VBG"} and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        if _nearer_noun(verb):
            return []
        return [_Subject(_antecedent(verb.head) if verb.head.dep_ == "appos" else verb.head, "modified")]
    obj = _object_before(verb)
    if obj is not None:
        controller = _controller(verb, obj)
        if controller is not None:
            return [_Subject(t, "inherited") for t in controller]
    if verb.dep_ in {"conj", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        if verb.dep_ == "conj" and _noun_before(verb):
            return []  # "... and Christopher Oram won": a subject the parser lost, not the first verb's
        if verb.dep_ == "conj" and _coordinated_with_infinitive(verb):
            return []
        if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.tag_ in {"VBG", "VBZ", "VBP", "VB"} and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
            return []  # "is launching a service …, called MSN Spaces": a participle shares no "is launching"; it names a noun
        return [_Subject(s.token, "inherited") for s in _subjects(verb.head)]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ == "mark" for c in verb.children):
        if verb.i > 0 and verb.doc[verb.i - 1].pos_ in {"NOUN", "PROPN"}:
            return []  # "a tariff for people in the UK using its hotspots": no comma, so the noun before may be who uses
        if verb.lemma_ in _QUANTITY_PARTICIPLES:
            # "the control order, amounting to house arrest,": what amounts to something is the noun before the
            # comma (the parser hangs the participle on the verb), never the clause's subject
            before = verb.doc[verb.i - 2] if verb.i > 1 and verb.doc[verb.i - 1].text == "," else None
            return [_Subject(before, "modified")] if before is not None and before.pos_ in {"NOUN", "PROPN"} else []
        return [_Subject(s.token, "inherited") for s in _subjects(verb.head) if s.kind == "direct"]
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and is_infinitive(verb):
        if _completes_noun(verb):
            return []
        # a purpose infinitive is done by the subject of its clause: "he is in Sweden to discuss …"
        return [_Subject(s.token, "inherited") for s in _subjects(verb.head) if s.kind == "direct"]
    return []


#: Verbs of giving and telling, which take a recipient before their object ("handed Chelsea a boost").
DITRANSITIVE_VERBS = frozenset("give hand send offer show tell grant award pay lend promise bring owe teach sell deny "
                               "cost earn win save".split())

#: Participles that measure a thing ("amounting to", "totalling", "equalling"): their subject is a noun, not an agent.
_QUANTITY_PARTICIPLES = frozenset({"amount", "total", "equal"})


#: Nouns an infinitive completes ("powers to detain", "a bid to buy"): the infinitive says what the noun is
#: for, not what the clause's subject does.
INFINITIVE_NOUNS = frozenset(
    "power right ability plan attempt bid effort move decision chance opportunity need proposal permission authority "
    "mandate deal agreement pledge promise offer order call request campaign drive push fight battle struggle freedom "
    "licence license bill law measure legislation scheme programme program strategy powers rights plans".split()
)


def _completes_noun(infinitive: Token) -> bool:
    """An infinitive the parser hung on the verb right after that verb's object noun, which it completes.

    "would replace current powers to detain suspects": the powers are to
    detain; read as a purpose it would say "they detain suspects".
    """
    obj = next((c for c in infinitive.head.children if c.dep_ == "dobj" and c.i < infinitive.i), None)
    if obj is None or obj.lemma_.lower() not in INFINITIVE_NOUNS:
        return False
    return max(t.i for t in obj.subtree) + 1 == min(t.i for t in infinitive.subtree)


def _nearer_noun(participle: Token) -> Token | None:
    """A common noun between a participle and the noun the parser hung it on, which it may as well modify.

    In "a £20 tariff for people in the UK using its hotspots" the people use
    the hotspots, not the tariff; the structure cannot tell, so no guess.
    A name in between ("a man from Leeds arrested on Monday") modifies nothing.
    """
    head = participle.head
    return next((t for t in head.doc[head.i + 1 : participle.i] if t.dep_ == "pobj" and t.pos_ == "NOUN" and not t.ent_type_), None)


def _owner_of(noun: Token) -> Token | None:
    """The common noun before "of" when ``noun`` is its object ("the owners" in "the owners of Rover")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return None


def _plural_verb(verb: Token) -> bool:
    """The verb (or its first auxiliary) agrees with a plural: "who have", "which were"."""
    group = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}] + [verb]
    first = min(group, key=lambda t: t.i)
    return first.tag_ == "VBP" or first.lower_ in {"were", "are", "have", "'re"}


def _coordinated_with_infinitive(verb: Token) -> bool:
    """A bare verb after its head's infinitive, which it may coordinate with instead of the head.

    In "will allow casinos to open to the public, have live entertainment and
    …" the parser hangs "have" on "allow", but "have" may as well continue
    "to open"; the base form fits both, so who has what is a guess.
    A finite verb ("allowed casinos to open and had …") tells them apart.
    """
    if verb.tag_ not in {"VB", "VBP"} or any(c.dep_ == "aux" for c in verb.children):
        return False
    head = verb.head
    return any(c.dep_ in {"xcomp", "ccomp"} and is_infinitive(c) and head.i < c.i < verb.i for c in head.children)


def _skips_conjuncts(relative: Token) -> bool:
    """A relative clause the parser hung on a list member other than the one right before it.

    In "Baker, Cole and Hart, who had a spell with Leeds" the clause is
    about Hart, or all three with a plural verb ("who have"); attached to
    Baker it would give Baker a spell. The verb's number decides.
    """
    antecedent = relative.head
    return any(antecedent.i < c.i < relative.i for c in antecedent.conjuncts if c.i > antecedent.i)


_SINGLING = {"first", "last", "only", "next", "second", "third", "latest", "sole"}


def _singles_out(noun: Token) -> bool:
    """ "the first / only / youngest player": a noun an infinitive after it is about."""
    return any(c.dep_ in {"amod", "advmod", "nummod"} and (c.lower_ in _SINGLING or c.tag_ == "JJS" or c.ent_type_ == "ORDINAL") for c in noun.children)


def _noun_before(verb: Token) -> bool:
    """Whether a noun stands right before the verb (auxiliaries and adverbs skipped)."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].dep_ in {"aux", "auxpass", "neg", "advmod"}:
        i -= 1
    return i >= verb.sent.start and verb.doc[i].pos_ in {"NOUN", "PROPN", "PRON"} and verb.doc[i].dep_ != "dobj"


def _antecedent(noun: Token) -> Token:
    """The noun a relative clause is about; for "X is (became) a Y who …" and "X, a Y who …" that is X, not Y."""
    if noun.dep_ == "attr" and noun.head.lemma_ in {"be", "become", "remain"}:
        subj = _own_subject(noun.head)
        if subj is not None and subj.pos_ != "PRON":
            return subj
    if noun.dep_ == "appos" and noun.pos_ == "NOUN" and (noun.head.pos_ == "PROPN" or noun.head.ent_type_ in _AGENT_LABELS):
        return noun.head  # "Oleg Petrov, a senior intelligence officer who became …": the clause is about the name
    return noun


def _verb_group(verb: Token) -> tuple[list[Token], Token]:
    """Relation tokens (aux, neg, particle, verb, xcomp chain) and the last verb of the chain."""
    tokens: list[Token] = []
    current = verb
    while True:
        tokens.extend(c for c in current.children if c.dep_ in _VERB_GROUP_DEPS)
        tokens.append(current)
        nxt = next(
            (c for c in current.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and _own_subject(c) is None and _object_before(c) is None and not title_word(c)),
            None,
        )
        if nxt is None:
            break
        current = nxt
    tokens.sort(key=lambda t: t.i)
    # adverbs inside the verb group ("has also agreed") belong to the relation as written
    first, last = tokens[0].i, tokens[-1].i
    inside = [
        c for t in tokens for c in t.children
        if c.dep_ == "advmod" and (first < c.i < last or c.i == first - 1) and not list(c.children) and c.pos_ == "ADV" and c.tag_ != "WRB"
    ]
    particle = next((c for c in current.children if _particle(c)), None)
    return sorted(tokens + inside + ([particle] if particle is not None else []), key=lambda t: t.i), current


#: Adverbs that say where the verb leaves its object ("put Newcastle ahead", "pulled them level"):
#: without them the label says something else ("put Newcastle").
_RESULT_ADVERBS = frozenset("ahead level clear behind together apart higher lower home abroad".split())  # "sent the dollar higher", "was forced home"


def _particle(token: Token) -> bool:
    """One of :data:`PARTICLES` right after its verb (or after the verb's short object), with nothing of its own."""
    if token.dep_ != "advmod" or token.lower_ not in PARTICLES | _RESULT_ADVERBS or list(token.children):
        return False
    verb = token.head
    if token.i == verb.i + 1:
        return verb.pos_ in {"VERB", "AUX"}
    # after a short object: "pegged him back", "take Britain forward", "brought the game back"
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.left_edge.i == verb.i + 1 and c.right_edge.i == token.i - 1), None)
    return obj is not None and token.i - verb.i - 1 <= 3


def _after_as_well_as(token: Token) -> bool:
    """Whether the phrase of ``token`` follows "as well as" right away."""
    start = token.left_edge.i
    return start >= 3 and [t.lower_ for t in token.doc[start - 3 : start]] == ["as", "well", "as"]


def _complements(verb: Token, last: Token) -> list[_Complement]:
    """Objects and prepositional/time arguments of the clause, in sentence order."""
    found: list[_Complement] = []
    owners = [last] if last == verb else [verb, last]
    for owner in owners:
        for child in owner.children:
            if owner == verb and last != verb and child.dep_ != "prep":
                continue  # objects belong to the last verb of the chain; place/time may hang on the first
            dep = child.dep_
            if dep in _CORE_OBJECT_DEPS or dep == "dative" and child.pos_ != "ADP":
                if child.tag_ in {"WDT", "WP"}:
                    if owner.dep_ == "relcl":  # object relative: "the deal which Moscow rejected"
                        found.append(_Complement(owner.head, _noun_core(owner.head), None, True))
                    continue  # an unresolved "which"/"what" says nothing
                if _after_as_well_as(child):
                    continue  # "pulled out of meets as well as training": a conjunct of a phrase the parser lost, no object
                found.append(_Complement(child, subtree_tokens(child, exclude_deps=_ARG_EXCLUDE), None, True))
            elif dep == "xcomp" and child.pos_ in {"ADJ", "NOUN", "PROPN"}:
                found.append(_Complement(child, subtree_tokens(child, exclude_deps=_ARG_EXCLUDE), None, True))
            elif dep == "xcomp" and _object_before(child) is not None:
                # "urged Putin to stop the attacks": the infinitive completes the clause (kept as an extra
                # argument, as CaRB's annotators do) and is also a statement of its own
                found.append(_Complement(child, subtree_tokens(child, exclude_deps={"punct"}), None, False))
            elif dep == "ccomp" or (dep == "xcomp" and _own_subject(child) is not None):
                if child.i < owner.i and owner.lemma_ not in SPEECH_VERBS:
                    continue  # a fronted clause ("After all, X has not changed, Putin will …") is not the object
                found.append(_Complement(child, subtree_tokens(child, exclude_deps={"mark", "punct"}), None, True))
            elif dep in {"prep", "agent", "dative"} and child.lower_ != "according":
                complement = _prepositional(child)
                if complement is not None:
                    found.append(complement)
            elif dep in {"npadvmod", "tmod"} and child.ent_type_ in {"DATE", "TIME"}:
                found.append(_Complement(child, subtree_tokens(child, exclude_deps=_ARG_EXCLUDE), None, False))
    if not any(c.core for c in found) and last == verb:
        found.extend(_shared_object(verb))
    found.sort(key=lambda c: c.tokens[0].i)
    return found


def _shared_object(verb: Token) -> list[_Complement]:
    """The object of a coordinated verb that this verb shares ("bought and sold shares")."""
    partner = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and _own_subject(c) is None), None)
    if partner is None or not any(c.dep_ == "cc" and verb.i < c.i < partner.i for c in verb.children):
        return []
    if any(c.dep_ == "auxpass" for c in verb.children):
        return []  # "have been charged by X and await trial": a passive verb has no object to share
    if any(c.dep_ in {"dobj", "prep", "agent", "dative"} and verb.i < c.i < partner.i for c in verb.children):
        return []  # the first verb has its own complements
    obj = next((c for c in partner.children if c.dep_ == "dobj"), None)
    if obj is None or obj.tag_ in {"WDT", "WP"}:
        return []
    if any(c.dep_ == "prt" for c in partner.children):
        return []  # "twisted and turned on the edge": the object of a phrasal verb is not the first verb's
    return [_Complement(obj, subtree_tokens(obj, exclude_deps=_ARG_EXCLUDE), None, True)]


def _prepositional(prep: Token) -> _Complement | None:
    """A prepositional phrase as a complement; the preposition stays in its tokens ("in 1941").

    Complex prepositions ("out of the port") are parsed as a preposition
    governing another one; both words then form the preposition.
    """
    if title_word(prep):
        return None  # "the premiere of Under the Bridge": a title, not a place or a time
    words = [prep]
    inner = next((c for c in prep.children if c.dep_ == "prep"), None)
    if inner is not None and not any(c.dep_ in {"pobj", "pcomp"} for c in prep.children) and inner.i == prep.i + 1:
        words, prep = [prep, inner], inner
    obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
    if obj is None:  # "described it as deliberate": the preposition governs an adjective
        obj = next((c for c in prep.children if c.dep_ in {"amod", "acomp", "advmod"}), None)
    if obj is None:
        return None
    return _Complement(obj, [*words, *subtree_tokens(obj, exclude_deps=_ARG_EXCLUDE)], words[0], False, words)


def _relational_noun(core: _Complement, last: Token) -> _Complement:
    """"X is the manufacturer of Y": the noun and its preposition join the relation, Y is the object.

    A predicate noun with an ``of`` phrase names a relation between subject
    and the noun's object; reading it that way links two entities in the graph
    instead of an entity and a long description.
    """
    noun = core.head
    if not core.core and last.lemma_ == "be":
        return _state_noun(core)
    if not core.core or noun.dep_ != "attr" or last.lemma_ != "be" or noun.pos_ != "NOUN":
        return core
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.i > noun.i and c.lower_ in _RELATIONAL_PREPS), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or any(c.dep_ in {"relcl", "acl"} and c.i < prep.i for c in noun.children):
        return core
    words = [t for t in core.tokens if t.i <= prep.i]
    return _Complement(obj, [*words, *subtree_tokens(obj, exclude_deps=_ARG_EXCLUDE)], words[0], True, words)


#: Prepositions after a state noun that name who or what the state is with ("in talks with", "in charge of").
_STATE_PREPS = {"with", "of", "over", "against", "for"}
#: Nouns of complex prepositions, no state: "in front of", "in spite of", "on behalf of".
_PREPOSITION_NOUNS = frozenset("front spite place terms addition case behalf view light respect".split())


def _state_noun(core: _Complement) -> _Complement:
    """"Absa is in talks with Barclays", "he was in charge of the team": the state joins the relation.

    "be in" with a bare common noun and a preposition of its own says what
    state the subject is in with someone or something, not where it is; read
    as a place it would give *Absa –be in→ talks* (located in).
    """
    noun = core.head
    if core.prep is None or core.prep.lower_ not in {"in", "at", "under", "on"} or len(core.prep_words or [core.prep]) != 1 \
            or noun.pos_ != "NOUN" or noun.ent_type_ or noun.lower_ in _PREPOSITION_NOUNS \
            or any(c.dep_ in {"det", "poss", "amod", "compound", "nummod"} for c in noun.children):
        return core
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.i == noun.i + 1 and c.lower_ in _STATE_PREPS), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None:
        return core
    words = [core.prep, noun, prep]
    return _Complement(obj, [*words, *subtree_tokens(obj, exclude_deps=_ARG_EXCLUDE)], core.prep, False, words)


def _noun_core(noun: Token) -> list[Token]:
    return subtree_tokens(noun, exclude_deps={"relcl", "acl", "appos", "punct", "conj", "cc"})


def _subject_of_following_verb(noun: Token) -> bool:
    """A coordinated noun right before a finite verb that has no subject of its own ("and analysts warn")."""
    end = max(t.i for t in noun.subtree if t.dep_ not in {"conj", "cc"} or t is noun)
    doc = noun.doc
    if end + 1 >= len(doc):
        return False
    verb = doc[end + 1]
    return verb.tag_ in FINITE_TAGS and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _split(complement: _Complement) -> list[_Complement]:
    """One complement per coordinated noun ("met Rubio and Lavrov" → two)."""
    head = complement.head
    if head.pos_ not in {"NOUN", "PROPN", "PRON", "NUM"} or not head.conjuncts:
        return [complement]
    parts = []
    for conj in conjuncts(head):
        if conj is not head and _subject_of_following_verb(conj):
            continue  # "has its problems and analysts warn that …": the subject of the next clause, no second object
        tokens = subtree_tokens(conj, exclude_deps=_ARG_EXCLUDE | {"conj", "cc"})
        if complement.prep is not None:
            tokens = [*(complement.prep_words or [complement.prep]), *tokens]
        parts.append(_Complement(conj, tokens, complement.prep, complement.core, complement.prep_words))
    return parts


def is_passive(rel_tokens: list[Token]) -> bool:
    """A passive verb group: with its own "be" ("was directed by"), or a participle coordinated with a
    passive verb that shares its "be" ("has been masterminded by X and directed by Y")."""
    if any(t.dep_ == "auxpass" for t in rel_tokens):
        return True
    return any(
        t.dep_ == "conj" and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.head.children)
        and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in t.children)
        for t in rel_tokens
    )


def _first_verb(rel_tokens: list[Token]) -> Token | None:
    return next((t for t in rel_tokens if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}), None)


def _inner_negation(tok: Token, first: Token | None) -> bool:
    """A "not" on a later verb of the chain: "vowed not to campaign" vows something, it is no denial."""
    return tok.dep_ == "neg" and first is not None and tok.head != first and tok.head.dep_ in {"xcomp", "ccomp"}


def group_negated(rel_tokens: list[Token]) -> bool:
    """Whether the statement of a verb group is denied: a "not" on a verb of the chain, save one that
    belongs to a later verb ("vowed not to campaign", whose "not" is in the label instead)."""
    first = _first_verb(rel_tokens)
    inner = {t.head.i for t in rel_tokens if _inner_negation(t, first)}
    return any(is_negated(t) for t in rel_tokens if t.pos_ in {"VERB", "AUX"} and (t.i not in inner or governing_modality(t) == "denied"))


def _denied_object(head: Token) -> bool:
    """"has no desire to offer", "saw no reason": a direct object with "no" denies the statement as "not" does.

    (After a preposition it does not: "left with no money" is a leaving.)
    """
    return head.dep_ in {"dobj", "attr"} and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)


def predicate_of(rel_tokens: list[Token], prep_words: list[Token]) -> str:
    """Normalised relation: verb lemmas (passives as "be" + participle), particle, preposition;
    a "not" of a later verb of the chain stays where it is ("vow not to campaign")."""
    passive = is_passive(rel_tokens)
    first = _first_verb(rel_tokens)
    words = []
    for tok in rel_tokens:
        if _inner_negation(tok, first) and words:
            words.append("not")
            continue
        if _particle(tok):
            words.append(tok.lower_)  # "be out in", "peg back": the particle changes what the verb says
            continue
        if (_going_to(tok) or be_to(tok)) and tok is not rel_tokens[-1]:
            continue  # "is going to need", "is to be screened": the future is the statement's modality ("will"), not a verb of the label
        if tok.dep_ in {"aux", "auxpass", "neg", "advmod"}:
            if tok.dep_ == "aux" and tok.lower_ == "to" and words:  # keep "agree to halt" readable
                words.append("to")
            continue
        # (a past tense the tagger took for a participle opens with a conjunction and has a subject of its own:
        # "after a fund voiced opposition")
        finite = tok.dep_ == "advcl" and {c.dep_ for c in tok.children} >= {"mark", "nsubj"}
        participle = tok.dep_ in {"acl", "advcl", "pcomp", "relcl"} and not any(c.dep_ == "aux" for c in tok.children) and not finite
        if ((passive or participle) and tok.tag_ == "VBN" or reduced_passive_cue(tok)) and not words:  # "a delegation led by", "with officers sent to"
            words.extend(["be", tok.lower_])
        elif tok.tag_ == "VBG" and words and tok.pos_ == "VERB" and not any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children):
            words.append(tok.lower_)  # "start shooting", "look at providing": the -ing form reads as written
            # (a progressive infinitive is its verb: "is thought to be preparing" → "be thought to prepare")
        elif "oprd" in {tok.dep_, tok.head.dep_} and tok.pos_ == "ADJ":
            words.append(tok.lower_)  # an object predicative as written: "named it best film" is not "good film"
        else:
            words.append(tok.lemma_.lower())
    words.extend(t.lower_ for t in prep_words if t.dep_ not in {"det", "poss", "case", "mark"})
    return " ".join(words)


def hyphen_piece(token: Token) -> bool:
    """A piece of a hyphenated word the parser took for a word of its own ("co" of "co-operation")."""
    doc = token.doc
    if token.text == "-":
        return True
    glued_after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    glued_before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    return (glued_after or glued_before) and not any(c.i in {token.i - 1, token.i + 1} and c.text == "-" for c in token.children)


def _going_to(token: Token) -> bool:
    return token.lemma_ == "go" and token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children) and any(
        c.dep_ == "xcomp" and is_infinitive(c) for c in token.children)


@dataclass(frozen=True, slots=True)
class ClauseFrame:
    """What one verb clause says before it is cut into statements.

    ``core`` is the object complement (after a relational noun has been moved
    into the relation), ``rest`` the further arguments, ``prep_words`` the
    words of the object's preposition that join the relation. Other families
    (:mod:`.mediated`) read frames instead of parsing clauses again.
    """

    verb: Token
    last: Token
    subjects: list[_Subject]
    rel_tokens: list[Token]
    core: _Complement
    rest: list[_Complement]
    prep_words: list[Token]


_FRAMES_KEY = "newsgraph.clause_frames"


def clause_frames(doc: Doc) -> Iterator[tuple[int, ClauseFrame]]:
    """``(sentence index, frame)`` for every verb clause of ``doc`` that has a subject and an object.

    Several families read the same frames; they are computed once per Doc (kept in ``doc.user_data``).
    """
    cached = doc.user_data.get(_FRAMES_KEY)
    if cached is None or cached[0] != len(doc):
        frames = []
        for sent_index, verb in _verbs(doc):
            if _is_clause_head(verb):
                frame = clause_frame(verb)
                if frame is not None:
                    frames.append((sent_index, frame))
        cached = (len(doc), frames)
        doc.user_data[_FRAMES_KEY] = cached
    yield from cached[1]


def _verbs(doc: Doc) -> Iterator[tuple[int, Token]]:
    """``(sentence index, token)`` for each VERB or AUX in order: the only tokens :func:`_is_clause_head` accepts.

    Read from the Doc's POS array, so no Token is made for the other words.
    """
    if not len(doc):
        return
    starts = [sent.start for sent in doc.sents]
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(POS), _VERB_POS)).tolist():
        yield bisect_right(starts, i) - 1, doc[i]


_VERB_POS = (VERB, AUX)


#: Objects that make "do" stand in for a verb said before ("did it", "do that again").
_PRO_OBJECTS = {"it", "that", "this", "so", "which", "what"}


def _after_among_them(obj: Token) -> bool:
    """An object right after "among them/those" ("…, among them Will Smith"): members of a group named before."""
    doc = obj.doc
    start = obj.left_edge.i
    while start < obj.i and doc[start].lower_ in {"among", "them", "those"}:  # "[among them Anna Berg]" parsed as one phrase
        start += 1
    return start >= 2 and doc[start - 1].lower_ in {"them", "those"} and doc[start - 2].lower_ == "among"


def _subject_of_next_clause(verb: Token, obj: Token) -> bool:
    """An object the parser gave ``verb`` that is the subject of the finite clause right after it, which
    has no subject of its own ("learned [military force] was not …": "that" left out)."""
    end = max(t.i for t in obj.subtree)
    return any(
        c.dep_ == "ccomp" and c.left_edge.i == end + 1 and c.tag_ in FINITE_TAGS
        and not any(g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children)
        for c in verb.children
    )


def clause_frame(verb: Token) -> ClauseFrame | None:
    """The frame of the clause headed by ``verb``, or ``None`` when it relates nothing."""
    subjects = _subjects(verb)
    if not subjects:
        return None
    rel_tokens, last = _verb_group(verb)
    complements = _complements(verb, last)
    if not complements:
        return None
    # the direct object (or predicate complement) is the object; an indirect object stays an extra argument
    objects = [c for c in complements if c.core and c.head.dep_ != "dative"]
    if any(hyphen_piece(c.head) for c in objects):
        return None  # "argued closer co - operation with …" parsed as three objects: no structure to read
    if len(objects) > 1 and objects[0].head.dep_ == objects[1].head.dep_ == "dobj" and (
            objects[0].head.pos_ == "PRON" or (objects[0].head.pos_ == "PROPN" and last.lemma_ in DITRANSITIVE_VERBS)):
        # "send them Tomahawks", "giving Mr Blair the message" parsed as two objects: the first is the recipient
        # (a name only after a verb of giving: "accused Labour of … a lie", "support Microsoft Windows latest technology")
        objects = objects[1:]
    core = next(iter(objects), None) or next((c for c in complements if c.core), None)
    if core is None:  # no object: the first prepositional phrase is the object, its preposition joins the relation
        # only a phrase after the verb: a fronted adverbial ("In Kyiv, …") is scene-setting, not the object
        core = next((c for c in complements if c.prep is not None and c.prep.i > verb.i), None)
        if core is None:  # only a bare time expression ("met last week"): nothing to relate
            return None
    if core.head.dep_ == "dobj" and _after_among_them(core.head):
        return None  # "celebrities are scheduled to attend, among them Will Smith": who they are, not whom they attend
    if core.head.dep_ == "dobj" and _subject_of_next_clause(verb, core.head):
        return None  # "had learned military force was not the only way": what was learned is the clause, not the force
    if last.lemma_ == "do" and (core.prep is not None or core.head.lower_ in _PRO_OBJECTS):
        return None  # "should have done it", "did so on Monday": a stand-in for a verb said before, nothing of its own
    rest = [c for c in complements if c is not core]
    predicative = _object_predicative(core, rest)
    if predicative is not None:
        # "leaving Bullock helpless", "left thousands homeless": what the verb makes of its object is part of the relation
        rest = [c for c in rest if c is not predicative]
        rel_tokens = [*rel_tokens, *predicative.tokens]
    idiom = _bare_noun_phrase(core, rest)
    if idiom is not None:
        # "took the UK to war", "sentenced him to death": a bare noun after a named object says what was done to it
        rest = [c for c in rest if c is not idiom]
        rel_tokens = [*rel_tokens, *idiom.tokens]
    core = _relational_noun(core, last)
    prep_words = (core.prep_words or [core.prep]) if core.prep is not None else []
    if core.prep is None and core.head.dep_ == "ccomp":  # "said that …": the complementiser reads with the verb
        prep_words = [c for c in core.head.children if c.dep_ == "mark" and c.lower_ == "that"][:1]
    return ClauseFrame(verb, last, subjects, rel_tokens, core, rest, prep_words)


def _object_predicative(core: _Complement, rest: list[_Complement]) -> _Complement | None:
    """A short adjective or noun right after the direct object that says what it is left or made ("left them homeless")."""
    if core.head.dep_ != "dobj":
        return None
    after = core.tokens[-1].i + 1
    return next((c for c in rest if c.head.dep_ == "oprd" and c.head.pos_ in {"ADJ", "NOUN"} and len(c.tokens) <= 3 and c.tokens[0].i == after), None)


#: Prepositions that, with a bare noun, make an idiom of the verb: "to war", "on trial", "into custody", "under arrest".
_IDIOM_PREPS = frozenset({"to", "into", "on", "under"})


def _bare_noun_phrase(core: _Complement, rest: list[_Complement]) -> _Complement | None:
    """A preposition and a bare singular noun right after a pronoun or named object ("took the UK to war").

    Only after a participant: after a thing the phrase is often the thing's
    own ("put emphasis on education").
    """
    head = core.head
    if head.dep_ != "dobj" or not (head.pos_ in {"PRON", "PROPN"} or head.ent_type_):
        return None
    after = core.tokens[-1].i + 1
    for c in rest:
        if c.prep is not None and c.tokens[0].i == after and c.prep.lower_ in _IDIOM_PREPS and len(c.tokens) == 2 \
                and c.head.tag_ == "NN" and not c.head.ent_type_ and c.head.is_lower:
            return c
    return None


def clause_modality(frame: ClauseFrame) -> str | None:
    """How far the clause is from a plain assertion (docs/extraction.md, "Modality").

    1. A governing construction among ``STRONG_QUALIFIERS``: the clause is
       denied ("denied that X"), conditional ("if X") or hypothetical
       ("whether X", "wish X"); it outranks the clause's own modal.
    2. The verb group's own cue: "would have" (hypothetical), a hedging
       adverb, a cue verb ("plans to", "is said to") or the first modal.
    3. An infinitive after an object borrows its governing verb's ("will use
       the instruments to pressure Moscow" is as hedged as "will use"); read
       as purpose (no acting object), it is ``"purpose"`` otherwise.
    4. A weaker governing construction: a purpose clause ("so that X"), an
       infinitive under a cue verb ("wants Ukraine to sign": ``"intended"``).
    """
    governing = governing_modality(frame.verb)
    if governing in STRONG_QUALIFIERS:
        return governing
    modal = next((m for m in (modality(t) for t in frame.rel_tokens if t.pos_ in {"VERB", "AUX"}) if m), None)
    if modal is not None:
        return modal
    if is_causative(frame.verb) and (modal := modality(frame.verb.head)) is not None:
        return modal  # "would make companies pay more" is as hedged as "would make"
    obj = _object_before(frame.verb)
    if obj is not None:
        modal = modality(frame.verb.head)
        if modal is not None:
            return modal
        if _controller(frame.verb, obj) is None and frame.verb.lemma_ != "be":
            return "purpose"  # "forecast it to be …" raises, it states no purpose
    return governing


def frame_subjects(frame: ClauseFrame) -> Iterator[tuple[_Subject, list[Token]]]:
    """Each subject of the clause that names something, with its words (coordinated subjects split).

    An unresolved "what"/"which" says nothing about anything and is skipped.
    """
    split = len(frame.subjects) > 1
    for subject in frame.subjects:
        if subject.token.tag_ not in {"WDT", "WP"}:
            yield subject, subject_tokens(subject, split)


def subject_tokens(subject: _Subject, split: bool) -> list[Token]:
    """The words of a subject; ``split`` leaves out coordinated subjects (one statement each)."""
    if subject.kind in {"relative", "modified"}:
        return _noun_core(subject.token)
    return subtree_tokens(subject.token, exclude_deps=_ARG_EXCLUDE | {"acl"} | ({"conj", "cc"} if split else set()))


def _clause_statements(doc: Doc, sent_index: int, frame: ClauseFrame) -> Iterator[Statement]:
    verb = frame.verb
    subjects, rel_tokens, last, core, rest, prep_words = frame.subjects, frame.rel_tokens, frame.last, frame.core, frame.rest, frame.prep_words
    prep = core.prep
    relation_tokens = rel_tokens + prep_words
    relation = " ".join(filter(None, (span_text(rel_tokens), span_text(prep_words))))
    negated = group_negated(rel_tokens)
    modal = clause_modality(frame)
    said_by = attribution(verb)
    extras = [argument(c.head, c.tokens) for c in rest]
    split_subjects = len(subjects) > 1
    for subject in subjects:
        subj = subject.token
        if subj.tag_ in {"WDT", "WP"}:
            continue  # an unresolved "what"/"which" says nothing about anything
        subj_tokens = subject_tokens(subject, split_subjects)
        for obj in _split(core):
            obj_tokens = [t for t in obj.tokens if t not in prep_words] or obj.tokens
            evidence = subj_tokens + relation_tokens + obj_tokens
            statement = Statement(
                subject=argument(subj, subj_tokens),
                relation=relation,
                predicate=predicate_of(rel_tokens, prep_words),
                object=argument(obj.head, obj_tokens),
                provenance=provenance(doc, sent_index, evidence, NAME, VERSION),
                confidence=clause_confidence(
                    subject_kind=subject.kind,
                    subject_tokens=subj_tokens,
                    object_tokens=obj_tokens,
                    n_extras=len(extras),
                    prepositional=prep is not None,
                    verb=verb,
                    object_head=obj.head,
                    subject_head=subj,
                ),
                extra=tuple(extras),
                negated=negated or _denied_object(obj.head),
                modality=modal,
                attribution=said_by if last.lemma_ not in SPEECH_VERBS else None,
            )
            yield statement
