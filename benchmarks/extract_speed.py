"""How much the extractors add to parsing: ``.venv/bin/python benchmarks/extract_speed.py [-n 300]``.

Parses N articles with ``nlp.pipe`` and times the parse alone, then times the
default extractors and the whole ``extract.article.extract_article`` (entities
+ extractors + linking) over the already parsed docs. Prints JSON with both
times and their ratios to the parse time. The budget is: extractors ≤ 10 % of
the parse time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.article import extract_article  # noqa: E402
from extract.nlp import load_pipeline  # noqa: E402
from extract.registry import DEFAULT_EXTRACTORS, get_extractor  # noqa: E402
from extract.sources import read_articles  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc-news-2225" / "articles.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="articles (any input `newsgraph build` reads)")
    parser.add_argument("-n", type=int, default=300, help="number of articles")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)

    articles = []
    for article in read_articles([args.corpus], []):
        articles.append(article)
        if len(articles) >= args.n:
            break
    nlp = load_pipeline(args.model)
    nlp("warm up")
    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse_s = time.perf_counter() - started

    functions = [get_extractor(name) for name in DEFAULT_EXTRACTORS]
    started = time.perf_counter()
    n_statements = sum(1 for doc in docs for func in functions for _ in func(doc))
    extractors_s = time.perf_counter() - started

    started = time.perf_counter()
    for doc, article in zip(docs, articles):
        extract_article(doc, article)
    article_s = time.perf_counter() - started

    print(json.dumps({
        "articles": len(docs),
        "tokens": sum(len(d) for d in docs),
        "statements": n_statements,
        "extractors": list(DEFAULT_EXTRACTORS),
        "parse_s": round(parse_s, 3),
        "extractors_s": round(extractors_s, 3),
        "extract_article_s": round(article_s, 3),
        "extractors_over_parse": round(extractors_s / parse_s, 4),
        "extract_article_over_parse": round(article_s / parse_s, 4),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
