"""``newsgraph serve FILE... [--host 127.0.0.1] [--port 8000] [--cors [ORIGIN]] [--federate URL-PREFIX] …``

Every limit of the endpoint has a flag here; docs/serving.md says what each
one guards against.
"""

from __future__ import annotations

import logging
import re
import signal
from pathlib import Path

import typer

from . import app

_ORIGIN = re.compile(r"^(\*|https?://[^/\s]+)$")


@app.command("serve")
def serve_command(
    files: list[str] = typer.Argument(..., help="RDF files to serve (.ttl .nt .trig .nq .jsonld); after --cors, origins too."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (IPv4 or IPv6, e.g. ::1); keep loopback unless others must reach it."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="TCP port (0: any free port)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds a query may run before it is stopped."),
    max_rows: int = typer.Option(10_000, "--max-rows", min=1, help="Rows (or triples) per answer at most."),
    max_mb: float = typer.Option(16.0, "--max-answer-mb", min=0.01, help="Megabytes per answer at most (then cut, with X-Newsgraph-Truncated)."),
    workers: int = typer.Option(2, "--workers", "-j", min=1, help="Query processes (each holds a copy of the data)."),
    max_memory: int = typer.Option(1024, "--max-memory", min=64, help="Megabytes of memory (RSS) per worker; a query beyond it is stopped."),
    share: int = typer.Option(0, "--client-share", min=0, help="Workers one client address may hold at once (0: all but one)."),
    max_queue: int = typer.Option(32, "--max-queue", min=0, help="Queries that may wait for a worker, all clients together."),
    queue_wait: float = typer.Option(2.0, "--queue-wait", min=0.0, help="Seconds a query may wait for a worker before a 503."),
    max_query: int = typer.Option(65_536, "--max-query-bytes", min=64, help="Bytes of query text at most."),
    max_nesting: int = typer.Option(64, "--max-nesting", min=2, help="How deep brackets may nest in a query."),
    max_connections: int = typer.Option(64, "--max-connections", min=1, help="Open connections at most; more get 503 at once."),
    header_timeout: float = typer.Option(10.0, "--header-timeout", min=0.1, help="Seconds for a request's line and headers (and a keep-alive connection's idle time)."),
    body_timeout: float = typer.Option(10.0, "--body-timeout", min=0.1, help="Seconds for a request's whole body."),
    send_timeout: float = typer.Option(30.0, "--send-timeout", min=0.1, help="Seconds for the client to take a whole answer."),
    max_body: int = typer.Option(1 << 20, "--max-body-bytes", min=64, help="Bytes of a POST body at most."),
    federate: list[str] = typer.Option([], "--federate", help="Allow SERVICE calls to endpoints whose IRI starts with this (repeatable). Off by default."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Accept this Host name too (repeatable; '*': any, e.g. behind a proxy)."),
    cors: bool = typer.Option(False, "--cors", help="Let web pages on other origins read answers: any origin, or only the http(s)://… origins given as arguments."),
    watch: float = typer.Option(2.0, "--watch", min=0.0, help="Seconds between checks of the files; on a change all workers reload together (0: never)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every request."),
) -> None:
    """Serve the files as a read-only SPARQL 1.1 endpoint at /sparql (query page at /) until Ctrl-C."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(message)s")
    paths, origins = split_origins(files, cors)
    if not paths:
        raise typer.BadParameter("give at least one RDF file to serve", param_hint="FILES")
    from ..server import ServerConfig, SparqlServer  # the HTTP server and its pools: not imported by every other command

    config = ServerConfig(
        timeout=timeout, max_rows=max_rows, max_bytes=int(max_mb * (1 << 20)), workers=workers, max_memory=max_memory << 20,
        client_share=share, max_queue=max_queue, queue_wait=queue_wait, max_query_bytes=max_query, max_nesting=max_nesting,
        max_connections=max_connections, header_timeout=header_timeout, body_timeout=body_timeout, send_timeout=send_timeout, max_body=max_body,
        federate=tuple(federate), allow_hosts=tuple(allow_host), cors=origins, watch=watch,
    )
    signal.signal(signal.SIGTERM, _stop)  # `kill PID` stops as cleanly as Ctrl-C
    typer.echo(f"loading {len(paths)} file(s) into {workers} query worker(s)…", err=True)
    try:
        server = SparqlServer(paths, host=host, port=port, config=config)
    except KeyboardInterrupt:
        typer.echo("stopped while loading", err=True)
        return
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.secho(f"warning: listening on {host}: anyone who can reach this machine can query the data", err=True, fg=typer.colors.YELLOW)
    typer.echo(
        f"{server.n_triples} triples; SPARQL endpoint at {server.url}, query page at {server.url[: -len('sparql')]} "
        f"(read-only, {timeout:g} s per query). Ctrl-C stops."
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.close()


def split_origins(arguments: list[str], cors: bool) -> tuple[list[Path], tuple[str, ...]]:
    """(files, CORS origins): with ``--cors``, the http(s)://… arguments (or ``*``) are origins; none given means any.

    Click has no option with an optional value, so ``--cors [ORIGIN]`` reads its origins from the arguments.

    >>> split_origins(["out/graph.ttl", "https://yasgui.example"], cors=True)
    ([PosixPath('out/graph.ttl')], ('https://yasgui.example',))
    >>> split_origins(["out/graph.ttl"], cors=True)
    ([PosixPath('out/graph.ttl')], ('*',))
    >>> split_origins(["out/graph.ttl"], cors=False)
    ([PosixPath('out/graph.ttl')], ())
    """
    origins = tuple(a for a in arguments if _ORIGIN.match(a)) if cors else ()
    paths = [Path(a) for a in arguments if a not in origins]
    return paths, origins or (("*",) if cors else ())


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
