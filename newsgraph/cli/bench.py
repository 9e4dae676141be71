"""``newsgraph bench carb``: score the extractors on CaRB (dev split by default)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from extract.registry import OPENIE_EXTRACTORS
from newsgraph.benchmarking import CARB_DIR, run_carb

from . import app

bench_app = typer.Typer(help="Measure extraction quality against public benchmarks.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("carb")
def carb_command(
    gold: Path = typer.Option(CARB_DIR / "dev.tsv", "--gold", help="CaRB gold tuples (dev.tsv); the scorer carb_score.py must sit beside it."),
    sentences: Path = typer.Option(CARB_DIR / "dev_sentences.txt", "--sentences", help="Sentences, one per line."),
    extractors: list[str] = typer.Option(list(OPENIE_EXTRACTORS), "--extractor", help="Extractors to run (repeatable)."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline."),
    pred: Path = typer.Option(None, "--pred", help="Keep the prediction file here."),
) -> None:
    """Print precision, recall, F1 and AUC (CaRB metric) as JSON."""
    result = run_carb(gold, sentences, extractors=extractors, model=model, pred_file=pred)
    typer.echo(json.dumps(result, indent=2))
