"""Reading articles from files: plain text, Markdown, HTML, JSON, JSON Lines and CSV, each
optionally compressed (.gz, .bz2, .xz).

The readers are tolerant at the boundary: a file or record that cannot be
used is reported as a :class:`Skip` with a reason and the rest goes on.
JSON Lines and CSV files are streamed record by record, and every read is
bounded (``max_bytes`` per article, record or field), so neither a corpus of
any size nor a compressed bomb, an endless device or one giant line ever
sits in memory whole. Only regular files are opened (a FIFO would block for
ever, ``/dev/zero`` never ends), and a symlink that leads out of an input
folder is refused unless ``follow_symlinks`` is set.

>>> split_text("One. Two.\\n\\nThree.", 12)
['One. Two.\\n\\n', 'Three.']
>>> clean_text("a\\r\\nb\\x00c")
'a\\nbc'
"""

from __future__ import annotations

import bz2
import codecs
import csv
import datetime as _dt
import gzip
import hashlib
import html
import io
import json
import lzma
import os
import random
import re
import stat
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from html.entities import html5 as html5_references
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import InputError
from .model import Article
from .normalize import repair_glued_words, strip_unsafe

__all__ = [
    "Skip",
    "SkipLog",
    "SkipSink",
    "TEXT_SUFFIXES",
    "HTML_SUFFIXES",
    "JSON_SUFFIXES",
    "JSONL_SUFFIXES",
    "CSV_SUFFIXES",
    "COMPRESSIONS",
    "DEFAULT_MAX_BYTES",
    "read_articles",
    "decode_bytes",
    "detect_encoding",
    "clean_text",
    "decode_character_references",
    "content_hash",
    "deduplicate",
    "display_path",
    "reason_kind",
    "limit_articles",
    "sample_articles",
    "split_text",
    "count_records",
    "dateline_date", "headline",
]

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
_READABLE = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
#: Compression suffix → opener of a binary stream that decompresses as it is read.
COMPRESSIONS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_SUPPORTED_HINT = "use .txt, .md, .html, .json, .jsonl or .csv, optionally compressed (.gz, .bz2, .xz)"
_SAMPLE_BYTES = 65536
#: Longest article (or JSON Lines record, or CSV field) read, in bytes. News articles
#: are kilobytes; anything this big is a dump, a bomb or a mistake, and spaCy would
#: need gigabytes for it. ``newsgraph build --max-article-mb`` changes it.
DEFAULT_MAX_BYTES = 5 * 2**20


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that was not used, and why (shown to the user and in report.json)."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


class SkipSink(Protocol):
    """Where readers report skips: a list, or a :class:`SkipLog`."""

    def append(self, skip: Skip, /) -> None: ...


_REASON_DETAIL = re.compile(r"'[^']*'|\"[^\"]*\"|\(.*?\)|\d[\d,.]*")


def reason_kind(reason: str) -> str:
    """A reason without its particulars, so millions of skips summarise to a few lines.

    >>> reason_kind("malformed JSON: Expecting ',' delimiter"), reason_kind("duplicate of article 'a-7'")
    ('malformed JSON', 'duplicate of article')
    """
    head = re.split(r"[:;]", reason, maxsplit=1)[0]
    return " ".join(_REASON_DETAIL.sub(" ", head).replace(" ,", ",").split()).strip(" ,") or reason[:60]


class SkipLog:
    """Skipped inputs, bounded: at most ``keep`` in full (``per_kind`` of each kind of reason), all counted.

    Two million malformed records must not become two million report lines
    (nor two million objects in memory), nor crowd out the one FIFO that came
    after them; the summary still says what happened.
    """

    def __init__(self, keep: int = 1000, per_kind: int = 100) -> None:
        self.keep = keep
        self.per_kind = per_kind
        self.kept: list[Skip] = []
        self.total = 0
        self.kinds: Counter[str] = Counter()

    def append(self, skip: Skip) -> None:
        self.total += 1
        kind = reason_kind(skip.reason)
        self.kinds[kind] += 1
        if len(self.kept) < self.keep and self.kinds[kind] <= self.per_kind:
            self.kept.append(skip)

    @property
    def omitted(self) -> int:
        return self.total - len(self.kept)

    def count(self, kind: str) -> int:
        return self.kinds.get(kind, 0)

    def summary(self) -> dict[str, int]:
        return dict(sorted(self.kinds.items(), key=lambda kv: (-kv[1], kv[0])))

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Skip]:
        return iter(self.kept)

    def __getitem__(self, index: Any) -> Any:
        return self.kept[index]


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: the identity of an article for dedup and the cache."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def display_path(path: str | os.PathLike[str]) -> str:
    r"""A path as text that any terminal, JSON file and RDF literal can hold.

    File names are bytes; one that is not UTF-8 (``caf\xe9.txt`` from an old
    Latin-1 disk) shows its bad bytes as ``\xNN`` rather than breaking the report.

    >>> display_path(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    True
    """
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# -- encodings ---------------------------------------------------------------

# Control characters other than tab/newline break parsers and XML exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# cp1252 for the bytes it defines, Latin-1 for the five it leaves undefined.
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _utf8_else_cp1252(err: UnicodeError) -> tuple[str, int]:
    """Decode error handler: bytes that are not UTF-8 are read as cp1252, byte by byte.

    So one Windows-1252 "é" in a UTF-8 file costs one character, not the file.
    """
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return "".join(_CP1252[b] for b in err.object[err.start : err.end]), err.end


codecs.register_error("newsgraph-cp1252", _utf8_else_cp1252)

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def detect_encoding(sample: bytes, *, partial: bool = False) -> str:
    """Name the codec of ``sample``: BOMs, UTF-16, UTF-8, else cp1252.

    ``partial`` says the sample is only the start of a file, so it may end
    inside a multi-byte UTF-8 character.

    Raises :class:`InputError` for content that looks binary. A few NUL bytes
    in good text are damage, not binary content: they are stripped later.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if sample.startswith(bom):
            return encoding
    if _looks_like_utf16(sample):
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    sample = sample[:_SAMPLE_BYTES]
    if sample.count(b"\x00") > max(8, len(sample) // 20):
        raise InputError("binary content (NUL bytes)")
    try:
        text = sample.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as err:
        # A sample cut inside a multi-byte character is still UTF-8.
        if partial and err.reason == "unexpected end of data" and err.start >= len(sample) - 3:
            text, encoding = sample[: err.start].decode("utf-8"), "utf-8"
        else:
            text, encoding = sample.decode("utf-8", errors="newsgraph-cp1252"), "cp1252"
    if len(_CONTROL.findall(text)) > max(8, len(text) // 20):
        raise InputError("binary content (control characters)")
    return encoding


def decode_bytes(data: bytes, warnings: SkipSink | None = None, source: str = "") -> str:
    """Decode bytes of unknown encoding (see :func:`detect_encoding`).

    UTF-16 is decoded as such; everything else as UTF-8 where it is UTF-8 and
    as cp1252 where it is not, character by character. A file that mixes the
    two gets a warning in ``warnings`` (the usual sign of texts pasted together).

    >>> decode_bytes("café".encode("cp1252")), decode_bytes(codecs.BOM_UTF8 + b"x")
    ('café', 'x')
    >>> decode_bytes("José ".encode() + "Müller".encode("cp1252"))
    'José Müller'
    """
    encoding = detect_encoding(data)
    if encoding.startswith("utf-16"):
        return data.decode(encoding, errors="replace")
    if encoding == "utf-8-sig":
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if warnings is not None and _UTF8_MULTIBYTE.search(data):
        lines = data.split(b"\n")
        legacy = sum(1 for line in lines if not _is_utf8(line))
        warnings.append(Skip(source, f"mixed encodings: {legacy} of {len(lines)} lines are not UTF-8 and were read as cp1252 (Windows Latin-1)"))
    return data.decode("utf-8", errors="newsgraph-cp1252")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half


#: An HTML character reference left in plain text by a scraper ("Pascal Pap&#233;"): numeric, or a
#: named one of those the HTML standard defines (html.unescape knows them), always with its ";".
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_character_references(text: str) -> str:
    """"Pap&#233;" → "Papé", "R&amp;D" → "R&D"; "AT&T" and "&unknown;" stay as written.

    >>> decode_character_references("Pascal Pap&#233; and AT&T &amp; &notaname;")
    'Pascal Papé and AT&T & &notaname;'
    """
    if "&" not in text:
        return text
    return _CHARACTER_REFERENCE.sub(_decoded_reference, text)


def _decoded_reference(match: re.Match[str]) -> str:
    reference = match.group(0)
    if reference[1] == "#":
        return html.unescape(reference)
    # Looked up whole: html.unescape would read "&notaname;" as "&not" + "aname;".
    return html5_references.get(reference[1:], reference)


def clean_text(text: str) -> str:
    """Normalise newlines and Unicode (NFC), drop NUL, control and bidi-override characters.

    The single place where article text is normalised, so offsets in
    provenance always index the same string the cache and exports see. A lone
    surrogate (from a JSON ``"\\ud800"``) becomes U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = decode_character_references(text)
    text = strip_unsafe(text)
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


@dataclass(frozen=True, slots=True)
class _Reading:
    """What every reader of one build needs: where to report, and the bounds."""

    skipped: SkipSink
    warnings: SkipSink
    text_column: str
    max_bytes: int


def read_articles(
    inputs: Iterable[str | os.PathLike[str]],
    skipped: SkipSink | None = None,
    *,
    text_column: str = "text",
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
    warnings: SkipSink | None = None,
) -> Iterator[Article]:
    """Yield the articles in ``inputs`` (files or folders, read recursively, sorted).

    ``text_column`` names the field holding the article body in JSON, JSON
    Lines and CSV records; ``id``, ``title``, ``date``, ``url`` and ``source``
    are used when present. An article, record or CSV field longer than
    ``max_bytes`` is refused with its size. Inside a folder, a symlink to
    something outside it is refused unless ``follow_symlinks``. Unusable
    inputs are appended to ``skipped``, notes on inputs that were read (mixed
    encodings) to ``warnings``. An input path that does not exist raises
    :class:`InputError` because that is a typo, not messy data.
    """
    reading = _Reading(skipped if skipped is not None else [], warnings if warnings is not None else [], text_column, max_bytes)
    for raw in inputs:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"Input path {display_path(path)!r} does not exist.")
        if path.is_dir():
            for file in _walk(path, reading.skipped, follow_symlinks):
                yield from _read_file(file, _relative_id(file, path), reading)
        else:
            yield from _read_file(path, display_path(_strip_suffixes(path.name)), reading)


def _format_of(name: str) -> tuple[str, str | None]:
    """(".txt", ".gz") for "a.txt.gz": the article format and the compression (None when plain)."""
    lower = name.lower()
    compression = next((c for c in COMPRESSIONS if lower.endswith(c)), None)
    if compression:
        lower = lower[: -len(compression)]
    return Path(lower).suffix, compression


def _strip_suffixes(name: str) -> str:
    suffix, compression = _format_of(name)
    if compression:
        name = name[: -len(compression)]
    return name[: len(name) - len(suffix)] if suffix else name


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: Path, skipped: SkipSink, follow_symlinks: bool) -> Iterator[Path]:
    """Every file under ``root`` worth opening; everything else is reported once, with why."""
    seen_dirs: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)

    def report(path: str | Path, reason: str) -> None:
        skipped.append(Skip(display_path(path), reason))

    def unreadable(err: OSError) -> None:
        report(str(err.filename), f"unreadable folder: {err.strerror or err}")

    def leaves(path: str) -> str | None:
        """Where a symlink leads when that is outside the input folder (and following is off)."""
        if follow_symlinks:
            return None
        target = os.path.realpath(path)
        return None if _inside(target, real_root) else target

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable):
        try:
            st = os.stat(dirpath)
        except OSError as err:
            unreadable(err)
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a symlink loop: do not descend again
            report(dirpath, "symlink loop (folder already read)")
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        kept = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if name.startswith("."):
                report(full, "hidden folder, not read; name it as an input to read it")
            elif os.path.islink(full) and (target := leaves(full)) is not None:
                report(full, f"symlink to a folder outside the input ({display_path(target)}); pass --follow-symlinks to read it")
            elif _format_of(name)[0] in _READABLE:
                report(full, "is a directory named like a file; pass it as an input to read the files inside")
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            suffix, _ = _format_of(name)
            if name.startswith("."):
                report(full, "hidden file, not read; name it as an input to read it")
            elif suffix not in _READABLE:
                report(full, f"unsupported file type {suffix or '(no extension)'}; {_SUPPORTED_HINT}")
            elif os.path.islink(full) and (target := leaves(full)) is not None:
                report(full, f"symlink to a file outside the input folder ({display_path(target)}); pass --follow-symlinks to read it")
            else:
                yield Path(full)


def _relative_id(file: Path, root: Path) -> str:
    rel = file.relative_to(root)
    return display_path(rel.with_name(_strip_suffixes(rel.name)).as_posix())


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _open_regular(path: Path) -> IO[bytes]:
    """Open a regular file for reading; refuse FIFOs, devices and sockets without blocking on them.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
    writer; the type is checked on the opened descriptor, so a file swapped
    after a check cannot slip through.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise InputError(f"{kind}, not a regular file; only regular files are read")
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=_SAMPLE_BYTES)
    except BaseException:
        os.close(fd)
        raise


class _Decompressed(io.BufferedReader):
    """A decompressing stream that also closes the file under it (gzip/bz2/lzma leave it open)."""

    def __init__(self, stream: IO[bytes], file: IO[bytes]) -> None:
        super().__init__(stream, _SAMPLE_BYTES)  # type: ignore[arg-type]
        self._file = file

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._file.close()


def _open_binary(path: Path, compression: str | None) -> IO[bytes]:
    """Open a file for reading bytes, decompressing transparently (patched in tests).

    A 64 KiB buffer lets the encoding be detected from a peek, without a second read.
    """
    raw = _open_regular(path)
    if not compression:
        return raw
    try:
        return _Decompressed(COMPRESSIONS[compression](raw, "rb"), raw)  # type: ignore[operator]
    except BaseException:
        raw.close()
        raise


# Errors that mean "this file cannot be read", as opposed to bugs.
_READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)


def _size_text(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def _too_big(size: str, reading: _Reading, what: str = "article") -> str:
    return f"{what} of {size} is over the {_size_text(reading.max_bytes)} limit; raise --max-article-mb to read it, or split it"


def _read_file(path: Path, article_id: str, reading: _Reading) -> Iterator[Article]:
    suffix, compression = _format_of(path.name)
    shown = display_path(path)
    if suffix not in _READABLE:
        reading.skipped.append(Skip(shown, f"unsupported file type {suffix or '(none)'}; {_SUPPORTED_HINT}"))
        return
    if path.is_dir():
        reading.skipped.append(Skip(shown, "is a directory named like a file; pass it as an input folder"))
        return
    try:
        with _open_binary(path, compression) as stream:
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl(stream, path, reading)
            elif suffix in CSV_SUFFIXES:
                yield from _read_csv(stream, path, reading)
            else:
                data = _read_bounded(stream, reading)
                if suffix in JSON_SUFFIXES:
                    yield from _read_json(data, path, reading)
                else:
                    yield from _text_article(data, path, article_id, suffix, reading)
    except InputError as err:
        reading.skipped.append(Skip(shown, str(err)))
    except _READ_ERRORS as err:
        reading.skipped.append(Skip(shown, _describe_read_error(err, compression)))


def _read_bounded(stream: IO[bytes], reading: _Reading) -> bytes:
    """The whole (decompressed) file, or :class:`InputError` once it passes ``max_bytes``.

    Reading one byte past the limit is enough to know: a 4 GiB bomb costs
    ``max_bytes`` of memory and a fraction of a second.
    """
    raw = getattr(stream, "raw", stream)
    size = os.fstat(raw.fileno()).st_size if isinstance(raw, io.FileIO) else None
    if size is not None and size > reading.max_bytes:
        raise InputError(_too_big(_size_text(size), reading))
    data = stream.read(reading.max_bytes + 1)
    if len(data) > reading.max_bytes:
        raise InputError(_too_big(f"more than {_size_text(reading.max_bytes)} (decompressed)", reading))
    return data


def _describe_read_error(err: BaseException, compression: str | None) -> str:
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, OSError) and err.errno is not None and err.errno == 40:  # ELOOP
        return "symlink loop"
    if compression and not isinstance(err, (PermissionError, FileNotFoundError)):
        kind = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}[compression]
        return f"corrupt {kind} file: {err}"
    if isinstance(err, OSError) and err.strerror:
        return f"unreadable: {err.strerror}"
    return f"unreadable: {err}"


def _text_article(data: bytes, path: Path, article_id: str, suffix: str, reading: _Reading) -> Iterator[Article]:
    shown = display_path(path)
    decoded = decode_bytes(data, reading.warnings, shown)
    html_title = None
    if suffix in HTML_SUFFIXES:
        html_title, decoded = html_text(decoded)
    text = clean_text(decoded)
    if not text:
        reading.skipped.append(Skip(shown, "empty file (nothing but whitespace)" if suffix not in HTML_SUFFIXES else "no text in the page"))
        return
    fields, text = _front_matter(text)
    if not text:
        reading.skipped.append(Skip(shown, "empty file (nothing but front matter)"))
        return
    title = fields.get("title") or (clean_text(html_title) if html_title else None)
    if suffix == ".md":
        first, _, rest = text.partition("\n")
        if first.startswith("# "):
            title, text = first[2:].strip(), rest.strip() or first[2:].strip()
    title = title or headline(text)
    date = (_iso_date(fields["date"]) or fields["date"]) if "date" in fields else dateline_date(text)
    yield Article(id=article_id, text=text, title=title, date=date, source=shown)


class _PageText(HTMLParser):
    """The visible text of an HTML page: block elements become paragraphs; scripts, styles and navigation are dropped."""

    _SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header", "blockquote", "tr", "table", "ul", "ol", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skipping:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*")
_RUNS = re.compile(r"[ \t]+")


def html_text(page: str) -> tuple[str | None, str]:
    """(title, visible text) of an HTML page, paragraphs separated by blank lines.

    >>> html_text("<html><head><title>Talks</title><script>x()</script></head><body><p>Merkel met  Macron.</p><p>They talked.</p></body></html>")
    ('Talks', 'Merkel met Macron.\\n\\nThey talked.')
    """
    parser = _PageText()
    parser.feed(page)
    parser.close()
    text = _RUNS.sub(" ", "".join(parser.parts))
    text = _SPACES.sub(lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text).strip()
    title = " ".join("".join(parser.title).split()) or None
    return title, text


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



# -- records: JSON Lines, CSV, JSON -----------------------------------------------------

#: Room a JSON Lines record or CSV row has beyond ``max_bytes`` for its metadata.
_RECORD_SLACK = 65536
#: How far past the limit an over-long record is skipped to find the next one; past that, the file is given up.
_SKIP_BUDGET = 64 * 2**20
#: Longest id kept as given; longer ones are replaced by the record's position.
_MAX_ID_CHARS = 200


def _lines(stream: IO[bytes], path: Path, reading: _Reading) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of every line, each decoded on its own and none longer than the limit.

    UTF-8 lines are read as UTF-8 and the others as cp1252, so one legacy byte
    costs one line, not the file; a file mixing the two gets a warning. A
    line over the limit is skipped in bounded pieces (its text is ``None``).
    """
    shown = display_path(path)
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream, _SAMPLE_BYTES)  # type: ignore[arg-type]
    sample = buffered.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES]  # type: ignore[union-attr]
    encoding = detect_encoding(sample, partial=True) if sample else "utf-8"
    limit = reading.max_bytes + _RECORD_SLACK
    read: Any
    if encoding.startswith("utf-16"):
        read, newline = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="").readline, "\n"
    else:
        read, newline = buffered.readline, b"\n"
    legacy = modern = lineno = 0
    while line := read(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(newline):
            # Skip to the end of the record, but only so far: a bomb's one line may be endless.
            budget = _SKIP_BUDGET
            while budget > 0 and (more := read(_SAMPLE_BYTES)) and not more.endswith(newline):
                budget -= len(more)
            if budget <= 0:
                reading.skipped.append(Skip(f"{shown}:{lineno}", _too_big(f"more than {_size_text(_SKIP_BUDGET)}", reading, "record") + "; rest of file not read"))
                return
            reading.skipped.append(Skip(f"{shown}:{lineno}", _too_big(f"more than {_size_text(limit)}", reading, "record")))
            yield lineno, None
            continue
        if isinstance(line, bytes):
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            try:
                text = line.decode("utf-8")
                modern += not text.isascii()
            except UnicodeDecodeError:
                text = line.decode("utf-8", errors="newsgraph-cp1252")
                legacy += 1
        else:
            text = line
        yield lineno, text
    if legacy and modern:
        reading.warnings.append(Skip(shown, f"mixed encodings: {legacy} of {lineno} lines are not UTF-8 and were read as cp1252 (Windows Latin-1)"))


def _json_int(digits: str) -> int | str:
    # Python refuses to convert integers of more than 4300 digits; such an "id" is kept as its digits.
    return int(digits) if len(digits) <= 1000 else digits


def _loads(text: str) -> Any:
    """``json.loads`` whose every failure is an :class:`InputError` in words."""
    try:
        return json.loads(text, parse_int=_json_int)
    except RecursionError:
        raise InputError("JSON nested too deeply to read") from None
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON: {err.msg}") from None
    except ValueError as err:
        raise InputError(f"unreadable JSON value: {err}") from None


def _read_jsonl(stream: IO[bytes], path: Path, reading: _Reading) -> Iterator[Article]:
    shown, stem = display_path(path), display_path(_strip_suffixes(path.name))
    # Lines end at "\n" only: "\r" and U+2028 may sit inside a JSON string.
    for lineno, line in _lines(stream, path, reading):
        if line is None or not line.strip():
            continue
        where = f"{shown}:{lineno}"
        try:
            record = _loads(line.replace("\x00", ""))
        except InputError as err:
            reading.skipped.append(Skip(where, str(err)))
            continue
        article = _json_record(record, where, f"{stem}-{lineno}", shown, reading)
        if article is not None:
            yield article


def _read_json(data: bytes, path: Path, reading: _Reading) -> Iterator[Article]:
    """A ``.json`` file: one article object, a list of them, or an object holding one such list."""
    shown, stem = display_path(path), display_path(_strip_suffixes(path.name))
    value = _loads(decode_bytes(data, reading.warnings, shown).replace("\x00", ""))
    if isinstance(value, dict) and reading.text_column not in value:
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            value = lists[0]
    if isinstance(value, dict):
        article = _record_article(value, shown, stem, shown, reading)
        if article is not None:
            yield article
        return
    if not isinstance(value, list):
        raise InputError(f"a JSON file must hold an article object or a list of them, not a {type(value).__name__}")
    for number, record in enumerate(value, start=1):
        article = _json_record(record, f"{shown}:[{number}]", f"{stem}-{number}", shown, reading)
        if article is not None:
            yield article


def _json_record(record: object, where: str, default_id: str, source: str, reading: _Reading) -> Article | None:
    """One JSON Lines line or JSON list item as an article; a value that is no object is reported."""
    if not isinstance(record, dict):
        reading.skipped.append(Skip(where, "record is not a JSON object"))
        return None
    return _record_article(record, where, default_id, source, reading)


class _Feed:
    """The lines a ``csv.reader`` pulls, remembered until its row is complete."""

    def __init__(self, lines: Iterable[tuple[int, str | None]]) -> None:
        self._lines = iter(lines)
        self.row: list[str] = []
        self.first = 0
        self.done = False

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        for lineno, text in self._lines:
            if text is None:  # over the limit, already reported
                continue
            if not self.row:
                self.first = lineno
            self.row.append(text)
            return text
        self.done = True
        raise StopIteration

    def take(self) -> tuple[int, list[str]]:
        first, row = self.first, self.row
        self.row = []
        return first, row


_CSV_SPECIAL = re.compile(r'[",\r\n]')


def _ends_in_quote(text: str) -> bool:
    """True when CSV ``text`` ends inside a quoted field: the states of Python's csv parser that concern quotes.

    >>> _ends_in_quote('1,"open\\n2,more\\n'), _ends_in_quote('1,"closed\\nstill"\\n'), _ends_in_quote('1,12" pizza\\n')
    (True, False, False)
    """
    start, field, quoted, quote_in_quoted = range(4)
    state = start
    last = 0
    for match in _CSV_SPECIAL.finditer(text):
        ch, gap = match.group(), match.start() > last
        last = match.end()
        if state == quoted:
            state = quote_in_quoted if ch == '"' else quoted
            continue
        if state == quote_in_quoted:
            if gap:  # characters after a closing quote: csv goes on with an unquoted field
                state = field
            elif ch == '"':
                state = quoted
                continue
        if state == start and gap:
            state = field
        if ch in ",\r\n":
            state = start
        elif state == start:
            state = quoted
    return state == quoted


def _csv_rows(feed: _Feed, shown: str, reading: _Reading) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of every non-empty row.

    A quote left open runs every following line into one field up to the end
    of the file; that row is reported and the lines it swallowed are read again
    as rows, so nothing after it is lost silently.
    """
    current: _Feed | None = feed
    while current is not None:
        retry = None
        try:
            for fields in csv.reader(current):
                first, lines = current.take()
                if current.done and len(lines) > 1 and _ends_in_quote("".join(lines)):
                    last = first + len(lines) - 1
                    reading.skipped.append(Skip(f"{shown}:line {first}", f"unclosed quote: lines {first}–{last} ran into one field; this row is skipped and the lines after it are read as rows"))
                    retry = _Feed(zip(range(first + 1, last + 1), lines[1:]))
                    break
                if fields:
                    yield first, fields
        except csv.Error as err:  # the rest of the file cannot be aligned to columns any more
            first, _ = current.take()
            reason = _too_big("more than the limit", reading, "CSV field") if "field limit" in str(err) else f"malformed CSV, rest of file skipped: {err}"
            reading.skipped.append(Skip(f"{shown}:line {first}", reason))
            return
        current = retry


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _cr_lines(lines: Iterable[tuple[int, str | None]]) -> Iterator[tuple[int, str | None]]:
    """Lines of a file that ends lines with a bare CR (old Mac exports) cut there too, as csv expects."""
    for lineno, text in lines:
        if text is None or "\r" not in text:
            yield lineno, text
        else:
            for piece in _LONE_CR.split(text):
                if piece:
                    yield lineno, piece


def _read_csv(stream: IO[bytes], path: Path, reading: _Reading) -> Iterator[Article]:
    csv.field_size_limit(reading.max_bytes)  # article bodies exceed the 128 KiB default; bombs do not pass
    shown, stem = display_path(path), display_path(_strip_suffixes(path.name))
    rows = _csv_rows(_Feed(_cr_lines(_lines(stream, path, reading))), shown, reading)
    header = next(rows, None)
    columns = header[1] if header else []
    if reading.text_column not in columns:
        listed = ", ".join(repr(c) for c in columns[:12]) or "none"
        reading.skipped.append(Skip(shown, f"no {reading.text_column!r} column (columns: {listed}); name the text column with --text-column"))
        return
    for number, (_, fields) in enumerate(rows, start=2):
        article = _record_article(dict(zip(columns, fields)), f"{shown}:row {number}", f"{stem}-{number}", shown, reading)
        if article is not None:
            yield article


def _record_article(record: Mapping[str, object], where: str, default_id: str, source: str, reading: _Reading) -> Article | None:
    column = reading.text_column
    body = record.get(column)
    if not isinstance(body, str):
        reading.skipped.append(Skip(where, f"record has no {column!r}" if body is None else f"record's {column!r} is not text"))
        return None
    if len(body) > reading.max_bytes:
        reading.skipped.append(Skip(where, _too_big(f"{_size_text(len(body))}", reading)))
        return None
    text = clean_text(body)
    if not text:
        reading.skipped.append(Skip(where, f"record has an empty {column!r}"))
        return None
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, (str, int, float)) or isinstance(raw_id, bool):
        reading.skipped.append(Skip(where, f"record's 'id' must be a string or a number, not {type(raw_id).__name__}"))
        return None
    article_id = clean_text(str(raw_id)) if raw_id is not None else ""
    if len(article_id) > _MAX_ID_CHARS:
        reading.warnings.append(Skip(where, f"id of {len(article_id)} characters replaced by {default_id!r}"))
        article_id = default_id
    return Article(
        id=article_id or default_id,
        text=text,
        title=_opt_str(record.get("title")),
        date=_opt_str(record.get("date")),
        url=_opt_str(record.get("url")),
        source=_opt_str(record.get("source")) or source,
    )


def _opt_str(value: object) -> str | None:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    text = clean_text(str(value))
    return text or None


def count_records(inputs: Iterable[str | os.PathLike[str]], *, budget: int = 256 * 2**20) -> int:
    """Roughly count the articles in ``inputs`` without decoding them (for a progress bar's ETA).

    Text, HTML and JSON files count one each, JSON Lines and CSV files their
    non-empty lines (minus a CSV header; CSV bodies spanning lines make this an
    over-estimate), reading at most ``budget`` bytes of each. FIFOs, devices and
    unreadable files count nothing.
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
            suffix, compression = _format_of(file.name)
            if file.name.startswith(".") or suffix not in _READABLE:
                continue
            if suffix not in JSONL_SUFFIXES + CSV_SUFFIXES:
                total += 1
                continue
            try:
                lines = _count_lines(file, compression, budget)
            except (InputError, *_READ_ERRORS):
                continue
            total += lines - (1 if suffix in CSV_SUFFIXES and lines else 0)
    return total


def _count_lines(file: Path, compression: str | None, budget: int) -> int:
    count, read, has_content = 0, 0, False
    with _open_binary(file, compression) as stream:
        while read < budget and (piece := stream.readline(_SAMPLE_BYTES)):
            read += len(piece)
            has_content = has_content or bool(piece.strip())
            if piece.endswith(b"\n"):
                count += has_content
                has_content = False
    return count + has_content


# -- selection ---------------------------------------------------------------


def deduplicate(articles: Iterable[Article], skipped: SkipSink) -> Iterator[Article]:
    """Drop repeated texts (reported as duplicates) and make repeated ids unique.

    A repeated id with a different text gets a deterministic ``~2``, ``~3``
    suffix in input order, never one already taken (an input may itself be
    called ``x~2``), so evidence is never double-counted or conflated.
    """
    seen_hashes: dict[str, str] = {}
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    for article in articles:
        digest = content_hash(article.text)
        if digest in seen_hashes:
            skipped.append(Skip(article.source or article.id, f"duplicate of article {seen_hashes[digest]!r}"))
            continue
        if article.id in used:
            number = next_suffix.get(article.id, 2)
            while f"{article.id}~{number}" in used:
                number += 1
            next_suffix[article.id] = number + 1
            article = replace(article, id=f"{article.id}~{number}")
        used.add(article.id)
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
