"""SPARQL speed on the full BBC export: load and query times, pyoxigraph vs rdflib.

    .venv/bin/python benchmarks/sparql.py                 # builds once, caches under /tmp
    .venv/bin/python benchmarks/sparql.py --skip-rdflib   # pyoxigraph only

The corpus (../shared/corpora/bbc-news-2225, research-only) is read, never
copied. The queries are docs/queries/*.rq; names that only occur in the seeds
("Donald Trump", "Vladimir Putin", "Budapest", "Zelensky") are replaced by the
best-connected BBC person, its best-connected person neighbour, the
best-connected place and an entity that has aliases, so every query does real
work on this corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news-2225" / "articles.jsonl"
QUERIES = ROOT / "docs" / "queries"
FORMATS = ["turtle", "ntriples", "trig", "nquads"]

PICK = {
    "Donald Trump": """SELECT ?l (COUNT(*) AS ?n) WHERE { ?e a schema:Person ; rdfs:label ?l .
        { ?e ?p ?x } UNION { ?x ?p ?e } ?p a ng:Relation . ?x a schema:Person } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1""",
    "Budapest": """SELECT ?l (COUNT(*) AS ?n) WHERE { ?e a schema:Place ; rdfs:label ?l .
        { ?e ?p ?x } UNION { ?x ?p ?e } ?p a ng:Relation } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1""",
    "Zelensky": """SELECT ?a (COUNT(*) AS ?n) WHERE { ?e skos:altLabel ?a ; skos:altLabel ?b } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1""",
}
NEIGHBOUR = """SELECT ?l (COUNT(*) AS ?n) WHERE {{ ?t rdfs:label {label} . {{ ?t ?p ?x }} UNION {{ ?x ?p ?t }}
    ?p a ng:Relation . ?x a schema:Person ; rdfs:label ?l }} GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"""


def ensure_export(out: Path, rebuild: bool, workers: int) -> dict[str, float]:
    """Build the BBC graph once (minutes) and export the RDF formats; reuse the folder afterwards."""
    timings: dict[str, float] = {}
    if not rebuild and all((out / name).is_file() for name in ("graph.ttl", "graph.nt", "graph.trig", "graph.nq")):
        return json.loads((out / "bench-build.json").read_text()) if (out / "bench-build.json").is_file() else {}
    import newsgraph

    started = time.perf_counter()
    kg = newsgraph.build([CORPUS], n_process=workers)
    timings["build_s"] = round(time.perf_counter() - started, 1)
    for fmt in FORMATS:
        t = time.perf_counter()
        newsgraph.export(kg, out, [fmt])
        timings[f"export_{fmt}_s"] = round(time.perf_counter() - t, 2)
    timings["edges"] = kg.graph.number_of_edges()
    timings["entities"] = len(kg.entities)
    (out / "bench-build.json").write_text(json.dumps(timings, indent=1))
    return timings


def substitutions(store) -> dict[str, str]:
    from newsgraph.sparql import run_query

    subs: dict[str, str] = {}
    for seed_name, query in PICK.items():
        rows = run_query(store, query).rows
        if rows:
            subs[seed_name] = rows[0][0].value
    if "Donald Trump" in subs:
        rows = run_query(store, NEIGHBOUR.format(label=json.dumps(subs["Donald Trump"]))).rows
        if rows:
            subs["Vladimir Putin"] = rows[0][0].value
    return subs


def adapt(text: str, subs: dict[str, str]) -> str:
    for seed_name, bbc_name in subs.items():
        text = text.replace(json.dumps(seed_name), json.dumps(bbc_name))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsgraph-bench-sparql"), help="cached export folder")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="pyoxigraph runs per query (best is reported)")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    args = parser.parse_args()

    build = ensure_export(args.out, args.rebuild, args.workers)
    ttl = args.out / "graph.ttl"
    print(f"export: {args.out}  ({ttl.stat().st_size / 1e6:.1f} MB Turtle)  build: {build}")

    from newsgraph.sparql import load_store, run_query

    t = time.perf_counter()
    store = load_store([ttl])
    ox_load = time.perf_counter() - t
    print(f"load graph.ttl  pyoxigraph {ox_load:7.2f} s  ({len(store)} triples)", flush=True)
    for name in ("graph.nt", "graph.nq", "graph.trig"):
        t = time.perf_counter()
        dataset = load_store([args.out / name])
        print(f"load {name:<10} pyoxigraph {time.perf_counter() - t:7.2f} s  ({len(dataset)} quads)")

    graph = None
    if not args.skip_rdflib:
        from rdflib import Graph

        t = time.perf_counter()
        graph = Graph().parse(ttl, format="turtle")
        print(f"load graph.ttl  rdflib     {time.perf_counter() - t:7.2f} s  ({len(graph)} triples)")

    subs = substitutions(store)
    print(f"seed names replaced by: {subs}")
    print(f"\n{'query':<26}{'rows':>7}{'pyoxigraph s':>14}{'rdflib s':>11}")
    for path in sorted(QUERIES.glob("*.rq")):
        text = adapt(path.read_text(encoding="utf-8"), subs)
        target = dataset if "GRAPH ?" in text else store  # named-graph queries run on graph.trig
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            rows = len(run_query(target, text))
            best = min(best, time.perf_counter() - t)
        rd = ""
        if graph is not None and "GRAPH ?" in text:
            rd = "        n/a (needs named graphs; rdflib would need a Dataset)"
        elif graph is not None:
            seconds, rd_rows = rdflib_time(graph, text, args.rdflib_timeout)
            if rd_rows is None:
                rd = f"  > {args.rdflib_timeout:g} (stopped)"
            else:
                rd = f"{seconds:11.3f}" + ("" if rd_rows == rows else f" (rdflib: {rd_rows} rows!)")
        print(f"{path.name:<26}{rows:>7}{best:>14.4f}{rd}", flush=True)


def rdflib_time(graph, text: str, limit: float) -> tuple[float, int | None]:
    """Run one rdflib query in a forked child so a very slow one can be stopped after ``limit`` s."""
    import multiprocessing as mp

    from exports.vocab import PREFIXES

    def child(conn) -> None:
        t = time.perf_counter()
        n = len(list(graph.query(text, initNs=PREFIXES)))
        conn.send((time.perf_counter() - t, n))

    parent, child_end = mp.get_context("fork").Pipe()  # the graph is shared copy-on-write
    process = mp.get_context("fork").Process(target=child, args=(child_end,))
    process.start()
    if parent.poll(limit):
        seconds, n = parent.recv()
        process.join()
        return seconds, n
    process.kill()
    process.join()
    return limit, None


if __name__ == "__main__":
    main()
