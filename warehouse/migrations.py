"""Schema migrations: registered in order, each run in its own transaction and recorded with a timestamp.

Layers: raw (what was fetched), staging (clean articles), marts (events, mentions, dimensions, runs).
Never edit a released migration; add a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from .connection import transaction
from .dimensions import load_dimensions


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


MIGRATIONS: list[Migration] = []


def migration(version: int, name: str):
    def register(fn: Callable[[duckdb.DuckDBPyConnection], None]):
        if any(m.version == version for m in MIGRATIONS):
            raise ValueError(f"migration {version} registered twice")
        MIGRATIONS.append(Migration(version, name, fn))
        MIGRATIONS.sort(key=lambda m: m.version)
        return fn

    return register


@migration(1, "layers, core tables and dimensions")
def _m001(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
    CREATE SCHEMA IF NOT EXISTS raw;
    CREATE SCHEMA IF NOT EXISTS staging;
    CREATE SCHEMA IF NOT EXISTS marts;

    CREATE TABLE raw.fetch_log (
        fetch_id VARCHAR PRIMARY KEY, run_id VARCHAR NOT NULL, url VARCHAR NOT NULL, url_hash VARCHAR NOT NULL,
        source VARCHAR, role VARCHAR, status_code INTEGER, bytes BIGINT, duration_ms DOUBLE,
        fetched_at TIMESTAMP NOT NULL,
        outcome VARCHAR NOT NULL, reason VARCHAR, warc_file VARCHAR, warc_offset BIGINT, warc_length BIGINT);
    CREATE TABLE raw.pages (
        url_hash VARCHAR PRIMARY KEY, url VARCHAR NOT NULL, source VARCHAR, role VARCHAR, status_code INTEGER,
        content_type VARCHAR, bytes BIGINT, etag VARCHAR, last_modified VARCHAR, fetched_at TIMESTAMP NOT NULL,
        run_id VARCHAR NOT NULL, warc_file VARCHAR, warc_offset BIGINT, warc_length BIGINT,
        processed_run VARCHAR);

    CREATE TABLE staging.articles (
        article_id VARCHAR PRIMARY KEY, external_id VARCHAR, canonical_url VARCHAR, url_hash VARCHAR,
        site VARCHAR NOT NULL, title VARCHAR, published DATE, text VARCHAR NOT NULL, language VARCHAR,
        content_hash VARCHAR NOT NULL, cluster_id VARCHAR, is_export_story BOOLEAN NOT NULL,
        extractor_version VARCHAR NOT NULL, run_id VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL);

    CREATE TABLE marts.sources (
        source_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, domain VARCHAR NOT NULL,
        home_region_code VARCHAR, status VARCHAR NOT NULL);
    CREATE TABLE marts.runs (
        run_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
        status VARCHAR NOT NULL, detail VARCHAR);
    CREATE TABLE marts.run_stages (
        run_id VARCHAR NOT NULL, source VARCHAR NOT NULL, stage VARCHAR NOT NULL, status VARCHAR NOT NULL,
        documents BIGINT NOT NULL, PRIMARY KEY (run_id, source, stage, status));

    CREATE TABLE marts.dim_regions (
        code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL,
        province_code VARCHAR NOT NULL, province VARCHAR NOT NULL, kabkota_code VARCHAR);
    CREATE TABLE marts.dim_countries (iso2 VARCHAR PRIMARY KEY, name_id VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
    CREATE TABLE marts.dim_products (term VARCHAR PRIMARY KEY, kbki_code VARCHAR, kbki_name VARCHAR);

    CREATE TABLE marts.events (
        event_id VARCHAR PRIMARY KEY, event_key VARCHAR NOT NULL UNIQUE, status VARCHAR NOT NULL,
        exporter VARCHAR, exporter_type VARCHAR NOT NULL, kabkota_code VARCHAR, province_code VARCHAR,
        product VARCHAR, product_code VARCHAR, destination_iso2 VARCHAR NOT NULL,
        quantity_value DOUBLE, quantity_unit VARCHAR, quantity_text VARCHAR, quantity_kg DOUBLE,
        value_amount DOUBLE, value_currency VARCHAR, value_text VARCHAR, value_idr DOUBLE, value_usd DOUBLE,
        date VARCHAR, event_date DATE, date_precision VARCHAR, confidence DOUBLE NOT NULL,
        num_articles INTEGER NOT NULL, num_sources INTEGER NOT NULL, first_seen DATE, last_seen DATE,
        extractor_version VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL);
    CREATE TABLE marts.mentions (
        mention_id VARCHAR PRIMARY KEY, event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
        ordinal INTEGER NOT NULL, status VARCHAR NOT NULL, evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL, evidence VARCHAR NOT NULL, confidence DOUBLE NOT NULL,
        extractor_version VARCHAR NOT NULL, event_json VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);

    CREATE TABLE marts.search_docs (
        doc_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, event_id VARCHAR, article_id VARCHAR,
        title VARCHAR, body VARCHAR NOT NULL);
    """)
    load_dimensions(con)


@migration(2, "analyst views")
def _m002(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
    CREATE VIEW marts.v_export_events AS
    SELECT e.event_id, e.status, e.exporter, e.exporter_type,
           e.kabkota_code, k.name AS kabkota, e.province_code, p.name AS province,
           e.product, e.product_code, e.destination_iso2, c.name_id AS destination, c.name_en AS destination_en,
           e.quantity_value, e.quantity_unit, e.quantity_text, e.quantity_kg,
           e.value_amount, e.value_currency, e.value_text,
           e.value_idr, e.value_usd, e.date, e.event_date, e.date_precision, e.confidence,
           e.num_articles, e.num_sources, e.first_seen, e.last_seen, e.extractor_version
    FROM marts.events e
    LEFT JOIN marts.dim_regions k ON k.code = e.kabkota_code
    LEFT JOIN marts.dim_regions p ON p.code = e.province_code
    LEFT JOIN marts.dim_countries c ON c.iso2 = e.destination_iso2;

    CREATE VIEW marts.v_monthly_province AS
    SELECT date_trunc('month', event_date) AS month, province_code, province,
           count(*) AS events, sum(quantity_kg) AS quantity_kg, sum(value_usd) AS value_usd,
           sum(value_idr) AS value_idr, sum(num_sources) AS outlet_reports
    FROM marts.v_export_events WHERE status = 'shipment' AND event_date IS NOT NULL
    GROUP BY ALL;

    CREATE VIEW marts.v_monthly_destination AS
    SELECT date_trunc('month', event_date) AS month, destination_iso2, destination,
           count(*) AS events, sum(quantity_kg) AS quantity_kg, sum(value_usd) AS value_usd,
           sum(value_idr) AS value_idr
    FROM marts.v_export_events WHERE status = 'shipment' AND event_date IS NOT NULL
    GROUP BY ALL;

    CREATE VIEW marts.v_monthly_product AS
    SELECT date_trunc('month', event_date) AS month, coalesce(product_code, 'unknown') AS product_code,
           any_value(product) AS example_product, count(*) AS events, sum(quantity_kg) AS quantity_kg
    FROM marts.v_export_events WHERE status = 'shipment' AND event_date IS NOT NULL
    GROUP BY ALL;
    """)


@migration(3, "table and column descriptions")
def _m003(con: duckdb.DuckDBPyConnection) -> None:
    from .comments import COLUMNS, TABLES

    existing = {f"{s}.{t}" for s, t in con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() UNION ALL "
        "SELECT schema_name, view_name FROM duckdb_views()").fetchall()}
    for table, text in TABLES.items():
        kind = "VIEW" if ".v_" in table else "TABLE"
        if table != "main.schema_migrations" and table in existing:  # later tables: their own migration
            con.execute(f"COMMENT ON {kind} {table} IS {_quote(text)}")
    rows = con.execute("SELECT schema_name, table_name, column_name FROM duckdb_columns() "
                       "WHERE schema_name IN ('raw', 'staging', 'marts')").fetchall()
    for schema, table, column in rows:
        if column in COLUMNS:
            con.execute(f"COMMENT ON COLUMN {schema}.{table}.{column} IS {_quote(COLUMNS[column])}")


@migration(4, "archive backfill manifest")
def _m004(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
    CREATE TABLE raw.archive_files (
        uri VARCHAR PRIMARY KEY, size BIGINT, sha256 VARCHAR, status VARCHAR NOT NULL, reason VARCHAR,
        records BIGINT NOT NULL, matched BIGINT NOT NULL, articles BIGINT NOT NULL, run_id VARCHAR NOT NULL,
        finished_at TIMESTAMP NOT NULL)""")
    _describe(con, "raw.archive_files")


@migration(5, "source health: probe history and observed status")
def _m005(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
    CREATE TABLE raw.source_probes (
        probe_id VARCHAR NOT NULL, source VARCHAR NOT NULL, kind VARCHAR NOT NULL, url VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL, status_code INTEGER, latency_ms DOUBLE, links INTEGER NOT NULL, newest DATE,
        detail VARCHAR, probed_at TIMESTAMP NOT NULL);
    CREATE TABLE marts.source_status (
        source VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, since TIMESTAMP NOT NULL,
        consecutive_bad INTEGER NOT NULL, last_good_night TIMESTAMP, last_probe VARCHAR, reason VARCHAR,
        updated_at TIMESTAMP NOT NULL)""")
    _describe(con, "raw.source_probes", "marts.source_status")


@migration(6, "exporter entities")
def _m006(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
    CREATE TABLE marts.exporters (
        exporter_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, exporter_type VARCHAR NOT NULL,
        province_code VARCHAR, kabkota_code VARCHAR, first_shipment DATE, last_shipment DATE,
        events INTEGER NOT NULL, articles INTEGER NOT NULL, outlets INTEGER NOT NULL);
    CREATE TABLE marts.exporter_aliases (
        alias VARCHAR NOT NULL, province_code VARCHAR NOT NULL, exporter_id VARCHAR NOT NULL,
        events INTEGER NOT NULL, PRIMARY KEY (alias, province_code));
    CREATE TABLE marts.event_exporters (event_id VARCHAR PRIMARY KEY, exporter_id VARCHAR NOT NULL);
    CREATE OR REPLACE VIEW marts.v_export_events AS
    SELECT e.event_id, e.status, e.exporter, ee.exporter_id, e.exporter_type,
           e.kabkota_code, k.name AS kabkota, e.province_code, p.name AS province,
           e.product, e.product_code, e.destination_iso2, c.name_id AS destination, c.name_en AS destination_en,
           e.quantity_value, e.quantity_unit, e.quantity_text, e.quantity_kg,
           e.value_amount, e.value_currency, e.value_text,
           e.value_idr, e.value_usd, e.date, e.event_date, e.date_precision, e.confidence,
           e.num_articles, e.num_sources, e.first_seen, e.last_seen, e.extractor_version
    FROM marts.events e
    LEFT JOIN marts.event_exporters ee ON ee.event_id = e.event_id
    LEFT JOIN marts.dim_regions k ON k.code = e.kabkota_code
    LEFT JOIN marts.dim_regions p ON p.code = e.province_code
    LEFT JOIN marts.dim_countries c ON c.iso2 = e.destination_iso2""")
    _describe(con, "marts.exporters", "marts.exporter_aliases", "marts.event_exporters", "marts.v_export_events")


@migration(7, "articles point at their archived record")
def _m007(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE staging.articles ADD COLUMN warc_file VARCHAR")
    con.execute("ALTER TABLE staging.articles ADD COLUMN warc_offset BIGINT")
    _describe(con, "staging.articles")


def _describe(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    """COMMENT ON a later migration's tables (or views) and every column of theirs that comments.py knows,
    read from the catalog rather than listed again."""
    from .comments import COLUMNS, TABLES

    for table in tables:
        schema, name = table.split(".")
        kind = "VIEW" if ".v_" in table else "TABLE"
        con.execute(f"COMMENT ON {kind} {table} IS {_quote(TABLES[table])}")
        for (column,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND "
                                     "table_name = ? ORDER BY column_index", [schema, name]).fetchall():
            if column in COLUMNS:
                con.execute(f"COMMENT ON COLUMN {table}.{column} IS {_quote(COLUMNS[column])}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""CREATE TABLE IF NOT EXISTS main.schema_migrations (
        version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)""")


def applied(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, dt.datetime]]:
    _ensure_table(con)
    return {v: (n, t) for v, n, t in con.execute("SELECT version, name, applied_at FROM main.schema_migrations")
            .fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply every pending migration, each in one transaction; return those applied now."""
    done = applied(con)
    ran = []
    for m in MIGRATIONS:
        if m.version in done:
            continue
        with transaction(con):
            m.apply(con)
            con.execute("INSERT INTO main.schema_migrations VALUES (?, ?, ?)",
                        [m.version, m.name, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
        ran.append(m)
    return ran


def status(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """(version, name, applied_at or 'pending') for every registered migration."""
    done = applied(con)
    return [(m.version, m.name, str(done[m.version][1]) if m.version in done else "pending") for m in MIGRATIONS]
