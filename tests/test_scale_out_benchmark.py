"""benchmarks/scale_out.py: synthetic copies are new entities, and a run's export step writes and measures the streamed files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pyarrow.parquet as pq

from extract.model import Argument, Article, ArticleExtraction, LocalEntity, Mention, Provenance, Statement

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    spec = importlib.util.spec_from_file_location("scale_out_benchmark", ROOT / "benchmarks" / "scale_out.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scale_out = _load_script()


def _local(local_id: str, label: str, etype: str = "person", key: str = "") -> LocalEntity:
    mentions = (Mention(label, 0, len(label), 0, "name", "ner"),)
    return LocalEntity(local_id, label, etype, mentions, (), (), "", ("talks", "minister"), ((etype, 1.0),), key, False)


def _argument(text: str, start: int, entity: str) -> Argument:
    return Argument(text, start, start + len(text), text, start, entity, False)


def _corpus() -> list[ArticleExtraction]:
    out = []
    for n, (person, place) in enumerate((("Tony Blair", "London"), ("Gordon Brown", "Paris"), ("Tony Blair", "Paris"))):
        sentence = f"{person} visited {place}."
        place_at = sentence.index(place)
        provenance = Provenance(f"a{n}", 0, sentence, 0, 0, len(sentence), "test.svo")
        statement = Statement(_argument(person, 0, "e1"), "visited", "visit", _argument(place, place_at, "e2"), provenance, 0.8)
        out.append(ArticleExtraction(Article(f"a{n}", sentence, title=f"{person} in {place}"), (statement,),
                                     (_local("e1", person), _local("e2", place, "place"), _local("c1", "trade talks", "concept", "trade talks"))))
    return out


def test_copies_rename_the_names_and_keep_the_rest(tmp_path):
    tables = tmp_path / "x2" / "tables"
    info = scale_out.write_corpus(_corpus(), 2, tables)
    assert (info["copies"], info["articles"], info["shards"]) == (2, 6, 2)
    assert scale_out.write_corpus(_corpus(), 2, tables) == info  # complete: not written again
    first, second = (pq.read_table(p).to_pylist() for p in sorted((tables / "entities").glob("part-*.parquet")))
    assert {r["doc_id"] for r in second} == {"a0~0001", "a1~0001", "a2~0001"}
    assert {r["label"] for r in first} == {"Tony Blair", "Gordon Brown", "London", "Paris", "trade talks"}
    renamed = {r["label"] for r in second}
    assert "trade talks" in renamed  # a concept key is not a name
    assert not renamed & {"Tony Blair", "Gordon Brown", "London", "Paris"}
    for a, b in zip(first, second):  # the same rows in the same order, each name word for word the same length
        assert (a["doc_id"] + "~0001", a["local_id"]) == (b["doc_id"], b["local_id"])
        assert [len(w) for w in a["label"].split()] == [len(w) for w in b["label"].split()]


def test_the_export_step_writes_the_streamed_files_and_measures_them(tmp_path):
    from graph.resolve_duckdb import resolve_tables

    tables = tmp_path / "x1" / "tables"
    scale_out.write_corpus(_corpus(), 1, tables)
    out = tmp_path / "out"
    resolve_tables(tables, out)
    for fmt, name in scale_out.EXPORTS.items():
        result = scale_out.run_export(fmt, tables, out)
        assert result["bytes"] > 0 and result["wall_s"] >= 0
        assert not (out / name).exists()  # only its size is kept
    saved = tmp_path / "runs.json"
    scale_out._save(saved, [{"copies": 1}])
    assert json.loads(saved.read_text()) == {"runs": [{"copies": 1}]}
