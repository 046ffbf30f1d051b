"""Run a crawl: settings (polite by default) and one blocking run that hands every fetch to a sink.

The crawler knows no database: the caller passes the sink (the warehouse's `RawStore` in production).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .archive import WarcArchive
from .records import CrawlResult, FetchSink
from .registry import Source

DEFAULT_USER_AGENT = "EksporRadar/0.1 (+https://github.com/ekspor-radar/ekspor-radar; research crawler)"


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
        s.update({"SCHEDULER": "crawler.distributed.RedisScheduler",
                  "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter", "REDIS_URL": distributed,
                  # persist: a worker that goes idle must not wipe the queue the others still work on
                  "SCHEDULER_PERSIST": True, "SCHEDULER_IDLE_BEFORE_CLOSE": 3,
                  "SCHEDULER_QUEUE_KEY": "ekspor:%(spider)s:requests",
                  "SCHEDULER_DUPEFILTER_KEY": "ekspor:%(spider)s:dupefilter"})
    return s


def run_crawl(sources: list[Source], sink: FetchSink, warc_dir: Path, run_id: str, since: dt.date | None = None,
              max_pages: int | None = None, allow_private: bool = False, user_agent: str = DEFAULT_USER_AGENT,
              fast: bool = False, distributed: str | None = None, known: set[str] | None = None,
              validators: dict[str, tuple[str | None, str | None]] | None = None) -> CrawlResult:
    """Crawl the sources once into WARC files, handing every fetch to `sink` (blocking: it runs the Twisted
    reactor, so call it once per process). `known` article URL hashes are skipped; `validators` (url ->
    etag, last-modified) make discovery requests conditional."""
    from scrapy.crawler import CrawlerProcess

    from .spider import EksporSpider

    archive = WarcArchive(warc_dir, run_id)
    process = CrawlerProcess(crawl_settings(user_agent, allow_private, max_pages, fast, distributed))
    crawler = process.create_crawler(EksporSpider)
    process.crawl(crawler, sources=sources, run_id=run_id, archive=archive, sink=sink, since=since,
                  known=known or set(), validators=validators or {}, distributed=bool(distributed))
    process.start()
    stats = crawler.stats.get_stats()
    archive.close()
    sink.flush()
    spider = crawler.spider
    return CrawlResult(run_id, archive.path, {k: len(v) for k, v in spider.discovered.items()},
                       dict(spider.skipped_known), spider.close_reason,
                       responses=int(stats.get("response_received_count", 0)),
                       elapsed_s=float(stats.get("elapsed_time_seconds", 0.0)))
