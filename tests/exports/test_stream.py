"""N-Quads, N-Triples and GraphML streamed from the tables: the same output as the in-memory exporters."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from extract.errors import InputError
from exports import stream
from exports.graphml import write_graphml
from exports.rdf import all_triples, generate_nquads, generate_ntriples
from exports.stream import (
    generate_nquads_streamed,
    generate_ntriples_streamed,
    resolution_tables,
    write_graphml_streamed,
    write_nquads_streamed,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed graph and, from the same build, its extraction shards and resolution tables."""
    import newsgraph
    from extract.tables import read_extractions
    from graph.resolve import resolve_entities

    tables = tmp_path_factory.mktemp("out") / "tables"
    kg = newsgraph.build([SEEDS], tables_dir=tables)
    extractions = sorted(read_extractions(tables), key=lambda x: x.article.id)
    entity_map, entities = resolution_tables(resolve_entities(extractions))
    return kg, tables, entity_map, entities, extractions


def test_nquads_are_the_in_memory_lines_each_once(built, monkeypatch):
    kg, tables, entity_map, entities, _ = built
    monkeypatch.setattr(stream, "BATCH_ROWS", 7)  # articles cut across many batches
    lines = list(generate_nquads_streamed(tables, entity_map, entities))
    assert len(lines) == len(set(lines))
    assert set(lines) == set(generate_nquads(kg))
    assert any(line.count("<") == 4 for line in lines) and any(line.count("<") == 3 for line in lines)  # named and default graph


def test_ntriples_are_the_merged_graph(built):
    kg, tables, entity_map, entities, _ = built
    assert sorted(generate_ntriples_streamed(tables, entity_map, entities)) == sorted(generate_ntriples(all_triples(kg)))


def test_graphml_is_byte_identical(built, tmp_path):
    kg, tables, entity_map, entities, _ = built
    write_graphml(kg, tmp_path / "memory.graphml")
    write_graphml_streamed(tables, entity_map, entities, tmp_path / "streamed.graphml")
    assert (tmp_path / "streamed.graphml").read_bytes() == (tmp_path / "memory.graphml").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.graphml", "streamed.graphml"]  # no spill folder left


def test_entity_only_graphs_agree_too(built, tmp_path):
    from graph.build import build_graph

    _, tables, entity_map, entities, extractions = built
    kg = build_graph(extractions, nodes="entities")
    assert set(generate_nquads_streamed(tables, entity_map, entities, nodes="entities")) == set(generate_nquads(kg))
    write_graphml(kg, tmp_path / "memory.graphml")
    write_graphml_streamed(tables, entity_map, entities, tmp_path / "streamed.graphml", nodes="entities")
    assert (tmp_path / "streamed.graphml").read_bytes() == (tmp_path / "memory.graphml").read_bytes()


def test_written_atomically_without_leftovers(built, tmp_path):
    kg, tables, entity_map, entities, _ = built
    path = write_nquads_streamed(tables, entity_map, entities, tmp_path / "graph.nq")
    assert set(path.read_text(encoding="utf-8").splitlines(keepends=True)) == set(generate_nquads(kg))
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


def test_tables_on_disk_give_the_same_lines(built, tmp_path):
    import pyarrow.parquet as pq

    kg, tables, entity_map, entities, _ = built
    (tmp_path / "map").mkdir()
    pq.write_table(entity_map.slice(0, 100), tmp_path / "map" / "part-0.parquet")  # a folder of files is one table
    pq.write_table(entity_map.slice(100), tmp_path / "map" / "part-1.parquet")
    pq.write_table(entities, tmp_path / "entities.parquet")
    assert set(generate_nquads_streamed(tables, tmp_path / "map", tmp_path / "entities.parquet")) == set(generate_nquads(kg))


def test_inputs_it_cannot_use_are_refused_with_the_reason(built, tmp_path):
    _, tables, entity_map, entities, _ = built
    with pytest.raises(InputError, match="no articles shards"):
        write_nquads_streamed(tmp_path, entity_map, entities, tmp_path / "graph.nq")
    with pytest.raises(InputError, match="entity map has no column global_id"):
        write_nquads_streamed(tables, entity_map.drop_columns(["global_id"]), entities, tmp_path / "graph.nq")
    with pytest.raises(InputError, match="pyarrow Table"):
        write_nquads_streamed(tables, entity_map.to_pylist(), entities, tmp_path / "graph.nq")
    clash = pa.concat_tables([entity_map, entity_map.slice(0, 1).set_column(2, "global_id", pa.array(["person/someone-else"]))])
    with pytest.raises(InputError, match="more than one global id"):
        write_nquads_streamed(tables, clash, entities, tmp_path / "graph.nq")
    with pytest.raises(InputError, match="nodes must be one of"):
        write_nquads_streamed(tables, entity_map, entities, tmp_path / "graph.nq", nodes="some")
    assert not (tmp_path / "graph.nq").exists()


def test_resolution_tables_map_every_local_entity(built):
    _, _, entity_map, entities, extractions = built
    assert entity_map.schema.equals(stream.ENTITY_MAP_SCHEMA)
    locals_ = {(x.article.id, e.id) for x in extractions for e in x.entities}
    mapped = set(zip(entity_map.column("doc_id").to_pylist(), entity_map.column("local_id").to_pylist()))
    assert mapped <= locals_ and len(mapped) > 0.5 * len(locals_)
    assert set(entity_map.column("global_id").to_pylist()) <= set(entities.column("id").to_pylist())
    assert isinstance(entities, pa.Table) and entities.column("degree").null_count == entities.num_rows


def test_the_duckdb_engines_tables_stream_the_same_graph(built, tmp_path):
    # out of core end to end: shards → DuckDB resolution → streamed N-Quads and GraphML, as in memory
    from graph.resolve_duckdb import resolve_tables

    kg, tables, _, _, _ = built
    resolved = resolve_tables(tables, tmp_path / "resolved")
    assert set(generate_nquads_streamed(tables, resolved.entity_map, resolved.entities)) == set(generate_nquads(kg))
    write_graphml(kg, tmp_path / "memory.graphml")
    write_graphml_streamed(tables, resolved.entity_map, resolved.entities, tmp_path / "streamed.graphml")
    assert (tmp_path / "streamed.graphml").read_bytes() == (tmp_path / "memory.graphml").read_bytes()


@pytest.mark.parametrize("range_statements", [1, 5, 40])
def test_ranges_of_articles_change_nothing(built, tmp_path, monkeypatch, range_statements):
    """One query per range of articles (an article never split) writes the same files as one query for all."""
    kg, tables, entity_map, entities, _ = built
    write_graphml(kg, tmp_path / "memory.graphml")
    monkeypatch.setattr(stream, "RANGE_STATEMENTS", range_statements)
    write_graphml_streamed(tables, entity_map, entities, tmp_path / "streamed.graphml")
    assert (tmp_path / "streamed.graphml").read_bytes() == (tmp_path / "memory.graphml").read_bytes()
    assert set(generate_nquads_streamed(tables, entity_map, entities)) == set(generate_nquads(kg))


@pytest.mark.parametrize("part_statements", [1, 30, 150])
def test_parts_by_source_range_change_nothing(built, tmp_path, monkeypatch, part_statements):
    """The work files split by ranges of source ids (each sorted, deduplicated and joined alone) write the same files as one part."""
    kg, tables, entity_map, entities, _ = built
    write_graphml(kg, tmp_path / "memory.graphml")
    monkeypatch.setattr(stream, "PART_STATEMENTS", part_statements)
    con = stream._connect(tables, entity_map, entities, tmp_path)
    try:
        assert len(stream._source_bounds(con)) > (1 if part_statements > 1 else 20)
    finally:
        con.close()
    write_graphml_streamed(tables, entity_map, entities, tmp_path / "streamed.graphml")
    assert (tmp_path / "streamed.graphml").read_bytes() == (tmp_path / "memory.graphml").read_bytes()
    lines = list(generate_nquads_streamed(tables, entity_map, entities))
    assert len(lines) == len(set(lines)) and set(lines) == set(generate_nquads(kg))


def test_parts_split_rows_at_their_bounds(tmp_path):
    parts = stream._Parts(tmp_path, "ends", stream._END_SCHEMA, "id", ["m", "t"])
    parts.add({"id": i} for i in ["a", "m", "s", "t", "z", "b"])
    parts.close()
    import pyarrow.parquet as pq

    held = [(sorted(pq.read_table(part.strip("'")).column("id").to_pylist()), lo, hi) for part, lo, hi in parts.ranges()]
    assert held == [(["a", "b"], None, "m"), (["m", "s"], "m", "t"), (["t", "z"], "t", None)]


def test_article_ranges_cover_every_article_once_in_order(built, tmp_path, monkeypatch):
    _, tables, entity_map, entities, _ = built
    monkeypatch.setattr(stream, "RANGE_STATEMENTS", 60)
    con = stream._connect(tables, entity_map, entities, tmp_path)
    try:
        counts = dict(con.sql("SELECT doc_id, count(*) FROM statements GROUP BY doc_id").fetchall())
        ranges = list(stream._article_ranges(con))
    finally:
        con.close()
    ids = sorted(counts)
    assert len(ranges) > 1 and ranges[0][0] == ids[0] and ranges[-1][1] == ids[-1]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:]))  # consecutive, never overlapping
    sizes = [sum(n for d, n in counts.items() if lo <= d <= hi) for lo, hi in ranges]
    assert sum(sizes) == sum(counts.values()) and all(size >= 60 for size in sizes[:-1])


@pytest.mark.parametrize("writer", [write_graphml_streamed, write_nquads_streamed])
def test_running_out_of_duckdb_memory_is_one_line_and_leaves_no_file(built, tmp_path, monkeypatch, writer):
    from extract.errors import NewsgraphError

    _, tables, entity_map, entities, _ = built
    monkeypatch.setattr(stream, "DUCKDB_MEMORY_LIMIT", "1MB")
    with pytest.raises(NewsgraphError, match="DUCKDB_MEMORY_LIMIT"):
        writer(tables, entity_map, entities, tmp_path / "out.file")
    assert list(tmp_path.iterdir()) == []
