"""The query workers: fair bounded queue, byte caps, memory limit, one snapshot, reload, recovery."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from newsgraph.serve_pool import Busy, PoolLimits, WorkerPool

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i ?a ?d ?g"  # ~0.3 GB/s


def write_graph(path, n: int) -> None:
    """``n`` people with a label each: 2n triples."""
    lines = ["@prefix ex: <http://example.org/> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [f'ex:p{i} a ex:Person ; rdfs:label "person number {i}" .' for i in range(n)]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)  # how a build writes: rename into place


def count(pool: WorkerPool, client: str = "c") -> int:
    answer = pool.run(COUNT, "json", "turtle", client=client)
    assert answer[0] == "ok", answer
    return int(json.loads(answer[2])["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    path = tmp_path_factory.mktemp("pool") / "graph.ttl"
    write_graph(path, 150)
    limits = PoolLimits(workers=2, timeout=1.5, max_rows=1000, max_bytes=40_000, max_memory=300 << 20, queue_wait=0.3, watch=0)
    p = WorkerPool([str(path)], limits)
    yield p
    p.close()


def wait_until_idle(pool: WorkerPool, n: int, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pool.idle >= n:
            return
        time.sleep(0.05)
    raise AssertionError("the workers did not come back")


def test_one_client_cannot_hold_every_worker(pool):
    """Two runaway queries from one client: one runs, the other is told at once; another client is served."""
    results: dict[str, object] = {}

    def runaway(name):
        try:
            results[name] = pool.run(RUNAWAY, "json", "turtle", client="attacker")
        except Busy as err:
            results[name] = err

    threads = [threading.Thread(target=runaway, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    started = time.monotonic()
    assert count(pool, client="normal") == 300
    assert time.monotonic() - started < 0.5  # not the 1.5 s time limit of the runaway queries
    for t in threads:
        t.join()
    busy = [r for r in results.values() if isinstance(r, Busy)]
    assert len(busy) == 1 and "share of one client is 1 of 2" in str(busy[0]) and busy[0].retry_after >= 1
    assert [r for r in results.values() if not isinstance(r, Busy)] == [("timeout",)]
    wait_until_idle(pool, 2)


def test_all_workers_busy_is_a_fast_503_with_retry_after(pool):
    threads = [threading.Thread(target=pool.run, args=(RUNAWAY, "json", "turtle"), kwargs={"client": f"a{i}"}) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    started = time.monotonic()
    with pytest.raises(Busy) as exc:
        pool.run(COUNT, "json", "turtle", client="normal")
    assert time.monotonic() - started < 0.8  # the queue wait (0.3 s), not the time limit
    assert "all 2 query workers are busy" in str(exc.value) and 1 <= exc.value.retry_after <= 2
    for t in threads:
        t.join()
    wait_until_idle(pool, 2)


def test_answers_are_capped_in_bytes_and_stay_whole(pool):
    answer = pool.run("SELECT * WHERE { ?s ?p ?o }", "json", "turtle")
    assert answer[0] == "ok" and answer[3] == "max-bytes"
    assert len(answer[2]) <= 40_000
    assert 0 < len(json.loads(answer[2])["results"]["bindings"]) < 300
    huge = 'SELECT (REPLACE(REPLACE(REPLACE(STR(?s), "", "aaaa"), "", "bbbb"), "", "cccc") AS ?x) WHERE { ?s ?p ?o }'
    for fmt in ("json", "csv", "xml"):
        answer = pool.run(huge, fmt, "turtle")
        assert answer[0] == "ok" and answer[3] == "max-bytes" and len(answer[2]) <= 40_000
    graph = pool.run("CONSTRUCT WHERE { ?s ?p ?o }", "json", "ntriples")
    assert graph[3] == "max-bytes" and len(graph[2]) <= 40_000 and graph[2].endswith(b".\n")


def test_a_query_over_the_memory_limit_is_stopped(pool):
    answer = pool.run(CARTESIAN, "json", "turtle", client="m")
    assert answer[0] == "memory" and answer[1] > 300 << 20, answer  # stopped by memory, before the time limit
    wait_until_idle(pool, 2)
    assert count(pool) == 300


def test_workers_keep_one_snapshot_when_the_file_changes_or_goes(tmp_path):
    path = tmp_path / "graph.ttl"
    write_graph(path, 10)
    pool = WorkerPool([str(path)], PoolLimits(workers=2, timeout=1.0, queue_wait=2.0, watch=0))
    try:
        write_graph(path, 20)  # replaced, but this pool does not watch: it keeps its snapshot
        pool.run(RUNAWAY, "json", "turtle", client="x")  # one worker killed and replaced
        wait_until_idle(pool, 2)
        assert {count(pool, client=f"c{i}") for i in range(8)} == {20}
        path.unlink()  # gone (a rebuild): replaced workers still come back, on the snapshot
        threads = [threading.Thread(target=pool.run, args=(RUNAWAY, "json", "turtle"), kwargs={"client": f"k{i}"}) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_until_idle(pool, 2)
        assert {count(pool, client=f"c{i}") for i in range(4)} == {20}
    finally:
        pool.close()


def test_watched_files_reload_in_all_workers_together_and_after_a_gap(tmp_path):
    path = tmp_path / "graph.ttl"
    write_graph(path, 10)
    pool = WorkerPool([str(path)], PoolLimits(workers=2, timeout=2.0, queue_wait=2.0, watch=0.2))
    try:
        assert count(pool) == 20
        write_graph(path, 30)
        seen = wait_for_count(pool, 60)
        assert seen <= {20, 60}
        assert {count(pool, client=f"c{i}") for i in range(8)} == {60}  # never a mix once swapped
        path.unlink()
        time.sleep(0.8)
        assert count(pool) == 60  # the file is gone: the snapshot serves
        write_graph(path, 5)  # and back
        wait_for_count(pool, 10)
        assert pool.n_triples == 10
        path.write_text("this is not turtle", encoding="utf-8")  # a change that does not load
        time.sleep(1.2)
        assert count(pool) == 10 and pool.n_triples == 10
    finally:
        pool.close()


def wait_for_count(pool: WorkerPool, wanted: int, seconds: float = 20) -> set[int]:
    seen = set()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        seen.add(count(pool))
        if wanted in seen:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"never saw {wanted}: {seen}")
