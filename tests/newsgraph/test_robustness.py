"""Messy corpora: bad inputs are reported and skipped, outputs are never left half-written."""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.lock import output_lock

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOOD = "Angela Merkel met Emmanuel Macron in Berlin on Monday. Merkel praised the French president."


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, **kwargs)


def make_messy_corpus(root: Path) -> dict[str, str]:
    """Every kind of bad input beside good ones; returns {file: expected skip reason fragment}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "good2.txt").write_text(GOOD, encoding="utf-8")
    (root / "latin1.txt").write_bytes("François Hollande visited Lyon in the café district.".encode("cp1252"))
    (root / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Olaf Scholz spoke with Joe Biden in Washington.".encode("utf-16-le"))
    (root / "nul.txt").write_bytes(b"Boris Johnson\x00 met Narendra Modi in London.")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("  \n\t\n", encoding="utf-8")
    (root / "folder.txt").mkdir()
    (root / "records.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "rec-1", "text": "Jacinda Ardern met Scott Morrison in Sydney.", "title": "Leaders meet"}),
                "{not json",
                json.dumps({"id": "rec-2", "title": "no text here"}),
                json.dumps(["a", "list"]),
            ]
        ),
        encoding="utf-8",
    )
    (root / "loop").symlink_to(root, target_is_directory=True)
    # A long line with no punctuation (a scraped table); texts over spaCy's
    # max_length are covered by the chunking tests of test_pipeline.py.
    (root / "huge-line.txt").write_text("Kofi Annan addressed the United Nations in New York. " + "word " * 30_000, encoding="utf-8")
    return {
        "good2.txt": "duplicate",
        "binary.txt": "binary",
        "empty.txt": "empty",
        "blank.md": "empty",
        "folder.txt": "directory",
        "records.jsonl:2": "malformed JSON",
        "records.jsonl:3": "no 'text'",
        "records.jsonl:4": "not a JSON object",
        "loop": "symlink loop",
    }


@pytest.fixture(scope="module")
def messy_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("messy")
    expected = make_messy_corpus(base / "corpus")
    out = base / "out"
    result = _cli("build", str(base / "corpus"), "--out", str(out))
    return result, out, expected


def test_messy_build_succeeds(messy_build):
    result, out, _ = messy_build
    assert result.returncode == 0, result.stderr
    for name in ("graph.ttl", "graph.html", "graph.graphml", "statements.jsonl", "report.json"):
        assert (out / name).exists()


def test_every_bad_input_is_reported_with_its_reason(messy_build):
    result, out, expected = messy_build
    report = json.loads((out / "report.json").read_text())
    reasons = {skip["source"]: skip["reason"] for skip in report["skipped"]}
    for name, fragment in expected.items():
        matches = [reason for source, reason in reasons.items() if source.endswith(name)]
        assert matches, f"{name} not reported; got {sorted(reasons)}"
        assert any(fragment.lower() in m.lower() for m in matches), (name, matches)
        assert name.split(":")[0] in result.stderr


def test_readable_articles_all_reach_the_graph(messy_build):
    _, out, _ = messy_build
    labels = set()
    for line in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        labels.update([record["subject"], record["object"]])
    text = (out / "graph.graphml").read_text(encoding="utf-8") + " ".join(labels)
    for name in ("Merkel", "Hollande", "Scholz", "Johnson", "Ardern", "Annan"):
        assert name in text, name
    report = json.loads((out / "report.json").read_text())
    assert report["articles_read"] == 6  # good, latin1, utf16, nul, rec-1, huge-line

def test_nothing_readable_is_a_clear_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = _cli("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "No article could be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_build_into_a_locked_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        result = _cli("build", str(SEEDS), "--out", str(out))
    assert result.returncode == 2
    assert "Another newsgraph build" in result.stderr


def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _cli("build", str(SEEDS), "--out", str(blocker / "out"))
    assert result.returncode == 2
    assert "Cannot write to output folder" in result.stderr


def _bigger_corpus(root: Path, copies: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            (root / f"{n:03d}-{seed.name}").write_text(f"Edition {n}. " + seed.read_text(encoding="utf-8"), encoding="utf-8")
    return root


@pytest.mark.slow
def test_killed_build_leaves_previous_outputs_whole(tmp_path):
    out = tmp_path / "out"
    assert _cli("build", str(SEEDS), "--out", str(out), "--quiet", "--no-cache").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    bigger = _bigger_corpus(tmp_path / "bigger", 8)
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert _cli("build", str(bigger), "--out", str(reference), "--quiet", "--no-cache").returncode == 0
    full = time.monotonic() - started
    after = {name: (reference / name).read_bytes() for name in before if name != "report.json"}

    for fraction in (0.3, 0.7, 0.9, 0.97):
        proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "build", str(bigger), "--out", str(out), "--quiet", "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sides = set()
        for name, old in before.items():
            if name == "report.json":
                continue
            current = (out / name).read_bytes()
            assert current in (old, after[name]), f"{name} is neither the old nor the new output after a kill at {fraction:.0%}"
            sides.add("old" if current == old else "new")
        # The set too: never the old graph beside the new statements (or report).
        report = json.loads((out / "report.json").read_text())
        sides.add("old" if report["articles_read"] == 5 else "new")
        assert len(sides) == 1, f"old and new outputs mixed after a kill at {fraction:.0%}"
    os.sync()
