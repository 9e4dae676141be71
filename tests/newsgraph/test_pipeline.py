"""The build pipeline: streaming extraction, executors, chunked long texts, per-article failures."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsgraph
from extract.errors import NoArticlesError, UnknownNameError
from extract.model import Article
from extract.sources import read_articles
from newsgraph.executors import ExtractionSettings, make_executor, resolve_executor_name
from newsgraph.pipeline import extract_articles, select_articles

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

PARAGRAPHS = [
    "Angela Merkel met Emmanuel Macron in Berlin on Monday.",
    "Vladimir Putin called Donald Trump on Tuesday. The Kremlin confirmed the call.",
    "Olaf Scholz visited Warsaw. He praised the Polish government.",
    "Joe Biden spoke with Xi Jinping about trade.",
    "Boris Johnson met Narendra Modi in London.",
]
LONG_TEXT = "\n\n".join(PARAGRAPHS * 3)


def _key(statement):
    return (statement.subject.text, statement.predicate, statement.object.text, statement.provenance.start_char, statement.subject.start_char, statement.object.end_char)


@pytest.mark.model
def test_long_text_parsed_in_chunks_gives_the_same_statements_with_whole_text_offsets():
    article = Article("long", LONG_TEXT)
    [whole] = extract_articles([article])
    [chunked] = extract_articles([article], max_chars=130)  # every paragraph its own chunk
    assert len(LONG_TEXT) > 130 * 5
    assert whole.statements and [_key(s) for s in chunked.statements] == [_key(s) for s in whole.statements]
    assert chunked.n_sentences == whole.n_sentences
    for statement in chunked.statements:
        prov = statement.provenance
        assert LONG_TEXT[prov.sentence_start : prov.sentence_start + len(prov.sentence)] == prov.sentence
        for arg in (statement.subject, statement.object):
            assert LONG_TEXT[arg.start_char : arg.end_char] == arg.text


@pytest.mark.model
def test_a_process_pool_gives_the_same_extractions_in_the_same_order():
    articles = list(read_articles([SEEDS]))
    local = list(extract_articles(articles))
    pooled = list(extract_articles(articles, n_process=2))
    assert [x.article for x in pooled] == articles  # texts travel back by reference, not through the pipe
    assert pooled == local


@pytest.mark.model
def test_an_article_whose_extraction_raises_is_skipped_and_the_build_goes_on(monkeypatch):
    import newsgraph.executors as executors

    real = executors.extract_article

    def flaky(doc, article, extractors):
        if article.id == "bad":
            raise RuntimeError("boom")
        return real(doc, article, extractors)

    monkeypatch.setattr(executors, "extract_article", flaky)
    kg = newsgraph.build(texts=[Article("good", PARAGRAPHS[0]), Article("bad", PARAGRAPHS[1], source="bad.txt")])
    report = kg.meta["report"]
    assert report["articles_read"] == 1
    assert {"source": "bad.txt", "reason": "extraction failed: RuntimeError: boom"} in report["skipped"]


@pytest.mark.model
def test_build_keeps_no_article_text_and_reports_the_run():
    seen: list[str] = []
    kg = newsgraph.build([SEEDS], texts=[PARAGRAPHS[0], PARAGRAPHS[0]], on_article=lambda a: seen.append(a.id), limit=4)
    report = kg.meta["report"]
    assert len(seen) == report["articles_read"] == 4
    assert report["executor"] == "in-process" and report["articles_from_cache"] == 0 and report["cache"] is None
    assert report["versions"]["model"].endswith(f"/spacy-{report['versions']['spacy']}")


def test_sample_and_limit_select_before_parsing():
    texts = [f"Text number {i}." for i in range(30)] + ["Text number 3."]
    skipped: list = []
    sampled = [a.id for a in select_articles(texts=texts, skipped=skipped, sample=5, seed=1)]
    assert sampled == [a.id for a in select_articles(texts=texts, sample=5, seed=1)]
    assert len(sampled) == 5
    assert [a.id for a in select_articles(texts=texts, limit=2)] == ["text-1", "text-2"]
    assert [s.reason for s in skipped] == ["duplicate of article 'text-4'"]


def test_nothing_to_read_is_a_clear_error(tmp_path):
    (tmp_path / "empty.txt").write_text("  ")
    with pytest.raises(NoArticlesError, match="empty file"):
        newsgraph.build([tmp_path])


@pytest.mark.parametrize(
    ("executor", "workers", "scheduler", "expected"),
    [("auto", 1, None, "in-process"), ("auto", 2, None, "processes"), ("auto", 1, "tcp://h:8786", "dask"), ("processes", 1, None, "in-process"), ("dask", 2, None, "dask")],
)
def test_executor_choice(executor, workers, scheduler, expected):
    assert resolve_executor_name(executor, workers, scheduler) == expected


def test_unknown_executor_lists_the_choices():
    with pytest.raises(UnknownNameError, match="choose from: auto, in-process, processes, dask"):
        make_executor(ExtractionSettings(), executor="spark")


def test_a_build_tunes_the_collector_only_while_it_runs(monkeypatch, tmp_path):
    import gc

    from newsgraph import pipeline

    seen = []
    build_graph = pipeline.build_graph
    monkeypatch.setattr(pipeline, "build_graph", lambda *a, **k: (seen.append(gc.get_threshold()), build_graph(*a, **k))[1])
    before = gc.get_threshold()
    newsgraph.build(texts=["Vladimir Putin met Donald Trump in Budapest."])
    assert seen == [pipeline.BUILD_GC_THRESHOLDS] and gc.get_threshold() == before
    (tmp_path / "empty.txt").write_text("  ")
    with pytest.raises(NoArticlesError):
        newsgraph.build([tmp_path])
    assert gc.get_threshold() == before
