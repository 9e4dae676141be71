"""extract/tables.py on the seed extractions: shards that read back into equal extractions."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.tables import SCHEMAS, TABLES, ShardWriter, extraction_tables, read_extractions, shard_paths, write_shard

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed_extractions():
    from newsgraph.pipeline import extract_articles, select_articles

    return list(extract_articles(select_articles([ROOT / "seeds"])))


@pytest.fixture(scope="module")
def seed_shards(seed_extractions, tmp_path_factory):
    """The seed extractions as shards of two articles (three shards, the last partial) under OUT/tables."""
    out = tmp_path_factory.mktemp("out")
    writer = ShardWriter(out / "tables", per_shard=2)
    for extraction in seed_extractions:
        writer.add(extraction)
    writer.flush()
    return out, writer


def test_shards_read_back_into_equal_extractions(seed_extractions, seed_shards):
    out, writer = seed_shards
    assert writer.shards == 3 and len(seed_extractions) == 5
    assert list(read_extractions(out / "tables")) == seed_extractions
    assert any(x.statements and x.entities and any(e.mentions for e in x.entities) for x in seed_extractions)


def test_every_table_has_one_file_per_shard_with_its_schema(seed_extractions, seed_shards):
    out, _ = seed_shards
    for name in TABLES:
        paths = shard_paths(out / "tables", name)
        assert [p.name for p in paths] == ["part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
        assert all(pq.read_schema(p).equals(SCHEMAS[name]) for p in paths)
    statements = pq.read_table(out / "tables" / "statements").num_rows  # a folder is one dataset
    assert statements == sum(len(x.statements) for x in seed_extractions)
    assert not list((out / "tables").rglob("*.tmp"))


def test_tables_hold_what_the_dataclasses_hold(seed_extractions):
    tables = extraction_tables(seed_extractions)
    first = seed_extractions[0]
    row = tables["statements"].slice(0, 1).to_pylist()[0]
    st = first.statements[0]
    assert (row["doc_id"], row["statement_index"], row["predicate"]) == (first.article.id, 0, st.predicate)
    assert row["subject"]["entity"] == st.subject.entity and row["sentence"] == st.provenance.sentence
    assert tables["mentions"].num_rows == sum(len(e.mentions) for x in seed_extractions for e in x.entities)
    assert tables["articles"].column("text").to_pylist() == [x.article.text for x in seed_extractions]


def test_a_new_writer_replaces_the_shards_of_an_earlier_run(seed_extractions, tmp_path):
    for shard in range(4):
        write_shard(seed_extractions[:1], tmp_path, shard)
    writer = ShardWriter(tmp_path, per_shard=256)
    for extraction in seed_extractions:
        writer.add(extraction)
    writer.flush()
    writer.flush()  # nothing pending: no empty shard
    assert [p.name for p in shard_paths(tmp_path, "articles")] == ["part-000000.parquet"]
    assert list(read_extractions(tmp_path)) == seed_extractions
    with pytest.raises(ValueError, match="per_shard"):
        ShardWriter(tmp_path, per_shard=0)


def test_build_writes_its_extractions_as_shards(seed_extractions, tmp_path):
    import newsgraph

    kg = newsgraph.build(texts=["Vladimir Putin met Donald Trump in Budapest."], tables_dir=tmp_path / "tables")
    [extraction] = read_extractions(tmp_path / "tables")
    assert extraction.article.id in kg.articles and extraction.statements
    assert kg.meta["report"]["timings_s"]["write_tables"] >= 0


def test_docs_duckdb_example_over_the_shards(seed_extractions, seed_shards):
    out, _ = seed_shards
    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    code = re.search(r"<!-- tested: duckdb-shards kinds -->\n```python\n(.*?)```", text, re.S).group(1)
    namespace: dict = {}
    exec(code.replace("out/", f"{out}/"), namespace)
    expected = Counter((e.type, m.kind) for x in seed_extractions for e in x.entities for m in e.mentions)
    assert {(t, k): n for t, k, n in namespace["kinds"]} == expected
    assert [n for *_, n in namespace["kinds"]] == sorted(expected.values(), reverse=True)
