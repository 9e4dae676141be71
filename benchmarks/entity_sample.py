"""Sample entity-resolution decisions on a real corpus for judging by hand.

    .venv/bin/python benchmarks/entity_sample.py ../shared/corpora/bbc-news-2225/articles.jsonl \
        --per-category 10 --merges 30 --non-merges 30

Builds the first N articles of each category, then prints

* ``MERGE``: local entities that joined a global entity by a non-trivial rule
  (transliteration, fuzzy-name, surname, acronym, role-description,
  short-name inside an article, pronoun/description links are not counted
  here), with the sentence each side comes from;
* ``KEPT APART``: pairs of global entities with similar names (rapidfuzz ≥ 80
  or one name inside the other) that the resolver did not merge;
* timings: spaCy parse alone vs the whole build, and entity resolution alone.

Nothing from the corpus is written to disk: the output is for the reader.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

TRIVIAL = {"same-name", "ner"}


def _articles(path: Path, per_category: int) -> list[dict]:
    taken: dict[str, int] = defaultdict(int)
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            category = record.get("category", "all")
            if taken[category] < per_category:
                taken[category] += 1
                out.append(record)
    return out


def _sentence(texts: dict[str, str], doc_id: str, mention) -> str:
    text = texts[doc_id]
    start = text.rfind("\n", 0, mention.start_char) + 1
    end = text.find("\n", mention.end_char)
    snippet = text[max(start, mention.start_char - 90) : min(end if end > 0 else len(text), mention.end_char + 90)]
    return " ".join(snippet.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--per-category", type=int, default=10)
    parser.add_argument("--merges", type=int, default=30)
    parser.add_argument("--non-merges", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from extract.article import extract_article
    from extract.model import Article
    from extract.nlp import load_pipeline
    from graph.resolve import resolve_entities

    records = _articles(args.corpus, args.per_category)
    texts = {r["id"]: r["text"] for r in records}
    nlp = load_pipeline()
    nlp.pipe(["warm up"])
    started = time.perf_counter()
    docs = list(nlp.pipe([r["text"] for r in records], batch_size=64))
    parsed = time.perf_counter()
    extractions = [extract_article(doc, Article(r["id"], r["text"], r.get("title"))) for doc, r in zip(docs, records)]
    extracted = time.perf_counter()
    from extract.mentions import find_entities

    for doc in docs:
        find_entities(doc)
    entities_only = time.perf_counter() - extracted
    t0 = time.perf_counter()
    resolution = resolve_entities(extractions)
    resolve_s = time.perf_counter() - t0

    rng = random.Random(args.seed)
    by_key = {(x.article.id, e.id): e for x in extractions for e in x.entities}
    merges = []
    for entity in resolution.entities.values():
        founders = [r for r in entity.merged_from if r.rule in TRIVIAL]
        for record in entity.merged_from:
            if record.rule not in TRIVIAL:
                merges.append((entity, record, founders[0] if founders else entity.merged_from[0]))
    local_rules = defaultdict(int)
    for x in extractions:
        for e in x.entities:
            for m in e.mentions:
                local_rules[(m.kind, m.rule)] += 1

    print(f"{len(records)} articles; parse {parsed - started:.2f}s, extract+entities+coref {extracted - parsed:.2f}s "
          f"(entities+coref alone {entities_only:.2f}s), resolve {resolve_s:.3f}s")
    print(f"{sum(len(x.entities) for x in extractions)} local entities -> {len(resolution.entities)} global; "
          f"{len(merges)} non-trivial cross-article merges")
    print("within-article mention rules:", dict(sorted(local_rules.items())))

    print("\n=== MERGES ACROSS ARTICLES (non-trivial rule) ===")
    for number, (entity, record, founder) in enumerate(merges, start=1):
        local = by_key[(record.doc_id, record.local_id)]
        anchor = by_key[(founder.doc_id, founder.local_id)]
        print(f"[X{number}] {entity.id} <- {record.local_label!r} ({record.doc_id}, rule {record.rule}) joined {founder.local_label!r} ({founder.doc_id})")
        print(f"      {_sentence(texts, record.doc_id, local.mentions[0])}")
        print(f"      {_sentence(texts, founder.doc_id, anchor.mentions[0])}")

    # Within-article joins of a name or description to an entity by a non-trivial rule.
    joins = [
        (x.article.id, e, m)
        for x in extractions
        for e in x.entities
        if any(k.kind == "name" for k in e.mentions)
        for m in e.mentions
        if m.kind in {"name", "description"} and m.rule not in TRIVIAL and m.text != e.label
    ]
    n_cross = min(len(merges), args.merges)
    print(f"\n=== MERGES INSIDE ARTICLES (sample of {args.merges - n_cross} of {len(joins)}) ===")
    for number, (doc_id, entity, mention) in enumerate(rng.sample(joins, min(args.merges - n_cross, len(joins))), start=1):
        print(f"[M{number}] {mention.text!r} -> {entity.label!r} [{entity.type}] ({doc_id}, rule {mention.rule})")
        print(f"      {_sentence(texts, doc_id, mention)}")

    pronouns = [(x.article.id, e, m) for x in extractions for e in x.entities if any(k.kind == "name" for k in e.mentions) for m in e.mentions if m.kind == "pronoun"]
    print(f"\n=== PRONOUNS (sample of 20 of {len(pronouns)}) ===")
    for number, (doc_id, entity, mention) in enumerate(rng.sample(pronouns, min(20, len(pronouns))), start=1):
        print(f"[P{number}] {mention.text!r} -> {entity.label!r} ({doc_id}, rule {mention.rule}, sentence {mention.sentence_index})")
        print(f"      {_sentence(texts, doc_id, mention)}")

    print("\n=== KEPT APART (similar names, different nodes) ===")
    entities = sorted(resolution.entities.values(), key=lambda e: e.id)
    labels = [e.label for e in entities]
    pairs = set()
    for i, entity in enumerate(entities):
        for _, score, j in process.extract(entity.label, labels, scorer=fuzz.WRatio, score_cutoff=80, limit=6):
            if j != i:
                pairs.add(tuple(sorted((i, j))))
    chosen = rng.sample(sorted(pairs), min(args.non_merges, len(pairs)))
    for number, (i, j) in enumerate(chosen, start=1):
        a, b = entities[i], entities[j]
        print(f"[N{number}] {a.id} ({a.mention_count} mentions, {len(a.articles)} art) vs {b.id} ({b.mention_count}, {len(b.articles)} art)")
        for e in (a, b):
            record = e.merged_from[0]
            local = by_key[(record.doc_id, record.local_id)]
            print(f"      {e.label}: {_sentence(texts, record.doc_id, local.mentions[0])}")
    print(f"\n{len(pairs)} similar-name pairs kept apart in total")


if __name__ == "__main__":
    main()
