"""``newsgraph oie FILE``: CaRB-format Open IE predictions, one sentence per input line."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from extract.errors import InputError
from extract.nlp import load_pipeline
from extract.openie import carb_line, extract_sentences
from extract.registry import OPENIE_EXTRACTORS

from . import app


@app.command("oie")
def oie_command(
    file: Path = typer.Argument(..., help="Sentences, one per line ('-' for standard input)."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline."),
    extractors: list[str] = typer.Option(list(OPENIE_EXTRACTORS), "--extractor", help="Extractors to run (repeatable)."),
) -> None:
    """Write `sentence TAB confidence TAB relation TAB arg1 TAB arg2 ...` lines to stdout."""
    if str(file) == "-":
        lines = sys.stdin.read().splitlines()
    elif not file.is_file():
        raise InputError(f"Sentence file {str(file)!r} does not exist.")
    else:
        lines = file.read_text(encoding="utf-8").splitlines()
    nlp = load_pipeline(model)
    out = sys.stdout
    for sentence, statements in extract_sentences(nlp, [l for l in lines if l.strip()], extractors):
        for statement in statements:
            out.write(carb_line(sentence, statement) + "\n")
