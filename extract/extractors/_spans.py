"""Span helpers shared by the extractor families: arguments, relation text, qualifiers."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..model import Argument, Provenance

__all__ = [
    "SUBJECT_DEPS",
    "OBJECT_DEPS",
    "MODALS",
    "SPEECH_VERBS",
    "argument",
    "subtree_tokens",
    "span_text",
    "conjuncts",
    "is_negated",
    "modality",
    "provenance",
    "attribution",
    "copula_for",
]

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative", "obj"}
#: Auxiliaries that make a claim less than a plain assertion ("will" included: a forecast is not a fact).
MODALS = {"could", "may", "might", "would", "should", "must", "can", "ought", "will", "shall", "'ll"}
SPEECH_VERBS = {
    "say", "tell", "state", "add", "announce", "warn", "write", "claim", "insist", "assert",
    "note", "report", "post", "argue", "stress", "emphasize", "emphasise", "explain", "confirm",
    "deny", "declare", "suggest", "admit", "reply", "indicate", "acknowledge",
}
_EDGE_TRIM = {"punct", "cc", "prep", "mark", "case"}


def subtree_tokens(token: Token, *, exclude_deps: Iterable[str] = (), exclude: Iterable[Token] = ()) -> list[Token]:
    """The token's subtree minus the subtrees of excluded children, in order."""
    banned = {t.i for t in exclude}
    dep_ban = set(exclude_deps)
    kept: list[Token] = []

    def walk(tok: Token) -> None:
        kept.append(tok)
        for child in tok.children:
            if child.i in banned or (child.dep_ in dep_ban and tok.i == token.i):
                continue
            walk(child)

    walk(token)
    kept.sort(key=lambda t: t.i)
    return _trim(kept)


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
    """The token and the tokens coordinated with it ("Trump and Putin")."""
    return [token, *token.conjuncts] if token.conjuncts else [token]


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def modality(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in {"aux", "auxpass"} and child.lower_ in MODALS:
            return child.lower_
    return None


def provenance(doc: Doc, sentence_index: int, tokens: list[Token], extractor: str, version: int) -> Provenance:
    sent = tokens[0].sent
    # Line breaks belong to the sentence they end; evidence shows the words only.
    leading = len(sent.text) - len(sent.text.lstrip())
    return Provenance(
        doc_id=doc.user_data.get("doc_id", ""),
        sentence_index=sentence_index,
        sentence=sent.text.strip(),
        sentence_start=sent.start_char + leading,
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
    return None


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
