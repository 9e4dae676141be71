"""Entity resolution with the block work on a Dask cluster.

The rules are :mod:`graph.resolve`'s and the steps :mod:`graph.resolve_duckdb`'s:
the corpus-wide statistics, the blocking and every join run in DuckDB on the
client (spilling to ``work_dir``), and the Python work of every block — the
first stage per transliteration key, each later stage per block key, and
the entity records — runs as tasks of the cluster, a chunk of blocks
(≈ 5,000 rows) a task. At most ``2 × workers`` chunks are in flight, so the
client never holds more than a few chunks of rows; results are taken in
submission order, so numbering and output order are the in-memory engine's
and the result is identical (``tests/graph/test_resolve_dask.py``).

Needs ``dask[distributed]``: ``pip install 'newsgraph[dask]'``. Workers import
newsgraph, so install it on every worker (as for ``--executor dask``).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extract.errors import NewsgraphError

from .aliases import AliasTable
from .resolve_duckdb import ResolvedTables, resolve_tables

__all__ = ["require_dask", "resolve_tables_dask", "DaskMissingError"]


class DaskMissingError(NewsgraphError, ImportError):
    """``--engine dask`` without dask.distributed installed (the CLI prints the message, not a traceback)."""


def require_dask() -> None:
    """Fail early, with the command that fixes it, when dask.distributed is not installed."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as error:
        raise DaskMissingError(
            "--engine dask needs Dask and dask.distributed, which are not installed: pip install 'newsgraph[dask]' "
            f"(or use --engine duckdb on one machine). ({error})"
        ) from error


def _client_map(client: Any, window: int) -> Callable[[Callable[..., Any], Iterable[tuple[Any, ...]]], Iterator[Any]]:
    def run(function: Callable[..., Any], chunks: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        pending: deque[Any] = deque()
        for args in chunks:
            # A chunk is data, not graph: scattered, it travels once and no "large graph" warning is raised.
            shipped = [client.scatter(a, hash=False) if isinstance(a, list) else a for a in args]
            pending.append(client.submit(function, *shipped, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return run


def resolve_tables_dask(
    tables_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    aliases: AliasTable | None = None,
    scheduler: str | None = None,
    client: Any = None,
    workers: int = 2,
    work_dir: str | os.PathLike[str] | None = None,
) -> ResolvedTables:
    """Resolve the shards under ``tables_dir`` with the blocks on a Dask cluster.

    Give a running ``client``, or the ``scheduler`` address (``tcp://host:8786``);
    with neither, a local cluster of ``workers`` processes is started and stopped.
    """
    require_dask()
    from distributed import Client, LocalCluster

    own_cluster = None
    own_client = None
    try:
        if client is None:
            if scheduler:
                own_client = client = Client(scheduler)
            else:
                own_cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
                own_client = client = Client(own_cluster)
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        return resolve_tables(tables_dir, out_dir, aliases=aliases, work_dir=work_dir, mapper=_client_map(client, window))
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
