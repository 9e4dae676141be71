"""A read-only SPARQL 1.1 Protocol endpoint over newsgraph exports.

``GET /sparql?query=…``, ``POST /sparql`` (form-encoded ``query=…`` or a raw
``application/sparql-query`` body). Results by ``Accept``: SPARQL JSON, CSV,
TSV, XML; CONSTRUCT/DESCRIBE as Turtle or N-Triples.

Safety, because a query can run for ever and pyoxigraph cannot cancel one
(its ``Store.query`` has no timeout or cancellation hook, and the evaluation
does not return to Python until the first solution):

* every query runs in a **worker process** that loaded the files itself; the
  HTTP thread waits at most ``timeout`` seconds for the answer, then kills
  the worker (the only way to stop the evaluation) and starts a fresh one in
  the background, answering 503;
* answers are capped at ``max_rows`` rows (or triples); a capped answer
  carries the header ``X-Newsgraph-Truncated: max-rows=N``;
* SPARQL Update is refused (403) whether sent as ``update=``, as
  ``application/sparql-update`` or disguised as a query; the workers never
  run anything but ``Store.query``;
* bodies over ``max_body`` bytes are refused (413), slow clients time out,
  every malformed request gets a 4xx and the server keeps answering;
* it binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from extract.errors import InputError

__all__ = ["ServerConfig", "SparqlServer", "negotiate"]

log = logging.getLogger(__name__)

_MEDIA_TYPES: dict[str, tuple[str, str]] = {
    # media type -> (kind of answer it fits, result format)
    "application/sparql-results+json": ("solutions", "json"),
    "application/json": ("solutions", "json"),
    "text/csv": ("solutions", "csv"),
    "text/tab-separated-values": ("solutions", "tsv"),
    "application/sparql-results+xml": ("solutions", "xml"),
    "application/xml": ("solutions", "xml"),
    "text/xml": ("solutions", "xml"),
    "text/turtle": ("graph", "turtle"),
    "application/x-turtle": ("graph", "turtle"),
    "application/n-triples": ("graph", "ntriples"),
    "text/plain": ("graph", "ntriples"),
}
# Short names some clients (SPARQLWrapper, YASGUI) send as ?format= or ?output=.
_FORMAT_PARAMS = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml", "turtle": "turtle", "n3": "turtle", "nt": "ntriples", "ntriples": "ntriples"}


def negotiate(accept: str | None, format_param: str | None = None) -> tuple[str, str]:
    """(result format for SELECT/ASK, RDF format for CONSTRUCT/DESCRIBE) for an ``Accept`` header.

    >>> negotiate("text/csv")
    ('csv', 'turtle')
    >>> negotiate("application/n-triples, application/sparql-results+xml;q=0.5")
    ('xml', 'ntriples')
    >>> negotiate(None)
    ('json', 'turtle')
    """
    solutions, graph = None, None
    if format_param and format_param.lower() in _FORMAT_PARAMS:
        chosen = _FORMAT_PARAMS[format_param.lower()]
        if chosen in ("turtle", "ntriples"):
            graph = chosen
        else:
            solutions = chosen
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, index, media))
    for _, _, media in sorted(ranked):
        kind, fmt = _MEDIA_TYPES.get(media, (None, None))
        if kind == "solutions" and solutions is None:
            solutions = fmt
        elif kind == "graph" and graph is None:
            graph = fmt
    return solutions or "json", graph or "turtle"


# --------------------------------------------------------------------------- worker processes


def _worker_main(files: list[str], max_rows: int, conn: Connection) -> None:
    """Load the files once, then answer (query, solutions format, graph format) messages until EOF."""
    from .sparql import RESULT_FORMATS, QueryError, load_store, results_text, run_query

    try:
        store = load_store(files)
    except Exception as err:  # report any load problem to the parent, which shows it
        _reply(conn, ("failed", str(err)))
        return
    if not _reply(conn, ("ready", len(store))):
        return
    while True:
        try:
            query, solutions_fmt, graph_fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = run_query(store, query, max_rows=max_rows)
            fmt = graph_fmt if result.kind == "graph" else solutions_fmt
            body = results_text(result, fmt).encode("utf-8")
            answer: tuple = ("ok", RESULT_FORMATS[fmt], body, result.truncated)
        except QueryError as err:
            answer = ("bad", str(err))
        except Exception as err:  # an engine error must not kill the worker
            answer = ("error", f"{type(err).__name__}: {err}")
        if not _reply(conn, answer):
            return


def _reply(conn: Connection, message: tuple) -> bool:
    """Send to the parent; ``False`` when it is gone (then the worker just ends)."""
    try:
        conn.send(message)
        return True
    except (BrokenPipeError, EOFError, OSError):
        return False


class _Worker:
    """One query process and the parent's end of its pipe."""

    def __init__(self, files: list[str], max_rows: int) -> None:
        ctx = mp.get_context("spawn")  # never fork a threaded server
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(files, max_rows, child), daemon=True, name="newsgraph-sparql-worker")
        self.process.start()
        child.close()

    def wait_ready(self) -> int:
        try:
            message = self.conn.recv()
        except EOFError:
            raise InputError("the SPARQL worker died while loading the files") from None
        if message[0] != "ready":
            self.kill()
            raise InputError(message[1])
        return int(message[1])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class _WorkerPool:
    """Idle workers in a queue; a worker that overruns its time is killed and replaced."""

    def __init__(self, files: list[str], size: int, max_rows: int) -> None:
        self.files, self.max_rows = files, max_rows
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        workers = [self._spawn() for _ in range(size)]
        try:
            self.n_triples = [w.wait_ready() for w in workers][0]
        except BaseException:  # also Ctrl-C while loading: leave no worker behind
            self.close()
            raise
        for w in workers:
            self.idle.put(w)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.files, self.max_rows)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self.closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        worker = self._spawn()
        try:
            worker.wait_ready()
        except InputError as err:
            log.error("could not restart a SPARQL worker: %s", err)
            return
        if self.closed:
            worker.kill()
        else:
            self.idle.put(worker)

    def run(self, query: str, solutions_fmt: str, graph_fmt: str, timeout: float) -> tuple:
        """Run one query; ``("timeout",)`` or ``("busy",)`` when it could not finish in ``timeout`` s."""
        deadline = time.monotonic() + timeout
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            return ("busy",)
        try:
            worker.conn.send((query, solutions_fmt, graph_fmt))
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer = worker.conn.recv()
                self.idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError) as err:
            self._retire(worker)
            return ("error", f"the query worker stopped ({err}); it is being restarted")
        self._retire(worker)  # the only way to stop a running pyoxigraph query
        return ("timeout",)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# --------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class ServerConfig:
    """Limits of one endpoint; the defaults suit a researcher's laptop."""

    timeout: float = 10.0  # seconds per query, then the worker is killed
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT) per answer
    workers: int = 2  # query processes, each with its own copy of the data
    max_body: int = 1 << 20  # bytes of a POST body
    socket_timeout: float = 30.0  # a client that sends nothing for this long is dropped


_HELP = """newsgraph SPARQL endpoint (read-only)

GET  /sparql?query=SELECT...           URL-encoded query
POST /sparql  query=SELECT...          application/x-www-form-urlencoded
POST /sparql  SELECT...                application/sparql-query

Results by Accept: application/sparql-results+json (default), text/csv,
text/tab-separated-values, application/sparql-results+xml; CONSTRUCT and
DESCRIBE as text/turtle (default) or application/n-triples.
Prefixes ng: rel: ent: art: ev: schema: rdf: rdfs: skos: prov: xsd: are predeclared.
"""


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "newsgraph-sparql"

    def setup(self) -> None:
        self.timeout = self.server.config.socket_timeout
        super().setup()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (stdlib signature)
        log.info("%s %s", self.address_string(), format % args)

    # ---- methods

    def do_GET(self) -> None:  # noqa: N802  (stdlib naming)
        url = urlsplit(self.path)
        if url.path in ("/", ""):
            self._send(HTTPStatus.OK, _HELP.encode(), "text/plain; charset=utf-8")
            return
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path!r}; the endpoint is /sparql")
            return
        params = self._parse_params(url.query)
        if params is not None:
            self._dispatch(params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path!r}; the endpoint is /sparql")
            return
        body = self._read_body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._parse_params(url.query)
        if params is None:
            return
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = self._parse_params(body.decode("utf-8"), quiet=False)
            except UnicodeDecodeError:
                self._error(HTTPStatus.BAD_REQUEST, "the form body is not UTF-8")
                return
            if form is None:
                return
            params.update(form)
        elif ctype == "application/sparql-query":
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self._error(HTTPStatus.BAD_REQUEST, "the query body is not UTF-8")
                return
        elif ctype == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: this endpoint is read-only")
            return
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send the query as application/x-www-form-urlencoded (query=...) or application/sparql-query",
            )
            return
        self._dispatch(params)

    def _refuse_method(self) -> None:
        self.close_connection = True
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST on /sparql", extra={"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _refuse_method  # noqa: N815

    # ---- helpers

    def _read_body(self) -> bytes | None:
        length_text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "chunked bodies are not supported; send Content-Length")
            return None
        if length_text is None:
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length header")
            return None
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length_text!r}")
            return None
        if length > self.server.config.max_body:
            self.close_connection = True  # do not read a body we refuse
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is over {self.server.config.max_body} bytes")
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, "the body ended before Content-Length bytes")
            return None
        return body

    def _parse_params(self, text: str, quiet: bool = True) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=100)
        except (ValueError, UnicodeDecodeError) as err:
            self._error(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {err}")
            return None

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: this endpoint is read-only")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one non-empty query parameter, e.g. /sparql?query=SELECT...")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri/named-graph-uri are not supported; use FROM/GRAPH in the query")
            return
        fmt_param = (params.get("format") or params.get("output") or [None])[0]
        solutions_fmt, graph_fmt = negotiate(self.headers.get("Accept"), fmt_param)
        config = self.server.config
        answer = self.server.pool.run(queries[0], solutions_fmt, graph_fmt, config.timeout)
        status = answer[0]
        if status == "ok":
            _, ctype, body, truncated = answer
            extra = {"X-Newsgraph-Truncated": f"max-rows={config.max_rows}"} if truncated else {}
            self._send(HTTPStatus.OK, body, ctype, extra)
        elif status == "bad":
            code = HTTPStatus.FORBIDDEN if "Update is not allowed" in answer[1] else HTTPStatus.BAD_REQUEST
            self._error(code, answer[1])
        elif status == "timeout":
            self._error(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the time limit of {config.timeout:g} s and was stopped; add LIMIT or narrow the patterns",
            )
        elif status == "busy":
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, "all query workers are busy; try again", extra={"Retry-After": "1"})
        else:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, answer[1])

    def _error(self, status: HTTPStatus, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client left; nothing to tell it
            self.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], pool: _WorkerPool, config: ServerConfig) -> None:
        self.pool, self.config = pool, config
        super().__init__(address, _Handler)


class SparqlServer:
    """The endpoint as an object: load, serve (in this thread or in the background), close.

    ``port=0`` lets the OS choose a free port; :attr:`url` tells which::

        with SparqlServer(["out/graph.ttl"], port=0) as server:
            server.start()
            print(server.url)
    """

    def __init__(
        self,
        files: Sequence[str | Path],
        host: str = "127.0.0.1",
        port: int = 8000,
        config: ServerConfig | None = None,
    ) -> None:
        self.files = [str(f) for f in files]
        self.config = config or ServerConfig()
        for f in self.files:  # fail before spawning anything on the obvious mistakes
            if not Path(f).is_file():
                raise InputError(f"{f}: no such file; build one with `newsgraph build INPUT --out DIR`.")
        self.pool = _WorkerPool(self.files, max(1, self.config.workers), self.config.max_rows)
        try:
            self.httpd = _HTTPServer((host, port), self.pool, self.config)
        except OSError as err:
            self.pool.close()
            raise InputError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
        self._thread: threading.Thread | None = None

    @property
    def n_triples(self) -> int:
        return self.pool.n_triples

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> None:
        """Serve from a background thread (tests, notebooks)."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True, name="newsgraph-sparql-http")
        self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()
        self.pool.close()

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
