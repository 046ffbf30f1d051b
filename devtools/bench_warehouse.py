"""`ekspor bench warehouse`: a synthetic warehouse at production scale, and how fast it loads and answers.

The synthetic data follows the shapes of the real thing: a few provinces and destinations dominate (Zipf-like
weights), products come from the KBKI lexicon, most events have one outlet and a few have many, dates span
2018-2025. Figures: our idempotent loader's rows/s on extraction results, the bulk rows/s used to build the
big warehouse, p50/p95 of every query in docs/queries.md and of FTS queries, and the file size.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from typing import Any

from devtools.evaluate import default_gold_path, load_gold
from nlp.extract import extract_articles
from warehouse import Warehouse
from warehouse.connection import checkpoint, connect
from warehouse.load import load_results
from warehouse.migrations import migrate
from warehouse.runs import new_run_id
from warehouse.search import build_index, search
from warehouse.synthetic import generate, table_rows

FTS_QUERIES = ["kopi jepang", "manggis china", "ekspor perdana", "sepatu senegal", "rumput laut",
               "mengekspor kopi", "udang amerika", "koperasi", "briket arab saudi", "vanili"]
def _percentiles(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def loader_rows_per_s(tmp: Path, copies: int) -> float:
    """Rows/s of the real idempotent loader (articles, events, mentions, search docs) on dev-set extractions."""
    gold = load_gold(default_gold_path())
    recs = [{"id": f"{g['id']}-{i}", "text": g["text"], "published": g.get("published"),
             "url": f"https://bench.test/{i}/{g['id']}"} for i in range(copies) for g in gold]
    pairs = list(zip(recs, extract_articles(recs), strict=True))
    path = tmp / "loader.duckdb"
    con = connect(path)
    migrate(con)
    t0 = time.perf_counter()
    load_results(con, pairs, new_run_id("bench"))
    elapsed = time.perf_counter() - t0
    rows = sum(table_rows(con).values())
    con.close()
    return rows / elapsed


def run_bench(workdir: Path, n_events: int, n_articles: int, repeats: int, queries_md: Path,
              corpus: Path) -> dict[str, Any]:
    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.glob("*.duckdb*"):
        old.unlink()
    out: dict[str, Any] = {"events": n_events, "articles": n_articles}
    out["loader_rows_per_s"] = loader_rows_per_s(workdir, copies=10)
    path = workdir / "synthetic.duckdb"
    con = connect(path)
    migrate(con)
    out["bulk_rows_per_s"] = generate(con, n_events, n_articles, corpus)
    t0 = time.perf_counter()
    build_index(con)
    out["fts_index_build_s"] = time.perf_counter() - t0
    checkpoint(con)
    con.close()
    out["file_size_mb"] = path.stat().st_size / 1e6
    con = connect(path, read_only=True)
    wh = Warehouse(con, path)
    sqls = re.findall(r"```sql\n(.*?)```", queries_md.read_text(encoding="utf-8"), re.S)
    per_query = []
    for sql in sqls:
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            wh.rows(sql)
            samples.append((time.perf_counter() - t0) * 1000)
        per_query.append(_percentiles(samples))
    all_q = [p50 for p50, _ in per_query]
    out["query_p50_ms_median_over_queries"] = statistics.median(all_q)
    out["query_p50_ms_worst_query"] = max(all_q)
    out["query_p95_ms_worst_query"] = max(p95 for _, p95 in per_query)
    fts = []
    for _ in range(max(1, repeats // 2)):
        for q in FTS_QUERIES:
            t0 = time.perf_counter()
            search(con, q, limit=20)
            fts.append((time.perf_counter() - t0) * 1000)
    out["fts_p50_ms"], out["fts_p95_ms"] = _percentiles(fts)
    con.close()
    return out
