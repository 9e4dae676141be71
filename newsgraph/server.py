"""A read-only SPARQL 1.1 Protocol endpoint over newsgraph exports, safe to expose.

``GET /sparql?query=…``, ``POST /sparql`` (form-encoded ``query=…`` or a raw
``application/sparql-query`` body). Results by ``Accept``: SPARQL JSON, CSV,
TSV, XML; CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML; 406
when none of the asked types fits. ``/`` is a small offline query page.

This module is the HTTP side; the workers, their queue and the data snapshot
are in :mod:`newsgraph.serve_pool`, the checks on query text in
:mod:`newsgraph.serve_guard`. What the HTTP side refuses, and why:

* a ``Host`` that is not a name of this server (403): a web page on another
  site could otherwise reach a laptop's endpoint by DNS rebinding;
* SPARQL Update in any form (403); ``SERVICE`` unless ``--federate`` allows
  the endpoint (400), so the server never fetches URLs for a client;
* requests whose line and headers do not arrive within ``header_timeout``
  seconds, or whose body does not within ``body_timeout`` (slow clients
  holding connections open), and connections beyond ``max_connections``
  (503 at once);
* two ``Content-Length`` headers, or one with ``Transfer-Encoding`` (400):
  two readers of one request could disagree on where it ends.

Every answer goes out in a single write with ``TCP_NODELAY``, so keep-alive
connections are as fast as new ones. ``Server:`` names no versions.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from extract.errors import InputError

from .serve_guard import QueryLimits, Refused, check_query, explain_syntax_error, query_form
from .serve_page import CSP, load_examples, render_page
from .serve_pool import GRAPH_FORMATS, Busy, PoolLimits, WorkerPool

__all__ = ["ServerConfig", "SparqlServer", "negotiate"]

log = logging.getLogger(__name__)

_MEDIA_TYPES: dict[str, tuple[str, str]] = {
    # media type -> (kind of answer it fits, format)
    "application/sparql-results+json": ("solutions", "json"),
    "application/json": ("solutions", "json"),
    "text/csv": ("solutions", "csv"),
    "text/tab-separated-values": ("solutions", "tsv"),
    "application/sparql-results+xml": ("solutions", "xml"),
    "application/xml": ("solutions", "xml"),
    "text/xml": ("solutions", "xml"),
    "text/turtle": ("graph", "turtle"),
    "application/x-turtle": ("graph", "turtle"),
    "text/n3": ("graph", "turtle"),  # Turtle is valid N3
    "application/n-triples": ("graph", "ntriples"),
    "text/plain": ("graph", "ntriples"),
    "application/ld+json": ("graph", "jsonld"),
    "application/rdf+xml": ("graph", "rdfxml"),
}
# A wildcard gets the default of its kind (or None: nothing of that kind under it).
_WILDCARDS: dict[str, tuple[str | None, str | None]] = {
    "*/*": ("json", "turtle"),
    "application/*": ("json", "ntriples"),
    "text/*": ("csv", "turtle"),
}
# Short names some clients (SPARQLWrapper, YASGUI) send as ?format= or ?output=.
_FORMAT_PARAMS = {
    "json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml", "turtle": "turtle", "n3": "turtle", "nt": "ntriples",
    "ntriples": "ntriples", "json-ld": "jsonld", "jsonld": "jsonld", "rdf+xml": "rdfxml", "rdfxml": "rdfxml",
}


def negotiate(accept: str | None, format_param: str | None = None) -> tuple[str | None, str | None]:
    """(result format for SELECT/ASK, RDF format for CONSTRUCT/DESCRIBE) for an ``Accept`` header;
    ``None`` where nothing asked for fits that kind of answer (the server answers 406).

    >>> negotiate("text/csv")
    ('csv', None)
    >>> negotiate("application/n-triples, application/sparql-results+xml;q=0.5")
    ('xml', 'ntriples')
    >>> negotiate(None)
    ('json', 'turtle')
    >>> negotiate("application/rdf+xml, */*;q=0.1")
    ('json', 'rdfxml')
    """
    solutions, graph = None, None
    if format_param and format_param.lower() in _FORMAT_PARAMS:
        chosen = _FORMAT_PARAMS[format_param.lower()]
        if chosen in GRAPH_FORMATS:
            graph = chosen
        else:
            solutions = chosen
    if not (accept or "").strip():
        return solutions or "json", graph or "turtle"
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):  # type: ignore[union-attr]
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
        if media in _WILDCARDS:
            solutions = solutions or _WILDCARDS[media][0]
            graph = graph or _WILDCARDS[media][1]
        elif kind == "solutions" and solutions is None:
            solutions = fmt
        elif kind == "graph" and graph is None:
            graph = fmt
    return solutions, graph


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class ServerConfig:
    """Limits of one endpoint; the defaults suit a researcher's laptop. docs/serving.md lists each with its flag."""

    timeout: float = 10.0  # seconds per query, then the worker is killed
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT) per answer
    max_bytes: int = 16 << 20  # bytes per answer
    workers: int = 2  # query processes, each with its own copy of the data
    max_memory: int = 1024 << 20  # resident memory of one worker, then it is killed
    max_queue: int = 32  # queries waiting for a worker
    client_share: int = 0  # workers one client address may hold at once; 0: all but one
    queue_wait: float = 2.0  # seconds a query may wait for a worker before a 503
    max_query_bytes: int = 65_536
    max_nesting: int = 64
    max_body: int = 1 << 20  # bytes of a POST body
    max_connections: int = 64  # open connections; more get 503 at once
    header_timeout: float = 10.0  # request line + headers (and a keep-alive connection's idle time)
    body_timeout: float = 10.0  # the whole body
    send_timeout: float = 30.0  # the whole answer
    federate: tuple[str, ...] = ()  # endpoint IRI prefixes SERVICE may call
    allow_hosts: tuple[str, ...] = ()  # more Host names to accept; "*" accepts any
    cors: tuple[str, ...] = ()  # origins allowed to read answers in a browser; "*" any
    watch: float = 2.0  # seconds between checks of the served files (0: never reload)
    examples: Path | None = field(default=None)  # folder of *.rq shown on the page (default docs/queries)

    def pool_limits(self) -> PoolLimits:
        return PoolLimits(
            workers=max(1, self.workers), timeout=self.timeout, max_rows=self.max_rows, max_bytes=self.max_bytes,
            max_memory=self.max_memory, max_queue=self.max_queue, share=self.client_share, queue_wait=self.queue_wait,
            watch=self.watch,
        )

    def query_limits(self) -> QueryLimits:
        return QueryLimits(max_bytes=self.max_query_bytes, max_nesting=self.max_nesting, federate=tuple(self.federate))

    def notes(self) -> list[str]:
        """The limits in words, for the query page."""
        return [
            f"{self.timeout:g} s per query; at most {self.max_rows:,} rows or triples and {self.max_bytes >> 20} MB per answer "
            "(a cut answer carries X-Newsgraph-Truncated)",
            f"{self.workers} query worker(s) of at most {self.max_memory >> 20} MB each; one client holds at most "
            f"{self.pool_limits().client_share} at a time",
            f"queries up to {self.max_query_bytes:,} bytes, brackets nested up to {self.max_nesting} deep",
            "SERVICE (federation): " + (", ".join(self.federate) if self.federate else "off"),
            "SPARQL Update: refused (read-only)",
        ]


_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "localhost.localdomain"}


def host_names(bound: str, extra: Sequence[str]) -> tuple[frozenset[str], bool]:
    """(names a ``Host`` header may carry, whether any IP literal is fine too) for a bound address."""
    names = {bound.lower().strip("[]"), *(e.lower() for e in extra)}
    any_ip = False
    try:
        address = ipaddress.ip_address(bound.strip("[]"))
    except ValueError:  # bound to a name: that name (and what the OS calls itself)
        address = None
    if address is not None and address.is_loopback or bound in ("localhost",):
        names |= _LOOPBACK_NAMES
    elif address is not None and address.is_unspecified:
        # All interfaces: a DNS-rebinding page always uses a name, never an IP literal.
        any_ip = True
        names |= _LOOPBACK_NAMES | {socket.gethostname().lower(), socket.getfqdn().lower()}
    else:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names), any_ip


def _host_of(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


# --------------------------------------------------------------------------- HTTP


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "newsgraph-sparql"

    def version_string(self) -> str:
        return self.server_version  # no Python version: it only helps an attacker

    def setup(self) -> None:
        self.timeout = self.server.config.header_timeout  # per read; the whole-phase deadline is the reaper's
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.extra_headers: dict[str, str] = {}

    def handle_one_request(self) -> None:
        self.server.deadline(self.connection, self.server.config.header_timeout, "headers")
        self.extra_headers = {}
        try:
            super().handle_one_request()
        except OSError:  # the client reset the connection, or the reaper cut it: nothing to answer
            self.close_connection = True

    def finish(self) -> None:
        self.server.deadline(self.connection, None)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (stdlib signature)
        log.info("%s %s", self.address_string(), format % args)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        config = self.server.config
        self.server.deadline(self.connection, config.body_timeout, "body")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, "the request has more than one Content-Length header; send exactly one")
            return False
        if lengths and self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, "the request has both Content-Length and Transfer-Encoding; send Content-Length only")
            return False
        host = self.headers.get("Host")
        if host is None:
            if self.request_version != "HTTP/1.0":
                self.close_connection = True
                self._error(HTTPStatus.BAD_REQUEST, "an HTTP/1.1 request needs a Host header")
                return False
        elif not self.server.host_allowed(_host_of(host)):
            self.close_connection = True
            self._error(
                HTTPStatus.FORBIDDEN,
                f"Host {host!r} is not a name of this server (a web page using another name could reach it by DNS rebinding); "
                f"start it with --allow-host {_host_of(host) or 'NAME'} to accept this name",
            )
            return False
        origin = self.headers.get("Origin")
        if origin and self.server.origin_allowed(origin):
            self.extra_headers = {
                "Access-Control-Allow-Origin": "*" if "*" in config.cors else origin,
                "Access-Control-Expose-Headers": "X-Newsgraph-Truncated, Retry-After, Content-Type",
                "Vary": "Origin",
            }
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's own refusals (bad request line, headers too long…) in our one-write form."""
        self.close_connection = True
        status = HTTPStatus(code)
        self._error(status, message or status.phrase)

    # ---- methods

    def do_GET(self) -> None:  # noqa: N802  (stdlib naming)
        url = urlsplit(self.path)
        if self._has_body():
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, "a GET carries no body; POST the query instead")
            return
        if url.path in ("/", ""):
            self._page(url.query)
            return
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path!r}; the endpoint is /sparql, the query page is /")
            return
        params = self._parse_params(url.query)
        if params is not None:
            self._dispatch(params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self.close_connection = True
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
                form = self._parse_params(body.decode("utf-8"))
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

    def do_OPTIONS(self) -> None:  # noqa: N802
        """CORS preflight: allowed origins learn they may GET and POST; others get no CORS headers."""
        if self._has_body():
            self.close_connection = True
        headers = {"Allow": "GET, POST, OPTIONS"}
        if self.extra_headers and self.headers.get("Access-Control-Request-Method"):
            headers.update({
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
                "Access-Control-Max-Age": "600",
            })
        self._send(HTTPStatus.NO_CONTENT, b"", "", headers)

    def _refuse_method(self) -> None:
        self.close_connection = True
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST on /sparql", extra={"Allow": "GET, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = do_HEAD = _refuse_method  # noqa: N815

    # ---- reading

    def _has_body(self) -> bool:
        return self.headers.get("Transfer-Encoding") is not None or (self.headers.get("Content-Length") or "0").strip() not in ("", "0")

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
            if length < 0 or not length_text.strip().isdigit():
                raise ValueError
        except ValueError:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length_text!r}")
            return None
        if length > self.server.config.max_body:
            self.close_connection = True  # do not read a body we refuse
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is over {self.server.config.max_body:,} bytes")
            return None
        try:
            body = self.rfile.read(length)
        except OSError:
            body = b""
        if len(body) < length:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, f"the body ended (or did not arrive within {self.server.config.body_timeout:g} s) before Content-Length bytes")
            return None
        return body

    def _parse_params(self, text: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=100)
        except (ValueError, UnicodeDecodeError) as err:
            self._error(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {err}")
            return None

    # ---- answering

    def _run(self, query: str, solutions_fmt: str | None, graph_fmt: str | None) -> tuple:
        """The pool's answer, or ("refused", status, message, headers) for what never reaches a worker."""
        try:
            check_query(query, self.server.config.query_limits())
        except Refused as err:
            return ("refused", HTTPStatus(err.status), err.message, {})
        form = query_form(query)
        if form in ("SELECT", "ASK") and solutions_fmt is None or form in ("CONSTRUCT", "DESCRIBE") and graph_fmt is None:
            return ("unacceptable", "graph" if form in ("CONSTRUCT", "DESCRIBE") else "solutions")
        self.server.deadline(self.connection, None)  # the query's own time limit applies now
        try:
            return self.server.pool.run(query, solutions_fmt, graph_fmt, client=self.client_address[0])
        except Busy as err:
            return ("refused", HTTPStatus.SERVICE_UNAVAILABLE, str(err), {"Retry-After": str(err.retry_after)})

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
        answer = self._run(queries[0], solutions_fmt, graph_fmt)
        if answer[0] == "ok":
            _, ctype, body, truncated_by = answer
            extra = {}
            if truncated_by:
                limit = self.server.config.max_rows if truncated_by == "max-rows" else self.server.config.max_bytes
                extra["X-Newsgraph-Truncated"] = f"{truncated_by}={limit}"
            self._send(HTTPStatus.OK, body, ctype, extra)
        else:
            status, message, extra = self._failure(answer, queries[0])
            self._error(status, message, extra)

    def _failure(self, answer: tuple, query: str) -> tuple[HTTPStatus, str, dict[str, str]]:
        config = self.server.config
        kind = answer[0]
        if kind == "refused":
            return answer[1], answer[2], answer[3]
        if kind == "bad":
            if "Update is not allowed" in answer[1]:
                return HTTPStatus.FORBIDDEN, answer[1], {}
            message = explain_syntax_error(query, answer[1]) if answer[1].startswith("bad query:") else answer[1]
            return HTTPStatus.BAD_REQUEST, message, {}
        if kind == "unacceptable":
            offered = (
                "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
                if answer[1] == "graph"
                else "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values"
            )
            what = "CONSTRUCT/DESCRIBE" if answer[1] == "graph" else "SELECT/ASK"
            return HTTPStatus.NOT_ACCEPTABLE, f"none of the types in Accept fits a {what} answer; ask for one of: {offered}", {}
        if kind == "timeout":
            return (
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the time limit of {config.timeout:g} s and was stopped; add LIMIT or narrow the patterns",
                {"Retry-After": "1"},
            )
        if kind == "memory":
            return (
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query needed more than the memory limit of {config.max_memory >> 20} MB per worker and was stopped "
                "(ORDER BY, DISTINCT or GROUP BY over a very large join?); narrow the patterns",
                {"Retry-After": "1"},
            )
        return HTTPStatus.INTERNAL_SERVER_ERROR, answer[1], {}

    def _page(self, query_string: str) -> None:
        params = self._parse_params(query_string)
        if params is None:
            return
        examples = self.server.examples
        query = (params.get("query") or [""])[0]
        wanted = (params.get("example") or [""])[0]
        if wanted:
            query = next((ex.text for ex in examples if ex.name == wanted), "")
        answer, error = None, None
        if query.strip():
            result = self._run(query, "json", "turtle")
            if result[0] == "ok":
                answer = (result[1], result[2])
            else:
                error = self._failure(result, query)[1]
        body = render_page(examples, query, answer, error, self.server.config.notes())
        self._send(HTTPStatus.OK, body, "text/html; charset=utf-8", {"Content-Security-Policy": CSP})

    def _error(self, status: HTTPStatus, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        """Status line, headers and body in one write: two writes meet Nagle and delayed ACK (~40 ms a request)."""
        lines = [f"HTTP/1.1 {status.value} {status.phrase}", f"Server: {self.version_string()}", f"Date: {self.date_time_string()}"]
        if ctype:
            lines.append(f"Content-Type: {ctype}")
        if status != HTTPStatus.NO_CONTENT:
            lines.append(f"Content-Length: {len(body)}")
        lines.append("X-Content-Type-Options: nosniff")
        for name, value in {**getattr(self, "extra_headers", {}), **(extra or {})}.items():
            lines.append(f"{name}: {value}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self.log_request(status.value, len(body))
        self.server.deadline(self.connection, self.server.config.send_timeout, "answer")
        try:
            self.wfile.write(head + body if getattr(self, "command", None) != "HEAD" else head)
        except OSError:  # the client left (or was too slow to read); nothing to tell it
            self.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], pool: WorkerPool, config: ServerConfig) -> None:
        self.pool, self.config = pool, config
        self.examples = load_examples(config.examples) if config.examples else load_examples()
        self._names, self._any_ip = host_names(address[0], config.allow_hosts)
        self._deadlines: dict[socket.socket, tuple[float, str]] = {}
        self._lock = threading.Lock()
        self._open = 0
        self.address_family = _family(address[0])
        super().__init__(address, _Handler)
        self._reaper = threading.Thread(target=self._reap, daemon=True, name="newsgraph-sparql-reaper")
        self._reaper.start()

    def handle_error(self, request: object, client_address: object) -> None:
        log.exception("error while answering %s", client_address)  # logged, not printed over the terminal

    # ---- who may ask

    def host_allowed(self, host: str) -> bool:
        if "*" in self.config.allow_hosts or host in self._names:
            return True
        if self._any_ip:
            try:
                ipaddress.ip_address(host)
                return True
            except ValueError:
                return False
        return False

    def origin_allowed(self, origin: str) -> bool:
        return bool(self.config.cors) and ("*" in self.config.cors or origin in self.config.cors)

    # ---- connections

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        with self._lock:
            full = self._open >= self.config.max_connections
            if not full:
                self._open += 1
        if full:  # answer at once, from the accept thread: no thread for a connection we refuse
            try:
                request.setblocking(False)
                request.send(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
                    b"Connection: close\r\nContent-Length: 43\r\n\r\ntoo many open connections; try again soon\r\n"
                )
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            with self._lock:
                self._open -= 1
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open -= 1
                self._deadlines.pop(request, None)

    def deadline(self, sock: socket.socket, seconds: float | None, phase: str = "") -> None:
        """From now, ``sock`` has ``seconds`` for ``phase`` (``None``: no deadline, e.g. while its query runs)."""
        with self._lock:
            if seconds is None:
                self._deadlines.pop(sock, None)
            else:
                self._deadlines[sock] = (time.monotonic() + seconds, phase)

    def _reap(self) -> None:
        """Cut connections that overran their phase: a per-read timeout alone lets one byte every few seconds through."""
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:
                late = [(s, phase) for s, (end, phase) in self._deadlines.items() if end < now]
                for s, _ in late:
                    del self._deadlines[s]
            for sock, phase in late:
                if phase in ("headers", "body"):
                    try:  # tell the client why, if its buffer has room; never block the reaper
                        sock.send(b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", socket.MSG_DONTWAIT)
                    except OSError:
                        pass
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # the handler's blocked read or write returns at once
                except OSError:
                    pass


def _family(host: str) -> socket.AddressFamily:
    try:
        infos = socket.getaddrinfo(host or None, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return socket.AF_INET
    families = [info[0] for info in infos]
    return socket.AF_INET if socket.AF_INET in families else families[0]


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
        self.pool = WorkerPool(self.files, self.config.pool_limits())
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
