"""Run a crawl: settings (polite by default), the fetch log sink into the warehouse raw layer, per-source yield.

The only place in the crawler that touches the warehouse file; the spider only calls the sink.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warehouse.connection import connect
from warehouse.load import insert_frame, new_run_id, url_key
from warehouse.migrations import migrate

from .archive import WarcArchive, WarcPointer
from .registry import Source

DEFAULT_USER_AGENT = "EksporRadar/0.1 (+https://github.com/ekspor-radar/ekspor-radar; research crawler)"
YIELD_COLUMNS = ["discovered", "fetched", "2xx", "3xx", "4xx", "5xx", "not_modified", "blocked_robots", "too_large",
                 "timeout", "refused_private", "failed", "new_articles", "skipped_known"]


def crawl_settings(user_agent: str, allow_private: bool, max_pages: int | None, fast: bool,
                   distributed: str | None) -> dict[str, Any]:
    """Polite defaults: robots.txt, AutoThrottle, 2 requests per domain, retries with backoff, size and time caps.
    `fast` (tests, demo, benchmarks on 127.0.0.1) shortens delays and timeouts; it never turns politeness off."""
    s: dict[str, Any] = {
        "BOT_NAME": "ekspor-radar", "USER_AGENT": user_agent, "ROBOTSTXT_OBEY": True,
        "AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_START_DELAY": 0.05 if fast else 1.0,
        "AUTOTHROTTLE_MAX_DELAY": 1.0 if fast else 30.0, "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0 if fast else 1.0,
        "DOWNLOAD_DELAY": 0.0 if fast else 0.5, "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "DOWNLOAD_TIMEOUT": 2 if fast else 20, "DOWNLOAD_MAXSIZE": 1_000_000 if fast else 5_000_000,
        "DOWNLOAD_WARNSIZE": 0, "RETRY_ENABLED": True, "RETRY_TIMES": 1 if fast else 2,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429], "EKSPOR_RETRY_BACKOFF": 0.1 if fast else 2.0,
        "REDIRECT_MAX_TIMES": 5, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING", "COOKIES_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "EKSPOR_ALLOW_PRIVATE_HOSTS": allow_private,
        "DOWNLOADER_MIDDLEWARES": {"crawler.spider.SafetyMiddleware": 50, "crawler.spider.BackoffMiddleware": 60},
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    }
    if max_pages:
        s["CLOSESPIDER_PAGECOUNT"] = max_pages
    if distributed:
        s.update({"SCHEDULER": "scrapy_redis.scheduler.Scheduler",
                  "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter", "REDIS_URL": distributed,
                  # persist: a worker that goes idle must not wipe the queue the others still work on
                  "SCHEDULER_PERSIST": True, "SCHEDULER_IDLE_BEFORE_CLOSE": 3,
                  "SCHEDULER_QUEUE_KEY": "ekspor:%(spider)s:requests",
                  "SCHEDULER_DUPEFILTER_KEY": "ekspor:%(spider)s:dupefilter"})
    return s


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


class FetchSink:
    """Collects fetch log rows and writes them to raw.fetch_log / raw.pages in small transactions."""

    def __init__(self, db: Path, flush_every: int = 200):
        self.con = connect(db)
        migrate(self.con)
        self.rows: list[tuple] = []
        self.flush_every = flush_every
        # writes go to one background thread (DuckDB releases the GIL), so the crawl never waits on the disk
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fetch-sink")
        self._pending: list[Future] = []
        self.seq = 0
        self.discovered: dict[str, int] = {}
        self.skipped_known: dict[str, int] = {}
        self.close_reason = ""

    def fetch(self, run_id: str, url: str, source: str, role: str, status: int | None, nbytes: int,
              duration_ms: float, outcome: str, reason: str | None, pointer: WarcPointer | None,
              validators: dict[str, str | None]) -> None:
        self.seq += 1
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        fid = hashlib.sha1(f"{run_id}|{self.seq}|{url}".encode()).hexdigest()
        self.rows.append((fid, run_id, url, url_key(url), source, role, status, nbytes, round(duration_ms, 1), now,
                          outcome, reason, pointer.file if pointer else None, pointer.offset if pointer else None,
                          pointer.length if pointer else None, validators))
        if len(self.rows) >= self.flush_every:
            rows, self.rows = self.rows, []
            self._pending.append(self._writer.submit(self._write, rows))

    def flush(self) -> None:
        """Write what is buffered and wait for every background write; errors surface here."""
        rows, self.rows = self.rows, []
        if rows:
            self._pending.append(self._writer.submit(self._write, rows))
        pending, self._pending = self._pending, []
        for f in pending:
            f.result()

    def _write(self, rows: list[tuple]) -> None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            insert_frame(con, "raw.fetch_log", [r[:15] for r in rows], FETCH_COLUMNS, "ON CONFLICT DO NOTHING")
            pages = [(r[3], r[2], r[4], r[5], r[6], v.get("content_type"), r[7], v.get("etag"), v.get("last_modified"),
                      r[9], r[1], r[12], r[13], r[14]) for r in rows if r[6] is not None
                     for v in [r[15]] if r[10] in ("fetched", "http_error")]
            latest = {p[0]: p for p in pages}  # one row per URL per flush (the last fetch wins)
            insert_frame(con, "raw.pages", list(latest.values()), PAGE_COLUMNS, _ON_CONFLICT_PAGE)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


@dataclass
class CrawlReport:
    run_id: str
    warc: Path
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    close_reason: str = ""
    responses: int = 0
    elapsed_s: float = 0.0

    def totals(self) -> dict[str, int]:
        return {c: sum(v.get(c, 0) for v in self.per_source.values()) for c in YIELD_COLUMNS}


def _known(con) -> tuple[set[str], dict[str, tuple[str | None, str | None]]]:
    known = {r[0] for r in con.execute(
        "SELECT url_hash FROM raw.pages WHERE role = 'article' AND status_code BETWEEN 200 AND 299").fetchall()}
    validators = {r[0]: (r[1], r[2]) for r in con.execute(
        "SELECT url, etag, last_modified FROM raw.pages WHERE role <> 'article' AND status_code = 200 "
        "AND (etag IS NOT NULL OR last_modified IS NOT NULL)").fetchall()}
    return known, validators


def per_source_yield(con, run_id: str, discovered: dict[str, int], skipped: dict[str, int]) -> dict[str, dict]:
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
    cols = ["fetched", "2xx", "3xx", "4xx", "5xx", "not_modified", "blocked_robots", "too_large", "timeout",
            "refused_private", "failed", "new_articles"]
    out = {name: {c: 0 for c in YIELD_COLUMNS} for name in discovered}
    for r in rows:
        out.setdefault(r[0], {c: 0 for c in YIELD_COLUMNS}).update(dict(zip(cols, r[1:], strict=True)))
    for name in out:
        out[name]["discovered"] = discovered.get(name, 0)
        out[name]["skipped_known"] = skipped.get(name, 0)
    return out


def run_crawl(sources: list[Source], db: Path, warc_dir: Path, since: dt.date | None = None,
              max_pages: int | None = None, allow_private: bool = False, user_agent: str = DEFAULT_USER_AGENT,
              fast: bool = False, distributed: str | None = None, run_id: str | None = None) -> CrawlReport:
    """Crawl the sources once (blocking: runs the Twisted reactor, so call it once per process)."""
    from scrapy.crawler import CrawlerProcess

    from .spider import EksporSpider

    run_id = run_id or new_run_id("crawl")
    sink = FetchSink(db)
    known, validators = _known(sink.con)
    sink.con.execute("INSERT INTO marts.runs VALUES (?, 'crawl', ?, NULL, 'running', NULL) ON CONFLICT DO NOTHING",
                     [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
    archive = WarcArchive(warc_dir, run_id)
    process = CrawlerProcess(crawl_settings(user_agent, allow_private, max_pages, fast, distributed))
    crawler = process.create_crawler(EksporSpider)
    process.crawl(crawler, sources=sources, run_id=run_id, archive=archive, sink=sink, since=since,
                  known=known, validators=validators, distributed=bool(distributed))
    process.start()
    stats = crawler.stats.get_stats()
    archive.close()
    sink.flush()
    report = CrawlReport(run_id, archive.path, per_source_yield(sink.con, run_id, sink.discovered,
                                                                 sink.skipped_known), sink.close_reason,
                         responses=int(stats.get("response_received_count", 0)),
                         elapsed_s=float(stats.get("elapsed_time_seconds", 0.0)))
    con = sink.con
    con.execute("BEGIN TRANSACTION")
    stages = [(run_id, src, col, n) for src, cols in report.per_source.items() for col, n in cols.items() if n]
    if stages:
        con.executemany("INSERT INTO marts.run_stages VALUES (?, ?, 'fetch', ?, ?) ON CONFLICT DO NOTHING", stages)
    con.execute("UPDATE marts.runs SET finished_at = ?, status = 'ok', detail = ? WHERE run_id = ?",
                [dt.datetime.now(dt.UTC).replace(tzinfo=None), json.dumps(report.totals()), run_id])
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    return report
