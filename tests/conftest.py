"""Shared fixtures. The model-backed ones parse once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from extract.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_kg():
    """The knowledge graph of the five seed articles, built once."""
    import newsgraph

    return newsgraph.build([SEEDS])


@pytest.fixture(scope="session")
def seed_out(seed_kg, tmp_path_factory):
    """The seed graph exported in every registered format into one folder."""
    import newsgraph

    out = tmp_path_factory.mktemp("seed_out")
    newsgraph.export(seed_kg, out, newsgraph.exporter_names())
    newsgraph.write_report(seed_kg, out)
    return out
