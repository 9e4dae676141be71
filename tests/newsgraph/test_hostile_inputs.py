"""A corpus built by an attacker: bombs, endless files, huge and broken records, hostile names.

Memory is proven bounded by running under ``RLIMIT_AS`` in a subprocess: a
reader that tried to hold a 4 GiB bomb would die with MemoryError there. The
stand-ins are small on disk (a 4 GiB bomb is 4 MB of repeated gzip members)
and the whole file runs in well under a minute.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = "Angela Merkel met Emmanuel Macron in Berlin on Monday. Merkel praised the French president."
GIB = 2**30
_MEMBER = 64 * 2**20


def _gzip_bomb(path: Path, head: bytes, expanded: int) -> Path:
    """A gzip file of ``expanded`` bytes ("a" after ``head``, no newline): repeated members, so it costs
    seconds to make, megabytes on disk, and a reader that is not bounded gigabytes of memory."""
    member = gzip.compress(b"a" * _MEMBER, compresslevel=9)
    with path.open("wb") as handle:
        handle.write(gzip.compress(head))
        for _ in range(expanded // _MEMBER):
            handle.write(member)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bombs")
    big = root / "big.txt"
    with big.open("wb") as handle:  # a 50 MB "article": one paragraph of words
        line = (GOOD + " ").encode() * 1000
        while handle.tell() < 50 * 2**20:
            handle.write(line)
    zero = root / "zero.txt"
    zero.symlink_to("/dev/zero")
    return {
        "txt.gz bomb (4 GiB)": _gzip_bomb(root / "bomb.txt.gz", b"", 4 * GIB),
        "jsonl.gz one 4 GiB line": _gzip_bomb(root / "line.jsonl.gz", b'{"id": "x", "text": "', 4 * GIB),
        "symlink to /dev/zero": zero,
        "50 MB article": big,
    }


_READER = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
    from extract.sources import read_articles
    skipped = []
    articles = list(read_articles([sys.argv[1]], skipped))
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print(json.dumps({"articles": len(articles), "skipped": [s.reason for s in skipped], "peak_rss_mib": round(peak / 1024, 1)}))
    """
)


@pytest.mark.parametrize("name", ["txt.gz bomb (4 GiB)", "jsonl.gz one 4 GiB line", "symlink to /dev/zero", "50 MB article"])
def test_memory_is_bounded_on_bombs_endless_files_and_huge_articles(bombs, name):
    limit = 1 * GIB  # the reader with spaCy's stop words imported needs about 250 MB of address space
    result = subprocess.run([sys.executable, "-c", _READER, str(bombs[name]), str(limit)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    assert outcome["articles"] == 0 and len(outcome["skipped"]) == 1, outcome
    reason = outcome["skipped"][0]
    assert ("limit" in reason and "--max-article-mb" in reason) or "character device" in reason, reason
    assert outcome["peak_rss_mib"] < 200, outcome  # 5 MB read at most, whatever the input claims


# -- one build over every hostile record ------------------------------------------------------


def _hostile_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(corpus / "x.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text("Olaf Scholz spoke with Joe Biden in Washington.", encoding="utf-8")
    (corpus / "nuls.txt").write_bytes(b"Boris Johnson\x00\x00\x00\x00 met Narendra Modi in London.")
    (corpus / "mixed.txt").write_bytes("José Müller met Jacinda Ardern in Wellington.\n".encode() + "Sánchez".encode("cp1252") + b" was there.\n")
    (corpus / "terminal.txt").write_text("\x1b]0;owned\x07Viktor Orban met \u202eVladimir Putin\u202c in Budapest.", encoding="utf-8")
    records = [
        "[" * 100_000 + "]" * 100_000,
        '{"id": ' + "9" * 5000 + ', "text": "Kofi Annan addressed the United Nations in New York."}',
        '{"id": "surrogate", "title": "Bad \\ud800 title", "text": "Lone \\udc00 surrogate: Emmanuel Macron met Olaf Scholz."}',
        '{"id": "ctrl\\u0001id", "text": "Justin Trudeau met Joe Biden in Ottawa."}',
        '{"id": "x~2", "text": "Narendra Modi visited Tokyo."}',
        '{"id": "x", "text": "Fumio Kishida visited Seoul."}',
        '{"id": "x", "text": "Yoon Suk Yeol visited Paris."}',
        *["{not json"] * 100_000,
    ]
    (corpus / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (corpus / "rows.csv").write_text('id,text\nopen,"Rishi Sunak met\nclosed,Giorgia Meloni met Olaf Scholz in Rome.\n', encoding="utf-8")
    _gzip_bomb(corpus / "bomb.txt.gz", b"", 256 * 2**20)
    return corpus


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    corpus = _hostile_corpus(base)
    out = base / "out"
    result = subprocess.run(
        [sys.executable, "-m", "newsgraph", "build", str(corpus), "--out", str(out), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    return result, out


def test_a_hostile_corpus_builds_without_a_traceback(hostile_build):
    result, out = hostile_build
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 25, "the terminal lists at most 20 skips, then a count"
    assert "100000 malformed JSON" in result.stderr


def test_the_report_stays_small_and_names_every_kind_of_refusal(hostile_build):
    _, out = hostile_build
    assert (out / "report.json").stat().st_size < 1_000_000
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["skipped_by_reason"]["malformed JSON"] == 100_000
    assert report["articles_skipped"] == len(report["skipped"]) + report["skipped_omitted"]
    reasons = {Path(s["source"]).name.split(":")[0] + ":" + s["reason"].split(";")[0] for s in report["skipped"]}
    for fragment in ("x.txt:a FIFO", "passwd.txt:symlink to a file outside", "zero.txt:symlink to a file outside", "bomb.txt.gz:article of more than", "records.jsonl:JSON nested too deeply", "rows.csv:unclosed quote"):
        assert any(r.startswith(fragment) for r in reasons), (fragment, sorted(reasons)[:20])
    assert any("mixed encodings" in w["reason"] for w in report["warnings"])


def test_every_readable_article_arrives_once_under_a_unique_id(hostile_build):
    _, out = hostile_build
    statements = [json.loads(line) for line in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    text = json.dumps(statements, ensure_ascii=False)
    assert "root:x:0" not in text  # /etc/passwd was not read
    ids = {s["article_id"] for s in statements}
    assert {"x~2", "x", "x~3", "surrogate", "caf\\xe9", "nuls", "mixed"} <= ids, sorted(ids)
    assert "Sánchez" in text or "Müller" in text
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["articles_read"] >= 12


def test_no_control_or_bidi_character_reaches_a_label_and_graphml_is_valid(hostile_build):
    _, out = hostile_build
    ET.parse(out / "graph.graphml")
    for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for label in [record["label"], *record["aliases"]]:
            assert not any(ch in label for ch in "\x1b\x07\u202e\u202c\x01"), label


def test_explain_shows_terminal_escapes_instead_of_obeying_them(tmp_path, capsys):
    from newsgraph.cli import main

    record = {
        "id": "person/mallory", "label": "Mallory\x1b[2J\u202e", "type": "person", "aliases": ["Mal\x1b]0;owned\x07"], "roles": [],
        "mention_count": 1, "articles": ["a"], "sentences": [], "merged_from": [],
    }
    (tmp_path / "entities.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    main(["explain", "person/mallory", "--graph", str(tmp_path)])
    shown = capsys.readouterr().out
    assert "Mallory" in shown and "\\x1b[2J" in shown and "\\u202e" in shown
    assert not any(ch in shown for ch in "\x1b\x07\u202e")


def test_texts_given_to_the_api_lose_their_control_and_bidi_characters():
    from newsgraph.pipeline import as_articles

    [article, plain] = as_articles([{"id": "a\x1b[2J", "text": "Putin\x1b[31m met \u202eTrump\u202c.", "title": "\u2066T\u2069"}, "Merkel met Macron."])
    assert (article.id, article.text, article.title) == ("a[2J", "Putin[31m met Trump.", "T")
    assert plain.text == "Merkel met Macron."
