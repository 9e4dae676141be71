"""Span helpers shared by the extractor families: arguments, relation text, qualifiers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc, Span, Token

from ..model import Argument, Provenance
from ..nouns import stray_article
from ..quotes import reopens_quotation
from ..sentences import per_doc, sentence_words, token_texts, trailing_spaces

__all__ = [
    "SUBJECT_DEPS",
    "OBJECT_DEPS",
    "FINITE_TAGS",
    "MODALS",
    "SPEECH_VERBS",
    "argument",
    "subtree_tokens",
    "span_text",
    "conjuncts",
    "ONE_THING_EXCLUDE",
    "is_negated",
    "modality",
    "governing_modality",
    "STRONG_QUALIFIERS",
    "provenance",
    "attribution",
    "copula_for",
]

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative", "obj"}
#: Tags of a finite verb: a noun right before one is often the subject of a clause the parser ran on into.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Auxiliaries that make a claim less than a plain assertion ("will" included: a forecast is not a fact).
MODALS = {"could", "may", "might", "would", "should", "must", "can", "ought", "will", "shall", "'ll"}
SPEECH_VERBS = {
    "say", "tell", "state", "add", "announce", "warn", "write", "claim", "insist", "assert",
    "note", "report", "post", "argue", "stress", "emphasize", "emphasise", "explain", "confirm",
    "deny", "declare", "suggest", "admit", "reply", "indicate", "acknowledge",
}
#: Dependents left out of an argument that names one thing ("Putin", not "Putin and Trump, who met …"):
#: clauses, appositions and coordinated items are statements or arguments of their own.
ONE_THING_EXCLUDE = frozenset({"relcl", "appos", "punct", "conj", "cc", "acl"})
_EDGE_TRIM = {"punct", "cc", "prep", "mark", "case"}


def subtree_tokens(token: Token, *, exclude_deps: Iterable[str] = (), exclude: Iterable[Token] = ()) -> list[Token]:
    """The token's subtree minus the subtrees of excluded children, in order."""
    banned = {t.i for t in exclude} | {t.i for t in stray_article(token)}
    dep_ban = set(exclude_deps)
    kept = [token]
    for child in token.children:  # the dependency labels are excluded among the token's own children only
        if child.i in banned or child.dep_ in dep_ban:
            continue
        if banned:
            kept.extend(_subtree_without(child, banned))
        else:
            kept.extend(child.subtree)  # spaCy walks it in C, with no Python call per token
    kept.sort(key=_index)
    return _trim(kept)


def _index(token: Token) -> int:
    return token.i


def _subtree_without(token: Token, banned: set[int]) -> list[Token]:
    """``token`` and its descendants, leaving out the tokens in ``banned`` with theirs."""
    kept, stack = [], [token]
    while stack:
        tok = stack.pop()
        kept.append(tok)
        stack.extend(child for child in tok.children if child.i not in banned)
    return kept


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].dep_ in _EDGE_TRIM or tokens[0].is_punct or tokens[0].is_space) and len(tokens) > 1:
        tokens = tokens[1:]
    while tokens and (tokens[-1].dep_ in _EDGE_TRIM or tokens[-1].is_punct or tokens[-1].is_space) and len(tokens) > 1:
        tokens = tokens[:-1]
    return tokens


def span_text(tokens: list[Token]) -> str:
    """Text of the tokens, keeping the document's own spacing."""
    if not tokens:
        return ""
    parts = []
    for tok, nxt in zip(tokens, tokens[1:] + [None]):
        parts.append(tok.text)
        if nxt is not None and (tok.whitespace_ or nxt.i != tok.i + 1):
            parts.append(" ")
    return "".join(parts)


def argument(head: Token, tokens: list[Token] | None = None) -> Argument:
    """An :class:`Argument` over ``tokens`` (sorted; whitespace tokens at the edges dropped) with ``head``."""
    tokens = sorted(tokens if tokens is not None else [head], key=lambda t: t.i)
    while len(tokens) > 1 and tokens[-1].is_space:
        tokens = tokens[:-1]
    while len(tokens) > 1 and tokens[0].is_space:
        tokens = tokens[1:]
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return Argument(
        text=span_text(tokens),
        start_char=start,
        end_char=end,
        head=head.text,
        head_start=head.idx,
        is_pronoun=head.pos_ == "PRON" or head.tag_ in {"PRP", "PRP$", "WP", "WDT"},
    )


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Trump and Putin").

    A list in brackets after a noun names its instances, not more of it: in
    "the biggest cities of Brazil (Sao Paulo, Rio and Recife)" the parser
    coordinates the cities with Brazil; a conjunct on another bracket level
    than the token is left out.
    """
    if not token.conjuncts:
        return [token]
    if _gapped(token):
        return [token]
    doc = token.doc
    return [token, *(c for c in token.conjuncts if _bracket_depth(doc, token.i, c.i) == 0)]


def _gapped(token: Token) -> bool:
    """A list that repeats its preposition further on is a list of clauses with the verb left out.

    In "Brown promoted the news in Edinburgh, Hain and Morgan in Cardiff" the
    parser coordinates Hain and Morgan with Edinburgh; the second "in" shows
    they are the subjects of a second, verbless clause, not more places.
    """
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    return any(c.dep_ == "prep" and c.lower_ == prep.lower_ for conj in token.conjuncts if conj.i > token.i for c in conj.children)


def _bracket_depth(doc, a: int, b: int) -> int:
    lo, hi = min(a, b), max(a, b)
    return sum((t.text == "(") - (t.text == ")") for t in doc[lo:hi])


def is_negated(verb: Token) -> bool:
    """A ``not``/``never`` on the verb, or a clause whose existence is denied around it.

    "denied that X", "rejected claims that X", "no evidence that X", "it is
    not true that X": the statements of X are negated (and their modality is
    ``"denied"``, see :func:`governing_modality`). So is the purpose of a
    negated verb ("did not travel to Paris to meet Chirac"). A denied clause
    that is itself negative is not flipped back: known limitation.
    """
    if any(c.dep_ == "neg" for c in verb.children) or governing_modality(verb) == "denied":
        return True
    if verb.dep_ == "advcl" and is_infinitive(verb) and not any(c.dep_ == "mark" for c in verb.children) \
            and any(c.dep_ == "neg" for c in verb.head.children):
        # a purpose not pursued is not done: "will not be coming out of retirement to compete in the championships"
        return True
    # "was no longer an employee": what held holds no more
    return any(c.dep_ == "advmod" and c.lower_ == "longer" and any(n.dep_ == "neg" for n in c.children) for c in verb.children)


#: Modality of a cue word in the verb's own group (docs/extraction.md, "Modality").
#: Adverbs on the verb: "Putin reportedly met …".
ADVERB_CUES = {
    "reportedly": "reported", "allegedly": "reported", "purportedly": "reported", "supposedly": "reported",
    "possibly": "possible", "perhaps": "possible", "maybe": "possible", "probably": "possible",
}
#: Verbs governing an infinitive: "plans to build", "is expected to ask", "wants Ukraine to sign".
VERB_CUES = {
    "say": "reported", "report": "reported", "believe": "reported", "think": "reported",
    "understand": "reported", "rumour": "reported", "rumor": "reported", "allege": "reported",
    "expect": "expected", "set": "expected", "likely": "expected",
    "tip": "expected", "back": "expected", "fancy": "expected", "predict": "expected",
    "plan": "intended", "hope": "intended", "want": "intended", "intend": "intended", "aim": "intended",
    "seek": "intended", "threaten": "intended", "vow": "intended", "pledge": "intended",
    "promise": "intended", "try": "intended", "attempt": "intended",
    # asking someone to do a thing is not their doing it ("urged the council to drop the levy")
    "urge": "requested", "ask": "requested", "order": "requested", "instruct": "requested", "invite": "requested",
    "press": "requested", "pressure": "requested", "encourage": "requested", "persuade": "requested", "beg": "requested",
    "demand": "requested", "appeal": "requested",
}
#: Nouns whose content clause is a claim, not the writer's assertion ("reports that he attended",
#: "speculation that X"), and nouns of expectation ("hopes that X", "fears that X").
CLAIM_NOUNS = {
    "report": "reported", "claim": "reported", "allegation": "reported", "rumour": "reported", "rumor": "reported",
    "speculation": "reported", "suggestion": "reported", "suspicion": "reported", "accusation": "reported",
    "assertion": "reported", "belief": "reported", "hope": "expected", "fear": "expected", "expectation": "expected",
    "prospect": "expected", "possibility": "possible", "chance": "possible", "risk": "possible",
}
#: Verbs whose finite "that" clause is hoped, feared or expected, not asserted ("I hope the government will act").
_EXPECTING_VERBS = {"hope": "expected", "wish": "hypothetical", "fear": "expected", "expect": "expected", "predict": "expected", "anticipate": "expected"}
#: Cue verbs that only hedge in the passive ("is said to" reports; "said to wait" does not).
_PASSIVE_ONLY = {"say", "report", "believe", "think", "understand", "rumour", "rumor", "allege", "set"}
#: Verbs whose reported clause is denied ("denied that X"), or whose noun object's clause is
#: ("rejected claims that X").
DENIAL_VERBS = {"deny", "reject", "dismiss", "refute", "rebut"}
#: Nouns whose absence denies their content clause ("no evidence that X"); "no doubt/question/secret
#: that X" affirms X, so the list is closed.
EVIDENCE_NOUNS = {"evidence", "sign", "proof", "indication", "suggestion", "trace", "hint", "truth", "basis", "confirmation"}
#: Verbs whose clause is imagined, not asserted ("wish the government had cut taxes").
HYPOTHETICAL_VERBS = {"wish", "imagine", "suppose", "pretend"}
_TRUTH_WORDS = {"true", "correct", "accurate", "case"}
_FALSITY_WORDS = {"false", "untrue", "wrong", "incorrect"}
#: Qualifications a governing construction gives that outrank the verb group's own modal.
STRONG_QUALIFIERS = ("denied", "conditional", "hypothetical")
_CLIMB_DEPS = {"conj", "xcomp", "ccomp", "advcl", "csubj", "csubjpass"}


def modality(verb: Token) -> str | None:
    """The qualification the verb's own group gives it, or ``None``.

    In order: "would have" + participle (``"hypothetical"``); a hedging adverb
    (:data:`ADVERB_CUES`); the verb as a cue governing its folded infinitive
    ("plans to build" ``"intended"``, "is said to be" ``"reported"``,
    "is likely to resign" ``"expected"``, :data:`VERB_CUES`); else the first
    modal auxiliary as written ("will", "may", "could"…).
    """
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"would", "'d"} for a in auxes) and any(a.lemma_ == "have" and a.dep_ == "aux" for a in auxes) and verb.tag_ == "VBN":
        return "hypothetical"
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in ADVERB_CUES:
            return ADVERB_CUES[child.lower_]
    cue = _cue(verb)
    if cue is not None and _folded_infinitive(verb) is not None:
        return cue
    adjective = next((c for c in verb.children if c.dep_ == "acomp" and c.lemma_ in VERB_CUES), None)
    if adjective is not None and _folded_infinitive(adjective) is not None:
        return VERB_CUES[adjective.lemma_]
    for child in auxes:
        if child.lower_ in MODALS:
            return child.lower_
    if verb.lemma_ == "go" and verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes) and _folded_infinitive(verb) is not None:
        return "will"  # "is going to need": the future, written as the modal it means
    if be_to(verb):
        return "will"  # "is to be screened": the same future
    if verb.dep_ == "conj" and not auxes and verb.head.pos_ in {"VERB", "AUX"} and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        # "can suspend or revoke": a coordinated verb without auxiliaries or subject of its own shares the first one's modal
        return next((a.lower_ for a in verb.head.children if a.dep_ == "aux" and a.lower_ in MODALS), None)
    return None


def _per_doc(doc: Doc, key: str) -> dict:
    """A memo kept in ``doc.user_data`` under ``key``, emptied if the Doc changed length (retokenised).

    For functions of the parse alone, which many statements (and several
    extractor families) ask about the same tokens.
    """
    return per_doc(doc, key, _new_memo)


def _new_memo(_doc: Doc) -> dict:
    return {}


_GOVERNING_KEY = "newsgraph.governing_modality"
_CONSTRUCTION_KEY = "newsgraph.construction"


def governing_modality(verb: Token) -> str | None:
    """The qualification a governing construction gives the clause of ``verb``, or ``None``.

    Climbs from the verb through the clauses it is embedded in (conjuncts,
    complements, adverbial clauses) and reads each one's attachment: a
    conditional marker (``"conditional"``), "whether"/"as if"/an embedded
    "if" question or a wish/imagine/suppose complement (``"hypothetical"``),
    a denied complement (``"denied"``), a purpose clause (``"purpose"``), an
    infinitive under a cue verb ("wants Ukraine to sign": ``"intended"``).
    The nearest of :data:`STRONG_QUALIFIERS` wins, else the nearest other.
    Relative clauses and noun modifiers are presupposed, not hedged: the
    climb stops there (after checking "no evidence that X").
    """
    memo = _per_doc(verb.doc, _GOVERNING_KEY)  # every verb of every statement climbs, often the same way
    if verb.i not in memo:
        memo[verb.i] = _governing_modality(verb)
    return memo[verb.i]


def _governing_modality(verb: Token) -> str | None:
    weak: str | None = None
    chain = True  # still on the verb's own infinitive/coordination chain
    node = verb
    constructions = _per_doc(verb.doc, _CONSTRUCTION_KEY)
    for _ in range(40):
        found = constructions[node.i] if node.i in constructions else constructions.setdefault(node.i, _construction(node))
        if found in STRONG_QUALIFIERS:
            return found
        if chain:
            weak = weak or found
        # a weak cue covers its own infinitive ("plans to build and hire"), not clauses below it
        # ("expected to decline as it continues to lower prices": continuing is a fact)
        chain = chain and (node.dep_ in {"conj", "xcomp"} or (node.dep_ == "ccomp" and (is_infinitive(node) or is_causative(node))))
        if node.dep_ in _CLIMB_DEPS and node.head.i != node.i and node.head.pos_ in {"VERB", "AUX", "ADJ"}:
            node = node.head
        elif node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ in {"VERB", "AUX"}:
            node = node.head.head
        else:
            break
    return weak


def _construction(clause: Token) -> str | None:
    """What the attachment of the clause headed by ``clause`` says about it."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    head, dep = clause.head, clause.dep_
    if head.i == clause.i:
        return None
    if dep in {"acl", "ccomp", "relcl"} and head.pos_ in {"NOUN", "PROPN"} and "that" in marks:
        # (a content clause the parser took for a relative one keeps "that" as its marker)
        # a noun's content clause: "no evidence that X", "rejected claims that X"
        if (head.lemma_ in EVIDENCE_NOUNS and _negated_noun(head)) or (head.dep_ in {"dobj", "nsubjpass"} and head.head.lemma_ in DENIAL_VERBS):
            return "denied"
        return CLAIM_NOUNS.get(head.lemma_.lower())
    if dep == "ccomp" and head.lemma_ in DENIAL_VERBS:
        return "denied"
    if dep in {"ccomp", "csubj"} and _denies_truth(head):
        return "denied"
    if "whether" in marks or ("as" in marks and marks & {"if", "though"}):
        return "hypothetical"
    if dep == "ccomp" and "if" in marks:  # an embedded question: "asked if the plant would close"
        return "hypothetical"
    if marks & {"if", "unless"}:
        return "conditional"
    if dep == "ccomp" and head.lemma_ in {"provide", "providing"} and head.dep_ != "ROOT" and not any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return "conditional"  # "provided that X"
    left = min(t.i for t in clause.subtree)
    if left >= 2 and [t.lower_ for t in clause.doc[left - 2:left]] == ["in", "case"]:
        return "conditional"
    if dep == "ccomp" and head.lemma_ in HYPOTHETICAL_VERBS:
        return "hypothetical"
    if dep == "ccomp" and head.lemma_ in _EXPECTING_VERBS and not is_infinitive(clause):
        return _EXPECTING_VERBS[head.lemma_]
    if {"so", "that"} <= marks or ("order" in marks and "that" in marks):
        return "purpose"
    if dep == "acl" and head.lemma_ == "order" and head.head.lower_ == "in":
        return "purpose"  # "in order to sign"
    infinitive = is_infinitive(clause)
    if dep == "advcl" and infinitive and not marks and head.lemma_ == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in head.children):
        return None  # "went on to win the title": what happened next, no purpose
    if dep == "advcl" and infinitive and not marks:
        return "purpose"  # "flew to Paris to sign the treaty"
    if infinitive and "for" in marks:
        return _cue(head) or "purpose"  # "appealed for the inspectors to be given more time": asked for, not done
    if infinitive and dep in {"xcomp", "ccomp"}:
        return _cue(head)  # "wants Ukraine to sign", "is expected to"
    return None


def is_causative(clause: Token) -> bool:
    """A bare infinitive under "let", "make", "see"… ("to let judges view evidence"): it shares their hedge."""
    return clause.head.lemma_ in _BARE_INFINITIVE_HEADS and clause.tag_ in {"VB", "VBP"} and not any(c.dep_ == "aux" for c in clause.children)


#: Verbs taking an object and a bare infinitive ("let them go", "expected to see firms come forward").
_BARE_INFINITIVE_HEADS = frozenset("let make help have see watch hear".split())


def is_infinitive(verb: Token) -> bool:
    """A verb with its own "to" ("to sign")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


#: Subjects whose "is to" states what they are, not what will happen ("the aim is to cut costs").
_BE_TO_SUBJECTS = frozenset("aim goal plan idea intention task job priority challenge hope objective purpose mission role "
                            "point answer solution option alternative way key danger".split())


def be_to(token: Token) -> bool:
    """ "The firm is to cut jobs", "the awards are to be screened": "be" + infinitive is a future, like "will"."""
    if token.lemma_ != "be" or token.dep_ in {"aux", "auxpass"} or any(c.dep_ in {"attr", "acomp"} for c in token.children):
        return False
    infinitive = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and is_infinitive(c)), None)
    if infinitive is None or infinitive.lemma_ == "blame" or any(c.dep_ in SUBJECT_DEPS for c in infinitive.children):
        return False  # "is to blame" is a verdict
    subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is None or subject.lemma_.lower() not in _BE_TO_SUBJECTS


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    return {lemma, f"{lemma}s", f"{lemma}es", f"{stem}ed", f"{stem}ing", f"{lemma}d"}


_IRREGULAR = {"said": "say", "says": "say", "thought": "think", "understood": "understand", "sought": "seek", "tried": "try", "tries": "try"}
#: Word forms of the cue verbs, for when the lemmatiser misreads one ("hopes" → "hop").
_CUE_FORMS = {form: lemma for lemma in VERB_CUES for form in _inflections(lemma)} | _IRREGULAR


def _cue(verb: Token) -> str | None:
    lemma = verb.lemma_ if verb.lemma_ in VERB_CUES else _CUE_FORMS.get(verb.lower_)
    if lemma is None:
        return None
    if lemma in _PASSIVE_ONLY and not any(c.dep_ == "auxpass" for c in verb.children) and not reduced_passive_cue(verb):
        return None
    return VERB_CUES[lemma]


def reduced_passive_cue(verb: Token) -> bool:
    """ "Its field, thought to contain a billion barrels,": a cue verb right after a comma, before an
    infinitive, is a passive participle the tagger took for a past tense (nobody "thought to contain")."""
    return verb.lemma_ in _PASSIVE_ONLY and verb.tag_ in {"VBD", "VBN"} and verb.i > 0 and verb.doc[verb.i - 1].text == "," \
        and _folded_infinitive(verb) is not None and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _folded_infinitive(verb: Token) -> Token | None:
    """An infinitive that reads with the verb ("plans to build"), not one after its object."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"} and not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            if not any(c.dep_ == "dobj" and c.i < child.i for c in verb.children):
                return child
    return None


def _negated_noun(noun: Token) -> bool:
    """ "no evidence", "not a sign", or the object of a negated verb ("did not find any evidence")."""
    if any(c.dep_ in {"det", "neg"} and c.lower_ in {"no", "not"} for c in noun.children):
        return True
    return noun.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} and any(c.dep_ == "neg" for c in noun.head.children)


def _denies_truth(head: Token) -> bool:
    """"it is not true that X", "it is false that X" (the clause hangs on the copula or the adjective)."""
    copula = head if head.lemma_ == "be" else (head.head if head.dep_ in {"acomp", "attr"} and head.head.lemma_ == "be" else None)
    if copula is None:
        return False
    predicates = [c for c in copula.children if c.dep_ in {"acomp", "attr"}]
    negated = any(c.dep_ == "neg" for c in copula.children)
    return any((negated and p.lemma_ in _TRUTH_WORDS) or (not negated and p.lemma_ in _FALSITY_WORDS) for p in predicates)


def provenance(doc: Doc, sentence_index: int, tokens: list[Token], extractor: str, version: int) -> Provenance:
    sentence, sentence_start = sentence_words(doc, sentence_index)
    return Provenance(
        doc_id=doc.user_data.get("doc_id", ""),
        sentence_index=sentence_index,
        sentence=sentence,
        sentence_start=sentence_start,
        start_char=min(t.idx for t in tokens),
        end_char=max(t.idx + len(t.text) for t in tokens),
        extractor=extractor,
        extractor_version=version,
    )


def attribution(verb: Token) -> str | None:
    """Who says so: "according to Y", a governing speech verb ("X said that …"),
    or a speech verb inserted in the clause ("…, X said")."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            return span_text(subtree_tokens(child))
    node = verb
    while node.head.i != node.i:
        for child in node.children:
            if child.dep_ == "parataxis" and child.lemma_ in SPEECH_VERBS:
                return _speaker(child)
        if node.dep_ in {"ccomp", "parataxis"} and node.head.lemma_ in SPEECH_VERBS:
            return _speaker(node.head)
        if node.dep_ not in {"conj", "xcomp", "advcl", "relcl", "acl", "ccomp"}:
            break
        node = node.head
    return _quote_speaker(verb)


_OPENING_QUOTES = {"“": True, "”": False, '"': None, "«": True, "»": False}


_QUOTE_SPANS_KEY = "newsgraph.quote_spans"


def _quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """``(first, last)`` token indices inside each double quotation of ``doc``, quotes excluded.

    Straight quotes alternate; a quotation still open at a line break ends
    there (news style reopens a quote in each paragraph it runs over), and a
    reopening quote where the breaks were lost continues it
    (:func:`..quotes.reopens_quotation`).
    Computed once per Doc (kept in ``doc.user_data``): every statement asks.
    """
    cached = doc.user_data.get(_QUOTE_SPANS_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), _find_quote_spans(doc))
        doc.user_data[_QUOTE_SPANS_KEY] = cached
    return cached[1]


def _find_quote_spans(doc: Doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for tok in _quotes_and_spaces(doc):
        if start is not None and tok.text == '"' and reopens_quotation(token_texts(doc), trailing_spaces(doc), tok.i):
            continue
        if tok.is_space and "\n" in tok.text and start is not None:
            spans.append((start, tok.i - 1))
            start = None
            continue
        kind = _OPENING_QUOTES.get(tok.text)
        if tok.text not in _OPENING_QUOTES:
            continue
        if start is None and kind in {True, None}:
            start = tok.i + 1
        elif start is not None and kind in {False, None}:
            spans.append((start, tok.i - 1))
            start = None
    if start is not None:
        spans.append((start, len(doc) - 1))
    return [(a, b) for a, b in spans if a <= b]


def _quotes_and_spaces(doc: Doc) -> Iterator[Token]:
    """The quotation marks and whitespace tokens of ``doc``, in order: all :func:`_find_quote_spans` reads.

    Found in the Doc's arrays, so no Token is made for the other words.
    """
    if not len(doc):
        return
    strings = doc.vocab.strings
    quotes = [strings.as_int(mark) for mark in _OPENING_QUOTES if mark in strings]
    wanted = numpy.isin(doc.to_array(ORTH), numpy.array(quotes, dtype=numpy.uint64)) | (doc.to_array(IS_SPACE) != 0)
    for i in numpy.flatnonzero(wanted).tolist():
        yield doc[i]


def _quote_speaker(verb: Token) -> str | None:
    """The speaker of the quotation ``verb`` stands in, when a speech verb outside it names one.

    "'The talks collapsed. We need a new plan,' the minister said": the
    speech verb sits in the sentence that opens or closes the quotation
    (outside the quotes). A quotation opening a sentence right after a
    quoted sentence with its speaker continues that speaker ("'…,' said the
    mayor. 'The council cannot pay.'").
    """
    doc = verb.doc
    spans = _quote_spans(doc)
    inside = next((span for span in spans if span[0] <= verb.i <= span[1]), None)
    if inside is None:
        return None
    quoted = {i for a, b in spans for i in range(a, b + 1)}

    def speech_verb(sentences) -> Token | None:
        for sent in sentences:
            for tok in sent:
                if tok.i not in quoted and tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
                    return tok
        return None

    first, last = doc[inside[0]].sent, doc[inside[1]].sent
    found = speech_verb([first] if first == last else [first, last])
    if found is None and first.start > 0:
        opener = next((t for t in first if not (t.is_space or t.text in _OPENING_QUOTES)), None)
        previous = doc[first.start - 1].sent
        before = [(a, b) for a, b in spans if previous.start <= b < previous.end]
        if opener is not None and opener.i == inside[0] and before:
            found = speech_verb([previous])
    return _speaker(found) if found is not None else None


def _speaker(speech_verb: Token) -> str:
    speaker = next((c for c in speech_verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if speaker is None:
        return speech_verb.text
    return f"{span_text(subtree_tokens(speaker, exclude_deps={'relcl', 'appos', 'punct', 'acl'}))} {speech_verb.text}"


def copula_for(subject: Token, verb: str = "be") -> str:
    """The form of "be"/"have" a nominal statement takes, agreeing in number with its subject.

    Appositions and possessives carry no tense; they are read as standing
    facts in the present ("Rubio, Secretary of State" → "Rubio is …"), which
    is also how CaRB's annotators phrase them.
    """
    plural = subject.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subject.children)
    if verb == "have":
        return "have" if plural else "has"
    return "are" if plural else "is"


def titled_names(doc: Doc) -> Iterator[tuple[int, Span, list[Token]]]:
    """``(sentence index, PERSON name, title words)`` for every person name with nouns before it in its phrase.

    The title words are the nouns the parser hangs on the name before it ("Secretary of State
    Marco Rubio", "Rolling Stones guitarist Keith Richards"), in sentence order.
    """
    found = doc.user_data.get(_TITLED_KEY)
    if found is None or found[0] != len(doc):  # two families ask; sent.ents walks every entity of the Doc per sentence
        found = (len(doc), list(_find_titled_names(doc)))
        doc.user_data[_TITLED_KEY] = found
    for sent_index, ent, titles in found[1]:
        yield sent_index, ent, list(titles)


_TITLED_KEY = "newsgraph.titled_names"


def _find_titled_names(doc: Doc) -> Iterator[tuple[int, Span, list[Token]]]:
    for sent_index, ent in _sentence_entities(doc):
        if ent.label_ != "PERSON":
            continue
        titles = [c for c in ent.root.children if c.dep_ in {"compound", "nmod"} and c.i < ent.start and c.pos_ in {"PROPN", "NOUN"}]
        if titles:
            yield sent_index, ent, titles


def _sentence_entities(doc: Doc) -> Iterator[tuple[int, Span]]:
    """``(sentence index, entity)`` for each entity inside one sentence, in order: each sentence's ``sent.ents``.

    ``Span.ents`` makes every entity of the Doc again for each sentence; the
    entities are sorted and do not overlap, so one pass over both lists finds
    the same ones (an entity across a sentence boundary is in no sentence).
    """
    ents = doc.ents
    first = 0
    for sent_index, sent in enumerate(doc.sents):
        while first < len(ents) and ents[first].start < sent.start:
            first += 1
        for ent in ents[first:]:
            if ent.end > sent.end:
                break
            yield sent_index, ent


def possessive_role(noun: Token, role_tokens: list[Token], copula: str) -> tuple[str, str, Token, list[Token]] | None:
    """ "Putin's special envoy" → ("is special envoy of", "special envoy of", Putin, [Putin]).

    ``role_tokens`` are the noun phrase's tokens the role may be drawn from;
    the role is what follows the possessor. ``None`` without a named possessor.
    """
    possessor = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    if possessor is None:
        return None
    possessor_end = max(t.i for t in possessor.subtree)
    role_text = span_text([t for t in role_tokens if t.i > possessor_end])
    possessor_tokens = [t for t in possessor.subtree if t.dep_ != "case"]
    return f"{copula} {role_text} of", f"{role_text.lower()} of", possessor, possessor_tokens
