"""A build on a Dask cluster gives the same files as a local build."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsgraph

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FORMATS = ["turtle", "trig", "nquads", "graphml", "statements", "html"]


@pytest.mark.slow
@pytest.mark.model
def test_dask_cluster_build_is_byte_identical_to_a_local_build(tmp_path):
    distributed = pytest.importorskip("distributed")

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = newsgraph.build([SEEDS], dask_scheduler=cluster.scheduler_address)
    local = newsgraph.build([SEEDS])
    assert remote.meta["report"]["executor"] == "dask"
    assert remote.meta["report"]["articles_read"] == local.meta["report"]["articles_read"] == 5
    remote_files = newsgraph.export(remote, tmp_path / "remote", FORMATS)
    local_files = newsgraph.export(local, tmp_path / "local", FORMATS)
    for name in FORMATS:
        assert remote_files[name].read_bytes() == local_files[name].read_bytes(), name
