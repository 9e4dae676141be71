"""The library API behind ``newsgraph build``: articles → extractions → graph → files.

A notebook calls these directly::

    import newsgraph
    kg = newsgraph.build(["seeds/"])
    kg.graph            # networkx.MultiDiGraph
    newsgraph.export(kg, "out/")
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import spacy

from extract.article import extract_article
from extract.errors import NoArticlesError
from extract.model import Article, ArticleExtraction
from extract.nlp import load_pipeline, pipeline_version
from extract.registry import DEFAULT_EXTRACTORS, get_extractor
from extract.sources import Skip, deduplicate, read_articles
from graph.build import build_graph
from graph.model import KnowledgeGraph

from . import __version__

__all__ = ["extract_articles", "build", "build_from_texts", "as_articles"]

ProgressHook = Callable[[Article], None]


def as_articles(texts: Iterable[str | Article | dict[str, Any]]) -> Iterator[Article]:
    """Accept plain strings, dicts shaped like JSON Lines records, or Articles."""
    for number, item in enumerate(texts, start=1):
        if isinstance(item, Article):
            yield item
        elif isinstance(item, str):
            yield Article(id=f"text-{number}", text=item)
        elif isinstance(item, dict):
            yield Article(
                id=str(item.get("id") or f"text-{number}"),
                text=str(item["text"]),
                title=item.get("title"),
                date=item.get("date"),
                url=item.get("url"),
                source=item.get("source"),
            )
        else:
            raise TypeError(f"cannot make an article from {type(item).__name__}")


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    batch_size: int = 16,
    n_process: int = 1,
    on_article: ProgressHook | None = None,
) -> Iterator[ArticleExtraction]:
    """Parse and extract each article, streaming: one Doc in memory at a time per process."""
    for name in extractors:
        get_extractor(name)  # fail on a bad name before parsing anything
    nlp = load_pipeline(model)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield extract_article(doc, article, extractors)
        if on_article is not None:
            on_article(article)


def build(
    inputs: Iterable[str | os.PathLike[str]] = (),
    *,
    texts: Iterable[str | Article | dict[str, Any]] | None = None,
    model: str | None = None,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    batch_size: int = 16,
    n_process: int = 1,
    on_article: ProgressHook | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of the files/folders in ``inputs`` and/or ``texts``.

    Unreadable inputs are skipped and listed in ``kg.meta["report"]["skipped"]``.
    Raises :class:`NoArticlesError` when nothing could be read.
    """
    started = time.perf_counter()
    skipped: list[Skip] = []
    sources: list[Iterable[Article]] = [read_articles(inputs, skipped)]
    if texts is not None:
        sources.append(as_articles(texts))
    articles = deduplicate((a for source in sources for a in source), skipped)

    extractions = list(extract_articles(articles, model=model, extractors=extractors, batch_size=batch_size, n_process=n_process, on_article=on_article))
    parsed = time.perf_counter()
    if not extractions:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no input files with .txt, .md or .jsonl"
        raise NoArticlesError(f"No article could be read ({reasons}).")
    kg = build_graph(extractions)
    resolved = time.perf_counter()
    nlp = load_pipeline(model)
    kg.meta["report"] = {
        "articles_read": len(extractions),
        "articles_skipped": len(skipped),
        "skipped": [s.to_dict() for s in skipped],
        "sentences": sum(x.n_sentences for x in extractions),
        "tokens": sum(x.n_tokens for x in extractions),
        "statements": len(kg.statements),
        "statements_with_both_entities": sum(1 for s in kg.statements if s.subject_id and s.object_id),
        "entities": kg.graph.number_of_nodes(),
        "edges": kg.graph.number_of_edges(),
        "timings_s": {"parse_and_extract": round(parsed - started, 3), "resolve_and_graph": round(resolved - parsed, 3)},
        "versions": {
            "newsgraph": __version__,
            "spacy": spacy.__version__,
            "model": pipeline_version(nlp),
            "extractors": list(extractors),
            "python": platform.python_version(),
        },
    }
    return kg


def build_from_texts(texts: Iterable[str | Article | dict[str, Any]], **options: Any) -> KnowledgeGraph:
    """Shorthand for ``build(texts=...)``, for notebooks."""
    return build((), texts=texts, **options)


def write_report(kg: KnowledgeGraph, out_dir: str | os.PathLike[str], extra_timings: dict[str, float] | None = None) -> Path:
    import json

    from exports.atomic import write_text_atomic

    report = dict(kg.meta.get("report", {}))
    if extra_timings:
        report["timings_s"] = {**report.get("timings_s", {}), **extra_timings}
    path = Path(out_dir) / "report.json"
    write_text_atomic(path, json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return path


__all__.append("write_report")
