"""Reading articles from files: plain text, Markdown and JSON Lines.

The readers are tolerant at the boundary: a file or record that cannot be
used is reported as a :class:`Skip` with a reason and the rest goes on.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Article

__all__ = ["Skip", "TEXT_SUFFIXES", "JSONL_SUFFIXES", "read_articles", "decode_bytes", "clean_text", "content_hash"]

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that was not used, and why (shown to the user and in report.json)."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


# Control characters other than tab/newline break parsers and XML exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding: BOMs, UTF-16, UTF-8, else cp1252.

    Raises :class:`InputError` for content that looks binary.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if _looks_like_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    sample = data[:65536]
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise InputError("binary content (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 20):
        raise InputError("binary content (control characters)")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half


def clean_text(text: str) -> str:
    """Normalise newlines and Unicode (NFC), drop NUL and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def read_articles(inputs: Iterable[str | os.PathLike[str]], skipped: list[Skip] | None = None) -> Iterator[Article]:
    """Yield the articles in ``inputs`` (files or folders, read recursively, sorted).

    Unusable inputs are appended to ``skipped``; an input path that does not
    exist raises :class:`InputError` because that is a typo, not messy data.
    """
    skipped = skipped if skipped is not None else []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"Input path {str(path)!r} does not exist.")
        if path.is_dir():
            for file in _walk(path, skipped):
                yield from _read_file(file, _relative_id(file, path), skipped)
        else:
            yield from _read_file(path, path.stem, skipped)


def _walk(root: Path, skipped: list[Skip]) -> Iterator[Path]:
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: skipped.append(Skip(str(e.filename), f"unreadable: {e.strerror}"))):
        stat = os.stat(dirpath)
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:  # a symlink loop: do not descend again
            skipped.append(Skip(dirpath, "symlink loop"))
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(dirpath) / name
            if file.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
                yield file


def _relative_id(file: Path, root: Path) -> str:
    rel = file.relative_to(root).with_suffix("")
    return rel.as_posix()


def _read_file(path: Path, article_id: str, skipped: list[Skip]) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + JSONL_SUFFIXES:
        skipped.append(Skip(str(path), f"unsupported file type {suffix or '(none)'}; use .txt, .md or .jsonl"))
        return
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        skipped.append(Skip(str(path), "is a directory"))
        return
    except OSError as err:
        skipped.append(Skip(str(path), f"unreadable: {err.strerror or err}"))
        return
    try:
        text = decode_bytes(data)
    except InputError as err:
        skipped.append(Skip(str(path), str(err)))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, path, skipped)
        return
    text = clean_text(text)
    if not text:
        skipped.append(Skip(str(path), "empty file"))
        return
    title = None
    if suffix == ".md":
        first, _, rest = text.partition("\n")
        if first.startswith("# "):
            title, text = first[2:].strip(), rest.strip() or first[2:].strip()
    yield Article(id=article_id, text=text, title=title, source=str(path))


def _read_jsonl(text: str, path: Path, skipped: list[Skip]) -> Iterator[Article]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            skipped.append(Skip(where, f"malformed JSON: {err.msg}"))
            continue
        if not isinstance(record, dict):
            skipped.append(Skip(where, "record is not a JSON object"))
            continue
        body = record.get("text")
        if not isinstance(body, str) or not clean_text(body):
            skipped.append(Skip(where, "record has no 'text'"))
            continue
        article_id = record.get("id")
        article_id = str(article_id) if article_id not in (None, "") else f"{path.stem}-{lineno}"
        yield Article(
            id=article_id,
            text=clean_text(body),
            title=_opt_str(record.get("title")),
            date=_opt_str(record.get("date")),
            url=_opt_str(record.get("url")),
            source=_opt_str(record.get("source")) or str(path),
        )


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    text = clean_text(str(value))
    return text or None


def deduplicate(articles: Iterable[Article], skipped: list[Skip]) -> Iterator[Article]:
    """Drop repeated texts (reported as duplicates) and make repeated ids unique.

    A repeated id with a different text gets a deterministic ``~2``, ``~3``
    suffix in input order, so evidence is never double-counted or conflated.
    """
    seen_hashes: dict[str, str] = {}
    id_counts: dict[str, int] = {}
    for article in articles:
        digest = content_hash(article.text)
        if digest in seen_hashes:
            skipped.append(Skip(article.source or article.id, f"duplicate of article {seen_hashes[digest]!r}"))
            continue
        count = id_counts.get(article.id, 0) + 1
        id_counts[article.id] = count
        if count > 1:
            article = Article(f"{article.id}~{count}", article.text, article.title, article.date, article.url, article.source)
        seen_hashes[digest] = article.id
        yield article


__all__.append("deduplicate")
