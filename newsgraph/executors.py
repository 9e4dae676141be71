"""Where parsing and extraction run: in this process, in a local process pool, or on a Dask cluster.

Every executor takes a stream of :class:`~extract.model.Article` and yields
one :class:`~extract.model.ArticleExtraction` per article, in input order.
Workers receive batches of articles, parse them with their own spaCy model
(loaded once per worker process and kept in :func:`extract.nlp.load_pipeline`'s
cache) and run the extractors there, so both the parse and the extraction
use every core. Only plain frozen dataclasses cross process boundaries, and
at most a few batches are in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, Protocol

from exports.atomic import guard_child, signals_blocked, stop_pool
from extract.article import extract_article
from extract.model import Article, ArticleExtraction
from extract.nlp import load_pipeline
from extract.sources import split_text

__all__ = [
    "ExtractionSettings",
    "Executor",
    "InProcessExecutor",
    "ProcessExecutor",
    "DaskExecutor",
    "make_executor",
    "extract_batch",
    "iter_extractions",
    "EXTRACTION_FAILED",
    "EXECUTOR_NAMES",
    "resolve_executor_name",
]

#: Prefix of the warning an article gets when an extractor raised on it.
EXTRACTION_FAILED = "extraction failed: "


@dataclass(frozen=True, slots=True)
class ExtractionSettings:
    """What a worker needs to turn articles into extractions (picklable, sent with each batch).

    ``max_chars`` caps the characters given to spaCy at once (default: the
    model's ``nlp.max_length``); longer articles are parsed in pieces that are
    joined back into one Doc, so offsets index the whole article.
    """

    model: str | None = None
    extractors: tuple[str, ...] = ()
    batch_size: int = 64
    max_chars: int | None = None


def iter_extractions(nlp: Any, articles: Iterable[Article], settings: ExtractionSettings) -> Iterator[ArticleExtraction]:
    """Parse ``articles`` with ``nlp.pipe`` and extract each Doc as soon as it is parsed."""
    from spacy.tokens import Doc

    limit = min(settings.max_chars or nlp.max_length, nlp.max_length)

    def pieces() -> Iterator[tuple[str, tuple[Article, int]]]:
        for article in articles:
            if len(article.text) <= limit:
                yield article.text, (article, 1)
            else:
                chunks = split_text(article.text, limit)
                for chunk in chunks:
                    yield chunk, (article, len(chunks))

    parts: list[Doc] = []
    for doc, (article, n_parts) in nlp.pipe(pieces(), as_tuples=True, batch_size=settings.batch_size):
        if n_parts > 1:
            parts.append(doc)
            if len(parts) < n_parts:
                continue
            # The pieces concatenate to the article text, so the joined Doc has
            # the article's offsets and sentence numbering; cuts fall between
            # paragraphs or sentences, so no statement straddles a seam.
            doc = Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
        yield _extract_safely(doc, article, settings.extractors)


def _extract_safely(doc: Any, article: Article, extractors: Sequence[str]) -> ArticleExtraction:
    """One article whose extraction raises must not sink a build of thousands."""
    try:
        return extract_article(doc, article, extractors)
    except Exception as err:  # noqa: BLE001  (reported per article, see pipeline)
        return ArticleExtraction(article=article, statements=(), entities=(), warnings=(f"{EXTRACTION_FAILED}{type(err).__name__}: {err}",))


def extract_batch(articles: Sequence[Article], settings: ExtractionSettings) -> list[ArticleExtraction]:
    """Worker entry point: extractions of ``articles`` without their texts (the caller has them)."""
    nlp = load_pipeline(settings.model)  # cached per process: one model per worker
    return [replace(x, article=replace(x.article, text="")) for x in iter_extractions(nlp, articles, settings)]


def _warm_up(model: str | None, parent_pid: int | None = None) -> None:
    if parent_pid is not None:
        guard_child(parent_pid)  # dies with the build, leaves Ctrl-C to it
    load_pipeline(model)


class _Future(Protocol):
    def result(self) -> list[ArticleExtraction]: ...


class Executor(Protocol):
    """Runs extraction over a stream of articles; ``map`` keeps the input order."""

    name: str
    workers: int

    def map(self, articles: Iterable[Article]) -> Iterator[ArticleExtraction]: ...

    def close(self) -> None: ...

    def terminate(self) -> None:
        """Stop at once, dropping work in flight (an interrupt or an error); no process may outlive it."""
        ...


class InProcessExecutor:
    """Parse and extract in this process: no start-up cost, one core."""

    name = "in-process"
    workers = 1

    def __init__(self, settings: ExtractionSettings) -> None:
        self.settings = settings

    def map(self, articles: Iterable[Article]) -> Iterator[ArticleExtraction]:
        return iter_extractions(load_pipeline(self.settings.model), articles, self.settings)

    def close(self) -> None:
        pass

    def terminate(self) -> None:
        pass


class _BatchedExecutor:
    """Shared logic of the pool executors: batch, submit a bounded number, yield in order."""

    name = "batched"
    workers = 1
    task_size = 16

    def __init__(self, settings: ExtractionSettings) -> None:
        self.settings = settings

    def _submit(self, batch: list[Article]) -> _Future:
        raise NotImplementedError

    def map(self, articles: Iterable[Article]) -> Iterator[ArticleExtraction]:
        # Two batches queued per worker keep every worker busy while the
        # next result is merged; more would only hold more text in memory.
        max_in_flight = 2 * self.workers
        pending: deque[tuple[list[Article], _Future]] = deque()
        iterator = iter(articles)
        while True:
            while len(pending) < max_in_flight:
                batch = list(islice(iterator, self.task_size))
                if not batch:
                    break
                pending.append((batch, self._submit(batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            for article, extraction in zip(batch, future.result(), strict=True):
                yield replace(extraction, article=article)


def _process_context() -> Any:
    # fork starts workers in milliseconds and shares the imported modules;
    # elsewhere (macOS, Windows) only spawn is safe.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class ProcessExecutor(_BatchedExecutor):
    """A pool of ``workers`` local processes, each with its own spaCy model."""

    name = "processes"

    def __init__(self, settings: ExtractionSettings, workers: int) -> None:
        super().__init__(settings)
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=_process_context(), initializer=_warm_up, initargs=(settings.model, os.getpid()))

    def _submit(self, batch: list[Article]) -> _Future:
        with signals_blocked():  # the first submit forks the workers
            return self._pool.submit(extract_batch, batch, self.settings)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        stop_pool(self._pool)


class DaskExecutor(_BatchedExecutor):
    """Extraction on a Dask distributed cluster: ``address`` of a running scheduler, or a local cluster.

    Each Dask worker process loads the model once, on its first batch, and
    keeps it (module-level cache), so a worker with one thread holds one model.
    The code must be importable on the workers (``pip install newsgraph`` there).
    """

    name = "dask"

    def __init__(self, settings: ExtractionSettings, address: str | None = None, workers: int = 1) -> None:
        super().__init__(settings)
        from distributed import Client, LocalCluster

        self._cluster = None
        if address:
            self._client = Client(address)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def _submit(self, batch: list[Article]) -> _Future:
        return self._client.submit(extract_batch, batch, self.settings, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def terminate(self) -> None:
        self.close()  # the local cluster's nanny processes stop with it; a remote cluster is not ours to stop


EXECUTOR_NAMES = ("auto", "in-process", "processes", "dask")


def resolve_executor_name(executor: str, workers: int, dask_scheduler: str | None) -> str:
    """What ``auto`` means: Dask when a scheduler is named, processes for several workers, else in-process."""
    if executor == "auto":
        return "dask" if dask_scheduler else ("processes" if workers > 1 else "in-process")
    if executor == "processes" and workers < 2:
        return "in-process"
    return executor


def make_executor(settings: ExtractionSettings, *, executor: str = "auto", workers: int = 1, dask_scheduler: str | None = None) -> Executor:
    """Choose an executor: ``auto`` is in-process for one worker, a process pool for more,
    and Dask when a scheduler address is given."""
    from extract.errors import UnknownNameError

    executor = resolve_executor_name(executor, workers, dask_scheduler)
    if executor == "in-process":
        return InProcessExecutor(settings)
    if executor == "processes":
        return ProcessExecutor(settings, workers)
    if executor == "dask":
        return DaskExecutor(settings, dask_scheduler, workers)
    raise UnknownNameError(f"Unknown executor {executor!r}; choose from: {', '.join(EXECUTOR_NAMES)}.")
