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

from nlp.evaluate import default_gold_path, load_gold
from nlp.extract import extract_articles

from .connection import connect
from .load import load_results, new_run_id
from .migrations import migrate
from .search import build_index, search

FTS_QUERIES = ["kopi jepang", "manggis china", "ekspor perdana", "sepatu senegal", "rumput laut",
               "mengekspor kopi", "udang amerika", "koperasi", "briket arab saudi", "vanili"]
WORDS = ("ekspor perdana dilepas kopi manggis sepatu udang rumput laut vanili pala cengkeh briket arang kelapa "
         "koperasi umkm ikm bumdes petani pelabuhan kontainer ton kilogram bupati gubernur pasar negara tujuan "
         "jepang china amerika malaysia singapura arab saudi belanda korea taiwan australia mesir india").split()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def generate(con, n_events: int, n_articles: int, corpus: Path, seed: float = 0.42) -> float:
    """Fill a migrated warehouse with synthetic rows using set-based SQL; returns rows/s of that bulk path.

    Article texts are real news texts (the CLICK-ID sample) with export words mixed in, so that posting lists
    and term frequencies look like a real index."""
    t0 = time.perf_counter()
    con.execute(f"SELECT setseed({seed})")
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    con.execute(f"CREATE TEMP TABLE corpus AS SELECT row_number() OVER () - 1 AS k, content AS text "
                f"FROM read_json_auto('{corpus}') WHERE content IS NOT NULL")
    n_corpus = con.execute("SELECT count(*) FROM corpus").fetchone()[0]
    con.execute("BEGIN TRANSACTION")
    con.execute(f"""
        INSERT INTO marts.sources
        SELECT 'site' || i || '.id', 'Outlet ' || i, 'site' || i || '.id', NULL, 'active' FROM range(300) t(i);
        INSERT INTO staging.articles
        SELECT 'a' || i, NULL, 'https://site' || (i % 300) || '.id/berita/' || i, 'a' || i,
               'site' || (i % 300) || '.id',
               'Berita ekspor ' || i, DATE '2018-01-01' + CAST(floor(random() * 2900) AS INTEGER),
               (SELECT text FROM corpus WHERE corpus.k = i % {n_corpus}) || ' ' ||
               array_to_string(list_transform(range(2), x -> {words}[1 + CAST(floor(random() * {len(WORDS)})
                   AS INTEGER)]), ' '),
               'id', md5(CAST(i AS VARCHAR)), NULL, random() < 0.3, 'synthetic', 'bench', now()
        FROM range({n_articles}) t(i);
    """)
    con.execute(f"""
        CREATE TEMP TABLE p AS SELECT code, row_number() OVER (ORDER BY code) - 1 AS k
            FROM marts.dim_regions WHERE level = 'province';
        CREATE TEMP TABLE kk AS SELECT code, province_code, row_number() OVER (PARTITION BY province_code ORDER BY code)
            - 1 AS k, count(*) OVER (PARTITION BY province_code) AS n FROM marts.dim_regions WHERE level = 'kabkota';
        CREATE TEMP TABLE c AS SELECT iso2, row_number() OVER (ORDER BY iso2) - 1 AS k FROM marts.dim_countries;
        CREATE TEMP TABLE pr AS SELECT term, kbki_code, row_number() OVER (ORDER BY term) - 1 AS k
            FROM marts.dim_products;
        CREATE TEMP TABLE ev AS SELECT i,
            CAST(floor(pow(random(), 3) * (SELECT count(*) FROM p)) AS INTEGER) AS pk,
            CAST(floor(pow(random(), 4) * (SELECT count(*) FROM c)) AS INTEGER) AS ck,
            CAST(floor(pow(random(), 2) * (SELECT count(*) FROM pr)) AS INTEGER) AS prk,
            random() AS r1, random() AS r2, DATE '2018-01-01' + CAST(floor(random() * 2900) AS INTEGER) AS d,
            1 + CAST(floor(-ln(1 - random() * 0.999) / 1.2) AS INTEGER) AS ns
            FROM range({n_events}) t(i);
        INSERT INTO marts.events
        SELECT 'ev' || substr(md5(CAST(i AS VARCHAR)), 1, 16), 'bench|' || i,
               CASE WHEN r1 < 0.8 THEN 'shipment' WHEN r1 < 0.93 THEN 'plan'
               ELSE 'market_presence' END, 'CV Bench ' || (i % 5000),
               CASE WHEN r2 < 0.7 THEN 'sme' WHEN r2 < 0.8 THEN 'cooperative' WHEN r2 < 0.85 THEN 'bumdes'
               WHEN r2 < 0.9 THEN 'large' ELSE 'unknown' END,
               (SELECT code FROM kk WHERE kk.province_code = p.code AND kk.k = i % kk.n),
               p.code, pr.term, pr.kbki_code, c.iso2,
               round(r2 * 50000, 1), 'kg', NULL, round(r2 * 50000, 1), round(r1 * 1e6, 2), 'USD', NULL, NULL,
               round(r1 * 1e6, 2), strftime(d, '%Y-%m-%d'), d, 'day', 0.5 + r1 / 2, ns, ns, d, d + 3, 'synthetic',
               now()
        FROM ev JOIN p ON p.k = ev.pk JOIN c ON c.k = ev.ck JOIN pr ON pr.k = ev.prk;
        INSERT INTO marts.mentions
        SELECT md5('m' || i || '-' || j), 'ev' || substr(md5(CAST(i AS VARCHAR)), 1, 16),
               'a' || ((i * 7 + j * 13) % {n_articles}), j, 'shipment', 0, 10,
               'bukti', 0.8, 'synthetic', '{{}}', now()
        FROM (SELECT i, ns FROM ev), range(3) r(j) WHERE j < ns;
        INSERT INTO marts.search_docs
        SELECT 'a:' || article_id, 'article', NULL, article_id, title, text FROM staging.articles;
        INSERT INTO marts.search_docs
        SELECT 'e:' || event_id, 'event', event_id, NULL, exporter || ' ' || product, exporter || ' ' || product || ' '
               || destination_iso2 FROM marts.events WHERE status IN ('shipment', 'plan');
    """)
    con.execute("COMMIT")
    rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("staging.articles", "marts.events", "marts.mentions", "marts.search_docs"))
    return rows / (time.perf_counter() - t0)


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
    rows = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("staging.articles", "marts.mentions", "marts.events", "marts.search_docs"))
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
    con.execute("CHECKPOINT")
    con.close()
    out["file_size_mb"] = path.stat().st_size / 1e6
    con = connect(path, read_only=True)
    sqls = re.findall(r"```sql\n(.*?)```", queries_md.read_text(encoding="utf-8"), re.S)
    per_query = []
    for sql in sqls:
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            con.execute(sql).fetchall()
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
