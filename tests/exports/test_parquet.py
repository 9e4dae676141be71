"""statements.parquet and entities.parquet: the schema, rows that match the graph, and the docs' queries."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from exports.parquet import ENTITY_SCHEMA, STATEMENT_SCHEMA, write_entities_parquet, write_statements_parquet
from exports.registry import DEFAULT_EXPORTS, get_exporter
from graph.build import edge_statements

DOCS = Path(__file__).resolve().parents[2] / "docs" / "tables.md"


def doc_example(name: str) -> tuple[str, str]:
    """(code, variable) of the docs/tables.md example marked ``<!-- tested: ENGINE VARIABLE -->``."""
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(rf"<!-- tested: {name} (\w+) -->\n```python\n(.*?)```", text, re.S)
    assert match, f"docs/tables.md has no tested example {name!r}"
    return match.group(2), match.group(1)


def run_example(name: str, out: Path):
    code, variable = doc_example(name)
    namespace: dict = {}
    exec(code.replace("out/", f"{out}/").replace("print(", "(lambda *a: None)("), namespace)
    return namespace[variable]


@pytest.fixture(scope="module")
def statements(seed_out):
    return pq.read_table(seed_out / "statements.parquet")


@pytest.fixture(scope="module")
def entities(seed_out):
    return pq.read_table(seed_out / "entities.parquet")


def test_both_are_default_exports_with_their_file_names():
    assert {"statements-parquet", "entities-parquet"} <= set(DEFAULT_EXPORTS)
    assert get_exporter("statements-parquet").filename == "statements.parquet"
    assert get_exporter("entities-parquet").filename == "entities.parquet"


def test_statements_table_has_one_row_per_statement_with_its_global_ids(seed_kg, statements):
    assert statements.schema.equals(STATEMENT_SCHEMA)
    rows = statements.to_pylist()
    assert len(rows) == len(seed_kg.statements)
    for gs, row in zip(seed_kg.statements, rows):
        st, prov = gs.statement, gs.statement.provenance
        assert (row["doc_id"], row["subject_id"], row["object_id"]) == (prov.doc_id, gs.subject_id, gs.object_id)
        assert (row["predicate"], row["relation_class"], row["edge_key"]) == (st.predicate, gs.relation_class, gs.edge_key)
        assert (row["sentence"], row["start_char"], row["extractor"]) == (prov.sentence, prov.start_char, prov.extractor)
        assert row["subject_label"] == (seed_kg.entities[gs.subject_id].label if gs.subject_id else None)
        assert [(q["kind"], q["text"], q["value"]) for q in row["qualifiers"]] == [(q.kind, q.text, q.value) for q in st.qualifiers]
    # statement_index counts within each article, as the extraction shards do
    assert [r["statement_index"] for r in rows if r["doc_id"] == rows[0]["doc_id"]] == list(range(sum(r["doc_id"] == rows[0]["doc_id"] for r in rows)))
    assert any(r["subject_id"] is None for r in rows) and any(r["qualifiers"] for r in rows)


def test_on_edge_marks_exactly_the_evidence_of_graph_edges(seed_kg, statements):
    on_edge = statements.column("on_edge").to_pylist()
    assert sum(on_edge) == sum(data["weight"] for _, _, data in seed_kg.graph.edges(data=True))
    supporting = {id(s) for found in edge_statements(seed_kg).values() for s in found}
    assert on_edge == [id(gs.statement) in supporting for gs in seed_kg.statements]


def test_entities_table_has_one_row_per_node(seed_kg, entities):
    assert entities.schema.equals(ENTITY_SCHEMA)
    rows = entities.to_pylist()
    assert [r["id"] for r in rows] == sorted(seed_kg.entities) == sorted(seed_kg.graph.nodes)
    for row in rows:
        entity = seed_kg.entities[row["id"]]
        assert (row["label"], row["type"], row["mention_count"]) == (entity.label, entity.type, entity.mention_count)
        assert (row["aliases"], row["roles"], row["articles"]) == (list(entity.aliases), list(entity.roles), list(entity.articles))
        assert dict(row["identifiers"]) == dict(entity.identifiers)
        assert row["degree"] == seed_kg.graph.degree(row["id"])
    assert any(dict(r["identifiers"]).get("same_as", "").startswith("https://sws.geonames.org/") for r in rows)


def test_written_atomically_and_byte_identical_on_a_rewrite(seed_kg, seed_out, tmp_path):
    for write, name in ((write_statements_parquet, "statements.parquet"), (write_entities_parquet, "entities.parquet")):
        write(seed_kg, tmp_path / name)
        assert (tmp_path / name).read_bytes() == (seed_out / name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entities.parquet", "statements.parquet"]  # no temporary left


def test_an_empty_graph_still_gets_both_tables_with_their_schema(kg_factory, tmp_path):
    kg = kg_factory([], [])
    write_statements_parquet(kg, tmp_path / "s.parquet")
    write_entities_parquet(kg, tmp_path / "e.parquet")
    assert pq.read_table(tmp_path / "s.parquet").schema.equals(STATEMENT_SCHEMA)
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0


# -- the examples of docs/tables.md, run as written ----------------------------------


def test_pandas_example_counts_who_talks_to_whom(seed_kg, seed_out):
    talks = run_example("pandas", seed_out)
    assert talks.index[0] == ("Donald Trump", "Vladimir Putin")
    communicate = sum(d["weight"] for _, _, key, d in seed_kg.graph.edges(keys=True, data=True) if key == "communicate")
    assert int(talks.sum()) == communicate > 0


def test_polars_example_ranks_persons_by_articles(seed_kg, seed_out):
    top = run_example("polars", seed_out)
    persons = sorted((e for e in seed_kg.entities.values() if e.type == "person"), key=lambda e: (-len(e.articles), -e.mention_count))
    assert top["label"][0] == "Donald Trump"
    assert list(zip(top["n_articles"], top["mention_count"])) == [(len(e.articles), e.mention_count) for e in persons[:10]]
    assert list(top["roles"][0]) == list(seed_kg.entities["person/donald-trump"].roles)


def test_duckdb_example_finds_times_and_places_by_alias(seed_kg, seed_out):
    rows = run_example("duckdb", seed_out)
    trump = {gid for gid, e in seed_kg.entities.items() if "Trump" in e.aliases}
    labels = {gid: e.label for gid, e in seed_kg.entities.items()}
    expected = Counter(
        (gs.statement.predicate, labels.get(gs.object_id), q.kind, q.text, q.value, gs.statement.provenance.doc_id)
        for gs in seed_kg.statements if gs.subject_id in trump
        for q in gs.statement.qualifiers if q.kind in ("time", "place")
    )
    assert trump == {"person/donald-trump"}
    assert Counter(rows) == expected and len(rows) > 3
