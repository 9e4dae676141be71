"""Judge graph edges by hand and fit the edge-confidence model on the verdicts.

    # 1. draw K random edges of a build, each with its evidence, into a file to judge
    .venv/bin/python benchmarks/judge_edges.py sample CORPUS --sample 40 --seed 7 -k 60 --out /tmp/s7.jsonl
    # 2. write "verdict": "correct" | "partly" | "wrong" (and "error": a class) into every line
    # 3. keep only what the fit needs (no article text: the corpus may be research-only)
    .venv/bin/python benchmarks/judge_edges.py strip /tmp/s7.jsonl --out benchmarks/judged/bbc-s7.jsonl
    # 4. held-out ranking (5-fold) of the current confidence and of the refitted model, and the weights
    .venv/bin/python benchmarks/judge_edges.py fit benchmarks/judged/*.jsonl

A verdict is strict: "correct" only when subject, relation and object are all
what the evidence sentence says (the nodes the right entities, the direction
right, the label not misleading); "partly" when the fact is there but a part
is garbled; "wrong" otherwise. The rank AUC is the probability that a random
correct edge scores above a random wrong one (ties count half); it is
reported against "wrong" and against everything not fully correct.

Each stored line keeps the edge's cue vector from :func:`graph.confidence.edge_features`
as it was when judged, so the fit needs no rebuild; after a change of the
cues, ``sample`` the same builds again and re-judge.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VERDICTS = ("correct", "partly", "wrong")


def sample(args: argparse.Namespace) -> None:
    import newsgraph
    from graph.build import edge_statements

    kg = newsgraph.build([str(p) for p in args.inputs], limit=args.limit, sample=args.sample, seed=args.seed)
    behind = edge_statements(kg)
    edges = sorted(behind)
    picked = random.Random(args.seed).sample(edges, min(args.k, len(edges)))
    graph = kg.graph
    lines = []
    for u, v, key in picked:
        data = graph.edges[u, v, key]
        statements = behind[(u, v, key)]
        first = min(statements, key=lambda s: (s.provenance.doc_id, s.provenance.start_char))
        features = _features(kg, u, v, key, statements)
        lines.append(
            {
                "key": {
                    "doc_id": first.provenance.doc_id,
                    "start_char": first.provenance.start_char,
                    "end_char": first.provenance.end_char,
                    "extractor": first.provenance.extractor,
                    "edge_key": key,
                },
                "build": {"inputs": [str(p) for p in args.inputs], "limit": args.limit, "sample": args.sample, "seed": args.seed},
                "confidence": data["confidence"],
                "features": features,
                "show": {
                    "edge": f"{graph.nodes[u]['label']} ({graph.nodes[u]['type']}) –{'not ' if key.startswith('not ') else ''}{data['label']}→ {graph.nodes[v]['label']} ({graph.nodes[v]['type']})",
                    "class": data["relation_class"],
                    # what the explorer draws on the edge: the judge sees it too
                    "flags": {
                        "negated": key.startswith("not "),
                        "modality": sorted({s.modality for s in statements if s.modality}),
                        "attributed_to": sorted({s.attribution for s in statements if s.attribution}),
                    },
                    "n_evidence": len(statements),
                    "sentence": " ".join(first.provenance.sentence.split()),
                    "subject_text": first.subject.text,
                    "relation": first.relation,
                    "object_text": first.object.text,
                },
                "verdict": None,
                "error": None,
            }
        )
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"{len(lines)} edges of {len(edges)} written to {args.out}")


def _features(kg: Any, u: str, v: str, key: str, statements: list[Any]) -> dict[str, float]:
    from graph.confidence import edge_features

    graph = kg.graph
    return edge_features(
        statements,
        subject_type=graph.nodes[u]["type"],
        object_type=graph.nodes[v]["type"],
        relation_class=graph.edges[u, v, key]["relation_class"],
        subject_label=graph.nodes[u]["label"],
        object_label=graph.nodes[v]["label"],
    )


def _edge_key(statement: Any, key: str) -> tuple[Any, ...]:
    p = statement.provenance
    return (p.doc_id, p.start_char, p.end_char, p.extractor, key)


def refresh(args: argparse.Namespace) -> None:
    """Rebuild each judged file's build and recompute the cues of the judged edges (verdicts kept)."""
    import newsgraph
    from graph.build import edge_statements

    for path in args.files:
        lines = _read([path])
        build = lines[0]["build"]
        kg = newsgraph.build(build["inputs"], limit=build["limit"], sample=build["sample"], seed=build["seed"])
        found = {}
        for (u, v, key), statements in edge_statements(kg).items():
            for statement in statements:
                found[_edge_key(statement, key)] = (u, v, key, statements)
        kept, lost = [], 0
        for line in lines:
            k = line["key"]
            hit = found.get((k["doc_id"], k["start_char"], k["end_char"], k["extractor"], k["edge_key"]))
            if hit is None:
                lost += 1
                continue
            u, v, key, statements = hit
            line["features"] = _features(kg, u, v, key, statements)
            line["confidence"] = kg.graph.edges[u, v, key]["confidence"]
            kept.append(line)
        Path(path).write_text("".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in kept), encoding="utf-8")
        print(f"{path}: {len(kept)} edges refreshed, {lost} no longer in the graph (dropped)")


def carry(args: argparse.Namespace) -> None:
    """Copy verdicts onto a new sample for edges judged before with the same evidence and the same reading."""
    known = {}
    for path in args.judged:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            line = json.loads(raw)
            if line.get("verdict") in VERDICTS and "show" in line:
                known[(json.dumps(line["key"], sort_keys=True), line["show"]["edge"], line["show"].get("class"))] = line
    lines = [json.loads(raw) for raw in Path(args.file).read_text(encoding="utf-8").splitlines() if raw.strip()]
    carried = 0
    for line in lines:
        old = known.get((json.dumps(line["key"], sort_keys=True), line["show"]["edge"], line["show"].get("class")))
        if old is not None and line.get("verdict") is None:
            line["verdict"], line["error"] = old["verdict"], old.get("error")
            carried += 1
    Path(args.file).write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{carried} of {len(lines)} verdicts carried over; {len(lines) - carried} to judge")


def strip(args: argparse.Namespace) -> None:
    kept = []
    for line in _read([args.file]):
        line.pop("show", None)
        kept.append(line)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in kept), encoding="utf-8")
    print(f"{len(kept)} judged edges written to {args.out}")


def _read(paths: Sequence[Path | str]) -> list[dict[str, Any]]:
    lines = []
    for path in paths:
        for n, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                line = json.loads(raw)
                if line.get("verdict") not in VERDICTS:
                    raise SystemExit(f"{path}:{n}: verdict must be one of {', '.join(VERDICTS)}, not {line.get('verdict')!r}")
                lines.append(line)
    return lines


def rank_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """P(score of a random positive > score of a random negative), ties half (Mann–Whitney)."""
    pos = [s for s, p in zip(scores, positive) if p]
    neg = [s for s, p in zip(scores, positive) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def _fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 4000, rate: float = 1.0) -> np.ndarray:
    """Logistic regression by full-batch gradient descent (the bias, column 0, is not penalised)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]])
    return w


def fit(args: argparse.Namespace) -> None:
    lines = _read(args.files)
    names = sorted({name for line in lines for name in line["features"]})
    if args.features:
        names = [n for n in names if n in set(args.features.split(","))]
    x = np.array([[1.0] + [float(line["features"].get(name, 0.0)) for name in names] for line in lines])
    verdicts = [line["verdict"] for line in lines]
    correct = np.array([v == "correct" for v in verdicts], dtype=float)
    counts = {v: verdicts.count(v) for v in VERDICTS}
    print(f"{len(lines)} judged edges: " + ", ".join(f"{n} {v}" for v, n in counts.items()) + f" ({counts['correct'] / len(lines):.1%} fully correct)")

    order = list(range(len(lines)))
    random.Random(args.seed).shuffle(order)
    folds = [order[i :: args.folds] for i in range(args.folds)]
    held_out = np.zeros(len(lines))
    for fold in folds:
        held = set(fold)
        train = [i for i in order if i not in held]
        w = _fit(x[train], correct[train], args.l2)
        held_out[fold] = 1 / (1 + np.exp(-x[fold] @ w))

    def report(name: str, scores: Sequence[float]) -> None:
        vs_wrong = [i for i, v in enumerate(verdicts) if v != "partly"]
        auc_wrong = rank_auc([scores[i] for i in vs_wrong], [verdicts[i] == "correct" for i in vs_wrong])
        auc_rest = rank_auc(scores, [v == "correct" for v in verdicts])
        print(f"{name:<34} AUC correct>wrong {auc_wrong:.3f}   correct>partly|wrong {auc_rest:.3f}")

    report("confidence when judged", [float(line["confidence"]) for line in lines])
    report(f"edge model, {args.folds}-fold held out", list(held_out))

    print("\nheld-out precision of the edges kept at a threshold:")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        kept = [i for i in range(len(lines)) if held_out[i] >= threshold]
        if kept:
            print(f"  >= {threshold:.1f}: keeps {len(kept) / len(lines):6.1%}, fully correct {sum(correct[kept]) / len(kept):6.1%}")

    w = _fit(x, correct, args.l2)
    print("\nEDGE_WEIGHTS fitted on every judged edge (paste into graph/confidence.py):")
    print("    " + json.dumps({"bias": round(float(w[0]), 3), **{n: round(float(v), 3) for n, v in zip(names, w[1:])}}, indent=4).replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("sample", help="draw random edges of a build to judge")
    s.add_argument("inputs", nargs="+", type=Path)
    s.add_argument("--limit", type=int)
    s.add_argument("--sample", type=int)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("-k", type=int, default=60)
    s.add_argument("--out", required=True)
    t = commands.add_parser("strip", help="drop the text shown to the judge, keep key, cues and verdict")
    t.add_argument("file")
    t.add_argument("--out", required=True)
    f = commands.add_parser("fit", help="held-out ranking and weights from judged files")
    f.add_argument("files", nargs="+")
    f.add_argument("--folds", type=int, default=5)
    f.add_argument("--l2", type=float, default=0.01)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--features", help="comma-separated cue names to fit on (default: all)")
    c = commands.add_parser("carry", help="copy verdicts of identical edges from judged files onto a new sample")
    c.add_argument("file")
    c.add_argument("--judged", nargs="+", required=True)
    r = commands.add_parser("refresh", help="recompute the cues of judged edges after a change (verdicts kept)")
    r.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    {"sample": sample, "strip": strip, "fit": fit, "refresh": refresh, "carry": carry}[args.command](args)


if __name__ == "__main__":
    main()
