"""Fixtures for the explorer tests: a hand-built graph and one headless Chromium per session."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from graph.model import ArticleInfo, Entity, KnowledgeGraph

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1400,900",
)
#: A sentence that would run script if any article text reached innerHTML.
HOSTILE_SENTENCE = (
    'Mallory said <script>window.__pwned = "script"</script> and '
    '<img src=x onerror="window.__pwned = \'img\'"> were harmless.'
)


def _evidence(doc_id: str, sentence: str, relation: str, confidence: float, **flags) -> dict:
    return {
        "doc_id": doc_id, "sentence_index": 0, "sentence": sentence, "start_char": 0, "end_char": len(sentence),
        "relation": relation, "subject_text": "", "object_text": "", "extractor": "test", "confidence": confidence,
        "negated": flags.get("negated", False), "modality": flags.get("modality"), "attribution": flags.get("attribution"),
    }


def make_kg(entities: list[tuple[str, str, str, list[str]]], edges: list[tuple[str, str, str, list[dict]]]) -> KnowledgeGraph:
    """A KnowledgeGraph from (id, label, type, aliases) and (subject, object, relation, evidence) rows."""
    graph = nx.MultiDiGraph()
    ents: dict[str, Entity] = {}
    articles: set[str] = set()
    for _, _, _, evidence in edges:
        articles.update(ev["doc_id"] for ev in evidence)
    for gid, label, etype, aliases in entities:
        docs = sorted({ev["doc_id"] for s, o, _, evs in edges if gid in (s, o) for ev in evs}) or ["a1"]
        articles.update(docs)
        ents[gid] = Entity(gid, label, etype, tuple(aliases), (), len(docs), tuple(docs))
        graph.add_node(gid, label=label, type=etype, aliases=list(aliases), roles=[], mentions=len(docs), articles=docs)
    for s, o, rel, evidence in edges:
        graph.add_edge(
            s, o, key=rel, predicate=rel, label=rel, surface=rel, weight=len(evidence),
            confidence=max(ev["confidence"] for ev in evidence), hedged=0.0,
            articles=sorted({ev["doc_id"] for ev in evidence}), evidence=evidence,
        )
    infos = {a: ArticleInfo(a, title=f"Title of {a}", date="2025-10-17") for a in sorted(articles)}
    return KnowledgeGraph(graph=graph, entities=ents, statements=[], articles=infos)


@pytest.fixture(scope="session")
def toy_kg() -> KnowledgeGraph:
    """Seven entities, five relations (one hostile sentence), one lone entity."""
    return make_kg(
        [
            ("person/volodymyr-zelensky", "Volodymyr Zelensky", "person", ["Zelenskiy", "Zelensky"]),
            ("person/donald-trump", "Donald Trump", "person", ["Trump"]),
            ("person/vladimir-putin", "Vladimir Putin", "person", ["Putin"]),
            ("place/budapest", "Budapest", "place", []),
            ("organization/nato", "NATO", "organization", []),
            ("person/mallory", "Mallory", "person", []),
            ("place/kyiv", "Kyiv", "place", ["Kiev"]),
        ],
        [
            ("person/donald-trump", "person/vladimir-putin", "speak with",
             [_evidence("a1", "Trump spoke with Putin on Thursday.", "spoke with", 0.9)]),
            ("person/donald-trump", "person/volodymyr-zelensky", "meet",
             [_evidence("a2", "Trump may meet Zelensky, officials said.", "meet", 0.6, modality="may", attribution="officials")]),
            ("person/vladimir-putin", "place/budapest", "meet in",
             [_evidence("a1", "Putin will meet Trump in Budapest.", "meet in", 0.8)]),
            ("person/volodymyr-zelensky", "organization/nato", "not join",
             [_evidence("a2", "Zelensky did not join NATO.", "join", 0.3, negated=True)]),
            ("person/mallory", "person/donald-trump", "praise", [_evidence("a3", HOSTILE_SENTENCE, "praise", 0.5)]),
        ],
    )


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session, with its console log kept."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("needs chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    import tempfile

    profile = tempfile.mkdtemp(prefix="newsgraph-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path, timeout: float = 30.0) -> float:
    """Open ``path`` via file://, wait until the graph is drawn; return seconds to interactive."""
    driver.get_log("browser")  # drop what earlier pages logged
    started = time.perf_counter()
    driver.get(Path(path).resolve().as_uri())
    while time.perf_counter() - started < timeout:
        if driver.execute_script("return document.body && document.body.dataset.ready === '1'"):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise AssertionError(f"{path} was not drawn within {timeout}s; console: {driver.get_log('browser')}")


@pytest.fixture(scope="session")
def load_page():
    """``load_page(driver, path)``: open via file://, wait until drawn, return the seconds it took."""
    return open_page


@pytest.fixture(scope="session")
def hostile_sentence() -> str:
    return HOSTILE_SENTENCE


@pytest.fixture(scope="session")
def kg_factory():
    """``kg_factory(entities, edges)``: see :func:`make_kg`; ``evidence(...)`` rows via ``kg_factory.evidence``."""
    make_kg.evidence = _evidence  # type: ignore[attr-defined]
    return make_kg
