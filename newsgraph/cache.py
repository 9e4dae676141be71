"""The extraction cache: an article already extracted by the same pipeline is never parsed again.

One SQLite file (``extractions.sqlite``) holds one row per (pipeline
fingerprint, article content hash) with the pickled, zlib-compressed
:class:`~extract.model.ArticleExtraction` (article text left out: the
content hash stands for it). One file scales to millions of articles
without millions of small files, is safe to open from two builds at once,
and is deleted like any file (``rm -r OUT/.cache``).

The fingerprint changes whenever extraction could give a different result:
the spaCy model (name and version), the spaCy version, the extractor names,
the source code of the ``extract`` package (extractors, entities, data model),
the newsgraph version and the cache format. Rows of other fingerprints are
simply never read; a build with a new model or extractor re-parses everything.

The cache is a local working file: pickles are only loaded from a folder the
user chose for this purpose, never from downloaded data.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import spacy

from extract.model import Article, ArticleExtraction

__all__ = ["CACHE_FORMAT", "ExtractionCache", "pipeline_fingerprint", "describe_model", "code_digest"]

#: Bump when the layout of the database or of the stored values changes.
CACHE_FORMAT = 1
_COMMIT_EVERY = 256


def describe_model(name: str | None) -> str:
    """:func:`extract.nlp.pipeline_version` of a pipeline, read from its meta.json without loading it."""
    from extract.nlp import _looks_like_path, load_pipeline, pipeline_version, resolve_model_name, version_from_meta

    resolved = resolve_model_name(name)
    try:
        root = Path(resolved) if _looks_like_path(resolved) else spacy.util.get_package_path(resolved)
        meta = spacy.util.load_meta(root / "meta.json")
    except Exception:  # noqa: BLE001  (an unusual package layout: ask the model itself)
        return pipeline_version(load_pipeline(name))
    return version_from_meta(meta)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the source files of the ``extract`` package: any change to extraction code changes it."""
    import extract

    root = Path(extract.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def pipeline_fingerprint(model_version: str, extractors: Sequence[str], newsgraph_version: str, *, code: str | None = None) -> str:
    """A short hash of everything that decides what extraction yields for a text."""
    parts = [
        f"cache-format={CACHE_FORMAT}",
        f"newsgraph={newsgraph_version}",
        f"spacy={spacy.__version__}",
        f"model={model_version}",
        f"extractors={','.join(extractors)}",
        f"code={code if code is not None else code_digest()}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


class ExtractionCache:
    """Extractions by content hash, for one pipeline fingerprint.

    Use as a context manager (or call :meth:`close`) so the last writes are committed.
    """

    def __init__(self, directory: str | os.PathLike[str], fingerprint: str) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "extractions.sqlite"
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self._uncommitted = 0
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS extractions (fingerprint TEXT NOT NULL, content_hash TEXT NOT NULL, "
            "data BLOB NOT NULL, PRIMARY KEY (fingerprint, content_hash)) WITHOUT ROWID"
        )
        self._db.commit()

    def get(self, content_hash: str, article: Article) -> ArticleExtraction | None:
        """The cached extraction of ``article`` (whose text hashes to ``content_hash``), bound to it."""
        row = self._db.execute(
            "SELECT data FROM extractions WHERE fingerprint = ? AND content_hash = ?", (self.fingerprint, content_hash)
        ).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            stored: ArticleExtraction = pickle.loads(zlib.decompress(row[0]))
        except Exception:  # noqa: BLE001  (a damaged row is a miss, and is overwritten)
            self.misses += 1
            return None
        self.hits += 1
        return rebind(stored, article)

    def put(self, content_hash: str, extraction: ArticleExtraction) -> None:
        stored = replace(extraction, article=replace(extraction.article, text=""))
        data = zlib.compress(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._db.execute(
            "INSERT OR REPLACE INTO extractions (fingerprint, content_hash, data) VALUES (?, ?, ?)", (self.fingerprint, content_hash, data)
        )
        self._uncommitted += 1
        if self._uncommitted >= _COMMIT_EVERY:
            self._db.commit()
            self._uncommitted = 0

    def __len__(self) -> int:
        (count,) = self._db.execute("SELECT COUNT(*) FROM extractions WHERE fingerprint = ?", (self.fingerprint,)).fetchone()
        return int(count)

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rebind(extraction: ArticleExtraction, article: Article) -> ArticleExtraction:
    """The cached extraction of the same text under ``article``'s id and metadata."""
    statements = extraction.statements
    if extraction.article.id != article.id:
        statements = tuple(replace(s, provenance=replace(s.provenance, doc_id=article.id)) for s in statements)
    return replace(extraction, article=article, statements=statements)
