"""How close is ``newsgraph build`` to the cost of the spaCy parse it cannot avoid?

One run measures, on the same machine and the same texts:

1. ``bare``: ``nlp.pipe`` over the texts the build parses (read and
   de-duplicated exactly as the build does), one process, model already loaded;
2. ``build -j1``: the whole ``newsgraph build`` command (read, parse, extract,
   resolve, every default export, report), filling a fresh extraction cache;
3. ``build -j2``: the same with two worker processes and no cache;
4. ``incremental``: 10 articles removed from the cache, then the build again,
   which is what adding 10 new articles to a built corpus costs.

Wall times, the ratio to the bare parse, the speed-up of two workers and the
peak resident memory of each build (main process plus its workers, sampled)
are printed and written as JSON. ``--profile N`` instead profiles an
in-process build of N articles with cProfile and prints the top functions.

    .venv/bin/python benchmarks/scale.py                       # BBC corpus, ~15 min on 2 cores
    .venv/bin/python benchmarks/scale.py --profile 300

The BBC corpus is research-only data: it is read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news-2225" / "articles"
NEWSGRAPH = [sys.executable, "-m", "newsgraph"]


def _texts(corpus: Path) -> list[str]:
    from extract.sources import deduplicate, read_articles

    skipped: list = []
    return [a.text for a in deduplicate(read_articles([corpus], skipped), skipped)]


def bare_parse(texts: list[str], model: str | None) -> float:
    from extract.nlp import load_pipeline

    nlp = load_pipeline(model)
    for _ in nlp.pipe(texts[:20]):  # warm up outside the timing
        pass
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_build(args: list[str]) -> dict[str, float]:
    """Run ``newsgraph build`` in a child process; wall time and peak RSS of its process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen([*NEWSGRAPH, "build", *args, "--quiet"], cwd=ROOT)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"newsgraph build {' '.join(args)} failed with exit status {code}")
    return {"wall_s": round(elapsed, 2), "peak_rss_mib": round(peak / 2**20, 1)}


def forget(cache_dir: Path, n: int) -> int:
    """Delete ``n`` rows from the cache: the next build must parse those articles again."""
    with sqlite3.connect(cache_dir / "extractions.sqlite") as db:
        keys = db.execute("SELECT fingerprint, content_hash FROM extractions ORDER BY content_hash LIMIT ?", (n,)).fetchall()
        db.executemany("DELETE FROM extractions WHERE fingerprint = ? AND content_hash = ?", keys)
    return len(keys)


def profile(corpus: Path, n: int) -> None:
    import cProfile
    import pstats

    import newsgraph

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        profiler.enable()
        kg = newsgraph.build([corpus], limit=n)
        newsgraph.export(kg, tmp)
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    parser.add_argument("--profile", type=int, default=None, metavar="N", help="Profile a build of N articles instead.")
    args = parser.parse_args()
    if args.profile:
        profile(args.corpus, args.profile)
        return

    results: dict[str, object] = {"corpus": str(args.corpus), "load_before": os.getloadavg(), "cpus": os.cpu_count()}
    texts = _texts(args.corpus)
    results["articles"] = len(texts)
    results["characters"] = sum(map(len, texts))
    bare = bare_parse(texts, args.model)
    results["bare_parse_s"] = round(bare, 2)
    print(f"bare nlp.pipe: {len(texts)} texts in {bare:.1f}s ({len(texts) / bare:.1f} articles/s)", flush=True)

    model = ["--model", args.model] if args.model else []
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "out", Path(tmp) / "cache"
        one = run_build([str(args.corpus), "--out", str(out), "--cache-dir", str(cache), *model])
        results["build_1_worker"] = one
        print(f"build -j1: {one['wall_s']}s, ratio to bare parse {one['wall_s'] / bare:.2f}, peak RSS {one['peak_rss_mib']} MiB", flush=True)

        many = run_build([str(args.corpus), "--out", str(Path(tmp) / "out2"), "--no-cache", "--workers", str(args.workers), *model])
        results[f"build_{args.workers}_workers"] = many
        print(f"build -j{args.workers}: {many['wall_s']}s, speed-up {one['wall_s'] / many['wall_s']:.2f}x, peak RSS {many['peak_rss_mib']} MiB", flush=True)

        forgotten = forget(cache, 10)
        incremental = run_build([str(args.corpus), "--out", str(out), "--cache-dir", str(cache), *model])
        report = json.loads((out / "report.json").read_text())
        results["incremental"] = {**incremental, "articles_parsed": report["articles_parsed"], "forgotten": forgotten}
        print(f"incremental (+{forgotten} articles): {incremental['wall_s']}s = {incremental['wall_s'] / one['wall_s']:.1%} of the full build", flush=True)
        results["report_timings_s"] = report["timings_s"]

    results["ratio_build_to_bare"] = round(one["wall_s"] / bare, 3)
    results["speedup_workers"] = round(one["wall_s"] / many["wall_s"], 3)
    results["incremental_fraction"] = round(incremental["wall_s"] / one["wall_s"], 3)
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
