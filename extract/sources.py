"""Reading articles from files: plain text, Markdown, JSON Lines and CSV, each optionally gzipped.

The readers are tolerant at the boundary: a file or record that cannot be
used is reported as a :class:`Skip` with a reason and the rest goes on.
Large JSON Lines and CSV files are streamed record by record, so a corpus
of any size never sits in memory whole.

>>> split_text("One. Two.\\n\\nThree.", 12)
['One. Two.\\n\\n', 'Three.']
>>> clean_text("a\\r\\nb\\x00c")
'a\\nbc'
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import gzip
import hashlib
import io
import json
import os
import random
import re
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import IO

from .errors import InputError
from .model import Article
from .normalize import repair_glued_words

__all__ = [
    "Skip",
    "TEXT_SUFFIXES",
    "JSONL_SUFFIXES",
    "CSV_SUFFIXES",
    "read_articles",
    "decode_bytes",
    "detect_encoding",
    "clean_text",
    "content_hash",
    "deduplicate",
    "limit_articles",
    "sample_articles",
    "split_text",
    "count_records",
    "dateline_date", "headline",
]

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
_READABLE = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
_SUPPORTED_HINT = "use .txt, .md, .jsonl or .csv, optionally gzipped (.gz)"
_SAMPLE_BYTES = 65536


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
    """SHA-256 of the UTF-8 text: the identity of an article for dedup and the cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- encodings ---------------------------------------------------------------


def detect_encoding(sample: bytes, *, partial: bool = False) -> str:
    """Name the codec of ``sample``: BOMs, UTF-16, UTF-8, else cp1252.

    ``partial`` says the sample is only the start of a file, so it may end
    inside a multi-byte UTF-8 character.

    Raises :class:`InputError` for content that looks binary.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if sample.startswith(bom):
            return encoding
    if _looks_like_utf16(sample):
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    sample = sample[:_SAMPLE_BYTES]
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise InputError("binary content (NUL bytes)")
    try:
        text = sample.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as err:
        # A sample cut inside a multi-byte character is still UTF-8.
        if partial and err.reason == "unexpected end of data" and err.start >= len(sample) - 3:
            text, encoding = sample[: err.start].decode("utf-8"), "utf-8"
        else:
            text, encoding = sample.decode("cp1252", errors="replace"), "cp1252"
    if len(_CONTROL.findall(text)) > max(8, len(text) // 20):
        raise InputError("binary content (control characters)")
    return encoding


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding (see :func:`detect_encoding`).

    >>> decode_bytes("café".encode("cp1252")), decode_bytes(codecs.BOM_UTF8 + b"x")
    ('café', 'x')
    """
    return data.decode(detect_encoding(data), errors="replace")


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half


def clean_text(text: str) -> str:
    """Normalise newlines and Unicode (NFC), drop NUL and control characters.

    The single place where article text is normalised, so offsets in
    provenance always index the same string the cache and exports see.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = repair_glued_words(text)
    return unicodedata.normalize("NFC", text).strip()


# -- long texts ----------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")


def split_text(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` whose concatenation is ``text``.

    Cuts fall after a paragraph break if the window has one, else after a
    sentence end, else after whitespace, and only as a last resort inside a
    word. Because no character is lost or added, offsets into the pieces
    shift to offsets into the whole text by the length of what precedes.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    pieces: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = _last_cut(window)
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _last_cut(window: str) -> int:
    paragraph = window.rfind("\n\n")
    if paragraph > 0:
        return paragraph + 2
    for pattern in (_SENTENCE_END, _WHITESPACE):
        last = None
        for last in pattern.finditer(window):
            pass
        if last is not None and last.end() > 0 and last.end() < len(window) + 1:
            return last.end()
    return len(window)


# -- reading -----------------------------------------------------------------


def read_articles(
    inputs: Iterable[str | os.PathLike[str]],
    skipped: list[Skip] | None = None,
    *,
    text_column: str = "text",
) -> Iterator[Article]:
    """Yield the articles in ``inputs`` (files or folders, read recursively, sorted).

    ``text_column`` names the field holding the article body in JSON Lines
    records and CSV rows; ``id``, ``title``, ``date``, ``url`` and ``source``
    are used when present. Unusable inputs are appended to ``skipped``; an
    input path that does not exist raises :class:`InputError` because that
    is a typo, not messy data.
    """
    skipped = skipped if skipped is not None else []
    for raw in inputs:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"Input path {str(path)!r} does not exist.")
        if path.is_dir():
            for file in _walk(path, skipped):
                yield from _read_file(file, _relative_id(file, path), skipped, text_column)
        else:
            yield from _read_file(path, _strip_suffixes(path.name), skipped, text_column)


def _format_of(name: str) -> tuple[str, bool]:
    """(".txt", True) for "a.txt.gz": the article format and whether it is gzipped."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    if compressed:
        lower = lower[:-3]
    return Path(lower).suffix, compressed


def _strip_suffixes(name: str) -> str:
    suffix, compressed = _format_of(name)
    if compressed:
        name = name[:-3]
    return name[: len(name) - len(suffix)] if suffix else name


def _walk(root: Path, skipped: list[Skip]) -> Iterator[Path]:
    seen_dirs: set[tuple[int, int]] = set()

    def unreadable(err: OSError) -> None:
        skipped.append(Skip(str(err.filename), f"unreadable folder: {err.strerror or err}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable):
        try:
            stat = os.stat(dirpath)
        except OSError as err:
            unreadable(err)
            dirnames[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:  # a symlink loop: do not descend again
            skipped.append(Skip(dirpath, "symlink loop (folder already read)"))
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if _format_of(name)[0] in _READABLE:
                skipped.append(Skip(str(Path(dirpath) / name), "is a directory named like a file; pass it as an input to read the files inside"))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.startswith(".") and _format_of(name)[0] in _READABLE:
                yield Path(dirpath) / name


def _relative_id(file: Path, root: Path) -> str:
    rel = file.relative_to(root)
    return rel.with_name(_strip_suffixes(rel.name)).as_posix()


def _open_binary(path: Path, compressed: bool) -> IO[bytes]:
    """Open a file for reading bytes, decompressing gzip transparently (patched in tests)."""
    # A 64 KiB buffer lets the encoding be detected from a peek, without a second read.
    return gzip.open(path, "rb") if compressed else open(path, "rb", buffering=_SAMPLE_BYTES)  # noqa: SIM115


# Errors that mean "this file cannot be read", as opposed to bugs.
_READ_ERRORS = (OSError, EOFError, zlib.error)


def _read_file(path: Path, article_id: str, skipped: list[Skip], text_column: str) -> Iterator[Article]:
    suffix, compressed = _format_of(path.name)
    if suffix not in _READABLE:
        skipped.append(Skip(str(path), f"unsupported file type {suffix or '(none)'}; {_SUPPORTED_HINT}"))
        return
    if path.is_dir():
        skipped.append(Skip(str(path), "is a directory named like a file; pass it as an input folder"))
        return
    try:
        if suffix in TEXT_SUFFIXES:
            with _open_binary(path, compressed) as stream:
                data = stream.read()
            yield from _text_article(data, path, article_id, suffix, skipped)
        else:
            with _open_binary(path, compressed) as stream:
                reader = _read_jsonl if suffix in JSONL_SUFFIXES else _read_csv
                yield from reader(stream, path, skipped, text_column)
    except InputError as err:
        skipped.append(Skip(str(path), str(err)))
    except _READ_ERRORS as err:
        skipped.append(Skip(str(path), _describe_read_error(err, compressed)))


def _describe_read_error(err: BaseException, compressed: bool) -> str:
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, OSError) and err.errno is not None and err.errno == 40:  # ELOOP
        return "symlink loop"
    if compressed and not isinstance(err, (PermissionError, FileNotFoundError)):
        return f"corrupt gzip file: {err}"
    if isinstance(err, OSError) and err.strerror:
        return f"unreadable: {err.strerror}"
    return f"unreadable: {err}"


def _text_article(data: bytes, path: Path, article_id: str, suffix: str, skipped: list[Skip]) -> Iterator[Article]:
    text = clean_text(decode_bytes(data))
    if not text:
        skipped.append(Skip(str(path), "empty file (nothing but whitespace)"))
        return
    fields, text = _front_matter(text)
    if not text:
        skipped.append(Skip(str(path), "empty file (nothing but front matter)"))
        return
    title = fields.get("title")
    if suffix == ".md":
        first, _, rest = text.partition("\n")
        if first.startswith("# "):
            title, text = first[2:].strip(), rest.strip() or first[2:].strip()
    title = title or headline(text)
    date = (_iso_date(fields["date"]) or fields["date"]) if "date" in fields else dateline_date(text)
    yield Article(id=article_id, text=text, title=title, date=date, source=str(path))


#: Longest first line still read as a headline (words).
_HEADLINE_WORDS = 20


def headline(text: str) -> str | None:
    r"""The first line of a plain-text article when it reads as its headline: short, followed by more
    text, and not a sentence (no closing full stop, question mark or colon). It stays in the text.

    >>> headline("Putin and Trump agree to halt attacks\nWashington and Moscow will ...")
    'Putin and Trump agree to halt attacks'
    >>> headline("Putin met Trump on Monday. They talked.\nMore.") is None, headline("One line only") is None
    (True, True)
    """
    first, newline, rest = text.strip().partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or not 3 <= len(first.split()) <= _HEADLINE_WORDS:
        return None
    if first[-1] in ".:;,!?\"'”’" and not first.endswith("?\""):
        return None
    return first


# -- dates of text files ---------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH_NAME = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_FORMS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), (1, 2, 3)),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r",?\s+(\d{4})\b", re.I), (3, 2, 1)),
    (re.compile(r"\b" + _MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), (3, 1, 2)),
)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter (``---`` … ``---``) as flat ``key: value`` pairs, and the text after it.

    Only top-level scalar fields are read (no YAML library is needed for
    ``date:`` and ``title:``); quotes around a value are dropped.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields = {k.lower(): v.strip("'\"") for k, v in _FIELD.findall(match.group(1)) if v.strip("'\"")}
    return fields, text[match.end() :].strip()


def _iso_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for the first date written as ISO, "15 March 2024" or "March 15, 2024"."""
    for pattern, (y, m, d) in _DATE_FORMS:
        match = pattern.search(text)
        if match is None:
            continue
        month = match.group(m)
        number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
        try:
            return _dt.date(int(match.group(y)), number, int(match.group(d))).isoformat()
        except ValueError:
            continue
    return None


def dateline_date(text: str, lines: int = 3) -> str | None:
    """The date of a dateline in the first ``lines`` non-empty lines, as ``YYYY-MM-DD``.

    >>> dateline_date("Published 15 March 2024\\nKyiv was calm."), dateline_date("LONDON, March 15, 2024 - Talks ended.")
    ('2024-03-15', '2024-03-15')
    >>> dateline_date("Nothing here.") is None
    True
    """
    for line in [line for line in text.split("\n") if line.strip()][:lines]:
        date = _iso_date(line)
        if date is not None and _is_dateline(line):
            return date
    return None


_DATELINE_WORDS = {"published", "updated", "posted", "date", "dated", "first", "last"}


def _is_dateline(line: str) -> bool:
    """A short line, or a long one whose date follows only "Published"/"Updated" or an upper-case place ("LONDON,")."""
    if len(line.strip()) <= 80:
        return True
    first = min((m.start() for pattern, _ in _DATE_FORMS if (m := pattern.search(line))), default=0)
    lead = line[:first].strip(" ,-—:")
    return not lead or lead.isupper() or lead.split()[0].lower() in _DATELINE_WORDS


def _text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    """Wrap a binary stream as text in its detected encoding, without reading it whole."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream, _SAMPLE_BYTES)  # type: ignore[arg-type]
    sample = buffered.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES]  # type: ignore[union-attr]
    encoding = detect_encoding(sample, partial=True) if sample else "utf-8"
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")


def _read_jsonl(stream: IO[bytes], path: Path, skipped: list[Skip], text_column: str) -> Iterator[Article]:
    # newline="" keeps "\r" inside lines; only "\n" ends a JSON Lines record.
    for lineno, line in enumerate(_text_stream(stream), start=1):
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
        article = _record_article(record, where, f"{_strip_suffixes(path.name)}-{lineno}", path, text_column, skipped)
        if article is not None:
            yield article


def _read_csv(stream: IO[bytes], path: Path, skipped: list[Skip], text_column: str) -> Iterator[Article]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KiB default
    reader = csv.DictReader(_text_stream(stream))
    columns = reader.fieldnames or []
    if text_column not in columns:
        shown = ", ".join(repr(c) for c in columns[:12]) or "none"
        skipped.append(Skip(str(path), f"no {text_column!r} column (columns: {shown}); name the text column with --text-column"))
        return
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            article = _record_article(row, f"{path}:row {row_number}", f"{_strip_suffixes(path.name)}-{row_number}", path, text_column, skipped)
            if article is not None:
                yield article
    except csv.Error as err:  # the rest of the file cannot be aligned to columns any more
        skipped.append(Skip(f"{path}:row {row_number + 1}", f"malformed CSV, rest of file skipped: {err}"))


def _record_article(record: Mapping[str, object], where: str, default_id: str, path: Path, text_column: str, skipped: list[Skip]) -> Article | None:
    body = record.get(text_column)
    text = clean_text(body) if isinstance(body, str) else ""
    if not text:
        skipped.append(Skip(where, f"record has no {text_column!r}" if not isinstance(body, str) else f"record has an empty {text_column!r}"))
        return None
    raw_id = record.get("id")
    article_id = str(raw_id).strip() if raw_id not in (None, "") else default_id
    return Article(
        id=article_id or default_id,
        text=text,
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


def count_records(inputs: Iterable[str | os.PathLike[str]]) -> int:
    """Roughly count the articles in ``inputs`` without decoding them (for a progress bar's ETA).

    Text files count one each, JSON Lines and CSV files their non-empty lines
    (minus a CSV header; CSV bodies spanning lines make this an over-estimate).
    """
    total = 0
    for raw in inputs:
        path = Path(raw)
        files = (
            (Path(d) / n for d, _, names in os.walk(path, followlinks=False) for n in names)
            if path.is_dir()
            else iter([path])
        )
        for file in files:
            suffix, compressed = _format_of(file.name)
            if suffix in TEXT_SUFFIXES:
                total += 1
            elif suffix in JSONL_SUFFIXES + CSV_SUFFIXES:
                try:
                    with _open_binary(file, compressed) as stream:
                        lines = sum(1 for line in stream if line.strip())
                except _READ_ERRORS:
                    continue
                total += lines - (1 if suffix in CSV_SUFFIXES and lines else 0)
    return total


# -- selection ---------------------------------------------------------------


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
            article = replace(article, id=f"{article.id}~{count}")
        seen_hashes[digest] = article.id
        yield article


def limit_articles(articles: Iterable[Article], limit: int | None) -> Iterator[Article]:
    """The first ``limit`` articles (all when ``limit`` is None)."""
    return iter(articles) if limit is None else islice(articles, limit)


def sample_articles(articles: Iterable[Article], n: int, seed: int = 0) -> list[Article]:
    """A uniform random sample of ``n`` articles, the same for the same ``seed`` and input.

    Reservoir sampling reads the input once and keeps only ``n`` articles;
    the sample is returned in input order so builds stay reproducible.
    """
    rng = random.Random(seed)
    reservoir: list[tuple[int, Article]] = []
    for index, article in enumerate(articles):
        if index < n:
            reservoir.append((index, article))
        else:
            slot = rng.randint(0, index)
            if slot < n:
                reservoir[slot] = (index, article)
    return [article for _, article in sorted(reservoir, key=lambda pair: pair[0])]
