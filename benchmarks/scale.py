"""How close is ``newsgraph build`` to the cost of the spaCy parse it cannot avoid?

One run measures, on the same machine and the same texts:

1. ``bare``: ``nlp.pipe`` over the texts the build parses (read and
   de-duplicated exactly as the build does), one process, model already loaded;
2. ``build -j1``: the whole ``newsgraph build`` command (read, parse, extract,
   resolve, every default export, report), filling a fresh extraction cache;
3. ``incremental``: 10 articles removed from the cache, then the build again,
   which is what adding 10 new articles to a built corpus costs;
4. ``build -jN``: the whole build with N worker processes and no cache.

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
import resource
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
PACKAGES = ("extract", "graph", "exports", "newsgraph")
_code_dir: Path = ROOT


def snapshot_code(into: Path) -> Path:
    """Copy the packages so every build of the run uses the same code.

    The cache fingerprint covers the extract/ source: on a tree other people
    are editing, a build that started on older code would invalidate the
    cache of the next one and spoil the incremental measurement.
    """
    import shutil

    for package in PACKAGES:
        shutil.copytree(ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def _texts(corpus: Path) -> list[str]:
    from extract.sources import deduplicate, read_articles

    skipped: list = []
    return [a.text for a in deduplicate(read_articles([corpus], skipped), skipped)]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bare_parse(texts: list[str], model: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of ``nlp.pipe`` over ``texts`` (model loaded and warmed up before)."""
    from extract.nlp import load_pipeline

    nlp = load_pipeline(model)
    for _ in nlp.pipe(texts[:20]):
        pass
    started, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - started, _cpu(resource.RUSAGE_SELF) - cpu


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
    """Run ``newsgraph build`` in a child process: wall time, CPU time (with its workers), peak RSS of its process tree.

    On a machine shared with other work the CPU time is the steadier figure;
    wall time is what a user waits for.
    """
    cpu = _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(_code_dir)}
    proc = subprocess.Popen([*NEWSGRAPH, "build", *args, "--quiet"], cwd=_code_dir, env=env)
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
    return {"wall_s": round(elapsed, 2), "cpu_s": round(_cpu(resource.RUSAGE_CHILDREN) - cpu, 2), "peak_rss_mib": round(peak / 2**20, 1)}


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
    parser.add_argument("--no-snapshot", action="store_true", help="Run the builds on the live tree instead of a copy of the code.")
    args = parser.parse_args()
    global _code_dir
    if args.profile:
        profile(args.corpus, args.profile)
        return

    args.corpus = args.corpus.resolve()
    results: dict[str, object] = {"corpus": str(args.corpus), "load_before": os.getloadavg(), "cpus": os.cpu_count()}
    texts = _texts(args.corpus)
    results["articles"] = len(texts)
    results["characters"] = sum(map(len, texts))
    bare, bare_cpu = bare_parse(texts, args.model)
    results["bare_parse_s"] = round(bare, 2)
    results["bare_parse_cpu_s"] = round(bare_cpu, 2)
    print(f"bare nlp.pipe: {len(texts)} texts in {bare:.1f}s, {bare_cpu:.1f}s CPU ({len(texts) / bare:.1f} articles/s)", flush=True)

    model = ["--model", args.model] if args.model else []
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "out", Path(tmp) / "cache"
        if not args.no_snapshot:
            _code_dir = snapshot_code(Path(tmp) / "code")
        one = run_build([str(args.corpus), "--out", str(out), "--cache-dir", str(cache), *model])
        results["build_1_worker"] = one
        print(
            f"build -j1: {one['wall_s']}s, {one['cpu_s']}s CPU; ratio to bare parse {one['wall_s'] / bare:.2f} wall, "
            f"{one['cpu_s'] / bare_cpu:.2f} CPU; peak RSS {one['peak_rss_mib']} MiB",
            flush=True,
        )

        # Incremental right after the full build: the cache fingerprint covers the
        # extract/ source, so an edit there in between (a shared dev machine)
        # rightly invalidates the cache; then refill it and measure again.
        for attempt in range(2):
            forgotten = forget(cache, 10)
            incremental = run_build([str(args.corpus), "--out", str(out), "--cache-dir", str(cache), *model])
            report = json.loads((out / "report.json").read_text())
            if report["articles_parsed"] <= forgotten:
                break
            print(f"the pipeline fingerprint changed during the run ({report['articles_parsed']} articles re-parsed); measuring again", flush=True)
            one = {**incremental, "note": "full build after a fingerprint change"}
        results["build_1_worker"] = one
        results["incremental"] = {**incremental, "articles_parsed": report["articles_parsed"], "forgotten": forgotten}
        print(f"incremental (+{forgotten} articles): {incremental['wall_s']}s = {incremental['wall_s'] / one['wall_s']:.1%} of the full build", flush=True)

        many = run_build([str(args.corpus), "--out", str(Path(tmp) / "out2"), "--no-cache", "--workers", str(args.workers), *model])
        results[f"build_{args.workers}_workers"] = many
        print(f"build -j{args.workers}: {many['wall_s']}s, {many['cpu_s']}s CPU, speed-up {one['wall_s'] / many['wall_s']:.2f}x, peak RSS {many['peak_rss_mib']} MiB", flush=True)
        results["report_timings_s"] = report["timings_s"]

    results["ratio_build_to_bare"] = round(one["wall_s"] / bare, 3)
    results["cpu_ratio_build_to_bare"] = round(one["cpu_s"] / bare_cpu, 3)
    results["speedup_workers"] = round(one["wall_s"] / many["wall_s"], 3)
    results["incremental_fraction"] = round(incremental["wall_s"] / one["wall_s"], 3)
    results["load_after"] = os.getloadavg()
    results["report_json_of_incremental"] = {k: v for k, v in report.items() if k != "skipped"}
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
