"""Open IE over one sentence per line, in CaRB's "tabbed" format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language

from .model import Statement
from .registry import OPENIE_EXTRACTORS, get_extractor

__all__ = ["extract_sentences", "carb_line"]


def extract_sentences(nlp: Language, sentences: Iterable[str], extractors: Sequence[str] = OPENIE_EXTRACTORS, batch_size: int = 64) -> Iterator[tuple[str, list[Statement]]]:
    """For each input line, the statements the extractors find in it (the Open IE extractors: ``build`` adds graph-only readings)."""
    functions = [get_extractor(name) for name in extractors]
    lines = [s.rstrip("\n") for s in sentences]
    for line, doc in zip(lines, nlp.pipe(lines, batch_size=batch_size)):
        found: list[Statement] = []
        seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
        for func in functions:
            for statement in func(doc):
                key = (statement.subject.text, statement.relation, statement.object.text, tuple(a.text for a in statement.extra))
                if key not in seen:
                    seen.add(key)
                    found.append(statement)
        yield line, found


def carb_line(sentence: str, statement: Statement) -> str:
    """``sentence \\t confidence \\t relation \\t arg1 \\t arg2 [\\t arg3 ...]`` (no empty arguments)."""
    args = [statement.subject.text, statement.object.text, *(a.text for a in statement.extra)]
    fields = [sentence, f"{statement.confidence:.4f}", _one_line(statement.relation), *(_one_line(a) for a in args if a.strip())]
    return "\t".join(fields)


def _one_line(text: str) -> str:
    return " ".join(text.split())
