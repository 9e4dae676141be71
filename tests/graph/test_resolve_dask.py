"""The Dask engine (block work as cluster tasks) gives the in-memory resolution, entity for entity."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from graph.resolve import resolve_entities

pytest.importorskip("distributed")


def _duckdb_cases():
    """The DuckDB engine's test corpus and checks: one corpus for both engines."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_duckdb_cases", Path(__file__).with_name("test_resolve_duckdb.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_cases = _duckdb_cases()
_shards, assert_same, tricky_corpus = _cases._shards, _cases.assert_same, _cases.tricky_corpus

from graph.resolve_dask import DaskMissingError, require_dask, resolve_tables_dask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    # Threads, not processes: the same tasks and pickling of results, without starting interpreters.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


@pytest.mark.slow
def test_tricky_corpus_resolves_as_in_memory(client, tmp_path):
    corpus = tricky_corpus()
    resolved = resolve_tables_dask(_shards(corpus, tmp_path / "tables"), tmp_path / "out", client=client)
    assert_same(resolved.resolution(), resolve_entities(sorted(corpus, key=lambda x: x.article.id)))


@pytest.mark.slow
def test_chunks_of_one_block_give_the_same_result(client, tmp_path, monkeypatch):
    # Many small tasks: the numbering of the first stage crosses task boundaries.
    import graph.resolve_blocks as blocks

    original = blocks.chunked
    monkeypatch.setattr("graph.resolve_duckdb.chunked", lambda items, max_rows=1: original(items, 1))
    corpus = tricky_corpus()
    resolved = resolve_tables_dask(_shards(corpus, tmp_path / "tables"), tmp_path / "out", client=client)
    assert_same(resolved.resolution(), resolve_entities(sorted(corpus, key=lambda x: x.article.id)))


def test_missing_dask_names_the_extra_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name in ("distributed", "dask"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(DaskMissingError, match=r"pip install 'newsgraph\[dask\]'"):
        require_dask()
