"""GAP scores of the build's coreference: ``.venv/bin/python benchmarks/gap.py [--gold TSV] [--predictions OUT]``.

Same as ``newsgraph bench gap``: runs :func:`extract.mentions.find_entities`
on each row's text (snippet-context), writes the official scorer's
three-column TSV and prints the scorecard (M, F, overall F1, bias F/M).
Default gold: ``../shared/benchmarks/gap/gap-development.tsv``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgraph.gap import GAP_DIR, run_gap  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(GAP_DIR / "gap-development.tsv"))
    parser.add_argument("--predictions", default=None, help="keep the three-column predictions here")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    result = run_gap(args.gold, model=args.model, pred_file=args.predictions)
    print(result.pop("scorecard"))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
