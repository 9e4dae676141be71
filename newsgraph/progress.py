"""A progress bar for long builds: articles done, articles per second, time left.

Shown on a terminal only: when stderr is not a TTY (a pipe, a log file, CI)
or with ``--quiet`` nothing is drawn, so logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["progress_bar", "wants_progress"]


def wants_progress(quiet: bool, stream: Any = None) -> bool:
    """Draw a bar only for a person watching a terminal."""
    stream = sys.stderr if stream is None else stream
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(total: int | None, *, enabled: bool, description: str = "articles") -> Iterator[Callable[..., None]]:
    """Yield a callback that advances the bar by one article (a no-op when disabled)."""
    if not enabled:
        yield lambda *_: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[cyan]{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False, refresh_per_second=4) as progress:
        task = progress.add_task(description, total=total or None, rate="")

        def advance(*_: object) -> None:
            progress.advance(task)
            speed = progress.tasks[0].speed  # rich's moving average over the last 30 s
            progress.update(task, rate=f"{speed:,.1f} articles/s" if speed else "")

        yield advance
