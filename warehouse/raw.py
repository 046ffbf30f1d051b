"""The raw layer: what was fetched (raw.fetch_log, every fetch) and the latest fetch of each URL (raw.pages).

`RawStore` is the sink a crawl is handed; processing asks it which archived pages wait and marks them done.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from crawler.keys import sha1, url_key
from crawler.records import FetchRecord

from .connection import connect, transaction
from .load import insert_frame
from .migrations import migrate

YIELD_COLUMNS = ["discovered", "fetched", "2xx", "3xx", "4xx", "5xx", "not_modified", "blocked_robots", "too_large",
                 "timeout", "refused_private", "failed", "new_articles", "skipped_known"]
FETCH_COLUMNS = ["fetch_id", "run_id", "url", "url_hash", "source", "role", "status_code", "bytes", "duration_ms",
                 "fetched_at", "outcome", "reason", "warc_file", "warc_offset", "warc_length"]
PAGE_COLUMNS = ["url_hash", "url", "source", "role", "status_code", "content_type", "bytes", "etag", "last_modified",
                "fetched_at", "run_id", "warc_file", "warc_offset", "warc_length"]
_ON_CONFLICT_PAGE = (
    "ON CONFLICT (url_hash) DO UPDATE "
    "SET status_code = excluded.status_code, content_type = excluded.content_type, bytes = excluded.bytes, "
    "etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at, "
    "run_id = excluded.run_id, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset, "
    "warc_length = excluded.warc_length, processed_run = NULL")


class RawStore:
    """A crawl's sink: buffers fetch records and writes them in small transactions on one background thread
    (DuckDB releases the GIL), so the crawl never waits on the disk. `flush` waits and surfaces errors."""

    def __init__(self, db: Path | duckdb.DuckDBPyConnection, flush_every: int = 200,
                 on_fetch: Callable[[int], None] | None = None):
        self.con = connect(db) if isinstance(db, Path) else db
        self.on_fetch, self.fetches = on_fetch, 0
        migrate(self.con)
        self.flush_every = flush_every
        self._rows: list[FetchRecord] = []
        self._seq = 0
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-store")
        self._pending: list[Future] = []

    def fetch(self, record: FetchRecord) -> None:
        self._rows.append(record)
        self.fetches += 1
        if self.on_fetch:
            self.on_fetch(self.fetches)
        if len(self._rows) >= self.flush_every:
            rows, self._rows = self._rows, []
            self._pending.append(self._writer.submit(self._write, rows))

    def flush(self) -> None:
        rows, self._rows = self._rows, []
        if rows:
            self._pending.append(self._writer.submit(self._write, rows))
        pending, self._pending = self._pending, []
        for f in pending:
            f.result()

    def close(self) -> None:
        self.flush()
        self._writer.shutdown()
        self.con.execute("CHECKPOINT")
        self.con.close()

    def _write(self, records: list[FetchRecord]) -> None:
        fetches, pages = [], {}
        for r in records:
            self._seq += 1
            p = r.pointer
            where = (p.file, p.offset, p.length) if p else (None, None, None)
            key = url_key(r.url)
            fetches.append((sha1(f"{r.run_id}|{self._seq}|{r.url}"), r.run_id, r.url, key,
                            r.source, r.role, r.status, r.nbytes, round(r.duration_ms, 1), r.fetched_at, r.outcome,
                            r.reason, *where))
            if r.status is not None and r.outcome in ("fetched", "http_error"):
                # one row per URL per write (the last fetch wins)
                pages[key] = (key, r.url, r.source, r.role, r.status, r.content_type, r.nbytes, r.etag,
                              r.last_modified, r.fetched_at, r.run_id, *where)
        with transaction(self.con):
            insert_frame(self.con, "raw.fetch_log", fetches, FETCH_COLUMNS, "ON CONFLICT DO NOTHING")
            insert_frame(self.con, "raw.pages", list(pages.values()), PAGE_COLUMNS, _ON_CONFLICT_PAGE)

    def known_articles(self) -> set[str]:
        """URL hashes of articles already fetched with a 2xx: an incremental crawl skips them."""
        return {r[0] for r in self.con.execute(
            "SELECT url_hash FROM raw.pages WHERE role = 'article' AND status_code BETWEEN 200 AND 299").fetchall()}

    def validators(self) -> dict[str, tuple[str | None, str | None]]:
        """url -> (etag, last-modified) of discovery pages, for conditional requests."""
        return {r[0]: (r[1], r[2]) for r in self.con.execute(
            "SELECT url, etag, last_modified FROM raw.pages WHERE role <> 'article' AND status_code = 200 "
            "AND (etag IS NOT NULL OR last_modified IS NOT NULL)").fetchall()}

    def per_source_yield(self, run_id: str, discovered: dict[str, int],
                         skipped: dict[str, int]) -> dict[str, dict[str, int]]:
        """Per source: fetches by status class and outcome, new articles, plus the crawl's own counts."""
        return per_source_yield(self.con, run_id, discovered, skipped)


def per_source_yield(con: duckdb.DuckDBPyConnection, run_id: str, discovered: dict[str, int],
                     skipped: dict[str, int]) -> dict[str, dict[str, int]]:
    rows = con.execute("""
        SELECT source,
               count(*) FILTER (WHERE status_code IS NOT NULL AND outcome <> 'redirect') AS fetched,
               count(*) FILTER (WHERE status_code BETWEEN 200 AND 299) AS "2xx",
               count(*) FILTER (WHERE status_code BETWEEN 300 AND 399) AS "3xx",
               count(*) FILTER (WHERE status_code BETWEEN 400 AND 499) AS "4xx",
               count(*) FILTER (WHERE status_code >= 500) AS "5xx",
               count(*) FILTER (WHERE outcome = 'not_modified') AS not_modified,
               count(*) FILTER (WHERE outcome = 'blocked_robots') AS blocked_robots,
               count(*) FILTER (WHERE outcome = 'too_large') AS too_large,
               count(*) FILTER (WHERE outcome = 'timeout') AS timeout,
               count(*) FILTER (WHERE outcome = 'refused_private') AS refused_private,
               count(*) FILTER (WHERE outcome = 'failed') AS failed,
               count(DISTINCT url_hash) FILTER (WHERE role = 'article' AND outcome = 'fetched'
                                                AND status_code BETWEEN 200 AND 299) AS new_articles
        FROM raw.fetch_log WHERE run_id = ? GROUP BY source""", [run_id]).fetchall()
    cols = YIELD_COLUMNS[1:-1]
    out = {name: dict.fromkeys(YIELD_COLUMNS, 0) for name in discovered}
    for r in rows:
        out.setdefault(r[0], dict.fromkeys(YIELD_COLUMNS, 0)).update(dict(zip(cols, r[1:], strict=True)))
    for name in out:
        out[name]["discovered"] = discovered.get(name, 0)
        out[name]["skipped_known"] = skipped.get(name, 0)
    return out


@dataclass
class PendingPage:
    url_hash: str
    url: str
    source: str
    warc_file: str
    warc_offset: int


def pending_pages(con: duckdb.DuckDBPyConnection, reprocess: bool = False,
                  run: str | None = None) -> list[PendingPage]:
    """Latest 2xx article fetches that are not processed yet (or all of them with reprocess), in WARC order."""
    sql = ("SELECT p.url_hash, p.url, coalesce(p.source, ''), p.warc_file, p.warc_offset FROM raw.pages p "
           "WHERE p.role = 'article' AND p.status_code BETWEEN 200 AND 299 AND p.warc_file IS NOT NULL")
    params: list = []
    if run:
        sql += " AND p.run_id = ?"
        params.append(run)
    if not reprocess:
        sql += " AND p.processed_run IS NULL"
    return [PendingPage(*r) for r in con.execute(sql + " ORDER BY p.warc_file, p.warc_offset", params).fetchall()]


def mark_processed(con: duckdb.DuckDBPyConnection, run_id: str, url_hashes: list[str]) -> None:
    if url_hashes:
        con.execute("UPDATE raw.pages SET processed_run = ? WHERE url_hash IN (SELECT unnest(?::VARCHAR[]))",
                    [run_id, url_hashes])


@dataclass
class ArchiveFileRow:
    """One archive file's line in the backfill manifest (raw.archive_files)."""

    uri: str
    size: int | None
    sha256: str | None
    status: str  # loaded or failed
    reason: str | None
    records: int
    matched: int
    articles: int
    run_id: str


def archive_manifest(con: duckdb.DuckDBPyConnection) -> dict[str, ArchiveFileRow]:
    cur = con.execute("SELECT uri, size, sha256, status, reason, records, matched, articles, run_id "
                      "FROM raw.archive_files")
    return {r[0]: ArchiveFileRow(*r) for r in cur.fetchall()}


def record_archive_file(con: duckdb.DuckDBPyConnection, row: ArchiveFileRow) -> None:
    """Upsert a file's outcome: a failed file that loads on a later run becomes loaded."""
    import datetime as dt

    con.execute("INSERT INTO raw.archive_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uri) DO UPDATE "
                "SET size = excluded.size, sha256 = excluded.sha256, status = excluded.status, "
                "reason = excluded.reason, records = excluded.records, matched = excluded.matched, "
                "articles = excluded.articles, run_id = excluded.run_id, finished_at = excluded.finished_at",
                [row.uri, row.size, row.sha256, row.status, row.reason, row.records, row.matched, row.articles,
                 row.run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
