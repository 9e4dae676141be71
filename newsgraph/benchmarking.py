"""Benchmarks a notebook or the CLI can run: CaRB Open IE scores of the extractors.

The scorer is the shared, standard-library ``carb_score.py`` that sits beside
the gold file; we call it as a separate process so the numbers are exactly the
ones anyone gets by running it by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.nlp import load_pipeline
from extract.openie import carb_line, extract_sentences
from extract.registry import OPENIE_EXTRACTORS

__all__ = ["CARB_DIR", "write_carb_predictions", "score_carb", "run_carb"]

#: Where the shared CaRB dev split lives in a checkout (``../shared/benchmarks/carb``).
CARB_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "carb"


def write_carb_predictions(
    sentences_file: str | os.PathLike[str],
    out_file: str | os.PathLike[str],
    *,
    extractors: Sequence[str] = OPENIE_EXTRACTORS,
    model: str | None = None,
) -> int:
    """Run the extractors over one sentence per line and write CaRB "tabbed" predictions; return the tuple count."""
    path = Path(sentences_file)
    if not path.is_file():
        raise InputError(f"Sentence file {str(path)!r} does not exist; pass --sentences with one sentence per line.")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline(model)
    count = 0
    with open(out_file, "w", encoding="utf-8") as out:
        for sentence, statements in extract_sentences(nlp, lines, extractors):
            for statement in statements:
                out.write(carb_line(sentence, statement) + "\n")
                count += 1
    return count


def score_carb(gold_file: str | os.PathLike[str], pred_file: str | os.PathLike[str], scorer: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Score a prediction file with the shared ``carb_score.py`` (found beside the gold file unless given)."""
    gold = Path(gold_file)
    if not gold.is_file():
        raise InputError(f"Gold file {str(gold)!r} does not exist; pass --gold (CaRB dev.tsv).")
    script = Path(scorer) if scorer else gold.parent / "carb_score.py"
    if not script.is_file():
        raise InputError(f"CaRB scorer {str(script)!r} not found; it must sit beside the gold file or be passed explicitly.")
    done = subprocess.run(
        [sys.executable, str(script), "--gold", str(gold), "--pred", str(pred_file)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise InputError(f"CaRB scorer failed: {done.stderr.strip() or done.stdout.strip()}")
    return json.loads(done.stdout)


def _check_carb_files(gold: Path, sentences: Path) -> None:
    """Say where the CaRB data is expected when it is not there (a fresh clone has no ``../shared``)."""
    if not gold.is_file():
        raise InputError(
            f"CaRB gold file {str(gold)!r} not found. The CaRB dev split is expected in {str(CARB_DIR)!r} "
            "(dev.tsv, dev_sentences.txt and carb_score.py, from https://github.com/dair-iitd/CaRB); "
            "pass its location with --gold DIR/dev.tsv (and --sentences DIR/dev_sentences.txt)."
        )
    if not sentences.is_file():
        raise InputError(f"CaRB sentence file {str(sentences)!r} not found; pass --sentences with one sentence per line (dev_sentences.txt).")


def run_carb(
    gold_file: str | os.PathLike[str] = CARB_DIR / "dev.tsv",
    sentences_file: str | os.PathLike[str] = CARB_DIR / "dev_sentences.txt",
    *,
    extractors: Sequence[str] = OPENIE_EXTRACTORS,
    model: str | None = None,
    pred_file: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Extract, score and return the scorer's JSON plus the extractors used.

    Predictions go to ``pred_file`` when given (keep them to inspect errors),
    else to a temporary file that is removed afterwards. Missing benchmark
    files are reported before the model is loaded.
    """
    _check_carb_files(Path(gold_file), Path(sentences_file))
    if pred_file is not None:
        write_carb_predictions(sentences_file, pred_file, extractors=extractors, model=model)
        result = score_carb(gold_file, pred_file)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "pred.tsv"
            write_carb_predictions(sentences_file, pred, extractors=extractors, model=model)
            result = score_carb(gold_file, pred)
    result["extractors"] = list(extractors)
    return result
