"""Readers: every encoding, format and kind of unusable input, built in tmp_path (no committed binaries)."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.model import Article
from extract.sources import (
    Skip,
    clean_text,
    count_records,
    decode_bytes,
    deduplicate,
    limit_articles,
    read_articles,
    sample_articles,
    split_text,
)

TEXT = "François Hollande met Angela Merkel in Lyon.\nThe café was closed, said the £5 sign."


def _read(*inputs: Path, **options) -> tuple[list[Article], list[Skip]]:
    skipped: list[Skip] = []
    return list(read_articles(inputs, skipped, **options)), skipped


# -- encodings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(lambda t: t.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(lambda t: t.encode("cp1252"), id="cp1252"),
        pytest.param(lambda t: t.encode("latin-1"), id="latin-1"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode("utf-8"), id="cr"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".txt.gz", ".jsonl", ".jsonl.gz", ".csv", ".csv.gz"])
def test_every_encoding_reads_back_the_same_text_in_every_format(tmp_path, encode, suffix):
    if ".jsonl" in suffix:
        payload = json.dumps({"id": "a1", "text": TEXT}, ensure_ascii=False)
    elif ".csv" in suffix:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["id", "text"], ["a1", TEXT]])
        payload = buffer.getvalue().replace("\r\n", "\n")
    else:
        payload = TEXT
    data = encode(payload)
    path = tmp_path / f"article{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    articles, skipped = _read(path)
    assert skipped == []
    assert [a.text for a in articles] == [TEXT]
    assert articles[0].id in ("a1", "article")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("Boris\x00 Johnson", "Boris Johnson"),
        ("bell\x07 and escape\x1b gone", "bell and escape gone"),
        ("tab\tstays\nnewline stays", "tab\tstays\nnewline stays"),
        ("Cafe\u0301", "Café"),  # NFC
        ("  padded  \n", "padded"),
        ("Pascal Pap&#233; (Bourgoin)", "Pascal Papé (Bourgoin)"),  # a scraper's character reference
        ("Caf&#xE9; R&amp;D &eacute;", "Café R&D é"),
        ("AT&T and M&S; &notaname; stay", "AT&T and M&S; &notaname; stay"),
        ("a&#0;b", "a\ufffdb"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("data", [bytes(range(256)) * 40, b"\x00\x01\x02" * 100, b"\x89PNG\r\n\x1a\n" + bytes(200)])
def test_binary_content_is_refused(data):
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data)


# -- formats ----------------------------------------------------------------------


def test_markdown_heading_becomes_the_title(tmp_path):
    (tmp_path / "story.md").write_text("# Leaders meet\n\nMerkel met Macron in Berlin.", encoding="utf-8")
    [article], _ = _read(tmp_path / "story.md")
    assert (article.id, article.title, article.text) == ("story", "Leaders meet", "Merkel met Macron in Berlin.")


def test_folder_ids_are_relative_paths_without_suffixes(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt.gz").write_bytes(gzip.compress(b"Merkel met Macron."))
    (tmp_path / "a" / "two.md").write_text("Putin called Trump.", encoding="utf-8")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    articles, skipped = _read(tmp_path)
    assert [a.id for a in articles] == ["a/two", "a/b/one"]  # a folder's files, then its sub-folders, sorted
    # Every file is read or reported: the image is named, with the types that are read.
    assert [(s.source, s.reason.split(";")[0]) for s in skipped] == [(str(tmp_path / "ignored.png"), "unsupported file type .png")]


def test_csv_named_text_column_and_metadata_columns(tmp_path):
    path = tmp_path / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "headline", "body", "date", "url", "title"])
        writer.writerow(["n1", "h", "Merkel met Macron.\n\nThey talked, at length.", "2024-01-02", "https://example.org/1", "Talks"])
        writer.writerow(["", "h", "Putin called Trump.", "", "", ""])
        writer.writerow(["n3", "h", "   ", "", "", ""])
    articles, skipped = _read(path, text_column="body")
    assert [(a.id, a.title, a.date, a.url) for a in articles] == [
        ("n1", "Talks", "2024-01-02", "https://example.org/1"),
        ("news-3", None, None, None),
    ]
    assert articles[0].text == "Merkel met Macron.\n\nThey talked, at length."
    assert [s.source for s in skipped] == [f"{path}:row 4"] and "empty 'body'" in skipped[0].reason


def test_csv_without_the_text_column_is_skipped_with_a_hint(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,Merkel met Macron.\n", encoding="utf-8")
    articles, skipped = _read(path)
    assert articles == []
    assert "no 'text' column" in skipped[0].reason and "--text-column" in skipped[0].reason and "'body'" in skipped[0].reason


def test_jsonl_lines_split_on_newline_only(tmp_path):
    # U+2028 is a line separator to str.splitlines but legal inside a JSON string.
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": "Merkel met\u2028Macron."}, ensure_ascii=False) + "\n", encoding="utf-8")
    articles, skipped = _read(path)
    assert skipped == [] and len(articles) == 1 and articles[0].id == "r-1"


# -- what cannot be read -----------------------------------------------------------


def _make(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """Create one unusable input of ``kind``; return its path and the expected reason fragment."""
    if kind == "binary":
        (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 40)
        return tmp_path / "bin.txt", "binary"
    if kind == "empty":
        (tmp_path / "empty.txt").write_bytes(b"")
        return tmp_path / "empty.txt", "empty"
    if kind == "whitespace":
        (tmp_path / "blank.md").write_text(" \n\t\r\n ", encoding="utf-8")
        return tmp_path / "blank.md", "empty"
    if kind == "dir-named-like-file":
        (tmp_path / "x.txt").mkdir()
        (tmp_path / "x.txt" / "inner.txt").write_text("Hidden inside.", encoding="utf-8")
        return tmp_path / "x.txt", "directory"
    if kind == "symlink-loop":
        (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
        return tmp_path / "loop", "symlink loop"
    if kind == "dangling-symlink":
        (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
        return tmp_path / "gone.txt", "unreadable"
    if kind == "corrupt-gzip":
        (tmp_path / "bad.txt.gz").write_bytes(gzip.compress(b"Merkel met Macron.")[:-12] + b"garbage!")
        return tmp_path / "bad.txt.gz", "gzip"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["binary", "empty", "whitespace", "dir-named-like-file", "symlink-loop", "dangling-symlink", "corrupt-gzip"])
def test_unusable_inputs_in_a_folder_are_skipped_with_a_reason(tmp_path, kind):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Merkel met Macron in Berlin.", encoding="utf-8")
    bad, fragment = _make(corpus, kind)
    articles, skipped = _read(corpus)
    assert [a.id for a in articles] == ["good"]
    assert [s.source for s in skipped] == [str(bad)]
    assert fragment in skipped[0].reason.lower()


def test_permission_denied_is_skipped(tmp_path, monkeypatch):
    import extract.sources as sources

    (tmp_path / "good.txt").write_text("Merkel met Macron.", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("Putin called Trump.", encoding="utf-8")
    real_open = sources._open_binary

    def guarded(path, compressed):
        if path.name == "secret.txt":  # root ignores chmod, so refuse the way the OS would
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, compressed)

    monkeypatch.setattr(sources, "_open_binary", guarded)
    articles, skipped = _read(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert skipped == [Skip(str(tmp_path / "secret.txt"), "unreadable: Permission denied")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_for_real(tmp_path):
    (tmp_path / "secret.txt").write_text("Putin called Trump.", encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    articles, skipped = _read(tmp_path)
    assert articles == [] and "Permission denied" in skipped[0].reason


@pytest.mark.parametrize(
    ("line", "fragment"),
    [("{not json", "malformed JSON"), ('["a", "list"]', "not a JSON object"), ('{"title": "no body"}', "no 'text'"), ('{"text": "  "}', "empty 'text'")],
)
def test_bad_jsonl_records_are_skipped_and_the_rest_read(tmp_path, line, fragment):
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join([json.dumps({"id": "ok-1", "text": "Merkel met Macron."}), line, "", json.dumps({"text": "Putin called Trump."})]), encoding="utf-8")
    articles, skipped = _read(path)
    assert [a.id for a in articles] == ["ok-1", "r-4"]
    assert [s.source for s in skipped] == [f"{path}:2"] and fragment in skipped[0].reason


def test_unsupported_file_named_directly_is_skipped(tmp_path):
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    articles, skipped = _read(tmp_path / "doc.pdf")
    assert articles == [] and "unsupported file type .pdf" in skipped[0].reason


def test_missing_input_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        _read(tmp_path / "typo")


# -- duplicates, limit, sample ---------------------------------------------------------


def test_identical_texts_are_processed_once_and_repeated_ids_get_suffixes():
    articles = [Article("a", "One."), Article("a", "Two."), Article("b", "One.", source="b.txt"), Article("a", "Three.")]
    skipped: list[Skip] = []
    kept = list(deduplicate(articles, skipped))
    assert [(a.id, a.text) for a in kept] == [("a", "One."), ("a~2", "Two."), ("a~3", "Three.")]
    assert skipped == [Skip("b.txt", "duplicate of article 'a'")]


def test_limit_takes_the_first_articles():
    articles = [Article(str(i), f"Text {i}.") for i in range(10)]
    assert [a.id for a in limit_articles(articles, 3)] == ["0", "1", "2"]
    assert len(list(limit_articles(articles, None))) == 10


def test_sample_is_deterministic_by_seed_and_keeps_input_order():
    articles = [Article(str(i), f"Text {i}.") for i in range(200)]
    first = [a.id for a in sample_articles(iter(articles), 10, seed=3)]
    assert first == [a.id for a in sample_articles(iter(articles), 10, seed=3)]
    assert first != [a.id for a in sample_articles(iter(articles), 10, seed=4)]
    assert len(set(first)) == 10 and first == sorted(first, key=int)
    assert len(sample_articles(iter(articles[:4]), 10)) == 4


def test_count_records_estimates_articles_for_the_progress_bar(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(b'{"text": "a"}\n\n{"text": "b"}\n'))
    (tmp_path / "n.csv").write_text("id,text\n1,a\n2,b\n3,c\n", encoding="utf-8")
    assert count_records([tmp_path]) == 1 + 2 + 3


# -- long texts ------------------------------------------------------------------------


@pytest.mark.parametrize("max_chars", [1, 7, 40, 100, 10_000])
@pytest.mark.parametrize(
    "text",
    [
        "First paragraph here. It has two sentences.\n\nSecond paragraph. Short.\n\nThird one is the last.",
        "One long paragraph without breaks " * 20,
        "x" * 250,
    ],
)
def test_split_text_loses_nothing_and_respects_the_limit(text, max_chars):
    pieces = split_text(text, max_chars)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= max_chars for p in pieces)


def test_split_text_prefers_paragraphs_then_sentences():
    text = "Alpha one. Alpha two.\n\nBeta one. Beta two. Beta three."
    assert split_text(text, 30) == ["Alpha one. Alpha two.\n\n", "Beta one. Beta two. ", "Beta three."]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Putin and Trump agree to halt attacks\nWashington and Moscow will talk.", "Putin and Trump agree to halt attacks"),
        ("Moscow\nThe pattern is repeating itself.", None),  # a dateline, not a headline
        ("Putin met Trump on Monday.\nThey talked.", None),  # a sentence
        ("Only a headline and nothing after it", None),
        ("Why did the summit fail?\"\nBecause nobody came.", "Why did the summit fail?\""),
    ],
)
def test_the_first_line_of_a_text_article_is_its_headline(text, title):
    from extract.sources import headline

    assert headline(text) == title


# -- hostile inputs: every file and record read or reported, never a traceback ---------------


def _ids(articles):
    return [a.id for a in articles]


def test_one_cp1252_byte_in_a_utf8_file_costs_one_character_and_a_warning(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("José Müller met Zoë in Köln.\n".encode() + "Sánchez".encode("cp1252") + b" spoke.\n")
    warnings: list[Skip] = []
    [article] = list(read_articles([path], [], warnings=warnings))
    assert article.text == "José Müller met Zoë in Köln.\nSánchez spoke."
    assert [w.source for w in warnings] == [str(path)] and "mixed encodings: 1 of 3 lines" in warnings[0].reason


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_records_are_decoded_line_by_line(tmp_path, suffix):
    path = tmp_path / f"r{suffix}"
    if suffix == ".jsonl":
        rows = [json.dumps({"id": "a", "text": "José Müller spoke."}, ensure_ascii=False).encode(), json.dumps({"id": "b", "text": "Sánchez spoke."}, ensure_ascii=False).encode("cp1252")]
    else:
        rows = [b"id,text", "a,José Müller spoke.".encode(), "b,Sánchez spoke.".encode("cp1252")]
    path.write_bytes(b"\n".join(rows) + b"\n")
    warnings: list[Skip] = []
    articles = list(read_articles([path], [], warnings=warnings))
    assert [a.text for a in articles] == ["José Müller spoke.", "Sánchez spoke."]
    assert len(warnings) == 1 and "mixed encodings" in warnings[0].reason


def test_a_cp1252_file_is_one_encoding_not_a_mix(tmp_path):
    (tmp_path / "w.txt").write_bytes("François met the café owner; £5.".encode("cp1252"))
    warnings: list[Skip] = []
    [article] = list(read_articles([tmp_path / "w.txt"], [], warnings=warnings))
    assert article.text == "François met the café owner; £5." and warnings == []


@pytest.mark.parametrize("nuls", [1, 4, 8])
def test_a_few_nul_bytes_in_good_text_are_stripped_not_binary(tmp_path, nuls):
    (tmp_path / "n.txt").write_bytes(b"Boris Johnson" + b"\x00" * nuls + b" met Narendra Modi in London.")
    articles, skipped = _read(tmp_path / "n.txt")
    assert skipped == [] and [a.text for a in articles] == ["Boris Johnson met Narendra Modi in London."]


def test_a_csv_row_after_an_unclosed_quote_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,text\na,"Merkel met Macron.\nb,Putin called Trump.\nc,Biden flew to Kyiv.\n', encoding="utf-8")
    articles, skipped = _read(path)
    assert [(a.id, a.text) for a in articles] == [("b", "Putin called Trump."), ("c", "Biden flew to Kyiv.")]
    assert [s.source for s in skipped] == [f"{path}:line 2"] and "unclosed quote" in skipped[0].reason


def test_a_quoted_field_spanning_lines_is_not_an_unclosed_quote(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text('id,text\na,"Merkel met Macron.\n\nThey talked."\nb,12" screens were sold.', encoding="utf-8")
    articles, skipped = _read(path)
    assert skipped == [] and _ids(articles) == ["a", "b"]


def test_ids_stay_unique_when_an_input_already_uses_a_suffix():
    articles = [Article("x~2", "One."), Article("x", "Two."), Article("x", "Three."), Article("x", "Four.")]
    ids = _ids(deduplicate(articles, []))
    assert ids == ["x~2", "x", "x~3", "x~4"] and len(set(ids)) == len(ids)


def test_every_file_type_is_read_or_reported(tmp_path):
    import bz2
    import lzma

    (tmp_path / "a.text").write_text("Merkel met Macron in Berlin.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><head><title>Talks</title><style>p{}</style></head><body><p>Putin called Trump.</p><script>alert(1)</script></body></html>", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"id": "c1", "text": "Biden flew to Kyiv."}, {"id": "c2", "text": "Scholz stayed home."}]), encoding="utf-8")
    (tmp_path / "d.txt.bz2").write_bytes(bz2.compress(b"Modi visited Paris."))
    (tmp_path / "e.jsonl.xz").write_bytes(lzma.compress(b'{"id": "e1", "text": "Lula met Xi."}\n'))
    (tmp_path / ".hidden.txt").write_text("Not read.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "f.docx").write_bytes(b"PK\x03\x04")
    articles, skipped = _read(tmp_path)
    assert {a.id: a.text for a in articles} == {
        "a": "Merkel met Macron in Berlin.", "b": "Putin called Trump.", "c1": "Biden flew to Kyiv.", "c2": "Scholz stayed home.",
        "d": "Modi visited Paris.", "e1": "Lula met Xi.",
    }
    assert next(a for a in articles if a.id == "b").title == "Talks"
    reasons = {Path(s.source).name: s.reason for s in skipped}
    assert set(reasons) == {".hidden.txt", ".git", "f.docx"}
    assert "hidden" in reasons[".hidden.txt"] and "hidden" in reasons[".git"] and "unsupported file type .docx" in reasons["f.docx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_an_article_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "good.txt").write_text("Merkel met Macron.", encoding="utf-8")
    articles, skipped = _read(tmp_path)  # would block for ever if the FIFO were opened for reading
    assert _ids(articles) == ["good"] and "FIFO" in skipped[0].reason


def test_a_device_named_directly_is_refused(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    articles, skipped = _read(tmp_path / "zero.txt")
    assert articles == [] and "character device" in skipped[0].reason


def test_symlinks_out_of_the_input_folder_are_refused_unless_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Putin called Trump.", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Merkel met Macron.", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "inside.txt").symlink_to(corpus / "good.txt")  # inside the folder: read (a duplicate later)
    articles, skipped = _read(corpus)
    assert _ids(articles) == ["good", "inside"]
    assert sorted(Path(s.source).name for s in skipped) == ["elsewhere", "passwd.txt"]
    assert all("outside" in s.reason and "--follow-symlinks" in s.reason for s in skipped)
    followed, skipped = _read(corpus, follow_symlinks=True)
    assert sorted(_ids(followed)) == ["elsewhere/secret", "good", "inside", "passwd"] and skipped == []


@pytest.mark.parametrize("form", ["plain", "gzip-bomb", "jsonl-line", "jsonl-gzip-line", "csv-field"])
def test_articles_over_the_size_limit_are_refused_with_their_size(tmp_path, form):
    big = b"word " * 40_000  # 200 KB against a 64 KB limit
    if form == "plain":
        path, data = tmp_path / "big.txt", big
    elif form == "gzip-bomb":
        path, data = tmp_path / "big.txt.gz", gzip.compress(big * 500)  # 100 MB expanded, 0.1 MB stored
    elif form.startswith("jsonl"):
        line = b'{"id": "big", "text": "' + big + b'"}\n'
        path, data = tmp_path / ("big.jsonl.gz" if "gzip" in form else "big.jsonl"), line
        data = gzip.compress(data + b'{"id": "ok", "text": "Merkel met Macron."}\n') if "gzip" in form else data + b'{"id": "ok", "text": "Merkel met Macron."}\n'
    else:
        path, data = tmp_path / "big.csv", b'id,text\nbig,"' + big + b'"\nok,Merkel met Macron.\n'
    path.write_bytes(data)
    articles, skipped = _read(path, max_bytes=65536)
    assert len(skipped) == 1 and "limit" in skipped[0].reason and "--max-article-mb" in skipped[0].reason
    assert _ids(articles) == ([] if form in ("plain", "gzip-bomb") else ["ok"])  # the records after a huge one are read


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"id": "a", "text": {"nested": ' * 3000 + "1" + "}" * 3001, "nested too deeply"),
        ('{"id": [1], "text": "Merkel met Macron."}', "'id' must be a string or a number"),
        ('{"id": "a", "text": 5}', "'text' is not text"),
    ],
)
def test_hostile_json_records_are_reported_and_the_rest_read(tmp_path, line, fragment):
    path = tmp_path / "r.jsonl"
    path.write_text(line + "\n" + json.dumps({"id": "ok", "text": "Putin called Trump."}) + "\n", encoding="utf-8")
    articles, skipped = _read(path)
    assert _ids(articles) == ["ok"]
    assert [s.source for s in skipped] == [f"{path}:1"] and fragment in skipped[0].reason


def test_a_5000_digit_id_and_lone_surrogates_are_read_not_fatal(tmp_path):
    path = tmp_path / "r.jsonl"
    digits = "7" * 5000
    path.write_text(f'{{"id": {digits}, "text": "Merkel met Macron."}}\n{{"id": "s", "title": "Bad \\ud800 title", "text": "Lone \\udc00 surrogate."}}\n', encoding="utf-8")
    warnings: list[Skip] = []
    articles = list(read_articles([path], [], warnings=warnings))
    assert _ids(articles) == ["r-1", "s"] and "id of 5000 characters" in warnings[0].reason
    assert articles[1].text == "Lone \ufffd surrogate." and articles[1].title == "Bad \ufffd title"
    from extract.sources import content_hash

    content_hash(articles[1].text)  # encodable as UTF-8


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Merkel met Macron.", encoding="utf-8")
    [article], skipped = _read(tmp_path)
    assert article.id == "caf\\xe9" and article.source.endswith("caf\\xe9.txt") and skipped == []
    article.source.encode("utf-8")


def test_millions_of_skips_keep_a_bounded_list_and_a_full_count():
    from extract.sources import SkipLog

    log = SkipLog(keep=10)
    for n in range(50_000):
        log.append(Skip(f"r.jsonl:{n}", f"malformed JSON: Expecting value at column {n}"))
    log.append(Skip("a.txt", "duplicate of article 'b'"))
    assert len(log) == 50_001 and len(log.kept) == 10 and log.omitted == 49_991
    assert log.summary() == {"malformed JSON": 50_000, "duplicate of article": 1}


def test_count_records_is_bounded_and_skips_what_it_cannot_read(tmp_path):
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(b"x" * 50_000_000))
    (tmp_path / "r.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    assert count_records([tmp_path], budget=1_000_000) == 2 + 1  # the bomb's one (endless) line counts once
