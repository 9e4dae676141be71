"""One switch for where entity resolution runs: ``local`` (in memory), ``duckdb`` or ``dask`` (out of core).

All three apply the rules of :mod:`graph.resolve` and give the same entities
and ids; the out-of-core engines read the Parquet shards of
:mod:`extract.tables` and write ``entity_map.parquet`` and
``entities.parquet``. ``local`` is the default: below the crossover measured
in ``docs/scaling.md`` it is the fastest, and it needs no shards.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import UnknownNameError

from .aliases import AliasTable
from .resolve import ENGINES, Resolution

if TYPE_CHECKING:  # pyarrow and duckdb load only when an out-of-core engine runs
    from .resolve_duckdb import ResolvedTables

__all__ = ["ENGINES", "check_engine", "resolve_shards", "resolve_shards_in_memory"]


def check_engine(engine: str) -> str:
    """``engine`` if it is one of :data:`ENGINES`, else an error that lists them."""
    if engine not in ENGINES:
        raise UnknownNameError(f"--engine must be one of: {', '.join(ENGINES)} (got {engine!r}).")
    if engine == "dask":
        from .resolve_dask import require_dask

        require_dask()
    return engine


def resolve_shards(
    tables_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    engine: str = "duckdb",
    aliases: AliasTable | None = None,
    dask_scheduler: str | None = None,
    work_dir: str | os.PathLike[str] | None = None,
) -> ResolvedTables:
    """Resolve the shards under ``tables_dir`` with an out-of-core engine; the tables go into ``out_dir``."""
    check_engine(engine)
    if engine == "dask":
        from .resolve_dask import resolve_tables_dask

        return resolve_tables_dask(tables_dir, out_dir, aliases=aliases, scheduler=dask_scheduler, work_dir=work_dir)
    if engine == "duckdb":
        from .resolve_duckdb import resolve_tables

        return resolve_tables(tables_dir, out_dir, aliases=aliases, work_dir=work_dir)
    raise UnknownNameError("the local engine resolves extractions in memory (graph.resolve.resolve_entities), not shards")


def resolve_shards_in_memory(tables_dir: str | os.PathLike[str], *, engine: str, aliases: AliasTable | None = None,
                             dask_scheduler: str | None = None) -> Resolution:
    """An out-of-core engine's result loaded as a :class:`Resolution` (what the in-memory graph needs)."""
    with tempfile.TemporaryDirectory(prefix="newsgraph-resolved-") as out:
        resolved = resolve_shards(tables_dir, Path(out), engine=engine, aliases=aliases, dask_scheduler=dask_scheduler)
        return resolved.resolution()
