"""`newsgraph bench gap`: the build's coreference on GAP rows, scored by the official scorer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.gap import GAP_DIR, read_gap, score_gap, write_gap_predictions

ROOT = Path(__file__).resolve().parents[2]
HEADER = "ID\tText\tPronoun\tPronoun-offset\tA\tA-offset\tA-coref\tB\tB-offset\tB-coref\tURL"

#: Our own rows, written like GAP's: (text, pronoun occurrence, A, B, gold A, gold B).
ROWS = [
    ("Margaret Bell met Jay Rockefeller in Charleston. He named her the state poet.", "her", "Margaret Bell", "Jay Rockefeller", True, False),
    ("Anna Green thanked Mary Brown for the flowers. She said the prize was a surprise.", "She", "Anna Green", "Mary Brown", True, False),
    ("After his debut for the club in 1990, Peter Smith played beside John Carter.", "his", "Peter Smith", "John Carter", True, False),
    # Neither: the pronoun means a third person.
    ("Paul Hill met Tom Ward in Leeds. Later Anna Green said she was tired.", "she", "Paul Hill", "Tom Ward", False, False),
]


def _write_gold(path: Path) -> None:
    lines = [HEADER]
    for number, (text, pronoun, a, b, gold_a, gold_b) in enumerate(ROWS, start=1):
        lines.append("\t".join([
            f"test-{number}", text, pronoun, str(text.index(f" {pronoun} ") + 1 if f" {pronoun} " in text else text.index(pronoun)),
            a, str(text.index(a)), str(gold_a).upper(), b, str(text.index(b)), str(gold_b).upper(), "",
        ]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def predicted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gap")
    gold = folder / "gold.tsv"
    _write_gold(gold)
    out = folder / "pred.tsv"
    count = write_gap_predictions(gold, out)
    return folder, gold, out, count


def test_predictions_are_the_scorers_three_columns(predicted):
    _, gold, out, count = predicted
    lines = out.read_text(encoding="utf-8").splitlines()
    assert count == len(ROWS) == len(lines)
    for number, line in enumerate(lines, start=1):
        row_id, a, b = line.split("\t")
        assert row_id == f"test-{number}" and a in {"TRUE", "FALSE"} and b in {"TRUE", "FALSE"}
        assert not (a == b == "TRUE")


def test_answers_come_from_the_build_coreference(predicted):
    _, _, out, _ = predicted
    answers = [tuple(v == "TRUE" for v in line.split("\t")[1:]) for line in out.read_text(encoding="utf-8").splitlines()]
    assert answers == [(gold_a, gold_b) for *_, gold_a, gold_b in ROWS]


def test_offsets_are_read(predicted):
    _, gold, _, _ = predicted
    rows = read_gap(gold)
    assert [r.text[r.pronoun_offset : r.pronoun_offset + len(r.pronoun)] for r in rows] == [r[1] for r in ROWS]
    assert all(r.text[r.a_offset :].startswith(r.a) and r.text[r.b_offset :].startswith(r.b) for r in rows)


@pytest.mark.skipif(not (GAP_DIR / "gap_scorer.py").is_file(), reason="the shared GAP scorer is not beside this checkout")
def test_official_scorer_reads_our_output(predicted):
    folder, gold, out, _ = predicted
    for name in ("gap_scorer.py", "constants.py"):
        shutil.copy(GAP_DIR / name, folder / name)
    result = score_gap(gold, out)
    assert result["overall"]["f1"] == 100.0
    assert set(result) >= {"M", "F", "overall", "bias"}


@pytest.mark.skipif(not (GAP_DIR / "gap_scorer.py").is_file(), reason="the shared GAP scorer is not beside this checkout")
def test_gold_and_predictions_may_be_relative_paths(predicted, monkeypatch):
    """`newsgraph bench gap --gold ../shared/…`: the scorer runs in its own folder, the paths stay the caller's."""
    folder, gold, out, _ = predicted
    for name in ("gap_scorer.py", "constants.py"):
        shutil.copy(GAP_DIR / name, folder / name)
    monkeypatch.chdir(folder.parent)
    result = score_gap(f"{folder.name}/{gold.name}", f"{folder.name}/{out.name}")
    assert result["overall"]["f1"] == 100.0


@pytest.mark.parametrize("benchmark", ["gap", "carb"])
def test_missing_benchmark_data_is_one_clear_line(tmp_path, benchmark):
    done = subprocess.run(
        [sys.executable, "-m", "newsgraph", "bench", benchmark, "--gold", str(tmp_path / "missing.tsv")],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )
    assert done.returncode == 2
    assert "--gold" in done.stderr and "expected in" in done.stderr and "Traceback" not in done.stderr
