"""Fit the clause-confidence weights on CaRB dev: ``.venv/bin/python benchmarks/fit_confidence.py``.

For every clauses.v2 statement on the dev sentences it records the cue vector
of :func:`extract.extractors._confidence.clause_features` and a soft label, the
statement's best CaRB precision against the gold tuples of its sentence
(the shared scorer's own ``tuple_score``). A logistic regression with an L2
penalty is fitted on even-numbered sentences and checked on odd ones (AUC of
"label ≥ 0.5" ranked by the score), then refitted on all of dev. The printed
weights are pasted into ``CLAUSE_WEIGHTS``; nothing is loaded at run time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.extractors._confidence import recording  # noqa: E402
from extract.nlp import load_pipeline  # noqa: E402
from extract.registry import get_extractor  # noqa: E402
from newsgraph.benchmarking import CARB_DIR  # noqa: E402


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("carb_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 20000, rate: float = 1.0) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= rate * grad
    return w


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    order = np.argsort(score)
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(CARB_DIR / "dev.tsv"))
    parser.add_argument("--sentences", default=str(CARB_DIR / "dev_sentences.txt"))
    parser.add_argument("--l2", type=float, default=0.01)
    args = parser.parse_args(argv)
    cs = _scorer(Path(args.gold).parent / "carb_score.py")
    gold, _ = cs.read_gold(args.gold)
    nlp = load_pipeline()
    extractor = get_extractor("clauses.v2")
    rows, labels, groups, names = [], [], [], None
    lines = [l.strip() for l in Path(args.sentences).read_text(encoding="utf-8").splitlines() if l.strip()]
    for number, (line, doc) in enumerate(zip(lines, nlp.pipe(lines))):
        gold_tuples = gold.get(cs.sentence_key(line))
        if not gold_tuples:
            continue
        with recording() as features:
            statements = list(extractor(doc))
        for statement, feats in zip(statements, features):
            names = names or list(feats)
            tup = cs.Tup(" ".join(statement.relation.split()), [" ".join(a.text.split()) for a in (statement.subject, statement.object, *statement.extra)])
            labels.append(max(cs.tuple_score(g, tup)[0] for g in gold_tuples))
            rows.append([1.0] + [feats[n] for n in names])
            groups.append(number % 2)
    x, y, g = np.array(rows), np.array(labels), np.array(groups)
    w_half = _fit(x[g == 0], y[g == 0], args.l2)
    held = x[g == 1] @ w_half
    report = {
        "statements": len(y),
        "mean_label": round(float(y.mean()), 4),
        "heldout_auc_label_ge_0.5": round(_auc(held, y[g == 1] >= 0.5), 4),
    }
    w = _fit(x, y, args.l2)
    report["weights"] = {"bias": round(float(w[0]), 3), **{n: round(float(v), 3) for n, v in zip(names, w[1:])}}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
