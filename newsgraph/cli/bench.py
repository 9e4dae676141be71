"""``newsgraph bench carb`` and ``newsgraph bench gap``: extraction and coreference on public benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from extract.registry import OPENIE_EXTRACTORS
from newsgraph.benchmarking import CARB_DIR, run_carb
from newsgraph.gap import GAP_DIR, run_gap

from . import app

bench_app = typer.Typer(help="Measure extraction quality against public benchmarks.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("carb")
def carb_command(
    gold: Path = typer.Option(CARB_DIR / "dev.tsv", "--gold", help="CaRB gold tuples (dev.tsv); the scorer carb_score.py must sit beside it."),
    sentences: Path = typer.Option(None, "--sentences", help="Sentences, one per line (default: dev_sentences.txt beside the gold file)."),
    extractors: list[str] = typer.Option(list(OPENIE_EXTRACTORS), "--extractor", help="Extractors to run (repeatable)."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline."),
    pred: Path = typer.Option(None, "--pred", help="Keep the prediction file here."),
) -> None:
    """Print precision, recall, F1 and AUC (CaRB metric) as JSON."""
    sentences = sentences or gold.parent / "dev_sentences.txt"
    result = run_carb(gold, sentences, extractors=extractors, model=model, pred_file=pred)
    typer.echo(json.dumps(result, indent=2))


@bench_app.command("gap")
def gap_command(
    gold: Path = typer.Option(GAP_DIR / "gap-development.tsv", "--gold", help="A GAP split (TSV with header); gap_scorer.py and constants.py must sit beside it."),
    predictions: Path = typer.Option(None, "--predictions", help="Write the scorer's three-column TSV (ID, A-coref, B-coref) here."),
    model: str = typer.Option(None, "--model", help="Installed spaCy pipeline."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Run the build's coreference on every GAP row (text only) and print M, F, overall F1 and bias."""
    result = run_gap(gold, model=model, pred_file=predictions)
    if as_json:
        typer.echo(json.dumps({k: v for k, v in result.items() if k != "scorecard"}, indent=2))
        return
    bias = "-" if result.get("bias") is None else f"{result['bias']:.2f}"
    typer.echo(
        f"GAP {gold.name} ({result['rows']} rows): M F1 {result['M']['f1']:.1f}  F F1 {result['F']['f1']:.1f}  "
        f"overall F1 {result['overall']['f1']:.1f} (P {result['overall']['precision']:.1f}, R {result['overall']['recall']:.1f})  bias F/M {bias}"
    )
