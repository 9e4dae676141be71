"""The DuckDB engine gives the in-memory resolution, entity for entity, from the Parquet shards."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from extract.model import Article, ArticleExtraction, LocalEntity, Mention
from extract.tables import write_shard
from graph.aliases import parse_aliases
from graph.resolve import resolve_entities
from graph.resolve_duckdb import NoShardsError, resolve_tables

ROOT = Path(__file__).resolve().parents[2]
WAR = ("ukraine", "russia", "war", "missile", "kremlin", "moscow", "attack", "putin")
SPORT = ("goal", "league", "match", "striker", "season", "club", "score", "coach")
TRADE = ("trade", "tariff", "brussels", "market", "export", "deal", "summit", "commission")


def _local(local_id, label, etype="person", *, context=(), votes=None, roles=(), kind="name", aliases=(), key="", scoped=False, n=1):
    mentions = tuple(Mention(label, 10 * i, 10 * i + len(label), i, kind, "ner" if kind == "name" else "appositive") for i in range(n))
    return LocalEntity(local_id, label, etype, mentions, tuple(aliases), tuple(roles), "", tuple(context),
                       tuple((votes or {etype: 1.0}).items()), key, scoped)


def _article(doc_id, *entities):
    return ArticleExtraction(Article(doc_id, ""), (), tuple(entities))


def tricky_corpus() -> list[ArticleExtraction]:
    """Every rule at least once: spellings, surnames, acronyms, gazetteer, homonyms, types, descriptions, concepts."""
    return [
        _article("a1", _local("e1", "Volodymyr Zelensky", context=WAR, roles=("Ukrainian President",)),
                 _local("e2", "Kirill Dmitriev", context=WAR), _local("e3", "Kyiv", "place", context=WAR),
                 _local("e4", "the Ukrainian president", kind="description"),
                 _local("c1", "military aid", "concept", key="military aid"), _local("c2", "the summit", "event", key="summit", scoped=True)),
        _article("a2", _local("e1", "Volodymyr Zelenskiy", context=WAR, n=2), _local("e2", "Dmitriev", context=WAR),
                 _local("e3", "Kiev", "place", context=WAR), _local("e4", "Mohammed bin Salman", context=WAR),
                 _local("c1", "military aid", "concept", key="military aid"), _local("c2", "the summit", "event", key="summit", scoped=True)),
        _article("a3", _local("e1", "Mohammad bin Salman", context=WAR), _local("e2", "EU", "organization", context=TRADE),
                 _local("e3", "European Union", "organization", context=TRADE, n=3), _local("e4", "Britain", "place", context=TRADE),
                 _local("e5", "Summit", "event", context=TRADE), _local("c1", "summit", "event", key="summit")),
        _article("a4", _local("e1", "United Kingdom", "place", context=TRADE), _local("e2", "John Smith", context=SPORT, roles=("Australian cricketer",)),
                 _local("e3", "Washington", "person", context=SPORT, votes={"person": 4.0}), _local("e4", "BBC-TV", "organization", context=SPORT),
                 _local("e5", "BT", "organization", context=SPORT)),
        _article("a5", _local("e1", "John Smith", context=TRADE, roles=("US Senator",)), _local("e2", "Washington", "place", context=TRADE, n=2),
                 _local("e3", "Washington", "place", context=TRADE), _local("e4", "Kirill Dmitriev", context=SPORT),
                 _local("e5", "the US senator", kind="description")),
        _article("b0", _local("e1", "Brevodny", "place", context=SPORT), _local("e2", "Almunia", "organization", context=TRADE)),
        _article("b1", _local("e1", "Brevodni", "place", context=TRADE), _local("e2", "Joaquin Almunia", context=TRADE)),
    ]


def _shards(extractions, directory: Path) -> Path:
    # Two shards, so the engine reads a dataset and not one file.
    write_shard(extractions[:3], directory, 0)
    write_shard(extractions[3:], directory, 1)
    return directory


def _full(entity):
    return entity, tuple(record.mentions for record in entity.merged_from)  # MergeRecord leaves mentions out of ==


def assert_same(got, want) -> None:
    assert list(got.entities) == list(want.entities)  # same ids, same order
    for gid, entity in want.entities.items():
        assert _full(got.entities[gid]) == _full(entity), gid
    assert got.mapping == want.mapping


def test_tricky_corpus_resolves_as_in_memory(tmp_path):
    corpus = tricky_corpus()
    resolved = resolve_tables(_shards(corpus, tmp_path / "tables"), tmp_path / "out")
    want = resolve_entities(sorted(corpus, key=lambda x: x.article.id))
    assert_same(resolved.resolution(), want)
    # the corpus does exercise the rules it is meant to
    rules = {r.rule for e in want.entities.values() for r in e.merged_from}
    assert {"transliteration", "fuzzy-name", "surname", "acronym", "gazetteer", "role-description", "canonical-key"} <= rules
    assert any(e.kept_apart for e in want.entities.values())
    assert resolved.n_entities == len(want.entities) and resolved.n_mapped == len(want.mapping)
    assert (tmp_path / "out" / "entity_map.parquet").is_file() and (tmp_path / "out" / "entities.parquet").is_file()


@pytest.mark.parametrize("range_rows", [1, 2, 5])
def test_sorted_streams_cut_into_key_ranges_give_the_same_entities(tmp_path, monkeypatch, range_rows):
    # a 425,400-article corpus sorts its blocks a key range at a time (graph.resolve_duckdb._RANGE_ROWS): no block is cut
    import graph.resolve_duckdb as engine

    monkeypatch.setattr(engine, "_RANGE_ROWS", range_rows)
    monkeypatch.setattr(engine, "_LOCAL_CHUNK_ROWS", 2)
    corpus = tricky_corpus()
    resolved = resolve_tables(_shards(corpus, tmp_path / "tables"), tmp_path / "out")
    assert_same(resolved.resolution(), resolve_entities(sorted(corpus, key=lambda x: x.article.id)))


def test_aliases_file_forces_and_forbids_as_in_memory(tmp_path):
    aliases = parse_aliases("merge:\n  Kyiv: [Kiev]\n  United Kingdom: [Britain]\nnever:\n  - [Kirill Dmitriev, Dmitriev]\n")
    corpus = tricky_corpus()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resolved = resolve_tables(_shards(corpus, tmp_path / "tables"), tmp_path / "out", aliases=aliases)
        want = resolve_entities(sorted(corpus, key=lambda x: x.article.id), aliases=aliases)
    assert_same(resolved.resolution(), want)
    assert "alias-file" in {r.rule for e in want.entities.values() for r in e.merged_from}


def test_an_aliases_name_no_article_uses_warns_in_both_engines(tmp_path):
    aliases = parse_aliases("merge:\n  Kyiv: [Kyivv]\n")
    with pytest.warns(UserWarning, match="Kyivv"):
        resolve_tables(_shards(tricky_corpus(), tmp_path / "tables"), tmp_path / "out", aliases=aliases)


def test_a_work_dir_is_used_and_a_temporary_one_removed(tmp_path):
    tables = _shards(tricky_corpus(), tmp_path / "tables")
    resolve_tables(tables, tmp_path / "out", work_dir=tmp_path / "work")
    assert (tmp_path / "work" / "resolve.duckdb").is_file()
    before = set(Path("/tmp").glob("newsgraph-resolve-*"))
    resolve_tables(tables, tmp_path / "out2")
    assert set(Path("/tmp").glob("newsgraph-resolve-*")) <= before


def test_no_shards_is_an_error_that_says_where_it_looked(tmp_path):
    with pytest.raises(NoShardsError, match="No entity shards under .*entities"):
        resolve_tables(tmp_path / "empty", tmp_path / "out")


@pytest.mark.model
def test_seed_articles_resolve_as_in_memory(nlp, tmp_path):
    from extract.article import extract_article
    from newsgraph.pipeline import select_articles

    articles = list(select_articles([ROOT / "seeds"]))
    extractions = sorted((extract_article(doc, a) for doc, a in zip(nlp.pipe(a.text for a in articles), articles)), key=lambda x: x.article.id)
    write_shard(extractions, tmp_path / "tables", 0)
    resolved = resolve_tables(tmp_path / "tables", tmp_path / "out")
    assert_same(resolved.resolution(), resolve_entities(extractions))


def test_a_corpus_without_named_entities(tmp_path):
    corpus = [_article("a", _local("c1", "military aid", "concept", key="military aid"), _local("e1", "the president", kind="description")),
              _article("b")]
    write_shard(corpus, tmp_path / "tables", 0)
    resolved = resolve_tables(tmp_path / "tables", tmp_path / "out")
    assert_same(resolved.resolution(), resolve_entities(corpus))
    assert resolved.n_entities == 1  # the concept; a description with no named entity to join is no node
