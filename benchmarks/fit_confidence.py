"""Fit and cross-validate the statement-confidence weights on CaRB dev.

    .venv/bin/python benchmarks/fit_confidence.py            # 5-fold CV report + weights fitted on all of dev
    .venv/bin/python benchmarks/fit_confidence.py --folds 10 --l2 0.003

Every statement scored by :func:`extract.extractors._confidence.clause_confidence`
(the clause family) records its cue vector; its
soft label is its best CaRB precision against the gold tuples of its sentence
(the shared scorer's own ``tuple_score``). A logistic regression with an L2
penalty is fitted on k−1 folds of dev **sentences** and the held-out fold is
scored with the shared CaRB scorer (same matcher, same thresholds), using the
extractors' statements with the held-out confidences. The report gives each
fold's P/R/F1/AUC, their mean ± standard deviation, the pooled out-of-fold
score (every sentence scored by a model that never saw it), and the in-sample
score of the weights currently in ``CLAUSE_WEIGHTS``. The last block is the
weights fitted on all of dev: paste them into ``CLAUSE_WEIGHTS``; nothing is
loaded at run time.

The same report compares extraction choices: run it before and after a
change (``--extractor``) and compare the per-fold held-out F1, which tells
whether a pattern helps on sentences it was not tuned on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.extractors._confidence import CLAUSE_WEIGHTS, clamp, recording  # noqa: E402
from extract.nlp import load_pipeline  # noqa: E402
from extract.registry import OPENIE_EXTRACTORS, get_extractor  # noqa: E402
from newsgraph.benchmarking import CARB_DIR  # noqa: E402


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("carb_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 6000, rate: float = 2.0) -> np.ndarray:
    """Logistic regression on soft labels by full-batch gradient descent (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= rate * grad
    return w


class _Row:
    """One predicted tuple of one dev sentence, with its cue vector when it has one."""

    __slots__ = ("key", "tup", "features", "label", "confidence")

    def __init__(self, key, tup, features, label, confidence):
        self.key, self.tup, self.features, self.label, self.confidence = key, tup, features, label, confidence


def collect(cs, gold: dict, lines: list[str], extractors: Sequence[str], model: str | None) -> list[list[_Row]]:
    """Run the extractors over the dev sentences; one list of rows per sentence that has gold tuples.

    Duplicates across extractors are dropped as in :func:`extract.openie.extract_sentences`.
    """
    nlp = load_pipeline(model)
    functions = [get_extractor(name) for name in extractors]
    sentences: list[list[_Row]] = []
    for line, doc in zip(lines, nlp.pipe(lines, batch_size=64)):
        key = cs.sentence_key(line)
        gold_tuples = gold.get(key)
        if not gold_tuples:
            continue
        rows: list[_Row] = []
        seen: set[tuple] = set()
        for func in functions:
            with recording() as features:
                statements = list(func(doc))
            scored = iter(features)
            for statement in statements:
                # every statement of a logistic-scored family records exactly one cue vector, in order
                feats = next(scored) if statement.provenance.extractor in _LOGISTIC_FAMILIES else None
                args = [" ".join(a.text.split()) for a in (statement.subject, statement.object, *statement.extra) if a.text.strip()]
                dedup = (statement.subject.text, statement.relation, statement.object.text, tuple(a.text for a in statement.extra))
                if dedup in seen:
                    continue
                seen.add(dedup)
                tup = cs.Tup(" ".join(statement.relation.split()), args, statement.confidence)
                label = max(cs.tuple_score(g, tup)[0] for g in gold_tuples)
                rows.append(_Row(key, tup, feats, label, statement.confidence))
        sentences.append(rows)
    return sentences


#: Families whose confidence is the fitted logistic model (they call ``clause_confidence``);
#: the others (appositions, noun-mediated readings) keep the confidence they were extracted with.
_LOGISTIC_FAMILIES = {"clauses.v2"}


def _design(rows: list[_Row], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[1.0] + [r.features[n] for n in names] for r in rows])
    y = np.array([r.label for r in rows])
    return x, y


def cross_validate(cs, gold: dict, sentences: list[list[_Row]], sentence_keys: list[str], folds: int, l2: float) -> dict:
    """k-fold CV over sentences: fit on k−1 folds, score the held-out fold with CaRB."""
    names = list(next(r.features for rows in sentences for r in rows if r.features is not None))
    per_fold, pooled = [], {}
    for fold in range(folds):
        train = [r for i, rows in enumerate(sentences) if i % folds != fold for r in rows if r.features is not None]
        test_sentences = [rows for i, rows in enumerate(sentences) if i % folds == fold]
        w = _fit(*_design(train, names), l2)
        held = {}
        for rows in test_sentences:
            for r in rows:
                if r.features is not None:
                    z = w[0] + sum(w[j + 1] * r.features[n] for j, n in enumerate(names))
                    held[id(r)] = clamp(1 / (1 + math.exp(-z)))
        pooled.update(held)
        fold_gold = {k: gold[k] for i, k in enumerate(sentence_keys) if i % folds == fold}
        per_fold.append(_score_with_gold(cs, fold_gold, test_sentences, held))
    summary = {
        metric: {"mean": round(statistics.mean(f[metric] for f in per_fold), 4), "sd": round(statistics.stdev(f[metric] for f in per_fold), 4)}
        for metric in ("precision", "recall", "f1", "auc")
    }
    return {
        "folds": [{k: round(v, 4) for k, v in f.items()} for f in per_fold],
        "heldout_mean_sd": summary,
        "pooled_out_of_fold": {k: round(v, 4) for k, v in _score_with_gold(cs, gold, sentences, pooled).items()},
        "names": names,
    }


def _score_with_gold(cs, gold: dict, sentences: list[list[_Row]], confidences: dict[int, float] | None) -> dict[str, float]:
    pred: dict[str, list] = {}
    for rows in sentences:
        for r in rows:
            conf = confidences.get(id(r), r.confidence) if confidences else r.confidence
            pred.setdefault(r.key, []).append(cs.Tup(r.tup.rel, r.tup.args, conf))
    result, _ = cs.evaluate(gold, pred)
    return {k: result[k] for k in ("precision", "recall", "f1", "auc")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(CARB_DIR / "dev.tsv"))
    parser.add_argument("--sentences", default=str(CARB_DIR / "dev_sentences.txt"))
    parser.add_argument("--extractor", action="append", dest="extractors", help="extractor name (repeatable; default: the build defaults)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=0.003)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    cs = _scorer(Path(args.gold).parent / "carb_score.py")
    gold, _ = cs.read_gold(args.gold)
    lines = [l.strip() for l in Path(args.sentences).read_text(encoding="utf-8").splitlines() if l.strip()]
    extractors = args.extractors or list(OPENIE_EXTRACTORS)
    sentences = collect(cs, gold, lines, extractors, args.model)
    # one gold key per collected sentence, so folds of gold and predictions line up (sentences without
    # predictions keep an empty row list and still count in recall)
    keys = [cs.sentence_key(l) for l in lines if gold.get(cs.sentence_key(l))]
    report: dict = {"extractors": extractors, "folds": args.folds, "l2": args.l2}
    report["in_sample_current_weights"] = {k: round(v, 4) for k, v in _score_with_gold(cs, gold, sentences, None).items()}
    cv = cross_validate(cs, gold, sentences, keys, args.folds, args.l2)
    names = cv.pop("names")
    report.update(cv)
    everything = [r for rows in sentences for r in rows if r.features is not None]
    w = _fit(*_design(everything, names), args.l2)
    report["statements_scored"] = len(everything)
    report["weights"] = {"bias": round(float(w[0]), 3), **{n: round(float(v), 3) for n, v in zip(names, w[1:])}}
    missing = sorted(set(names) - set(CLAUSE_WEIGHTS))
    if missing:
        report["features_without_weight"] = missing
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
