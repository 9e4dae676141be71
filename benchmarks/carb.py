"""CaRB dev score of the default extractors: ``.venv/bin/python benchmarks/carb.py``.

Prints the shared scorer's JSON (precision, recall, f1, auc at the best
threshold, plus counts). Options: ``--gold``, ``--sentences`` (default to
``../shared/benchmarks/carb/``), ``--extractor`` (repeatable), ``--pred`` to
keep the prediction file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.registry import OPENIE_EXTRACTORS  # noqa: E402
from newsgraph.benchmarking import CARB_DIR, run_carb  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(CARB_DIR / "dev.tsv"))
    parser.add_argument("--sentences", default=str(CARB_DIR / "dev_sentences.txt"))
    parser.add_argument("--extractor", action="append", dest="extractors", help="extractor name (repeatable)")
    parser.add_argument("--pred", default=None, help="also keep the predictions here")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    result = run_carb(args.gold, args.sentences, extractors=args.extractors or OPENIE_EXTRACTORS, model=args.model, pred_file=args.pred)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
