"""``--engine``: where resolution runs changes nothing in the graph; a wrong name is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsgraph
from extract.errors import UnknownNameError
from graph.resolve_engine import check_engine

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_unknown_engine_lists_the_engines():
    with pytest.raises(UnknownNameError, match="--engine must be one of: local, duckdb, dask"):
        check_engine("spark")


def test_build_refuses_an_unknown_engine_before_reading_anything(tmp_path):
    with pytest.raises(UnknownNameError, match="--engine"):
        newsgraph.build([tmp_path / "does-not-exist"], engine="spark")


@pytest.mark.model
def test_duckdb_engine_builds_the_seed_graph_of_the_local_engine(seed_kg, tmp_path):
    kg = newsgraph.build([SEEDS], engine="duckdb", tables_dir=tmp_path / "tables")
    assert list(kg.entities) == list(seed_kg.entities)
    assert kg.entities == seed_kg.entities
    assert sorted(kg.graph.nodes(data=True)) == sorted(seed_kg.graph.nodes(data=True))
    assert sorted(kg.graph.edges(keys=True)) == sorted(seed_kg.graph.edges(keys=True))
    assert kg.meta["report"]["engine"] == "duckdb"
    assert (tmp_path / "tables" / "entities").is_dir()  # the engine resolved the shards the build wrote


@pytest.mark.model
@pytest.mark.slow
def test_cli_engine_duckdb_writes_the_same_entities(seed_out, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "newsgraph", "build", str(SEEDS), "--out", str(out), "--engine", "duckdb", "-q",
                           "--format", "entities"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (out / "entities.jsonl").read_bytes() == (seed_out / "entities.jsonl").read_bytes()
