"""The library API behind ``newsgraph build``: articles → extractions → graph → files.

A notebook calls these directly::

    import newsgraph
    kg = newsgraph.build(["seeds/"])
    kg.graph            # networkx.MultiDiGraph
    newsgraph.export(kg, "out/")
"""

from __future__ import annotations

import gc
import json
import os
import platform
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import spacy

from exports.atomic import write_text_atomic
from extract.errors import NoArticlesError, UnknownNameError
from extract.model import Article, ArticleExtraction
from extract.registry import DEFAULT_EXTRACTORS, get_extractor
from extract.normalize import strip_unsafe
from extract.sources import DEFAULT_MAX_BYTES, Skip, SkipLog, SkipSink, content_hash, deduplicate, limit_articles, read_articles, sample_articles
from graph.aliases import AliasTable, load_aliases
from graph.build import NODE_SETS, build_graph
from graph.model import KnowledgeGraph

from . import __version__
from .cache import ExtractionCache, describe_model, pipeline_fingerprint
from .executors import EXTRACTION_FAILED, Executor, ExtractionSettings, make_executor, resolve_executor_name

__all__ = ["extract_articles", "select_articles", "build", "build_from_texts", "as_articles", "write_report", "REPORTED_SKIPS"]

ProgressHook = Callable[[Article], None]

#: Skipped inputs (and warnings) listed one by one in report.json; past this
#: they are only counted by reason, so two million bad records stay a small file.
REPORTED_SKIPS = 1000


def as_articles(texts: Iterable[str | Article | dict[str, Any]]) -> Iterator[Article]:
    """Accept plain strings, dicts shaped like JSON Lines records, or Articles.

    Control and bidi-override characters are dropped from every field (see
    :func:`extract.normalize.strip_unsafe`), so no label that reaches a
    terminal or a page can carry one; texts without them are kept as given.
    """
    for number, item in enumerate(texts, start=1):
        if isinstance(item, Article):
            article = item
        elif isinstance(item, str):
            article = Article(id=f"text-{number}", text=item)
        elif isinstance(item, dict):
            article = Article(
                id=str(item.get("id") or f"text-{number}"),
                text=str(item["text"]),
                title=item.get("title"),
                date=item.get("date"),
                url=item.get("url"),
                source=item.get("source"),
            )
        else:
            raise TypeError(f"cannot make an article from {type(item).__name__}")
        yield _safe(article)


def _safe(article: Article) -> Article:
    fields = {name: strip_unsafe(value) for name in ("id", "text", "title", "date", "url", "source") if isinstance(value := getattr(article, name), str)}
    if all(fields[name] == getattr(article, name) for name in fields):
        return article
    return replace(article, **fields)


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    batch_size: int = 64,
    n_process: int = 1,
    on_article: ProgressHook | None = None,
    executor: str = "auto",
    dask_scheduler: str | None = None,
    cache: ExtractionCache | None = None,
    max_chars: int | None = None,
) -> Iterator[ArticleExtraction]:
    """Parse and extract each article, streaming: a few batches in memory at a time.

    ``n_process`` worker processes (or a Dask cluster, see
    :func:`newsgraph.executors.make_executor`) each parse and extract their
    own batches. With a ``cache``, articles extracted before by the same
    pipeline are taken from it and new ones are added to it. An article on
    which an extractor raised comes back with no statements and a warning
    starting with :data:`~newsgraph.executors.EXTRACTION_FAILED`.
    """
    for name in extractors:
        get_extractor(name)  # fail on a bad name before parsing anything
    settings = ExtractionSettings(model=model, extractors=tuple(extractors), batch_size=batch_size, max_chars=max_chars)
    runner = make_executor(settings, executor=executor, workers=n_process, dask_scheduler=dask_scheduler)
    finished = False
    try:
        for extraction in _through_cache(articles, runner, cache):
            yield extraction
            if on_article is not None:
                on_article(extraction.article)
        finished = True
    finally:
        # After an error or an interrupt, waiting for the batches in flight would
        # keep the user waiting and the workers running: stop them instead.
        if finished:
            runner.close()
        else:
            runner.terminate()


def _through_cache(articles: Iterable[Article], runner: Executor, cache: ExtractionCache | None) -> Iterator[ArticleExtraction]:
    """Cached extractions straight from the cache, the others from ``runner`` (then stored)."""
    if cache is None:
        yield from runner.map(articles)
        return
    hits: deque[ArticleExtraction] = deque()
    miss_hashes: deque[str] = deque()

    def misses() -> Iterator[Article]:
        for article in articles:
            digest = content_hash(article.text)
            cached = cache.get(digest, article)
            if cached is not None:
                hits.append(cached)
            else:
                miss_hashes.append(digest)
                yield article

    for extraction in runner.map(misses()):
        while hits:
            yield hits.popleft()
        digest = miss_hashes.popleft()
        if not _failed(extraction):  # a crash is not a result worth keeping
            cache.put(digest, extraction)
        yield extraction
    while hits:
        yield hits.popleft()


def _failed(extraction: ArticleExtraction) -> str | None:
    return next((w for w in extraction.warnings if w.startswith(EXTRACTION_FAILED)), None)


def select_articles(
    inputs: Iterable[str | os.PathLike[str]] = (),
    texts: Iterable[str | Article | dict[str, Any]] | None = None,
    skipped: SkipSink | None = None,
    *,
    text_column: str = "text",
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
    warnings: SkipSink | None = None,
) -> Iterator[Article]:
    """The articles a build reads: files and texts, duplicates dropped, then sampled and/or limited."""
    skipped = skipped if skipped is not None else []
    sources: list[Iterable[Article]] = [
        read_articles(inputs, skipped, text_column=text_column, max_bytes=max_bytes, follow_symlinks=follow_symlinks, warnings=warnings)
    ]
    if texts is not None:
        sources.append(as_articles(texts))
    articles: Iterable[Article] = deduplicate((a for source in sources for a in source), skipped)
    if sample is not None:
        articles = sample_articles(articles, sample, seed)
    return limit_articles(articles, limit)


def build(
    inputs: Iterable[str | os.PathLike[str]] = (),
    *,
    texts: Iterable[str | Article | dict[str, Any]] | None = None,
    model: str | None = None,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    batch_size: int = 64,
    n_process: int = 1,
    on_article: ProgressHook | None = None,
    executor: str = "auto",
    dask_scheduler: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    text_column: str = "text",
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    max_chars: int | None = None,
    aliases: str | os.PathLike[str] | AliasTable | None = None,
    nodes: str = "all",
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
    tables_dir: str | os.PathLike[str] | None = None,
    engine: str = "local",
) -> KnowledgeGraph:
    """Build the knowledge graph of the files/folders in ``inputs`` and/or ``texts``.

    Articles stream through parsing and extraction; only their extractions
    (without the texts) are kept for the graph. ``n_process`` > 1 runs a local
    process pool, ``dask_scheduler`` (or ``executor="dask"``) a Dask cluster.
    ``cache_dir`` keeps each article's extraction so the next build parses
    only new or changed articles. ``limit`` takes the first N articles,
    ``sample`` N at random (the same N for the same ``seed``).

    ``aliases`` is an aliases file (YAML/CSV, see :mod:`graph.aliases`) or a
    loaded :class:`~graph.aliases.AliasTable` that forces or forbids merges.
    ``nodes="entities"`` leaves concept and event nodes out (named entities only).
    ``max_bytes`` refuses longer articles (and records) with a reason;
    ``follow_symlinks`` reads symlinks that lead out of an input folder.
    ``tables_dir`` also writes the extractions as Parquet shards while they
    stream (:class:`extract.tables.ShardWriter`, 256 articles a shard,
    replacing the shards of an earlier build there; ``docs/tables.md``).
    ``engine`` is where entity resolution runs: ``"local"`` in memory, or
    ``"duckdb"``/``"dask"`` out of core over those shards (written to a
    temporary folder without ``tables_dir``; Dask on ``dask_scheduler`` or a
    local cluster); the graph is the same (``docs/scaling.md``).

    Unreadable inputs are skipped and listed in ``kg.meta["report"]["skipped"]``
    (the first :data:`REPORTED_SKIPS`; all are counted by reason in ``skipped_by_reason``).
    Raises :class:`NoArticlesError` when nothing could be read.
    """
    if nodes not in NODE_SETS:
        raise UnknownNameError(f"--nodes must be one of: {', '.join(NODE_SETS)} (got {nodes!r}).")
    from graph.resolve_engine import check_engine

    check_engine(engine)
    started = time.perf_counter()
    alias_table = aliases if isinstance(aliases, AliasTable) or aliases is None else load_aliases(aliases)
    skipped = SkipLog(REPORTED_SKIPS)
    warnings = SkipLog(REPORTED_SKIPS)
    articles = select_articles(
        inputs, texts, skipped, text_column=text_column, limit=limit, sample=sample, seed=seed,
        max_bytes=max_bytes, follow_symlinks=follow_symlinks, warnings=warnings,
    )
    model_version = describe_model(model)
    cache = ExtractionCache(cache_dir, pipeline_fingerprint(model_version, extractors, __version__)) if cache_dir is not None else None
    extractions: list[ArticleExtraction] = []
    shards = None
    scratch = None
    if engine != "local" and tables_dir is None:
        import tempfile

        scratch = tempfile.TemporaryDirectory(prefix="newsgraph-tables-")
        tables_dir = scratch.name
    if tables_dir is not None:
        from extract.tables import ShardWriter  # pyarrow: imported only by builds that write tables

        shards = ShardWriter(tables_dir)
    with _collector_for_builds():  # parse, extract, resolve, graph
        try:
            stream = extract_articles(
                articles, model=model, extractors=extractors, batch_size=batch_size, n_process=n_process, on_article=on_article,
                executor=executor, dask_scheduler=dask_scheduler, cache=cache, max_chars=max_chars,
            )
            for extraction in stream:
                failure = _failed(extraction)
                if failure:
                    skipped.append(Skip(extraction.article.source or extraction.article.id, failure))
                    continue
                # The text goes on to build_graph, which keeps it only zlib-compressed in ArticleInfo (the explorer's reading pane).
                extractions.append(extraction)
                if shards is not None:
                    shards.add(extraction)
            if shards is not None:
                shards.flush()  # the last, partial shard
        finally:
            if cache is not None:
                cache.close()
        parsed = time.perf_counter()
        if not extractions:
            reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no input files with .txt, .md, .html, .json, .jsonl or .csv (optionally compressed)"
            raise NoArticlesError(f"No article could be read ({reasons}).")
        resolution = None
        if engine != "local":
            from graph.resolve_engine import resolve_shards_in_memory

            try:
                resolution = resolve_shards_in_memory(tables_dir, engine=engine, aliases=alias_table, dask_scheduler=dask_scheduler)
            finally:
                if scratch is not None:
                    scratch.cleanup()
        kg = build_graph(extractions, aliases=alias_table, nodes=nodes, resolution=resolution)
        resolved = time.perf_counter()
    kg.meta["report"] = {
        "articles_read": len(extractions),
        "articles_skipped": len(skipped),
        "articles_duplicate": skipped.count("duplicate of article"),
        "articles_from_cache": cache.hits if cache is not None else 0,
        "articles_parsed": len(extractions) - (cache.hits if cache is not None else 0),
        "cache": str(cache.path) if cache is not None else None,
        "workers": n_process,
        "executor": resolve_executor_name(executor, n_process, dask_scheduler),
        "engine": engine,
        "skipped": [s.to_dict() for s in skipped],
        "skipped_omitted": skipped.omitted,
        "skipped_by_reason": skipped.summary(),
        "warnings": [w.to_dict() for w in warnings],
        "warnings_omitted": warnings.omitted,
        "sentences": sum(x.n_sentences for x in extractions),
        "tokens": sum(x.n_tokens for x in extractions),
        "statements": len(kg.statements),
        "statements_with_both_entities": sum(1 for s in kg.statements if s.subject_id and s.object_id),
        "entities": kg.graph.number_of_nodes(),
        "edges": kg.graph.number_of_edges(),
        "timings_s": {
            "parse_and_extract": round(parsed - started, 3), "resolve_and_graph": round(resolved - parsed, 3),
            **({"write_tables": round(shards.seconds, 3)} if shards is not None else {}),
        },
        "peak_rss_mib_after_graph": _peak_rss_mib(),
        "versions": {
            "newsgraph": __version__,
            "spacy": spacy.__version__,
            "model": model_version,
            "extractors": list(extractors),
            "python": platform.python_version(),
        },
    }
    return kg


#: The cyclic collector's thresholds while a build runs (Python's default: 700, 10, 10).
BUILD_GC_THRESHOLDS = (5000, 20, 10)


@contextmanager
def _collector_for_builds() -> Iterator[None]:
    """A larger young generation while articles stream, restored afterwards.

    Each parsed Doc is a reference cycle (the memos in ``doc.user_data`` hold its
    tokens) that lives through its batch of 64. With the default thresholds it
    is promoted to the oldest generation before it dies, so freeing it takes
    full collections, and each walks every extraction kept so far: 2.5 s of the
    3.1 s the collector took in a 400-article build. With 5,000 allocations a
    young collection and 20 young collections to a middle one, full
    collections are rare: 1.0 s in all, one instead of ten. The price is memory
    freed later (a peak of 871 MiB instead of 833–843 for the same build).
    Only when memory is freed changes; what is built does not.
    """
    previous = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _peak_rss_mib() -> float | None:
    """This process's peak resident memory so far (workers not included), where the OS tells it."""
    try:  # Linux: the high-water mark of this process image (ru_maxrss would carry a parent's over exec)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)  # bytes on macOS, KiB elsewhere


def build_from_texts(texts: Iterable[str | Article | dict[str, Any]], **options: Any) -> KnowledgeGraph:
    """Shorthand for ``build(texts=...)``, for notebooks."""
    return build((), texts=texts, **options)


def write_report(kg: KnowledgeGraph, out_dir: str | os.PathLike[str], extra_timings: dict[str, float] | None = None) -> Path:
    report = dict(kg.meta.get("report", {}))
    if extra_timings:
        report["timings_s"] = {**report.get("timings_s", {}), **extra_timings}
    path = Path(out_dir) / "report.json"
    write_text_atomic(path, json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return path


