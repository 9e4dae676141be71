"""``newsgraph serve FILE... [--host 127.0.0.1] [--port 8000]``"""

from __future__ import annotations

import logging
import signal
from pathlib import Path

import typer

from ..server import ServerConfig, SparqlServer
from . import app


@app.command("serve")
def serve_command(
    files: list[Path] = typer.Argument(..., help="RDF files to serve (.ttl .nt .trig .nq .jsonld)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; keep 127.0.0.1 unless others must reach it."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="TCP port (0: any free port)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds a query may run before it is stopped."),
    max_rows: int = typer.Option(10_000, "--max-rows", min=1, help="Rows (or triples) per answer at most."),
    workers: int = typer.Option(2, "--workers", "-j", min=1, help="Query processes (each holds a copy of the data)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every request."),
) -> None:
    """Serve the files as a read-only SPARQL 1.1 endpoint at /sparql until Ctrl-C."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(message)s")
    config = ServerConfig(timeout=timeout, max_rows=max_rows, workers=workers)
    signal.signal(signal.SIGTERM, _stop)  # `kill PID` stops as cleanly as Ctrl-C
    typer.echo(f"loading {len(files)} file(s) into {workers} query worker(s)…", err=True)
    try:
        server = SparqlServer(files, host=host, port=port, config=config)
    except KeyboardInterrupt:
        typer.echo("stopped while loading", err=True)
        return
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.secho(f"warning: listening on {host}: anyone who can reach this machine can query the data", err=True, fg=typer.colors.YELLOW)
    typer.echo(f"{server.n_triples} triples; SPARQL endpoint at {server.url} (read-only, {timeout:g} s per query). Ctrl-C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.close()


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
