"""The query workers behind ``newsgraph serve``: processes, a fair queue, limits, one data snapshot.

pyoxigraph cannot cancel a query (``Store.query`` has no timeout hook and
does not return to Python until the first solution), so every query runs in
a **worker process** that can be killed:

* a query over its time limit, or a worker whose memory (RSS) passes the
  limit, is killed and replaced in the background; the client gets 503;
* workers take queries from a **bounded queue**: one client (one address)
  holds at most ``share`` workers at a time and waits at most ``queue_wait``
  seconds, so a few slow queries cannot hold every worker, and a query that
  cannot get one soon is told so at once (503 with ``Retry-After``);
* all workers serve **one snapshot**: the files are copied once into a
  private folder and every worker, including replacements, loads that copy.
  When the files change (and stay unchanged for one check) a whole new set
  of workers loads a new copy and replaces the old set at once; a file that
  disappears leaves the current snapshot serving, and its return is a change
  like any other.
"""

from __future__ import annotations

import logging
import math
import multiprocessing as mp
import os
import shutil
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from extract.errors import InputError

__all__ = ["PoolLimits", "WorkerPool", "Busy", "GRAPH_FORMATS"]

log = logging.getLogger(__name__)

#: RDF formats for CONSTRUCT/DESCRIBE answers, with their media types.
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_WORKER_STACK = 512 << 20  # the parser recurses per bracket; a big (lazily committed) stack outlasts the nesting guard


@dataclass(frozen=True)
class PoolLimits:
    workers: int = 2
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows or triples per answer
    max_bytes: int = 16 << 20  # bytes per answer
    max_memory: int = 1024 << 20  # RSS of one worker
    max_queue: int = 32  # queries waiting for a worker, all clients together
    share: int = 0  # workers one client may hold at once; 0: all but one (at least one)
    queue_wait: float = 2.0  # seconds a query may wait for a worker
    watch: float = 2.0  # seconds between checks of the served files; 0: never reload

    @property
    def client_share(self) -> int:
        return self.share if self.share > 0 else max(1, self.workers - 1)


class Busy(Exception):
    """No worker could take the query soon; ``retry_after`` seconds is a fair guess of when one can."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --------------------------------------------------------------------------- the worker process


def _worker_main(files: list[str], max_rows: int, max_bytes: int, conn: Connection) -> None:
    """Load the files, then answer (query, solutions format, graph format) messages until EOF."""
    threading.stack_size(_WORKER_STACK)
    thread = threading.Thread(target=_serve, args=(files, max_rows, max_bytes, conn), name="query")
    thread.start()
    thread.join()


def _serve(files: list[str], max_rows: int, max_bytes: int, conn: Connection) -> None:
    from .sparql import load_store

    try:
        store = load_store(files)
    except Exception as err:  # any load problem goes to the parent, which shows it
        _reply(conn, ("failed", str(err)))
        return
    if not _reply(conn, ("ready", len(store))):
        return
    while True:
        try:
            query, solutions_fmt, graph_fmt = conn.recv()
        except (EOFError, OSError):
            return
        if not _reply(conn, _answer(store, query, solutions_fmt, graph_fmt, max_rows, max_bytes)):
            return


def _answer(store: object, query: str, solutions_fmt: str | None, graph_fmt: str | None, max_rows: int, max_bytes: int) -> tuple:
    from .sparql import RESULT_FORMATS, QueryError, run_query

    try:
        result = run_query(store, query, max_rows=max_rows, max_bytes=max_bytes)  # type: ignore[arg-type]
        fmt = graph_fmt if result.kind == "graph" else solutions_fmt
        if fmt is None:
            return ("unacceptable", result.kind)
        body = _serialise(result, fmt)
        while len(body) > max_bytes:  # the size estimate was short: cut further, keep the document whole
            keep = int(len(result) * max_bytes / len(body) * 0.9)
            if result.kind == "graph":
                result.triples = result.triples[:keep]
            else:
                result.rows = result.rows[:keep]
            result.truncated, result.truncated_by = True, "max-bytes"
            body = _serialise(result, fmt)
        media = GRAPH_FORMATS[fmt] if result.kind == "graph" else RESULT_FORMATS[fmt]
        return ("ok", media, body, result.truncated_by if result.truncated else "")
    except QueryError as err:
        return ("bad", str(err))
    except Exception as err:  # an engine error must not kill the worker
        return ("error", f"{type(err).__name__}: {err}")


def _serialise(result: object, fmt: str) -> bytes:
    import pyoxigraph as ox

    from exports.vocab import PREFIXES

    from .sparql import results_text

    if fmt in ("jsonld", "rdfxml"):
        triples = result.triples  # type: ignore[attr-defined]
        if not triples and fmt == "jsonld":
            return b"[]"
        rdf = ox.RdfFormat.JSON_LD if fmt == "jsonld" else ox.RdfFormat.RDF_XML
        prefixes = PREFIXES if fmt == "rdfxml" else None
        return ox.serialize(triples, format=rdf, prefixes=prefixes) or b""
    return results_text(result, fmt).encode("utf-8")  # type: ignore[arg-type]


def _reply(conn: Connection, message: tuple) -> bool:
    """Send to the parent; ``False`` when it is gone (then the worker just ends)."""
    try:
        conn.send(message)
        return True
    except (BrokenPipeError, EOFError, OSError):
        return False


def _rss(pid: int) -> int | None:
    """Resident memory of a process in bytes (Linux ``/proc``); ``None`` where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class _Worker:
    """One query process, the parent's end of its pipe, and the snapshot it loaded."""

    def __init__(self, files: list[str], limits: PoolLimits, generation: int) -> None:
        ctx = _context()
        self.generation = generation
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(files, limits.max_rows, limits.max_bytes, child), daemon=True, name="newsgraph-sparql-worker"
        )
        self.process.start()
        child.close()
        self.busy_until = 0.0

    def wait_ready(self) -> int:
        try:
            message = self.conn.recv()
        except EOFError:
            raise InputError("the SPARQL worker died while loading the files") from None
        if message[0] != "ready":
            self.kill()
            raise InputError(message[1])
        return int(message[1])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _context() -> mp.context.BaseContext:
    """Never fork the threaded server itself. A fork server (where there is one) forks each worker from a
    clean process that imported the modules once: a replaced worker is ready in the time its data loads,
    instead of re-importing the package first (over a second)."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["newsgraph.serve_pool", "newsgraph.sparql"])
        return ctx
    return mp.get_context("spawn")


class _Snapshot:
    """A private copy of the served files, and the signature of the originals it was taken from."""

    def __init__(self, files: Sequence[str]) -> None:
        self.signature = _signature(files)
        self.folder = Path(tempfile.mkdtemp(prefix="newsgraph-serve-"))
        self.files = []
        try:
            for index, f in enumerate(files):
                copy = self.folder / f"{index}-{Path(f).name}"
                shutil.copyfile(f, copy)
                self.files.append(str(copy))
        except OSError as err:
            self.remove()
            raise InputError(f"cannot read {err.filename}: {err.strerror}") from None

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _signature(files: Sequence[str]) -> tuple | None:
    """(size, mtime, inode) of every file; ``None`` while any is missing."""
    try:
        return tuple((s.st_size, s.st_mtime_ns, s.st_ino) for s in (os.stat(f) for f in files))
    except OSError:
        return None


class WorkerPool:
    """Workers, the queue in front of them, and the snapshot they serve."""

    def __init__(self, files: Sequence[str], limits: PoolLimits) -> None:
        self.sources = [str(f) for f in files]
        self.limits = limits
        self.closed = False
        self.generation = 0
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._all: set[_Worker] = set()
        self._running: Counter[str] = Counter()
        self._waiting: deque[tuple[str, object]] = deque()
        self.snapshot = _Snapshot(self.sources)
        try:
            self.n_triples, workers = self._start_generation(self.snapshot, 0)
        except BaseException:  # also Ctrl-C while loading: leave nothing behind
            self.close()
            raise
        self._idle.extend(workers)
        self._watcher: threading.Thread | None = None
        if limits.watch > 0:
            self._watcher = threading.Thread(target=self._watch, daemon=True, name="newsgraph-sparql-watch")
            self._watcher.start()

    @property
    def idle(self) -> int:
        """Workers ready for a query right now."""
        with self._cond:
            return len(self._idle)

    # ---- workers

    def _spawn(self, files: list[str], generation: int) -> _Worker:
        worker = _Worker(files, self.limits, generation)
        with self._cond:
            self._all.add(worker)
        return worker

    def _start_generation(self, snapshot: _Snapshot, generation: int) -> tuple[int, list[_Worker]]:
        workers = [self._spawn(snapshot.files, generation) for _ in range(max(1, self.limits.workers))]
        try:
            counts = [w.wait_ready() for w in workers]
            for w in workers:
                rss = _rss(w.process.pid)
                if rss is not None and rss > self.limits.max_memory:
                    raise InputError(
                        f"the data needs {rss >> 20} MB per worker, over the memory limit of {self.limits.max_memory >> 20} MB; raise --max-memory"
                    )
        except BaseException:
            for w in workers:
                self._forget(w)
            raise
        return counts[0], workers

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        with self._cond:
            self._all.discard(worker)
            self._busy.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another on the current snapshot, in the background."""
        self._forget(worker)
        if self.closed or worker.generation != self.generation:
            return
        threading.Thread(target=self._start_one, args=(self.snapshot.files, self.generation), daemon=True).start()

    def _start_one(self, files: list[str], generation: int) -> None:
        worker = self._spawn(files, generation)
        try:
            worker.wait_ready()
        except InputError as err:
            if not self.closed:  # a worker still loading when the server closes dies with it
                log.error("could not restart a SPARQL worker: %s", err)
            self._forget(worker)
            return
        with self._cond:
            if self.closed or generation != self.generation:
                stale = True
            else:
                stale = False
                self._idle.append(worker)
                self._cond.notify_all()
        if stale:
            self._forget(worker)

    # ---- the queue

    def _acquire(self, client: str) -> _Worker:
        share, limits = self.limits.client_share, self.limits
        with self._cond:
            if len(self._waiting) >= limits.max_queue:
                raise Busy(f"{len(self._waiting)} queries are already waiting for a worker; try again", self._retry_after())
            ticket = object()
            self._waiting.append((client, ticket))
            deadline = time.monotonic() + limits.queue_wait
            try:
                while True:
                    if self._idle and self._running[client] < share and self._first_eligible() is ticket:
                        worker = self._idle.pop()
                        self._running[client] += 1
                        self._busy.add(worker)
                        worker.busy_until = time.monotonic() + limits.timeout
                        return worker
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        mine = self._running[client]
                        reason = (
                            f"you already have {mine} queries running (the share of one client is {share} of {limits.workers} workers)"
                            if mine >= share
                            else f"all {limits.workers} query workers are busy"
                        )
                        raise Busy(f"{reason}; try again", self._retry_after())
                    self._cond.wait(remaining)
            finally:
                self._waiting.remove((client, ticket))
                self._cond.notify_all()  # the next ticket may be eligible now

    def _first_eligible(self) -> object | None:
        for client, ticket in self._waiting:
            if self._running[client] < self.limits.client_share:
                return ticket
        return None

    def _retry_after(self) -> int:
        """Seconds until the earliest running query ends at the latest (its time limit), at least 1."""
        ends = [w.busy_until for w in self._busy]
        return max(1, math.ceil(min(ends) - time.monotonic())) if ends else 1

    def _release(self, worker: _Worker, client: str, healthy: bool) -> None:
        with self._cond:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]
            self._busy.discard(worker)
            keep = healthy and not self.closed and worker.generation == self.generation
            if keep:
                self._idle.append(worker)
            self._cond.notify_all()
        if not keep:
            if healthy:  # an old-snapshot worker: its set has been replaced already
                self._forget(worker)
            else:
                self._replace(worker)

    # ---- running a query

    def run(self, query: str, solutions_fmt: str | None, graph_fmt: str | None, client: str = "") -> tuple:
        """Run one query. Answers ``("ok", media type, body, truncated-by)``, ``("bad", message)``,
        ``("unacceptable", kind)``, ``("timeout",)``, ``("memory", bytes)`` or ``("error", message)``;
        raises :class:`Busy` when no worker could take it soon."""
        worker = self._acquire(client)
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        try:
            worker.conn.send((query, solutions_fmt, graph_fmt))
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._release(worker, client, healthy=False)  # the only way to stop a pyoxigraph query
                    return ("timeout",)
                if worker.conn.poll(min(0.05, left)):
                    answer = worker.conn.recv()
                    self._release(worker, client, healthy=True)
                    return answer
                rss = _rss(worker.process.pid)
                if rss is not None and rss > limits.max_memory:
                    self._release(worker, client, healthy=False)
                    return ("memory", rss)
        except (EOFError, OSError) as err:
            self._release(worker, client, healthy=False)
            return ("error", f"the query worker stopped ({err or 'it crashed'}); it is being restarted")

    # ---- reloading

    def _watch(self) -> None:
        """Reload when the files change; a change must hold still for one interval first."""
        seen = self.snapshot.signature
        while not self.closed:
            time.sleep(self.limits.watch)
            now = _signature(self.sources)
            if now is None or now == self.snapshot.signature:
                seen = now
                continue
            if now != seen:  # still being written, or just changed: look again next time
                seen = now
                continue
            try:
                self.reload()
            except InputError as err:
                log.error("the served files changed but cannot be loaded (%s); still serving the previous data", err)
                seen = None

    def reload(self) -> None:
        """Load the files again in a new set of workers, then swap the whole set at once."""
        snapshot = _Snapshot(self.sources)
        generation = self.generation + 1
        try:
            n_triples, workers = self._start_generation(snapshot, generation)
        except BaseException:
            snapshot.remove()
            raise
        with self._cond:
            if self.closed:
                old_idle = workers
            else:
                old_idle, self._idle = self._idle, workers
                old_snapshot, self.snapshot = self.snapshot, snapshot
                self.generation, self.n_triples = generation, n_triples
            self._cond.notify_all()
        for w in old_idle:
            self._forget(w)  # busy old workers finish their query, then go (see _release)
        if not self.closed:
            old_snapshot.remove()
            log.warning("reloaded the served files: %d triples", n_triples)

    def close(self) -> None:
        self.closed = True
        with self._cond:
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._cond.notify_all()
        for w in workers:
            w.kill()
        self.snapshot.remove()
