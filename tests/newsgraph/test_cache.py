"""The extraction cache: incremental builds equal full ones, and any pipeline change invalidates it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import newsgraph
from extract.model import Article
from newsgraph import pipeline
from newsgraph.cache import ExtractionCache, describe_model, pipeline_fingerprint, rebind

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FORMATS = ["turtle", "trig", "nquads", "graphml", "statements", "html"]


def _outputs(kg: newsgraph.KnowledgeGraph, out: Path) -> dict[str, bytes]:
    written = newsgraph.export(kg, out, FORMATS)
    return {name: path.read_bytes() for name, path in written.items()}


@pytest.mark.model
def test_adding_articles_to_a_cached_build_gives_byte_identical_outputs(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in seeds[:3]:
        shutil.copy(seed, corpus)
    cache = tmp_path / "cache"
    first = newsgraph.build([corpus], cache_dir=cache)
    assert first.meta["report"]["articles_parsed"] == 3

    for seed in seeds[3:]:
        shutil.copy(seed, corpus)
    incremental = newsgraph.build([corpus], cache_dir=cache)
    report = incremental.meta["report"]
    assert (report["articles_from_cache"], report["articles_parsed"]) == (3, 2)

    full = newsgraph.build([corpus])
    assert _outputs(incremental, tmp_path / "incremental") == _outputs(full, tmp_path / "full")


@pytest.mark.model
def test_a_cached_text_under_a_new_id_gets_its_own_provenance(tmp_path):
    text = "Angela Merkel met Emmanuel Macron in Berlin on Monday."
    newsgraph.build(texts=[Article("first", text)], cache_dir=tmp_path)
    kg = newsgraph.build(texts=[Article("renamed", text)], cache_dir=tmp_path)
    assert kg.meta["report"]["articles_from_cache"] == 1
    assert {s.statement.provenance.doc_id for s in kg.statements} == {"renamed"}
    assert kg.statements == newsgraph.build(texts=[Article("renamed", text)]).statements


@pytest.mark.model
@pytest.mark.parametrize("change", ["model", "extractors", "code"])
def test_changing_the_model_or_extractors_invalidates_the_cache(tmp_path, monkeypatch, change):
    texts = [Article("a", "Angela Merkel met Emmanuel Macron in Berlin on Monday.")]
    assert newsgraph.build(texts=texts, cache_dir=tmp_path).meta["report"]["articles_parsed"] == 1
    assert newsgraph.build(texts=texts, cache_dir=tmp_path).meta["report"]["articles_from_cache"] == 1
    options: dict = {}
    if change == "model":  # a new release of the same pipeline
        monkeypatch.setattr(pipeline, "describe_model", lambda name: describe_model(name).replace("-3.", "-99."))
    elif change == "extractors":
        options["extractors"] = list(newsgraph.build.__kwdefaults__["extractors"])[:1]
    else:  # an edited extractor or data model
        monkeypatch.setattr("newsgraph.cache.code_digest", lambda: "edited")
    report = newsgraph.build(texts=texts, cache_dir=tmp_path, **options).meta["report"]
    assert (report["articles_from_cache"], report["articles_parsed"]) == (0, 1)


def test_fingerprint_covers_every_part():
    base = pipeline_fingerprint("en_core_web_sm-3.8.0/spacy-3.8.0", ["clauses.v1"], "0.1.0", code="c")
    assert base == pipeline_fingerprint("en_core_web_sm-3.8.0/spacy-3.8.0", ["clauses.v1"], "0.1.0", code="c")
    for changed in [
        pipeline_fingerprint("en_core_web_sm-3.8.1/spacy-3.8.0", ["clauses.v1"], "0.1.0", code="c"),
        pipeline_fingerprint("en_core_web_md-3.8.0/spacy-3.8.0", ["clauses.v1"], "0.1.0", code="c"),
        pipeline_fingerprint("en_core_web_sm-3.8.0/spacy-3.8.0", ["clauses.v2"], "0.1.0", code="c"),
        pipeline_fingerprint("en_core_web_sm-3.8.0/spacy-3.8.0", ["clauses.v1"], "0.2.0", code="c"),
        pipeline_fingerprint("en_core_web_sm-3.8.0/spacy-3.8.0", ["clauses.v1"], "0.1.0", code="d"),
    ]:
        assert changed != base


def test_store_and_rebind_without_a_model(tmp_path):
    from extract.model import ArticleExtraction, Argument, Provenance, Statement

    prov = Provenance("old", 0, "A met B.", 0, 0, 8, "clauses.v1")
    statement = Statement(Argument("A", 0, 1), "met", "meet", Argument("B", 6, 7), prov)
    extraction = ArticleExtraction(Article("old", "A met B."), (statement,), ())
    with ExtractionCache(tmp_path, "fp") as cache:
        cache.put("h", extraction)
        assert cache.get("missing", extraction.article) is None
    with ExtractionCache(tmp_path, "fp") as cache:
        new = Article("new", "A met B.", title="T")
        got = cache.get("h", new)
        assert got is not None and got.article == new and got.statements[0].provenance.doc_id == "new"
        assert (cache.hits, cache.misses, len(cache)) == (1, 0, 1)
    with ExtractionCache(tmp_path, "other fingerprint") as cache:
        assert cache.get("h", new) is None
    assert rebind(extraction, extraction.article) == extraction


def test_model_description_without_loading_equals_the_loaded_pipeline_version(nlp):
    from extract.nlp import pipeline_version

    assert describe_model(None) == pipeline_version(nlp)
