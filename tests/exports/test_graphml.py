import json
from dataclasses import replace

import networkx as nx
import pytest

from exports.graphml import flat_graph


def test_graphml_round_trips_through_networkx(seed_out, seed_kg):
    g = nx.read_graphml(seed_out / "graph.graphml", force_multigraph=True)
    assert g.number_of_nodes() == seed_kg.graph.number_of_nodes()
    assert g.number_of_edges() == seed_kg.graph.number_of_edges()


def test_flat_graph_has_only_scalar_attributes(seed_kg):
    flat = flat_graph(seed_kg)
    for _, data in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    for _, _, data in flat.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
        evidence = json.loads(data["evidence"])
        assert evidence and all({"doc_id", "sentence", "confidence"} <= set(e) for e in evidence)


def test_lists_become_semicolon_joined_strings(seed_kg):
    flat = flat_graph(seed_kg)
    node, data = next((n, d) for n, d in seed_kg.graph.nodes(data=True) if d["articles"])
    assert flat.nodes[node]["articles"] == "; ".join(data["articles"])


def test_edges_carry_qualifier_texts_and_the_earliest_report_date(kg_factory):
    ev = kg_factory.evidence
    first = ev("a1", "Trump spoke with Putin by phone on Thursday.", "spoke with", 0.9)
    first["qualifiers"] = [
        {"kind": "manner", "text": "by phone", "span": [23, 31], "value": None},
        {"kind": "time", "text": "on Thursday", "span": [32, 43], "value": "2025-10-16"},
    ]
    second = ev("a2", "Trump spoke with Putin again on Friday.", "spoke with", 0.8)
    second["qualifiers"] = [{"kind": "time", "text": "on Friday", "span": [29, 38], "value": "2025-10-17"}]
    kg = kg_factory(
        [("person/donald-trump", "Donald Trump", "person", []), ("person/vladimir-putin", "Vladimir Putin", "person", [])],
        [("person/donald-trump", "person/vladimir-putin", "speak with", [first, second])],
    )
    kg.articles["a1"] = replace(kg.articles["a1"], date="2025-10-16")
    (data,) = (d for _, _, d in flat_graph(kg).edges(data=True))
    assert data["time"] == "on Thursday | on Friday"
    assert data["manner"] == "by phone"
    assert data["place"] == data["quantity"] == data["duration"] == ""
    assert data["reported_on"] == "2025-10-16"
    assert all(isinstance(v, (str, int, float, bool)) for v in data.values())


def _write(kg, tmp_path):
    from exports.graphml import write_graphml

    path = tmp_path / "graph.graphml"
    write_graphml(kg, path)
    return path


@pytest.mark.parametrize(
    "hostile",
    ["doc\x01id", "ctrl\x0b\x0c\x1b[2J", "lone \ud800 surrogate", "non\ufffechar", "bidi\u202eflip"],
)
def test_graphml_is_valid_xml_whatever_the_ids_and_labels_hold(kg_factory, tmp_path, hostile):
    import xml.etree.ElementTree as ET

    ev = kg_factory.evidence(hostile, f"Trump met {hostile}.", "met", 0.9)
    kg = kg_factory(
        [(f"person/{hostile}", hostile, "person", [hostile]), ("person/donald-trump", "Donald Trump", "person", [])],
        [("person/donald-trump", f"person/{hostile}", f"meet {hostile}", [ev])],
    )
    path = _write(kg, tmp_path)
    ET.parse(path)  # raises on a character XML cannot hold
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == 2 and g.number_of_edges() == 1


def test_graphml_edge_ids_are_unique_and_the_relation_is_an_attribute(seed_out, seed_kg):
    import xml.etree.ElementTree as ET

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    edges = ET.parse(seed_out / "graph.graphml").getroot().findall(".//g:edge", ns)
    ids = [e.get("id") for e in edges]
    assert len(ids) == seed_kg.graph.number_of_edges() == len(set(ids))
    assert all(" " not in i for i in ids)
    g = nx.read_graphml(seed_out / "graph.graphml", force_multigraph=True)
    assert sorted(d["relation"] for _, _, d in g.edges(data=True)) == sorted(k for _, _, k in seed_kg.graph.edges(keys=True))


def _networkx_bytes(kg):
    """What the writer wrote before it wrote text itself: networkx's GraphMLWriter over flat_graph."""
    import io

    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(kg), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def test_graphml_is_the_file_networkx_writes_byte_for_byte(seed_kg, tmp_path):
    assert _write(seed_kg, tmp_path).read_bytes() == _networkx_bytes(seed_kg)


@pytest.mark.parametrize(
    "hostile",
    ["doc\x01id", "lone \ud800 surrogate", 'quote " & <tag> \'apos\'', "tab\tnew\nline\rreturn", "  padded  ", "non\ufffechar", "bidi\u202eflip"],
)
def test_graphml_escapes_as_networkx_and_elementtree_do(kg_factory, tmp_path, hostile):
    ev = kg_factory.evidence(hostile, f"Trump met {hostile}.", "met", 0.9)
    kg = kg_factory(
        [(f"person/{hostile}", hostile, "person", [hostile]), ("person/donald-trump", "Donald Trump", "person", []), ("person/x", "", "person", [])],
        [("person/donald-trump", f"person/{hostile}", f"meet {hostile}", [ev])],
    )
    assert _write(kg, tmp_path).read_bytes() == _networkx_bytes(kg)


def test_ids_that_clean_up_alike_are_one_node_as_in_the_flat_copy(kg_factory, tmp_path):
    ev = kg_factory.evidence("a1", "Trump met X.", "met", 0.9)
    kg = kg_factory(
        [("person/x\x01", "X", "person", []), ("person/x\\x01", "X", "person", []), ("person/donald-trump", "Donald Trump", "person", [])],
        [("person/donald-trump", "person/x\x01", "meet", [ev]), ("person/donald-trump", "person/x\\x01", "meet", [ev])],
    )
    data = _write(kg, tmp_path).read_bytes()
    assert data == _networkx_bytes(kg)
    assert nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True).number_of_nodes() == 2


def test_an_empty_graph_is_an_empty_graphml_document(kg_factory, tmp_path):
    kg = kg_factory([], [])
    assert _write(kg, tmp_path).read_bytes() == _networkx_bytes(kg)
