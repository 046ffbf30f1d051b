"""`ekspor bench extract`: throughput and peak memory of the extractor, with same-process baselines.

Figures are ratios against a baseline measured in the same run (the pipeline's tokenizer alone, and spaCy's stock
tokenizer with all its special cases, for the full extract; a bare `str.lower()` scan for the prefilter), because
absolute numbers on shared machines are noisy.
"""

from __future__ import annotations

import gzip
import json
import resource
import time
from pathlib import Path
from typing import Any

from devtools.evaluate import default_gold_path, load_gold
from nlp.extract import extract_articles
from nlp.prefilter import is_relevant
from nlp.spacy_pipeline import build_nlp
from nlp.tokenizer import EksporIndonesian


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _corpus(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def run_bench(corpus_path: Path, repeats: int = 5) -> dict[str, float]:
    gold = load_gold(default_gold_path())
    records = [{"id": f"{g['id']}-{i}", "text": g["text"], "published": g.get("published"), "url": g.get("url")}
               for i in range(repeats) for g in gold]
    list(extract_articles(records[:4]))  # warm up: build the pipeline and gazetteers once
    nlp = build_nlp()
    t0 = time.perf_counter()
    for _doc in nlp.tokenizer.pipe(r["text"] for r in records):
        pass
    t_tok = time.perf_counter() - t0
    # spaCy's own tokenizer with every special case, as the pipeline used it before nlp.tokenizer: the baseline
    # that earlier sessions' ratios were taken against
    stock = EksporIndonesian(vocab=nlp.vocab).tokenizer
    t0 = time.perf_counter()
    for _doc in stock.pipe(r["text"] for r in records):
        pass
    t_stock = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_events = sum(len(r.events) for r in extract_articles(records))
    t_full = time.perf_counter() - t0

    corpus = _corpus(corpus_path)
    texts = [(c.get("content") or "", c.get("title")) for c in corpus]
    t0 = time.perf_counter()
    for text, _title in texts:
        text.lower().find("ekspor")
    t_scan = time.perf_counter() - t0
    is_relevant("warm up ekspor ke Jepang")
    t0 = time.perf_counter()
    relevant = sum(is_relevant(text, title) for text, title in texts)
    t_pre = time.perf_counter() - t0
    return {
        "articles_full": len(records),
        "events": n_events,
        "full_extract_articles_per_s": len(records) / t_full,
        "tokenizer_only_articles_per_s": len(records) / t_tok,
        "full_vs_tokenizer_ratio": t_tok / t_full,
        "stock_tokenizer_articles_per_s": len(records) / t_stock,
        "full_vs_stock_tokenizer_ratio": t_stock / t_full,
        "corpus_articles": len(texts),
        "prefilter_articles_per_s": len(texts) / t_pre,
        "prefilter_relevant": relevant,
        "prefilter_vs_plain_scan_ratio": t_scan / t_pre if t_pre else 0.0,
        "peak_rss_mb": _peak_rss_mb(),
    }
