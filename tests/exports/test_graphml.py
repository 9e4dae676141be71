import json

import networkx as nx

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
