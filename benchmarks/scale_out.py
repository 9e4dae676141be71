"""Does out-of-core entity resolution scale linearly, in flat memory?

From the cached extractions of a corpus (the BBC development corpus: build it
once with ``newsgraph build .../bbc-news-2225/articles --out /tmp/bbc
--cache-dir /tmp/bbc-cache``), this writes synthetic corpora of N copies
(``--sizes 10 50 200``) as Parquet shards (:mod:`extract.tables`) and
resolves each with the chosen engines, one subprocess per run:

* **copies are new entities**: copy k > 0 renames every capitalised word of
  an entity name (labels, aliases, roles, mention texts, statement argument
  texts) with a letter substitution of its own, so "Tony Blair" of copy 3
  is a different person from "Tony Blair" of copy 0 and from every other
  copy's, while inside a copy spelling variants, surnames and acronyms keep
  their shape (a substitution keeps edit distances and initials). Context
  lemmas, concept keys and sentence texts are kept: they are not names;
* **measured**: wall time, the peak resident memory of the whole process
  tree (sampled every 0.1 s; workers of a Dask cluster included), the size
  of the shards and of the two outputs (``entity_map.parquet``,
  ``entities.parquet``), and the slope of time over articles (least squares);
* ``--compare``: at each size where it fits, the local in-memory engine
  runs on the same shards and the outputs of every engine are compared
  entity for entity (ids, order, all fields) and local for local;
* **exports** (``--exports nquads graphml``, the default; ``--exports``
  alone for none): after the first engine's run, the streamed N-Quads and
  GraphML (:mod:`exports.stream`) are written from the shards and that
  engine's two tables, each in a measured subprocess of its own (wall time,
  peak RSS, output size; the file is deleted once measured).

The JSON (``--json``) is rewritten after every run, so a long run that is
stopped keeps the rows it finished.

    .venv/bin/python benchmarks/scale_out.py --cache /tmp/bbc-cache --sizes 10 50 200 --engines duckdb --json /tmp/scale_out.json
    .venv/bin/python benchmarks/scale_out.py --cache /tmp/bbc-cache --sizes 200 --engines duckdb --exports --keep
    .venv/bin/python benchmarks/scale_out.py --cache /tmp/bbc-cache --sizes 1 10 --engines local duckdb dask --compare

Synthetic corpora live under ``--work`` (default /tmp/newsgraph-scale-out),
never in the repository: the BBC corpus is research-only data.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import shutil
import sqlite3
import string
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from extract.model import ArticleExtraction  # noqa: E402
from extract.tables import TABLES, shard_paths, write_shard  # noqa: E402

_WORD = re.compile(r"\w+", re.UNICODE)
PER_SHARD = 256


# --------------------------------------------------------------------------- synthetic corpora


def cached_extractions(cache: Path) -> list[ArticleExtraction]:
    """Every extraction in an extraction cache (newsgraph/cache.py's SQLite), sorted by article id."""
    path = cache / "extractions.sqlite" if cache.is_dir() else cache
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # A local working file the user built: its pickles are ours (see newsgraph/cache.py).
        found = {x.article.id: x for x in (pickle.loads(zlib.decompress(d)) for (d,) in db.execute("SELECT data FROM extractions"))}
    finally:
        db.close()
    return [found[k] for k in sorted(found)]


def name_words(extractions: list[ArticleExtraction]) -> frozenset[str]:
    """Capitalised words of entity names (labels and aliases of every non-concept local)."""
    words: set[str] = set()
    for x in extractions:
        for local in x.entities:
            if local.type in ("concept", "event") and local.canonical_key:
                continue
            for name in (local.label, *local.aliases):
                words.update(w for w in _WORD.findall(name) if w[:1].isupper())
    return frozenset(words)


class Renamer:
    """Copy k's renaming: a letter substitution of its own on every name word (copy 0 keeps the names)."""

    def __init__(self, copy: int, words: frozenset[str]) -> None:
        self.copy, self.words = copy, words
        letters = list(string.ascii_lowercase)
        random.Random(copy).shuffle(letters)
        lower = dict(zip(string.ascii_lowercase, letters))
        self.table = str.maketrans({**lower, **{a.upper(): b.upper() for a, b in lower.items()}})
        self.cache: dict[str, str] = {}

    def __call__(self, text: str | None) -> str | None:
        if not text or self.copy == 0:
            return text
        found = self.cache.get(text)
        if found is None:
            found = _WORD.sub(lambda m: m.group(0).translate(self.table) if m.group(0) in self.words else m.group(0), text)
            if len(self.cache) < 200_000:
                self.cache[text] = found
        return found


def _strings(array: pa.Array, rename: Renamer) -> pa.Array:
    """A string column renamed value by value (each distinct value once)."""
    unique = pc.unique(array)
    mapped = pa.array([rename(v) for v in unique.to_pylist()], type=pa.string())
    return pc.take(mapped, pc.index_in(array, value_set=unique))


def _string_lists(array: pa.Array, rename: Renamer) -> pa.Array:
    return pa.ListArray.from_arrays(array.offsets, _strings(array.flatten(), rename))


def _arguments(array: pa.Array, rename: Renamer) -> pa.Array:
    fields = [array.type.field(i) for i in range(array.type.num_fields)]
    children = [_strings(array.field(f.name), rename) if f.name in ("text", "head") else array.field(f.name) for f in fields]
    return pa.StructArray.from_arrays(children, fields=fields)


def _renamed(name: str, table: pa.Table, rename: Renamer) -> pa.Table:
    """One shard table of copy ``rename.copy`` (Arrow compute on whole columns: a copy costs about a second)."""
    table = table.combine_chunks()
    columns = {n: table.column(n).chunk(0) if table.column(n).num_chunks else table.column(n).combine_chunks() for n in table.column_names}
    columns["doc_id"] = pc.binary_join_element_wise(columns["doc_id"], f"~{rename.copy:04d}", "")
    if name == "articles":
        columns["title"] = _strings(columns["title"], rename)
    elif name == "entities":
        columns["label"] = _strings(columns["label"], rename)
        columns["aliases"] = _string_lists(columns["aliases"], rename)
        columns["roles"] = _string_lists(columns["roles"], rename)
    elif name == "mentions":
        columns["text"] = _strings(columns["text"], rename)
    elif name == "statements":
        columns["subject"] = _arguments(columns["subject"], rename)
        columns["object"] = _arguments(columns["object"], rename)
        extra = columns["extra"]
        columns["extra"] = pa.ListArray.from_arrays(extra.offsets, _arguments(extra.flatten(), rename))
    return pa.table([columns[n] for n in table.column_names], schema=table.schema)


def write_corpus(extractions: list[ArticleExtraction], copies: int, directory: Path) -> dict[str, Any]:
    """``copies`` renamed copies of ``extractions`` as shards under ``directory`` (rebuilt when incomplete).

    Copy 0 is the corpus itself; the shards of copy k are those of copy 0 with
    their ids suffixed ``~k`` and their names renamed column by column.
    """
    done = directory / "COMPLETE"
    if done.exists():
        return json.loads(done.read_text())
    shutil.rmtree(directory, ignore_errors=True)
    started = time.perf_counter()
    words = name_words(extractions)
    base = directory.parent / "base"
    shutil.rmtree(base, ignore_errors=True)
    for shard, start in enumerate(range(0, len(extractions), PER_SHARD)):
        write_shard(extractions[start:start + PER_SHARD], base, shard)
    shard = 0
    tables = {name: [pq.read_table(path) for path in shard_paths(base, name)] for name in TABLES}
    for copy in range(copies):
        rename = Renamer(copy, words)
        for index in range(len(tables["articles"])):
            for name in TABLES:
                folder = directory / name
                folder.mkdir(parents=True, exist_ok=True)
                table = tables[name][index] if copy == 0 else _renamed(name, tables[name][index], rename)
                pq.write_table(table, folder / f"part-{shard:06d}.parquet", compression="zstd")
            shard += 1
    shutil.rmtree(base, ignore_errors=True)
    info = {"copies": copies, "articles": copies * len(extractions), "shards": shard, "seconds": round(time.perf_counter() - started, 1),
            "bytes": _size(directory)}
    done.write_text(json.dumps(info))
    return info


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


# --------------------------------------------------------------------------- one run (in a subprocess)


def run_engine(engine: str, tables: Path, out: Path, scheduler: str | None, workers: int) -> dict[str, Any]:
    """Resolve ``tables`` with ``engine`` into ``out``; the local engine writes the same two tables."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    if engine == "local":
        from extract.tables import read_extractions
        from graph.resolve import resolve_entities
        from graph.resolve_blocks import write_resolution

        # Only the entities go to resolution: the statements are dropped while reading.
        extractions = [replace(x, statements=(), article=replace(x.article, text="")) for x in read_extractions(tables)]
        resolution = resolve_entities(extractions)
        write_resolution(resolution, out)
    elif engine == "duckdb":
        from graph.resolve_duckdb import resolve_tables

        timings = resolve_tables(tables, out, work_dir=out / "work").timings
        shutil.rmtree(out / "work", ignore_errors=True)
    elif engine == "dask":
        from graph.resolve_dask import resolve_tables_dask

        if scheduler is None:
            from dask.distributed import Client, LocalCluster

            with LocalCluster(n_workers=workers, threads_per_worker=1, memory_limit="1GiB", dashboard_address=":0") as cluster, Client(cluster):
                timings = resolve_tables_dask(tables, out, scheduler=cluster.scheduler_address, work_dir=out / "work").timings
        else:
            timings = resolve_tables_dask(tables, out, scheduler=scheduler, work_dir=out / "work").timings
        shutil.rmtree(out / "work", ignore_errors=True)
    else:
        raise SystemExit(f"unknown engine {engine!r}")
    return {"wall_s": round(time.perf_counter() - started, 2), "steps_s": timings,
            "entity_map_bytes": _size(out / "entity_map.parquet"), "entities_bytes": _size(out / "entities.parquet")}


#: The streamed exports (exports.stream) a run can write from the shards and an engine's two tables.
EXPORTS = {"nquads": "graph.nq", "graphml": "graph.graphml"}


def run_export(fmt: str, tables: Path, out: Path) -> dict[str, Any]:
    """Write one streamed export (``nquads`` or ``graphml``) of ``tables`` resolved as in ``out``; time and size."""
    from exports.stream import write_graphml_streamed, write_nquads_streamed

    write = {"nquads": write_nquads_streamed, "graphml": write_graphml_streamed}[fmt]
    target = out / EXPORTS[fmt]
    started = time.perf_counter()
    write(tables, out / "entity_map.parquet", out / "entities.parquet", target)
    result = {"wall_s": round(time.perf_counter() - started, 2), "bytes": _size(target)}
    target.unlink()  # only its size is wanted: a 200x export is tens of GiB
    return result


def measured(argv: list[str]) -> dict[str, Any]:
    """Run this script's ``--one`` mode in a subprocess; peak RSS of its whole process tree, sampled."""
    import psutil

    proc = subprocess.Popen([sys.executable, __file__, *argv], stdout=subprocess.PIPE, text=True)
    peak = 0
    root = psutil.Process(proc.pid)

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    stdout, _ = proc.communicate()
    thread.join()
    if proc.returncode != 0:
        return {"error": f"exit status {proc.returncode}"}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mib"] = round(peak / 2**20, 1)
    return result


def same_outputs(a: Path, b: Path) -> str | None:
    """None when two runs wrote the same entities (in order) and the same map; else what differs."""
    import pyarrow.parquet as pq

    ea, eb = pq.read_table(a / "entities.parquet"), pq.read_table(b / "entities.parquet")
    if ea.num_rows != eb.num_rows:
        return f"{ea.num_rows} vs {eb.num_rows} entities"
    if not ea.equals(eb):
        rows_a, rows_b = ea.to_pylist(), eb.to_pylist()
        first = next(i for i, (x, y) in enumerate(zip(rows_a, rows_b)) if x != y)
        return f"entity {first} differs: {rows_a[first]['id']} / {rows_b[first]['id']}"
    ma = pq.read_table(a / "entity_map.parquet").sort_by([("doc_id", "ascending"), ("local_id", "ascending")])
    mb = pq.read_table(b / "entity_map.parquet").sort_by([("doc_id", "ascending"), ("local_id", "ascending")])
    return None if ma.equals(mb) else "entity maps differ"


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares seconds per article."""
    if len(points) < 2:
        return None
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bbc-cache"), help="extraction cache folder (or its extractions.sqlite)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200], help="copies of the corpus")
    parser.add_argument("--engines", nargs="+", default=["duckdb"], choices=["local", "duckdb", "dask"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgraph-scale-out"))
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a LocalCluster of --workers)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", action="store_true", help="compare every engine's outputs with the first engine's")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic shards")
    parser.add_argument("--exports", nargs="*", default=["nquads", "graphml"], choices=sorted(EXPORTS),
                        help="streamed exports written after the first engine's run, each in a measured subprocess of its own "
                             "(default both; --exports alone: none)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "TABLES", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--one-export", nargs=3, metavar=("FORMAT", "TABLES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, tables, out = args.one
        print(json.dumps(run_engine(engine, Path(tables), Path(out), args.scheduler, args.workers)))
        return
    if args.one_export:
        fmt, tables, out = args.one_export
        print(json.dumps(run_export(fmt, Path(tables), Path(out))))
        return

    base = cached_extractions(args.cache)
    if not base:
        raise SystemExit(f"no extractions in {args.cache}: build the corpus once with --cache-dir {args.cache}")
    results: list[dict[str, Any]] = []
    for copies in args.sizes:
        tables = args.work / f"x{copies}" / "tables"
        corpus = write_corpus(base, copies, tables)
        print(f"{copies}x: {corpus['articles']:,} articles, {corpus['shards']} shards, {corpus['bytes'] / 2**20:.0f} MiB", flush=True)
        row: dict[str, Any] = {"copies": copies, **{f"corpus_{k}": v for k, v in corpus.items() if k != "copies"}, "engines": {}}
        for engine in args.engines:
            out = args.work / f"x{copies}" / f"out-{engine}"
            shutil.rmtree(out, ignore_errors=True)
            extra = ["--workers", str(args.workers)] + (["--scheduler", args.scheduler] if args.scheduler else [])
            result = measured(["--one", engine, str(tables), str(out), *extra])
            row["engines"][engine] = result
            print(f"  {engine}: {json.dumps(result)}", flush=True)
            _save(args.json, results + [row])
        first_out = args.work / f"x{copies}" / f"out-{args.engines[0]}"
        if args.exports and "error" not in row["engines"][args.engines[0]]:
            row["exports"] = {}
            for fmt in args.exports:
                result = measured(["--one-export", fmt, str(tables), str(first_out)])
                row["exports"][fmt] = result
                print(f"  export {fmt} ({args.engines[0]}'s tables): {json.dumps(result)}", flush=True)
                _save(args.json, results + [row])
        if args.compare and len(args.engines) > 1:
            first = args.work / f"x{copies}" / f"out-{args.engines[0]}"
            row["identical"] = {e: same_outputs(first, args.work / f"x{copies}" / f"out-{e}") or "identical" for e in args.engines[1:]}
            print(f"  identical to {args.engines[0]}: {row['identical']}", flush=True)
        results.append(row)
        if not args.keep:
            shutil.rmtree(tables, ignore_errors=True)
    summary = {}
    for engine in args.engines:
        points = [(r["corpus_articles"], r["engines"][engine]["wall_s"]) for r in results if "wall_s" in r["engines"].get(engine, {})]
        s = slope(points)
        summary[engine] = {"seconds_per_1000_articles": round(s * 1000, 2) if s is not None else None,
                           "peak_rss_mib": [r["engines"][engine].get("peak_rss_mib") for r in results]}
    for fmt in args.exports or ():
        points = [(r["corpus_articles"], r["exports"][fmt]["wall_s"]) for r in results if "wall_s" in r.get("exports", {}).get(fmt, {})]
        s = slope(points)
        summary[f"export {fmt}"] = {"seconds_per_1000_articles": round(s * 1000, 2) if s is not None else None,
                                    "peak_rss_mib": [r.get("exports", {}).get(fmt, {}).get("peak_rss_mib") for r in results]}
    print(json.dumps(summary, indent=2))
    _save(args.json, results, summary)


def _save(path: Path | None, runs: list[dict[str, Any]], summary: dict[str, Any] | None = None) -> None:
    """The results so far (written after every run, so a long run that is stopped still leaves its rows)."""
    if path:
        path.write_text(json.dumps({"runs": runs, **({"summary": summary} if summary is not None else {})}, indent=2) + "\n")


if __name__ == "__main__":
    main()
