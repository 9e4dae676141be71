"""How much of what the articles say reaches the graph?

    .venv/bin/python benchmarks/coverage.py seeds/
    .venv/bin/python benchmarks/coverage.py seeds/ --seeds-gold
    .venv/bin/python benchmarks/coverage.py ../shared/corpora/bbc-news-2225/articles.jsonl --limit 40
    .venv/bin/python benchmarks/coverage.py ../shared/corpora/bbc-news-2225/articles.jsonl --limit 300 --workers 2
    .venv/bin/python benchmarks/coverage.py ../shared/corpora/bbc-news-2225/articles.jsonl --sample 100 --seed 1 --judge 25
    .venv/bin/python benchmarks/coverage.py seeds/ --json

Builds the graph of the input (a folder or file; ``--limit N`` takes the first
N articles in file order, ``--sample N --seed S`` N at random) and prints

* statements: total, those whose subject and object both resolve to nodes
  (and their share), and those among them whose two sides are the same node
  (which give no edge);
* nodes: total, by type, and those with no edge (a self-loop counts as no
  edge) with their share;
* edges: total, the size of the largest weakly connected component (nodes),
  the number of components (isolated nodes included) and of components with
  at least two nodes;
* the 15 relation predicates (edge keys) with the most edges.

``--judge K`` prints K random edges (seeded by ``--seed``), each with its
first evidence sentence and the subject/object text of that evidence, for
marking by hand as correct / partly / wrong. ``--seeds-gold`` exports the
graph to Turtle in a temporary folder and prints the last line of
``../shared/benchmarks/seeds-gold/score_seeds.py`` on it (meaningful for
``seeds/`` only). ``--json`` prints everything as one JSON object.

The figures are computed by :func:`coverage_figures`, which tests import.
The BBC corpus is research-only data: it is read from ../shared, never copied;
the judging output (which quotes its sentences) goes to the terminal only.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "benchmarks" / "seeds-gold" / "score_seeds.py"
TOP_RELATIONS = 15


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _linked_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of ``graph`` without self-loops (every node kept)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


def coverage_figures(kg: Any, top: int = TOP_RELATIONS) -> dict[str, Any]:
    """The coverage figures of a :class:`~graph.model.KnowledgeGraph` (pure, no I/O)."""
    graph: nx.MultiDiGraph = kg.graph
    nodes = graph.number_of_nodes()

    statements = len(kg.statements)
    resolved = [s for s in kg.statements if s.subject_id in graph and s.object_id in graph]
    same_node = sum(1 for s in resolved if s.subject_id == s.object_id)

    by_type = Counter(str(data.get("type") or "unknown") for _, data in graph.nodes(data=True))
    linked = _linked_graph(graph)
    isolated = sum(1 for n in linked if linked.degree(n) == 0)
    component_sizes = sorted((len(c) for c in nx.connected_components(linked)), reverse=True)

    relations = Counter(key for _, _, key in graph.edges(keys=True))
    self_loops = sum(1 for u, v in graph.edges() if u == v)
    return {
        "articles": len(getattr(kg, "articles", {}) or {}),
        "statements": statements,
        "statements_resolved": len(resolved),
        "statements_resolved_share": _share(len(resolved), statements),
        "statements_resolved_same_node": same_node,
        "nodes": nodes,
        "nodes_by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        "nodes_isolated": isolated,
        "nodes_isolated_share": _share(isolated, nodes),
        "edges": graph.number_of_edges(),
        "edges_self_loop": self_loops,
        "relations_distinct": len(relations),
        "largest_component_nodes": component_sizes[0] if component_sizes else 0,
        "largest_component_share": _share(component_sizes[0] if component_sizes else 0, nodes),
        "components": len(component_sizes),
        "components_2plus": sum(1 for size in component_sizes if size >= 2),
        "top_relations": [[key, count] for key, count in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))[:top]],
    }


def judge_sample(kg: Any, k: int, seed: int = 0) -> list[dict[str, Any]]:
    """``k`` edges drawn at random (the same for the same ``seed``), with their first evidence."""
    graph = kg.graph
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    picked = random.Random(seed).sample(edges, min(k, len(edges)))
    out = []
    for u, v, key, data in picked:
        evidence = (data.get("evidence") or [{}])[0]
        out.append(
            {
                "subject": graph.nodes[u].get("label", u),
                "subject_type": graph.nodes[u].get("type"),
                "relation": ("not " if key.startswith("not ") else "") + str(data.get("label", key)),
                "relation_class": data.get("relation_class", ""),
                "object": graph.nodes[v].get("label", v),
                "object_type": graph.nodes[v].get("type"),
                "confidence": round(float(data.get("confidence", evidence.get("confidence", 0.0)) or 0.0), 3),
                "n_evidence": len(data.get("evidence") or []),
                "doc_id": evidence.get("doc_id"),
                "sentence": " ".join(str(evidence.get("sentence") or "").split()),
                "evidence_relation": evidence.get("relation"),
                "subject_text": evidence.get("subject_text"),
                "object_text": evidence.get("object_text"),
            }
        )
    return out


def seeds_gold_summary(kg: Any) -> str:
    """Export to Turtle in a temporary folder and return the seed scorer's one-line summary."""
    import newsgraph

    with tempfile.TemporaryDirectory(prefix="newsgraph-coverage-") as tmp:
        paths = newsgraph.export(kg, tmp, ["turtle"])
        result = subprocess.run([sys.executable, str(SCORER), str(paths["turtle"])], capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0 or not lines:
        return f"scorer failed (exit {result.returncode}): {result.stderr.strip().splitlines()[-1:] or ''}"
    return lines[-1]


def _print_text(figures: dict[str, Any], judged: list[dict[str, Any]] | None, gold: str | None) -> None:
    f = figures
    print(f"articles                 {f['articles']}  (build {f.get('build_s', '?')} s)")
    print(f"statements               {f['statements']}")
    print(f"  both sides are nodes   {f['statements_resolved']}  ({f['statements_resolved_share']:.1%})"
          f"  of which same node: {f['statements_resolved_same_node']}")
    print(f"nodes                    {f['nodes']}")
    for node_type, count in f["nodes_by_type"].items():
        print(f"  {node_type:<22} {count}  ({count / f['nodes']:.1%})" if f["nodes"] else f"  {node_type:<22} {count}")
    print(f"  with no edge           {f['nodes_isolated']}  ({f['nodes_isolated_share']:.1%})")
    print(f"edges                    {f['edges']}  (self-loops {f['edges_self_loop']}, {f['relations_distinct']} distinct relations)")
    print(f"largest component        {f['largest_component_nodes']} nodes  ({f['largest_component_share']:.1%})")
    print(f"components               {f['components']}  ({f['components_2plus']} with 2+ nodes)")
    print(f"top {len(f['top_relations'])} relations:")
    for key, count in f["top_relations"]:
        print(f"  {count:>6}  {key}")
    if gold is not None:
        print(f"seeds-gold: {gold}")
    if judged is not None:
        print(f"\n{len(judged)} random edges to judge (correct / partly / wrong):")
        for i, e in enumerate(judged, 1):
            print(f"\n[{i}] {e['subject']} ({e['subject_type']}) –{e['relation']}→ {e['object']} ({e['object_type']})  [{e['relation_class']}]"
                  f"  conf={e['confidence']:.2f}  evidence={e['n_evidence']}  doc={e['doc_id']}")
            print(f"    sentence: {e['sentence']}")
            print(f"    subject_text={e['subject_text']!r}  relation={e['evidence_relation']!r}  object_text={e['object_text']!r}")
            print("    judgement: ____")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path, default=[ROOT / "seeds"], help="files or folders (default: seeds/)")
    parser.add_argument("--limit", type=int, help="first N articles in file order")
    parser.add_argument("--sample", type=int, help="N articles at random (see --seed)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample and --judge")
    parser.add_argument("--workers", type=int, default=1, help="parsing processes (build n_process)")
    parser.add_argument("--judge", type=int, default=0, metavar="K", help="print K random edges with their evidence")
    parser.add_argument("--top", type=int, default=TOP_RELATIONS, help="how many relations to list")
    parser.add_argument("--seeds-gold", action="store_true", help="also score a Turtle export with the seeds-gold scorer")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)

    import newsgraph

    started = time.perf_counter()
    kg = newsgraph.build([str(p) for p in args.inputs], limit=args.limit, sample=args.sample, seed=args.seed, n_process=args.workers)
    figures = coverage_figures(kg, top=args.top)
    figures["build_s"] = round(time.perf_counter() - started, 1)
    figures["inputs"] = [str(p) for p in args.inputs]
    figures["limit"], figures["sample"], figures["seed"] = args.limit, args.sample, args.seed
    judged = judge_sample(kg, args.judge, args.seed) if args.judge else None
    gold = seeds_gold_summary(kg) if args.seeds_gold else None
    if args.json:
        if gold is not None:
            figures["seeds_gold"] = gold
        if judged is not None:
            figures["judge"] = judged
        print(json.dumps(figures, ensure_ascii=False))
    else:
        _print_text(figures, judged, gold)


if __name__ == "__main__":
    main()
