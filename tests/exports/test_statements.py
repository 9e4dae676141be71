import json

from exports.statements import generate_statements, statement_record

REQUIRED = {
    "subject", "relation", "predicate", "object", "subject_id", "object_id", "subject_span", "object_span",
    "article_id", "sentence_index", "sentence", "start_char", "end_char", "extractor", "extractor_version",
    "confidence", "negated", "modality", "attribution",
}


def test_one_line_per_statement_in_stable_order(seed_kg, seed_out):
    lines = (seed_out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(seed_kg.statements)
    assert lines == list(generate_statements(seed_kg))


def test_every_record_has_full_provenance(seed_kg):
    for gs in seed_kg.statements:
        record = statement_record(gs)
        assert REQUIRED <= set(record)
        assert record["sentence"] and record["article_id"]


def test_offsets_point_into_the_article_text(seed_kg, seed_out):
    from pathlib import Path

    from extract.sources import read_articles

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    texts = {a.id: a.text for a in read_articles([seeds])}
    for line in (seed_out / "statements.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = texts[r["article_id"]]
        assert text[r["sentence_start"] : r["sentence_start"] + len(r["sentence"])] == r["sentence"]
        # An argument may leave out inner tokens (a relative clause, a comma), so
        # its span is the stretch from its first to its last word.
        for text_key, span_key in (("subject", "subject_span"), ("object", "object_span")):
            start, end = r[span_key]
            words = r[text_key].split()
            assert text[start:end].startswith(words[0]) and text[start:end].endswith(words[-1]), (r[text_key], text[start:end])


def test_linked_ids_are_graph_nodes(seed_kg):
    for gs in seed_kg.statements:
        for gid in (gs.subject_id, gs.object_id):
            assert gid is None or gid in seed_kg.graph



def test_qualifiers_and_report_date_reach_every_record(seed_kg, seed_out):
    records = [json.loads(line) for line in (seed_out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("qualifiers" in r and "reported_on" in r for r in records)
    qualifiers = [q for r in records for q in r["qualifiers"]]
    assert {"kind", "text", "span", "value"} == set(qualifiers[0])
    assert {"time", "manner"} <= {q["kind"] for q in qualifiers}
    assert any(q["kind"] == "manner" and q["text"] == "by phone" for q in qualifiers)
    assert all(r["reported_on"] == seed_kg.articles[r["article_id"]].date for r in records)


def test_reported_on_is_the_article_date(seed_kg):
    from dataclasses import replace

    from graph.model import KnowledgeGraph

    dated = KnowledgeGraph(
        graph=seed_kg.graph, entities=seed_kg.entities, statements=seed_kg.statements,
        articles={aid: replace(info, date="2025-10-16") for aid, info in seed_kg.articles.items()},
    )
    assert {json.loads(line)["reported_on"] for line in generate_statements(dated)} == {"2025-10-16"}
