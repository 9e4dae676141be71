"""Load-to-interactive time of ``graph.html`` in headless Chromium.

Opens each page from file:// with the network off (the flags our browser
tests use), waits until the graph is drawn, and times what a researcher
does first: a search that focuses an entity, a type filter and its reset.

    .venv/bin/newsgraph build seeds --out /tmp/seed-out -f html
    .venv/bin/python benchmarks/html_load.py /tmp/seed-out/graph.html --runs 5

Prints one JSON object per page: seconds from navigation to drawn (median
and worst of ``--runs`` cold loads, each in a fresh tab), in-page
milliseconds at "drawn", page size, entities in the page and drawn first,
the page's memory after load (JS heap used and total, DOM nodes, from the
DevTools Performance domain), and the milliseconds of each interaction.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1400,900",
)

# Runs in the page: each interaction timed with performance.now() (vis redraws synchronously on DataSet updates).
INTERACTIONS_JS = """
const out = {};
const busiest = NODES.slice().sort((a, b) => a.ng_rank - b.ng_rank)[0];
let t = performance.now();
const found = newsgraph.findEntities(busiest.label.slice(0, 5));
newsgraph.focusEntity(found[0].id);
network.redraw();
out.search_and_focus_ms = performance.now() - t;
const firstType = document.querySelector('#types input');
t = performance.now();
firstType.click(); network.redraw();
out.type_filter_ms = performance.now() - t;
t = performance.now();
newsgraph.showEgo(2); network.redraw();
out.ego_2_hops_ms = performance.now() - t;
t = performance.now();
document.getElementById('reset').click(); network.redraw();
out.reset_ms = performance.now() - t;
t = performance.now();
newsgraph.expand(busiest.id); network.redraw();
out.expand_busiest_ms = performance.now() - t;
t = performance.now();
newsgraph.drawTop(Math.min(500, NODES.length)); network.redraw();
out.draw_top_500_ms = performance.now() - t;
t = performance.now();
network.moveTo({scale: 0.5}); network.emit('zoom', {}); network.redraw();
out.zoom_redraw_ms = performance.now() - t;
return out;
"""


def measure(page: Path, runs: int) -> dict:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="newsgraph-bench-")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    try:
        walls, in_page, stages = [], [], []
        for _ in range(runs):
            driver.get("about:blank")
            started = time.perf_counter()
            driver.get(page.resolve().as_uri())
            while not driver.execute_script("return document.body && document.body.dataset.ready === '1'"):
                if time.perf_counter() - started > 120:
                    raise SystemExit(f"{page} not drawn after 120 s")
                time.sleep(0.02)
            walls.append(time.perf_counter() - started)
            in_page.append(driver.execute_script("return window.newsgraphReadyAt"))
            stages.append(driver.execute_script("return window.newsgraphTimings"))
        counts = driver.execute_script("return [NODES.length, EDGES.length, STATS.nodes_total, STATS.edges_total, newsgraph.counts()]")
        driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
        driver.execute_cdp_cmd("Performance.enable", {})
        metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
        interactions = driver.execute_script(INTERACTIONS_JS)
        return {
            "page": str(page),
            "bytes": page.stat().st_size,
            "nodes_in_page": counts[0], "edges_in_page": counts[1], "nodes_total": counts[2], "edges_total": counts[3],
            "first_view": {k: counts[4][k] for k in ("nodesDrawn", "edgesDrawn", "linesDrawn", "labelled")},
            "memory_mib": {
                "js_heap_used": round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1),
                "js_heap_total": round(metrics.get("JSHeapTotalSize", 0) / 2**20, 1),
                "dom_nodes": int(metrics.get("Nodes", 0)),
            },
            "load_to_interactive_s": {"median": round(statistics.median(walls), 3), "max": round(max(walls), 3)},
            "in_page_ready_ms": {"median": round(statistics.median(in_page)), "max": round(max(in_page))},
            # where the in-page time goes (median over runs): parsing the data, building the first view, settling it
            "in_page_stages_ms": {k: round(statistics.median(s[k] for s in stages)) for k in (stages[0] or {})},
            "interactions_ms": {k: round(v, 1) for k, v in interactions.items()},
            "requests": driver.execute_script("return performance.getEntriesByType('resource').length"),
            "console_errors": [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"],
        }
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", type=Path, help="graph.html files written by newsgraph build")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page (default 3)")
    args = parser.parse_args(argv)
    for page in args.pages:
        print(json.dumps(measure(page, args.runs)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
