"""Version 1 of the verb-clause family, kept so earlier builds stay reproducible.

Verb-clause statements: subject – verb (+ particle, xcomp chain, preposition) – object.

Covers active and passive clauses (with ``by`` agents), prepositional
relations (``meet in``), ``xcomp`` chains (``agree to halt``), coordinated
subjects and objects, relative clauses and inherited subjects of coordinated
verbs. Attribution ("X said that …", "according to Y") is kept on the
statements of the reported clause.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..model import Statement
from ..registry import register_extractor
from ._spans import (
    OBJECT_DEPS,
    SPEECH_VERBS,
    SUBJECT_DEPS,
    argument,
    conjuncts,
    is_negated,
    modality,
    provenance,
    span_text,
    subtree_tokens,
)

NAME = "clauses.v1"
VERSION = 1
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}


@register_extractor(NAME)
def extract_clauses(doc: Doc) -> Iterator[Statement]:
    """Yield one statement per (subject, relation, object) found in each verb clause."""
    for sent_index, sent in enumerate(doc.sents):
        for verb in sent:
            if not _is_clause_head(verb):
                continue
            yield from _clause_statements(doc, sent_index, verb)


def _is_clause_head(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if token.dep_ == "xcomp" and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
        return False  # folded into its governing verb's relation
    if token.pos_ == "AUX" and token.dep_ in {"aux", "auxpass"}:
        return False
    return True


def _subjects(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return conjuncts(verb.head)
            return conjuncts(child)
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "a delegation led by Rubio"
        return [verb.head]
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subjects(verb.head)
    if verb.dep_ == "xcomp":
        return _subjects(verb.head)
    return []


def _relation_chain(verb: Token) -> tuple[list[Token], Token]:
    """Relation tokens (aux, neg, verb, particle, xcomp chain) and the last verb of the chain."""
    tokens: list[Token] = []
    current = verb
    while True:
        for child in current.children:
            if child.dep_ in {"aux", "auxpass", "neg", "prt"}:
                tokens.append(child)
        tokens.append(current)
        nxt = next((c for c in current.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and not any(g.dep_ in SUBJECT_DEPS for g in c.children)), None)
        if nxt is None:
            break
        current = nxt
    tokens.sort(key=lambda t: t.i)
    return tokens, current


def _predicate(tokens: list[Token], prep: Token | None = None) -> str:
    """Normalised relation label: lemmas, without auxiliaries or negation."""
    words = [t.lemma_.lower() for t in tokens if t.dep_ not in {"aux", "auxpass", "neg"} or t.lower_ == "to"]
    words = [w for i, w in enumerate(words) if not (w == "to" and i == 0)]
    if prep is not None:
        words.append(prep.lower_)
    return " ".join(words)


def _attribution(verb: Token) -> str | None:
    """Who says so: the speech verb governing this clause, or an 'according to' phrase."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            return span_text(subtree_tokens(child))
    node = verb
    while node.dep_ in {"conj", "xcomp"} and node.head is not node:
        node = node.head
    if node.dep_ in {"ccomp", "parataxis"} and node.head.lemma_ in SPEECH_VERBS:
        speaker = next((c for c in node.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if speaker is not None:
            return f"{span_text(subtree_tokens(speaker, exclude_deps={'relcl', 'appos'}))} {node.head.text}"
        return node.head.text
    return None


def _clause_statements(doc: Doc, sent_index: int, verb: Token) -> Iterator[Statement]:
    subjects = _subjects(verb)
    if not subjects:
        return
    rel_tokens, last = _relation_chain(verb)
    negated = any(is_negated(t) for t in rel_tokens if t.pos_ in {"VERB", "AUX"})
    modal = modality(verb)
    attribution = _attribution(verb)
    objects: list[tuple[Token, Token | None]] = []  # (object head, preposition or None)
    for child in last.children:
        if child.dep_ in OBJECT_DEPS or (child.dep_ == "acomp" and last.lemma_ == "be"):
            objects.extend((o, None) for o in conjuncts(child))
        elif child.dep_ in {"prep", "agent"} and child.lower_ != "according":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                objects.extend((o, child) for o in conjuncts(pobj))
        elif child.dep_ == "ccomp" and last.lemma_ in SPEECH_VERBS:
            objects.append((child, None))
    split_subjects = {"conj", "cc"} if len(subjects) > 1 else set()
    split_objects = {"conj", "cc"} if len(objects) > 1 else set()
    for subj in subjects:
        if subj is verb.head and verb.dep_ in {"relcl", "acl"}:
            subj_tokens = _noun_core(subj)
        else:
            subj_tokens = subtree_tokens(subj, exclude_deps={"relcl", "appos", "acl"} | split_subjects)
        for obj, prep in objects:
            if obj.dep_ == "ccomp":
                obj_tokens = subtree_tokens(obj, exclude_deps={"mark"})
            else:
                obj_tokens = subtree_tokens(obj, exclude_deps={"relcl"} | split_objects)
            relation_tokens = rel_tokens + ([prep] if prep is not None else [])
            relation = " ".join(filter(None, (span_text(rel_tokens), prep.text if prep is not None else "")))
            evidence = subj_tokens + relation_tokens + obj_tokens
            confidence = _confidence(subj, obj, subj_tokens, obj_tokens, prep)
            yield Statement(
                subject=argument(subj, subj_tokens),
                relation=relation,
                predicate=_predicate(rel_tokens, prep),
                object=argument(obj, obj_tokens),
                provenance=provenance(doc, sent_index, evidence, NAME, VERSION),
                confidence=confidence,
                negated=negated,
                modality=modal,
                attribution=attribution,
            )


def _noun_core(noun: Token) -> list[Token]:
    return subtree_tokens(noun, exclude_deps={"relcl", "acl", "appos", "prep", "punct", "conj", "cc"})


def _confidence(subj: Token, obj: Token, subj_tokens: list[Token], obj_tokens: list[Token], prep: Token | None) -> float:
    score = 0.6
    if subj.ent_type_:
        score += 0.1
    if obj.ent_type_:
        score += 0.1
    if subj.pos_ == "PRON":
        score -= 0.1
    if prep is not None:
        score -= 0.05
    length = len(subj_tokens) + len(obj_tokens)
    score -= min(0.3, 0.015 * max(0, length - 6))
    return round(max(0.05, min(0.99, score)), 3)
