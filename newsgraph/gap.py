"""GAP (gendered ambiguous pronouns): the build's coreference scored on the official scorer.

Each GAP row gives a paragraph, one pronoun with its character offset and two
names A and B with theirs. We run exactly the entity and coreference step a
build runs (:func:`extract.mentions.find_entities`) on the row's text alone
(the *snippet-context* setting: no URL), then read the answer off the result:
A is coreferent when the local entity the pronoun was linked to has a mention
overlapping A's characters, likewise B. An unresolved pronoun answers
``FALSE, FALSE``. The offsets are used only to read the answer, never to find
mentions.

The scorer is the shared ``gap_scorer.py`` beside the gold file, run as a
separate process so the numbers are the ones anyone gets by hand.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.mentions import find_entities
from extract.nlp import load_pipeline

__all__ = ["GAP_DIR", "GapRow", "read_gap", "predict_rows", "write_gap_predictions", "score_gap", "run_gap"]

#: Where the shared GAP splits live in a checkout (``../shared/benchmarks/gap``).
GAP_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "gap"

_GOLD_COLUMNS = ("ID", "Text", "Pronoun", "Pronoun-offset", "A", "A-offset", "B", "B-offset")


@dataclass(frozen=True, slots=True)
class GapRow:
    """One GAP example: the text, the pronoun and the two candidate names with their offsets."""

    id: str
    text: str
    pronoun: str
    pronoun_offset: int
    a: str
    a_offset: int
    b: str
    b_offset: int


def read_gap(path: str | os.PathLike[str]) -> list[GapRow]:
    """The rows of a GAP TSV (header line first, as the shared splits have it)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(
            f"GAP file {str(file)!r} does not exist. The splits are expected in {str(GAP_DIR)!r} "
            "(gap-development.tsv, gap-validation.tsv and gap_scorer.py from google-research-datasets/gap-coreference); "
            "pass another one with --gold."
        )
    rows: list[GapRow] = []
    with open(file, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in _GOLD_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InputError(f"{str(file)!r} is not a GAP TSV: columns {', '.join(missing)} are missing.")
        for line, record in enumerate(reader, start=2):
            try:
                rows.append(
                    GapRow(
                        record["ID"], record["Text"], record["Pronoun"], int(record["Pronoun-offset"]),
                        record["A"], int(record["A-offset"]), record["B"], int(record["B-offset"]),
                    )
                )
            except (TypeError, ValueError) as err:
                raise InputError(f"{str(file)!r} line {line}: unreadable offsets ({err}).") from err
    return rows


def _answer(doc: Any, row: GapRow) -> tuple[bool, bool]:
    """(A-coref, B-coref) from the build's coreference on one parsed row."""
    index = find_entities(doc)
    start, end = row.pronoun_offset, row.pronoun_offset + len(row.pronoun)
    target = None
    for entity in index.entities:
        if any(m.kind == "pronoun" and m.start_char < end and start < m.end_char for m in entity.mentions):
            target = entity
            break
    if target is None:
        return False, False

    def overlaps(offset: int, name: str) -> bool:
        return any(m.kind != "pronoun" and m.start_char < offset + len(name) and offset < m.end_char for m in target.mentions)

    a, b = overlaps(row.a_offset, row.a), overlaps(row.b_offset, row.b)
    return a, b and not a  # one pronoun means one of the two


def predict_rows(rows: Iterable[GapRow], *, model: str | None = None, batch_size: int = 32) -> Iterator[tuple[str, bool, bool]]:
    """(id, A-coref, B-coref) for every row, in order."""
    nlp = load_pipeline(model)
    rows = list(rows)
    # GAP texts use backquotes and doubled apostrophes for quotation marks
    # (Wikipedia dumps); spaCy reads them as punctuation either way, so the
    # text is parsed as given and offsets stay exact.
    for row, doc in zip(rows, nlp.pipe((r.text for r in rows), batch_size=batch_size)):
        a, b = _answer(doc, row)
        yield row.id, a, b


def write_gap_predictions(gold_file: str | os.PathLike[str], out_file: str | os.PathLike[str], *, model: str | None = None) -> int:
    """Write the scorer's three-column TSV (``ID, A-coref, B-coref``) for ``gold_file``; return the row count."""
    rows = read_gap(gold_file)
    count = 0
    with open(out_file, "w", encoding="utf-8", newline="") as out:
        for row_id, a, b in predict_rows(rows, model=model):
            out.write(f"{row_id}\t{'TRUE' if a else 'FALSE'}\t{'TRUE' if b else 'FALSE'}\n")
            count += 1
    return count


_LINE = re.compile(r"^(Overall|Masculine|Feminine) recall: ([\d.]+) precision: ([\d.]+) f1: ([\d.]+)")


def score_gap(gold_file: str | os.PathLike[str], pred_file: str | os.PathLike[str], scorer: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Run the official ``gap_scorer.py`` (beside the gold file unless given) and parse its scorecard."""
    # absolute: the scorer runs in its own folder (it imports constants.py from there), where a
    # path relative to the caller's folder would point elsewhere
    gold = Path(gold_file).resolve()
    pred_file = Path(pred_file).resolve()
    script = Path(scorer).resolve() if scorer else gold.parent / "gap_scorer.py"
    if not script.is_file():
        raise InputError(f"GAP scorer {str(script)!r} not found; gap_scorer.py and constants.py must sit beside the gold file.")
    done = subprocess.run(
        [sys.executable, str(script), "--gold_tsv", str(gold), "--system_tsv", str(pred_file)],
        capture_output=True, text=True, check=False, cwd=str(script.parent),
    )
    if done.returncode != 0:
        raise InputError(f"GAP scorer failed: {done.stderr.strip() or done.stdout.strip()}")
    result: dict[str, Any] = {}
    names = {"Overall": "overall", "Masculine": "M", "Feminine": "F"}
    for line in done.stdout.splitlines():
        match = _LINE.match(line.strip())
        if match:
            result[names[match.group(1)]] = {"recall": float(match.group(2)), "precision": float(match.group(3)), "f1": float(match.group(4))}
        elif line.startswith("Bias (F/M):"):
            value = line.split(":", 1)[1].strip()
            result["bias"] = float(value) if value != "-" else None
    if "overall" not in result:
        raise InputError(f"GAP scorer printed no scorecard: {done.stdout.strip()[:200]}")
    result["scorecard"] = done.stdout.strip()
    return result


def run_gap(
    gold_file: str | os.PathLike[str] = GAP_DIR / "gap-development.tsv",
    *,
    model: str | None = None,
    pred_file: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Predict and score one GAP split; predictions are kept in ``pred_file`` when given."""
    gold = Path(gold_file)
    if pred_file is not None:
        rows = write_gap_predictions(gold, pred_file, model=model)
        result = score_gap(gold, pred_file)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "predictions.tsv"
            rows = write_gap_predictions(gold, pred, model=model)
            result = score_gap(gold, pred)
    result["rows"] = rows
    result["gold"] = str(gold)
    return result
