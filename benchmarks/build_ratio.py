"""The default build against the bare parse, alternated: where does newsgraph's own time go?

For the first N articles (the build's own order, cleaned and de-duplicated as
the build does) this runs, alternating, ``--rounds`` times each:

* ``bare``: a fresh process loads the model with :func:`extract.nlp.load_pipeline`,
  warms it up, then times ``nlp.pipe`` over the same texts (spaCy's defaults);
* ``build``: ``newsgraph build CORPUS --limit N --no-cache`` (one process,
  default extractors and exports), timed from outside, start-up included.

It prints the best time of each, their ratio (wall and CPU) and, from the
best build, a breakdown: reading, the parse per pipeline component, the
extraction per stage and extractor, resolution, the graph, each export and
the report. Every figure carries the load average taken just before its run:
the machine is shared, so compare only runs alternated in one invocation.

    .venv/bin/python benchmarks/build_ratio.py                    # 400 BBC articles, ~3 min
    .venv/bin/python benchmarks/build_ratio.py --code /tmp/wt     # another checkout (e.g. the code before a change)

The build runs the CLI in-process behind light timers (one ``perf_counter``
and one ``process_time`` pair per article and stage, per batch and component:
milliseconds in all), so each stage has its wall and its CPU time (an
export's CPU is its worker's; "start-up and exit" CPU is what the process
tree used outside the CLI and the writers, the workers' forks included);
``--plain`` times the untouched ``python -m newsgraph build`` instead, with
no breakdown. By default both run on a copy of the packages, so edits to the
tree during the run do not mix two versions of the code.

The BBC corpus is research-only data: it is read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news-2225" / "articles"

# --------------------------------------------------------------------------
# Timers (used inside the child processes; nothing here imports newsgraph)
# --------------------------------------------------------------------------


class Timings:
    """Seconds per named stage, summed over calls: wall (``seconds``) and this process's CPU (``cpu``).

    Under load the wall time of a stage grows with the other processes' share
    of the cores; its CPU time much less, so the two runs of a comparison can
    be compared stage by stage even when the load differed.
    """

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.cpu: defaultdict[str, float] = defaultdict(float)

    def add(self, name: str, seconds: float, cpu: float = 0.0) -> None:
        self.seconds[name] += seconds
        self.cpu[name] += cpu

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        """``func`` timed under ``name`` (its own call only: for a generator function use :meth:`wrap_generator`)."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - started, time.process_time() - cpu)

        return timed

    def iterate(self, name: str, items: Iterable[Any]) -> Iterator[Any]:
        """``items`` with the time spent producing each one counted under ``name``.

        Only the ``next()`` calls are timed, so a consumer that interleaves its
        own work between items (extract_article linking each statement as it
        comes) keeps its order and its time.
        """
        iterator = iter(items)
        while True:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                item = next(iterator)
            except StopIteration:
                self.add(name, time.perf_counter() - started, time.process_time() - cpu)
                return
            self.add(name, time.perf_counter() - started, time.process_time() - cpu)
            yield item

    def wrap_generator(self, name: str, func: Callable[..., Iterable[Any]]) -> Callable[..., Iterator[Any]]:
        return lambda *args, **kwargs: self.iterate(name, func(*args, **kwargs))


def exclusive(inclusive: dict[str, float], order: list[str]) -> dict[str, float]:
    """Own time of each stage of a chain of generators, from the inclusive times in chain order.

    Pulling an item from stage k runs stages 0..k, so stage k's own time is
    its inclusive time minus that of the stage before it.
    """
    own, before = {}, 0.0
    for name in order:
        own[name] = inclusive[name] - before
        before = inclusive[name]
    return own


def instrument(timings: Timings, export_log: Path) -> None:
    """Put timers around the stages of the build (a child process, before the CLI runs).

    The names patched are the ones each caller looks up at call time (a
    module attribute imported by name), so the build itself is unchanged.
    """
    import spacy.language

    import exports.registry as export_registry
    import extract.article as article
    import extract.mentions as mentions
    import graph.build as graph_build
    import newsgraph.cli.build as cli_build
    import newsgraph.executors as executors
    import newsgraph.pipeline as pipeline

    _instrument_parse(timings, spacy.language)
    original_map = executors.InProcessExecutor.map
    executors.InProcessExecutor.map = lambda self, articles: original_map(self, timings.iterate("read", articles))
    executors.load_pipeline = timings.wrap("model load", executors.load_pipeline)
    executors.extract_article = timings.wrap("extract.total", executors.extract_article)
    mentions.find_names = timings.wrap("extract.names", mentions.find_names)
    mentions.resolve_references = timings.wrap("extract.coref", mentions.resolve_references)
    article.find_entities = timings.wrap("extract.entities (names + coref)", article.find_entities)
    article.qualify = timings.wrap("extract.qualify", article.qualify)
    article.link_concepts = timings.wrap("extract.link_concepts", article.link_concepts)
    article._crosses_dash = timings.wrap("extract.crosses_dash", article._crosses_dash)
    article._link = timings.wrap("extract.link", article._link)
    original_get = article.get_extractor
    article.get_extractor = lambda name: timings.wrap_generator(f"extractor {name}", original_get(name))
    pipeline.build_graph = timings.wrap("graph.total", pipeline.build_graph)
    graph_build.resolve_entities = timings.wrap("graph.resolution", graph_build.resolve_entities)
    cli_build.export_with_view = timings.wrap("exports.total (wall)", cli_build.export_with_view)
    cli_build.write_report = timings.wrap("report", cli_build.write_report)
    cli_build.build = timings.wrap("build() (read, parse, extract, graph)", cli_build.build)
    for name in export_registry.exporter_names():
        spec = export_registry.get_exporter(name)
        export_registry._EXPORTERS[name] = type(spec)(spec.name, spec.filename, spec.description, _logged_writer(name, spec.write, export_log))


def _logged_writer(name: str, write: Callable[..., None], log: Path) -> Callable[..., None]:
    """The exports run in forked workers: each appends its own wall and CPU time to ``log``."""

    def timed(kg: Any, path: Path, **options: Any) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        write(kg, path, **options)
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{name}\t{time.perf_counter() - started}\t{time.process_time() - cpu}\n")

    return timed


def _instrument_parse(timings: Timings, language_module: Any) -> None:
    """Time spaCy's per-component generators (``spacy.language._pipe``) and its tokenizer input."""
    original = language_module._pipe
    chain: list[str] = []
    timings.parse_chain = chain  # type: ignore[attr-defined]

    def timed_pipe(docs: Iterable[Any], proc: Any, name: str, default_error_handler: Any, kwargs: Any) -> Iterator[Any]:
        if not chain:  # the first component pulls the tokenizer's generator
            chain.append("tokenizer (and reading)")
            docs = timings.iterate("parse.tokenizer (and reading)", docs)
        if name not in chain:  # the chain of the first nlp.pipe call (the build makes one)
            chain.append(name)
        return timings.iterate(f"parse.{name}", original(docs, proc, name, default_error_handler, kwargs))

    language_module._pipe = timed_pipe


def breakdown(seconds: dict[str, float], chain: list[str]) -> dict[str, float]:
    """Turn the raw timers into one stage per line, each its own time (not including another's)."""
    raw = dict(seconds)
    inclusive = {name: raw.pop(f"parse.{name}", 0.0) for name in chain}
    own = exclusive(inclusive, chain)
    result: dict[str, float] = {}
    read = raw.pop("read", 0.0)
    result["read (files, cleaning, dedup)"] = read
    for name in chain:
        label = "parse.tokenizer" if name.startswith("tokenizer") else f"parse.{name}"
        result[label] = own[name] - (read if name.startswith("tokenizer") else 0.0)
    result["parse (all components)"] = sum(result[k] for k in result if k.startswith("parse."))
    extract_total = raw.pop("extract.total", 0.0)
    parts = {k: raw.pop(k) for k in sorted(raw) if k.startswith("extractor ") or k.startswith("extract.")}
    entities = parts.pop("extract.entities (names + coref)", 0.0)
    result.update(sorted(parts.items(), key=lambda kv: -kv[1]))
    counted = entities + sum(v for k, v in parts.items() if k not in ("extract.names", "extract.coref"))
    result["extract.other (head index, verbless lines, dedup, sort)"] = extract_total - counted
    result["extraction (all)"] = extract_total
    build_all = raw.pop("build() (read, parse, extract, graph)", 0.0)
    graph_total = raw.pop("graph.total", 0.0)
    result["graph.resolution"] = raw.pop("graph.resolution", 0.0)
    result["graph.build (networkx, edges)"] = graph_total - result["graph.resolution"]
    model_load = raw.pop("model load", 0.0)
    result["model load"] = model_load
    result["build() glue (executor, report dict)"] = build_all - model_load - read - result["parse (all components)"] - extract_total - graph_total
    cli = raw.pop("cli", 0.0)
    result.update(raw)  # exports, report
    result["cli glue (lock, staging folder, swap)"] = cli - build_all - raw.get("exports.total (wall)", 0.0) - raw.get("report", 0.0)
    result["cli total (in process)"] = cli
    return {k: round(v, 3) for k, v in result.items()}


# --------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------


def _articles(corpus: str, n: int) -> list[Any]:
    from newsgraph.pipeline import select_articles

    return list(select_articles([corpus], limit=n))


def child_bare(corpus: str, n: int, result: Path, batch_size: int | None = None) -> None:
    """The parse alone: same texts, same model, loaded and warmed up before the clock starts.

    ``batch_size`` None is spaCy's default (the model's ``nlp.batch_size``); the build parses in batches of 64.
    """
    from extract.nlp import load_pipeline

    texts = [a.text for a in _articles(corpus, n)]
    nlp = load_pipeline(None)
    for _ in nlp.pipe(texts[:20], batch_size=batch_size):
        pass
    cpu, started = _cpu(resource.RUSAGE_SELF), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    wall = time.perf_counter() - started
    result.write_text(json.dumps({"wall_s": wall, "cpu_s": _cpu(resource.RUSAGE_SELF) - cpu, "articles": len(texts), "characters": sum(map(len, texts))}))


def child_build(build_args: list[str], result: Path) -> None:
    """``newsgraph build`` behind the timers of :func:`instrument`; writes the breakdown to ``result``."""
    timings = Timings()
    export_log = result.with_suffix(".exports")
    instrument(timings, export_log)
    from newsgraph.cli import main

    sys.argv = ["newsgraph", "build", *build_args]
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        main()
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
    timings.add("cli", time.perf_counter() - started, time.process_time() - cpu_started)
    seconds, cpu = dict(timings.seconds), dict(timings.cpu)
    if export_log.exists():
        for line in export_log.read_text(encoding="utf-8").splitlines():
            name, wall, worker_cpu = line.split("\t")
            seconds[f"export {name}"], cpu[f"export {name}"] = float(wall), float(worker_cpu)
    chain = timings.parse_chain  # type: ignore[attr-defined]
    result.write_text(json.dumps({"wall": breakdown(seconds, chain), "cpu": breakdown(cpu, chain)}))
    import newsgraph.cli

    if hasattr(newsgraph.cli, "leave"):  # leave as that checkout's executable does (no interpreter teardown)
        newsgraph.cli.leave(0)


# --------------------------------------------------------------------------
# The parent: alternate, keep the best, print
# --------------------------------------------------------------------------


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], code: Path) -> dict[str, Any]:
    """Run ``command`` with ``code`` first on the path: wall and CPU (with its children), load before."""
    load = os.getloadavg()
    cpu, started = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(command, cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, check=True)
    return {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(_cpu(resource.RUSAGE_CHILDREN) - cpu, 2), "load_before": [round(x, 2) for x in load]}


def run_bare(code: Path, corpus: Path, n: int, tmp: Path, batch_size: int | None = None) -> dict[str, Any]:
    result = tmp / "bare.json"
    batch = ["--bare-batch-size", str(batch_size)] if batch_size else []
    outer = _run([sys.executable, __file__, "--child-bare", str(result), "--corpus", str(corpus), "-n", str(n), *batch], code)
    inner = json.loads(result.read_text())
    return {"wall_s": round(inner["wall_s"], 2), "cpu_s": round(inner["cpu_s"], 2), "load_before": outer["load_before"], "articles": inner["articles"], "characters": inner["characters"]}


def run_build(code: Path, corpus: Path, n: int, tmp: Path, plain: bool) -> dict[str, Any]:
    out, result = tmp / "out", tmp / "build.json"
    build_args = [str(corpus), "--limit", str(n), "--no-cache", "--out", str(out), "--quiet"]
    if plain:
        return _run([sys.executable, "-m", "newsgraph", "build", *build_args], code)
    measured = _run([sys.executable, __file__, "--child-build", str(result), "--", *build_args], code)
    both = json.loads(result.read_text())
    stages, cpu = both["wall"], both["cpu"]
    # what the process spends outside the CLI: interpreter start-up, imports, exit
    # (its CPU: the process and its export workers, less the CLI's own and the workers' writers)
    stages["start-up and exit (interpreter, imports)"] = round(measured["wall_s"] - stages["cli total (in process)"], 3)
    exports_cpu = sum(v for k, v in cpu.items() if k.startswith("export "))
    cpu["start-up and exit (interpreter, imports)"] = round(measured["cpu_s"] - cpu["cli total (in process)"] - exports_cpu, 3)
    measured["breakdown_s"] = stages
    measured["breakdown_cpu_s"] = cpu
    result.with_suffix(".exports").unlink(missing_ok=True)
    return measured


def _snapshot(into: Path) -> Path:
    """Copy the packages so every run of this invocation uses the same code (see benchmarks/scale.py)."""
    import shutil

    for package in ("extract", "graph", "exports", "newsgraph"):
        shutil.copytree(ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def _print_breakdown(stages: dict[str, float], cpu: dict[str, float], bare: float) -> None:
    print(f"  {'':<58} {'wall':>9}  {'of bare':>7}  {'CPU':>9}")
    for name, seconds in stages.items():
        print(f"  {name:<58} {seconds:7.2f} s  {seconds / bare:7.1%}  {cpu.get(name, 0.0):7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-n", type=int, default=400, help="the first N articles")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of bare parse and build; the best of each is kept")
    parser.add_argument("--code", type=Path, default=None, help="run this checkout instead of a copy of this one")
    parser.add_argument("--no-snapshot", action="store_true", help="run the live tree, not a copy")
    parser.add_argument("--bare-batch-size", type=int, default=None, help="batch size of the bare parse (default: spaCy's, the model's nlp.batch_size)")
    parser.add_argument("--plain", action="store_true", help="time `python -m newsgraph build` without timers (no breakdown)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--child-bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child_bare:
        return child_bare(str(args.corpus), args.n, args.child_bare, args.bare_batch_size)
    if args.child_build:
        return child_build([a for a in rest if a != "--"], args.child_build)

    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        code = args.code.resolve() if args.code else (ROOT if args.no_snapshot else _snapshot(tmp / "code"))
        runs: dict[str, list[dict[str, Any]]] = {"bare": [], "build": []}
        for round_ in range(1, args.rounds + 1):
            runs["bare"].append(run_bare(code, corpus, args.n, tmp, args.bare_batch_size))
            print(f"round {round_}: bare nlp.pipe {runs['bare'][-1]['wall_s']:.2f} s (load {runs['bare'][-1]['load_before'][0]})", flush=True)
            runs["build"].append(run_build(code, corpus, args.n, tmp, args.plain))
            print(f"round {round_}: build {runs['build'][-1]['wall_s']:.2f} s (load {runs['build'][-1]['load_before'][0]})", flush=True)
    bare = min(runs["bare"], key=lambda r: r["wall_s"])
    build = min(runs["build"], key=lambda r: r["wall_s"])
    results = {
        "code": str(args.code or ROOT),
        "corpus": str(corpus),
        "articles": bare["articles"],
        "characters": bare["characters"],
        "cpus": os.cpu_count(),
        "runs": runs,
        "best_bare": bare,
        "best_build": build,
        "ratio_wall": round(build["wall_s"] / bare["wall_s"], 3),
        "ratio_cpu": round(build["cpu_s"] / bare["cpu_s"], 3),
    }
    print(f"\n{bare['articles']} articles; best bare nlp.pipe {bare['wall_s']:.2f} s wall, {bare['cpu_s']:.2f} s CPU (load {bare['load_before']})")
    print(f"best build {build['wall_s']:.2f} s wall, {build['cpu_s']:.2f} s CPU (load {build['load_before']})")
    print(f"ratio build / bare parse: {results['ratio_wall']:.3f} wall, {results['ratio_cpu']:.3f} CPU")
    if "breakdown_s" in build:
        # The same ratio inside one run: the build against the parse it made, under the same load.
        own_parse = build["breakdown_s"]["parse (all components)"]
        results["ratio_to_own_parse"] = round(build["wall_s"] / own_parse, 3)
        results["ratio_to_own_parse_cpu"] = round(build["cpu_s"] / build["breakdown_cpu_s"]["parse (all components)"], 3)
        print(f"ratio build / the parse inside that build (same run, same load): {results['ratio_to_own_parse']:.3f} wall, {results['ratio_to_own_parse_cpu']:.3f} CPU")
        print("breakdown of the best build (own time of each stage; CPU: of this process, or of the export's worker):")
        _print_breakdown(build["breakdown_s"], build["breakdown_cpu_s"], bare["wall_s"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
