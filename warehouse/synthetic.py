"""A synthetic warehouse at production scale, for the benchmarks (`ekspor bench warehouse`, `ekspor bench web`).

The synthetic data follows the shapes of the real thing: a few provinces and destinations dominate (Zipf-like
weights), products come from the KBKI lexicon, most events have one outlet and a few have many, dates span
2018-2025. Article texts are real news texts with export words mixed in.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from .connection import transaction

WORDS = ("ekspor perdana dilepas kopi manggis sepatu udang rumput laut vanili pala cengkeh briket arang kelapa "
         "koperasi umkm ikm bumdes petani pelabuhan kontainer ton kilogram bupati gubernur pasar negara tujuan "
         "jepang china amerika malaysia singapura arab saudi belanda korea taiwan australia mesir india").split()

COUNTED = ("staging.articles", "marts.events", "marts.mentions", "marts.search_docs")


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in each table a load writes (what the load benchmarks divide by their time)."""
    return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED}


def sample_event_ids(con: duckdb.DuckDBPyConnection, n: int = 2000) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT event_id FROM marts.events USING SAMPLE {int(n)}").fetchall()]


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
    with transaction(con):
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
                   'id', md5(CAST(i AS VARCHAR)), NULL, random() < 0.3, 'synthetic', 'bench', now(), NULL, NULL
            FROM range({n_articles}) t(i);
        """)
        con.execute(f"""
            CREATE TEMP TABLE p AS SELECT code, row_number() OVER (ORDER BY code) - 1 AS k
                FROM marts.dim_regions WHERE level = 'province';
            CREATE TEMP TABLE kk AS SELECT code, province_code,
                row_number() OVER (PARTITION BY province_code ORDER BY code) - 1 AS k,
                count(*) OVER (PARTITION BY province_code) AS n FROM marts.dim_regions WHERE level = 'kabkota';
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
            SELECT 'e:' || event_id, 'event', event_id, NULL, exporter || ' ' || product,
                   exporter || ' ' || product || ' ' || destination_iso2
            FROM marts.events WHERE status IN ('shipment', 'plan');
        """)
    return sum(table_rows(con).values()) / (time.perf_counter() - t0)


def sample_exporter_ids(con: duckdb.DuckDBPyConnection, n: int = 500) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT exporter_id FROM marts.exporters USING SAMPLE {int(n)}").fetchall()]
