"""benchmarks/judge_edges.py: rank AUC and the fit over the committed judged edges."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUDGED = sorted((ROOT / "benchmarks" / "judged").glob("*.jsonl"))


@pytest.fixture(scope="module")
def judge():
    spec = importlib.util.spec_from_file_location("judge_edges", ROOT / "benchmarks" / "judge_edges.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rank_auc(judge):
    assert judge.rank_auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert judge.rank_auc([0.1, 0.9], [True, False]) == 0.0
    assert judge.rank_auc([0.5, 0.5], [True, False]) == 0.5


def test_judged_files_hold_no_article_text():
    assert JUDGED
    for path in JUDGED:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert "show" not in record and record["verdict"] in {"correct", "partly", "wrong"}


def test_fit_reports_held_out_auc_and_weights(judge, capsys):
    from graph.confidence import EDGE_WEIGHTS

    judge.main(["fit", *map(str, JUDGED), "--features", ",".join(n for n in EDGE_WEIGHTS if n != "bias")])
    out = capsys.readouterr().out
    assert "5-fold held out" in out and "EDGE_WEIGHTS" in out
    weights = json.loads(out[out.index("{") : out.rindex("}") + 1])
    assert set(weights) == set(EDGE_WEIGHTS)
    assert all(weights[k] == pytest.approx(v, abs=0.01) for k, v in EDGE_WEIGHTS.items())  # the constants are this fit
