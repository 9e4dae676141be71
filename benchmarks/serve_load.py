"""`newsgraph serve` under load and under attack, on loopback only.

    .venv/bin/python benchmarks/serve_load.py FILE.ttl                 # the current server
    PYTHONPATH=/tmp/old .venv/bin/python benchmarks/serve_load.py FILE.ttl --impl old.server
                                                                       # any other copy, for a before/after table
    .venv/bin/python benchmarks/serve_load.py FILE.ttl --only load,runaway

Every server runs in its own process (``python -c``, the implementation is
imported by module name so an older copy can be measured the same way) and is
reached on 127.0.0.1 only; different client addresses are 127.0.0.x source
addresses, which Linux routes over loopback. It prints one Markdown table per
section: the load test (8 clients × 200 queries, keep-alive and not), what a
normal client gets while 2 and while 10 runaway queries run, the peak worker
memory under a cartesian ``ORDER BY``, and one row per case of issue 15.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "docs" / "queries").glob("*.rq"))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CARTESIAN = "SELECT ?a ?c WHERE { ?a ?b ?x . ?c ?d ?y } ORDER BY ?x ?y ?a ?c"
REPLACE = 'SELECT (REPLACE(REPLACE(REPLACE(STR(?s), "", "aaaa"), "", "bbbb"), "", "cccc") AS ?x) WHERE { ?s ?p ?o } LIMIT 10000'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NORMAL = "SELECT ?l WHERE { ?e a schema:Person ; rdfs:label ?l } LIMIT 5"

LAUNCH = r"""
import dataclasses, json, sys, importlib
mod = importlib.import_module(sys.argv[1])
files, host, cfg = json.loads(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
fields = {f.name for f in dataclasses.fields(mod.ServerConfig)}
cfg = {k: tuple(v) if isinstance(v, list) else v for k, v in cfg.items() if k in fields}
server = mod.SparqlServer(files, host=host, port=0, config=mod.ServerConfig(**cfg))
print(server.url, flush=True)
try:
    server.serve_forever()
finally:
    server.close()
"""


class Server:
    """One endpoint in a child process; ``url``, ``host``, ``port``, ``pid``."""

    def __init__(self, impl: str, files: list[str], host: str = "127.0.0.1", **config: object) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, impl, json.dumps(files), host, json.dumps(config)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline().strip()
        if not line:
            raise RuntimeError(self.proc.stderr.read()[-2000:])
        self.url = line
        netloc = urllib.parse.urlsplit(line).netloc
        self.host, _, port = netloc.rpartition(":")
        self.host = self.host.strip("[]")
        self.port = int(port)
        self.pid = self.proc.pid

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def children_rss(self) -> list[int]:
        """RSS in bytes of every descendant process (the query workers, also when a fork server starts them)."""
        parents, rss = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                pid = int(stat.parent.name)
                parents[pid] = int(fields[1])
                rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        out = []
        for pid in rss:
            up = parents.get(pid)
            while up and up != self.pid:
                up = parents.get(up)
            if up == self.pid:
                out.append(rss[pid])
        return out

    def threads(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
        return -1


def ask(server: Server, query: str, accept: str = "application/sparql-results+json", source: str = "127.0.0.1",
        headers: dict | None = None, conn: http.client.HTTPConnection | None = None, timeout: float = 60,
        method: str = "GET", path: str = "/sparql") -> tuple[int, dict, bytes, float]:
    """(status, headers, body, seconds) of one query; reuses ``conn`` when given (keep-alive)."""
    own = conn is None
    if own:
        src = (source, 0) if ":" not in server.host else None
        conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout, source_address=src)
    hdrs = {"Accept": accept, **(headers or {})}
    if own:
        hdrs.setdefault("Connection", "close")
    started = time.perf_counter()
    try:
        conn.request(method, path + ("?" + urllib.parse.urlencode({"query": query}) if query else ""), headers=hdrs)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body, time.perf_counter() - started
    except (OSError, http.client.HTTPException) as err:
        return 0, {"error": repr(err)}, b"", time.perf_counter() - started
    finally:
        if own:
            conn.close()


def raw(server: Server, payload: bytes, timeout: float = 5) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        sock.sendall(payload)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and len(chunks) > 0:
                    head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
                    length = next((int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")), None)
                    if length is not None and len(rest) >= length:
                        break
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


# --------------------------------------------------------------------------- sections


def load_test(server: Server, clients: int = 8, per_client: int = 200, mixes: str = "readme,small") -> list[list[str]]:
    readme = [q.read_text() for q in QUERIES if "GRAPH" not in q.read_text()] or [NORMAL]
    rows = []
    runs = [("README queries", readme, True), ("README queries", readme, False), ("small query", [NORMAL], True), ("small query", [NORMAL], False)]
    for mix, queries, keepalive in [r for r in runs if ("readme" if r[1] is readme else "small") in mixes.split(",")]:
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()

        def run(i: int) -> None:
            src = f"127.0.0.{20 + i}"
            conn = http.client.HTTPConnection(server.host, server.port, timeout=60, source_address=(src, 0)) if keepalive else None
            mine = []
            for n in range(per_client):
                status, _, _, secs = ask(server, queries[(i + n) % len(queries)], source=src, conn=conn)
                mine.append(secs)
                if status != 200:
                    with lock:
                        errors[0] += 1
            if conn:
                conn.close()
            with lock:
                latencies.extend(mine)

        started = time.perf_counter()
        threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        rows.append([
            mix, "keep-alive" if keepalive else "new connection", f"{clients}×{per_client}", f"{len(latencies) / wall:.0f}",
            f"{pct(latencies, 50) * 1000:.1f}", f"{pct(latencies, 99) * 1000:.1f}", str(errors[0]),
        ])
    return rows


def runaway_test(server: Server, n: int, one_address: bool, seconds: float = 6.0) -> list[str]:
    """A normal client's answers while ``n`` runaway queries are sent (again as soon as each ends)."""
    stop = time.monotonic() + seconds
    runaway_status: list[int] = []

    def attacker(i: int) -> None:
        src = "127.0.0.2" if one_address else f"127.0.0.{100 + i}"
        while time.monotonic() < stop:
            status, _, _, _ = ask(server, RUNAWAY, source=src)
            runaway_status.append(status)

    threads = [threading.Thread(target=attacker, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    ok, busy, other, lat = 0, 0, 0, []
    while time.monotonic() < stop:
        status, headers, _, secs = ask(server, NORMAL, source="127.0.0.1")
        lat.append(secs)
        if status == 200:
            ok += 1
        elif status == 503:
            busy += 1
            time.sleep(min(1.0, float(headers.get("retry-after", "1"))))  # what a polite client does
        else:
            other += 1
    for t in threads:
        t.join(timeout=30)
    return [str(n), "one" if one_address else str(n), str(ok), str(busy), str(other),
            f"{pct(lat, 50) * 1000:.0f}", f"{max(lat) * 1000:.0f}" if lat else "-"]


def memory_test(server: Server) -> list[str]:
    peak = [0]
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak[0] = max([peak[0], *server.children_rss()])
            time.sleep(0.02)

    base = max(server.children_rss() or [0])
    t = threading.Thread(target=poll, daemon=True)
    t.start()
    status, _, body, secs = ask(server, CARTESIAN, timeout=120)
    done.set()
    t.join()
    return [f"{base / 2**20:.0f}", f"{peak[0] / 2**20:.0f}", str(status), f"{secs:.1f}", body[:70].decode("utf-8", "replace").strip()]


class _Listener(BaseHTTPRequestHandler):
    """A SPARQL endpoint "inside the network": counts the requests it gets (on its server's ``hits``)."""

    def do_POST(self) -> None:  # noqa: N802
        self.server.hits += 1  # type: ignore[attr-defined]
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"from the inside"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


def inside_endpoint() -> HTTPServer:
    """Start a :class:`_Listener` on a free port in a thread: ``url`` to name it, ``hits`` to count, ``shutdown()``.

    The SSRF cases here and in ``tests/newsgraph/test_serve.py`` ask the server to reach it.
    """
    inner = HTTPServer(("127.0.0.1", 0), _Listener)
    inner.hits = 0  # type: ignore[attr-defined]
    inner.url = f"http://127.0.0.1:{inner.server_address[1]}/sparql"  # type: ignore[attr-defined]
    threading.Thread(target=inner.serve_forever, daemon=True).start()
    return inner


def slowloris(server: Server, seconds: float, result: dict) -> None:
    sock = socket.create_connection((server.host, server.port), timeout=seconds + 5)
    sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    started = time.monotonic()
    closed_after = None
    while time.monotonic() - started < seconds:
        try:
            sock.sendall(b"X")
            sock.settimeout(1.0)
            data = sock.recv(4096)
            if data == b"" or data:
                closed_after = time.monotonic() - started
                result["answer"] = data[:12].decode("latin-1")
                break
        except TimeoutError:
            continue
        except OSError:
            closed_after = time.monotonic() - started
            break
    sock.close()
    result["slowloris"] = f"dropped after {closed_after:.0f} s" if closed_after is not None else f"still open after {seconds:.0f} s"


def many_slow(server: Server, n: int) -> str:
    socks, refused = [], 0
    for _ in range(n):
        try:
            s = socket.create_connection((server.host, server.port), timeout=5)
            s.sendall(b"GET /sparql HTTP/1.1\r\n")
            socks.append(s)
        except OSError:
            refused += 1
    time.sleep(2.0)
    threads = server.threads()
    answered = 0
    for s in socks:
        s.settimeout(0.01)
        try:
            if s.recv(100).startswith(b"HTTP/1.1 503"):
                answered += 1
        except OSError:
            pass
        s.close()
    return f"{threads} server threads; {answered} told 503 at once, {refused} refused"


def counts(server: Server, n: int = 20) -> set[str]:
    found = set()
    for i in range(n):
        status, _, body, _ = ask(server, COUNT, source=f"127.0.0.{30 + i % 4}")
        found.add(json.loads(body)["results"]["bindings"][0]["n"]["value"] if status == 200 else str(status))
    return found


def wait_ready(server: Server, seconds: float = 60) -> None:
    """Until two queries from two addresses at once both succeed: every worker is back."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        results: list[int] = []
        threads = [threading.Thread(target=lambda s=src: results.append(ask(server, CARTESIAN.replace("ORDER BY", "LIMIT 1 #"), source=s)[0]))
                   for src in ("127.0.0.50", "127.0.0.51")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if results == [200, 200]:
            return
        time.sleep(0.3)


def reload_cases(impl: str, small: str, big: str, timeout: float, n_big: int) -> dict[str, str]:
    """The served file replaced, then removed, then back (own server: it changes the file)."""
    out: dict[str, str] = {}
    tmp = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    served = tmp / "graph.ttl"
    shutil.copy(small, served)
    server = Server(impl, [str(served)], timeout=timeout, workers=2, watch=1.0)
    try:
        first = json.loads(ask(server, COUNT)[2])["results"]["bindings"][0]["n"]["value"]
        shutil.copy(big, tmp / "next.ttl")
        os.replace(tmp / "next.ttl", served)
        ask(server, RUNAWAY, source="127.0.0.2")  # one worker recycled after its time limit
        wait_ready(server)
        out["file replaced, one worker recycled: COUNT(*) of 20 queries"] = f"{first} before; then {', '.join(sorted(counts(server)))}"
        started = time.monotonic()
        while time.monotonic() - started < 30 and counts(server, 4) != {str(n_big)}:
            time.sleep(0.5)
        out["… 30 s later at most"] = f"{', '.join(sorted(counts(server)))} (after {time.monotonic() - started:.1f} s)"
        served.unlink()
        threads = [threading.Thread(target=ask, args=(server, RUNAWAY), kwargs={"source": f"127.0.0.{40 + i}"}) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(6.0)
        gone = [ask(server, COUNT)[0] for _ in range(5)]
        out["file removed, workers recycled: 5 queries"] = " ".join(map(str, gone))
        shutil.copy(big, served)
        time.sleep(8.0)
        back = [ask(server, COUNT)[0] for _ in range(5)]
        out["file back: 5 queries"] = " ".join(map(str, back))
    finally:
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def cases(server: Server, impl: str, small: str) -> dict[str, str]:
    out: dict[str, str] = {}
    inner = inside_endpoint()
    for name, query in [("SERVICE", f"SELECT * WHERE {{ SERVICE <{inner.url}> {{ ?s ?p ?o }} }}"),
                        ("SERVICE SILENT", f"SELECT * WHERE {{ SERVICE SILENT <{inner.url}> {{ ?s ?p ?o }} }}")]:
        before = inner.hits
        status, _, body, _ = ask(server, query)
        out[name] = f"{status}, inner URL reached {inner.hits - before}× " + ("(its answer returned)" if b"from the inside" in body else "")
    inner.shutdown()

    status, _, _, _ = ask(server, "ASK {}", headers={"Host": "rebind.attacker.example:8000"})
    out["Host: rebind.attacker.example"] = str(status)

    slow = {}
    slow_thread = threading.Thread(target=slowloris, args=(server, 24.0, slow), daemon=True)
    slow_thread.start()

    nested = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    data = nested.encode()
    conn.request("POST", "/sparql", body=data, headers={"Content-Type": "application/sparql-query", "Content-Length": str(len(data))})
    resp = conn.getresponse()
    status, body = resp.status, resp.read()
    conn.close()
    started = time.monotonic()
    while ask(server, NORMAL)[0] != 200 and time.monotonic() - started < 30:
        time.sleep(0.05)
    out["100 KB of nested braces"] = f"{status}; next normal answer after {time.monotonic() - started:.2f} s"

    status, headers, body, secs = ask(server, REPLACE, accept="application/sparql-results+json", timeout=120)
    out["10,000-row REPLACE answer"] = f"{status}, {len(body) / 2**20:.1f} MB in {secs:.1f} s, truncation header: {headers.get('x-newsgraph-truncated', 'none')}"

    out["1,000 slow clients"] = many_slow(server, 1000)

    status, headers, _, _ = ask(server, "", method="OPTIONS",
                                headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                                         "Access-Control-Request-Headers": "content-type"})
    out["CORS preflight (OPTIONS, server run with --cors http://example.org)"] = f"{status}, Access-Control-Allow-Origin: {headers.get('access-control-allow-origin', 'none')}"
    status, headers, _, _ = ask(server, NORMAL, accept="image/png")
    out["SELECT with Accept: image/png"] = f"{status} {headers.get('content-type', '')}"
    construct = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a schema:Person ; rdfs:label ?l } LIMIT 3"
    status, headers, _, _ = ask(server, construct, accept="application/sparql-results+json")
    out["CONSTRUCT with Accept: application/sparql-results+json"] = f"{status} {headers.get('content-type', '')}"
    for accept in ("application/ld+json", "application/rdf+xml"):
        status, headers, _, _ = ask(server, construct, accept=accept)
        out[f"CONSTRUCT with Accept: {accept}"] = f"{status} {headers.get('content-type', '')}"
    status, headers, _, _ = ask(server, "", path="/", accept="text/html")
    out["GET /"] = f"{status} {headers.get('content-type', '')}"
    for name, query in [("typo SELCT", "SELCT ?x WHERE { ?x ?p ?o }"), ("unknown prefix foo:", "SELECT ?x WHERE { ?x foo:bar ?o }")]:
        status, _, body, _ = ask(server, query)
        text = " ".join(body.decode("utf-8", "replace").split())
        out[f"error message, {name}"] = f"{status} ({len(text)} chars) {text[:110]}"
    response = raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}")
    out["two different Content-Length"] = response.split(b"\r\n", 1)[0].decode("latin-1")
    status, headers, _, _ = ask(server, "ASK {}")
    out["Server header"] = headers.get("server", "")
    try:
        v6 = Server(impl, [small], host="::1", workers=1)
        status = ask(v6, "ASK {}")[0]
        v6.close()
        out["--host ::1"] = f"serves ({status})"
    except RuntimeError as err:
        out["--host ::1"] = "fails: " + str(err).strip().splitlines()[-1][:90]
    slow_thread.join()
    out["one header byte per second"] = slow.get("slowloris", "?")
    return out


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="the export to serve (e.g. a 300-article graph.ttl)")
    parser.add_argument("--small", default=str(ROOT / "out" / "graph.ttl"), help="a second, smaller export (reload and IPv6 cases)")
    parser.add_argument("--impl", default="newsgraph.server", help="module with SparqlServer and ServerConfig")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--only", default="load,runaway,memory,cases,reload")
    parser.add_argument("--mixes", default="readme,small", help="load test query mixes: readme (docs/queries), small (one LIMIT 5 query)")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    only = set(args.only.split(","))
    results: dict[str, object] = {"impl": args.impl, "file": args.file}
    server = Server(args.impl, [args.file], timeout=args.timeout, workers=2, cors=["http://example.org"])
    try:
        n = n_big = json.loads(ask(server, COUNT)[2])["results"]["bindings"][0]["n"]["value"]
        print(f"# {args.impl} on {args.file} ({n} triples), {args.timeout:g} s time limit, 2 workers\n")
        if "load" in only:
            rows = load_test(server, mixes=args.mixes)
            results["load"] = rows
            print(table(["queries", "connection", "clients×queries", "queries/s", "p50 ms", "p99 ms", "non-200"], rows), "\n")
        if "runaway" in only:
            rows = []
            for n_run, one in ((2, True), (2, False), (10, True), (10, False)):
                wait_ready(server)  # workers killed by the previous round are back
                rows.append(runaway_test(server, n_run, one))
            results["runaway"] = rows
            print(table(["runaway queries", "from addresses", "normal 200", "normal 503", "other", "p50 ms", "max ms"], rows), "\n")
        if "memory" in only:
            wait_ready(server)
            row = memory_test(server)
            results["memory"] = row
            print(table(["worker MB at rest", "peak MB", "status", "seconds", "answer"], [row]), "\n")
        if "cases" in only:
            time.sleep(2)
            found = cases(server, args.impl, args.small)
            results["cases"] = found
            print(table(["case", "outcome"], [[k, v.replace("|", "\\|")] for k, v in found.items()]), "\n")
    finally:
        server.close()
    if "reload" in only:
        found = reload_cases(args.impl, args.small, args.file, min(args.timeout, 3.0), n_big)
        results["reload"] = found
        print(table(["case", "outcome"], [[k, v] for k, v in found.items()]), "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
