"""benchmarks/build_ratio.py: its timers and its breakdown add up."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    spec = importlib.util.spec_from_file_location("build_ratio_benchmark", ROOT / "benchmarks" / "build_ratio.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_ratio = _load_script()


def test_iterate_times_the_producer_only_and_keeps_the_items():
    timings = build_ratio.Timings()
    assert list(timings.iterate("gen", iter([1, 2, 3]))) == [1, 2, 3]
    assert timings.seconds["gen"] >= 0 and timings.cpu["gen"] >= 0
    wrapped = timings.wrap_generator("gen2", lambda n: (i * i for i in range(n)))
    assert list(wrapped(4)) == [0, 1, 4, 9]
    assert timings.wrap("f", lambda a, b=0: a + b)(2, b=3) == 5 and "f" in timings.seconds


def test_exclusive_times_of_a_generator_chain():
    own = build_ratio.exclusive({"input": 1.0, "tagger": 3.0, "parser": 7.5}, ["input", "tagger", "parser"])
    assert own == {"input": 1.0, "tagger": 2.0, "parser": 4.5}


def test_breakdown_splits_every_stage_out_of_its_parents():
    chain = ["tokenizer (and reading)", "tok2vec", "ner"]
    raw = {
        "read": 0.5, "parse.tokenizer (and reading)": 1.5, "parse.tok2vec": 6.0, "parse.ner": 10.0, "model load": 1.0,
        "extract.total": 4.0, "extract.entities (names + coref)": 1.5, "extract.names": 1.0, "extract.coref": 0.5,
        "extractor clauses.v2": 1.0, "extract.qualify": 0.5, "graph.total": 1.0, "graph.resolution": 0.25,
        "build() (read, parse, extract, graph)": 16.5, "exports.total (wall)": 2.0, "report": 0.1, "cli": 19.0,
        "export turtle": 0.7,
    }
    stages = build_ratio.breakdown(raw, chain)
    assert stages["parse.tokenizer"] == 1.0 and stages["parse.tok2vec"] == 4.5 and stages["parse (all components)"] == 9.5
    assert stages["extract.other (head index, verbless lines, dedup, sort)"] == 1.0  # 4.0 - 1.5 - 1.0 - 0.5
    assert stages["graph.build (networkx, edges)"] == 0.75
    assert stages["build() glue (executor, report dict)"] == 16.5 - 1.0 - 0.5 - 9.5 - 4.0 - 1.0
    assert stages["cli glue (lock, staging folder, swap)"] == round(19.0 - 16.5 - 2.0 - 0.1, 3)
    assert stages["export turtle"] == 0.7


def test_each_timer_counts_cpu_beside_wall():
    timings = build_ratio.Timings()
    busy = timings.wrap("busy", lambda: sum(i * i for i in range(200_000)))
    busy()
    assert 0 < timings.cpu["busy"] <= timings.seconds["busy"] * 1.5 + 0.01
    assert build_ratio.breakdown({**timings.cpu, "cli": timings.cpu["busy"]}, [])["cli total (in process)"] == round(timings.cpu["busy"], 3)
