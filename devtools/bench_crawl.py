"""`ekspor bench crawl`: pages/s of the real crawl (discovery, WARC, fetch log, state) against a bare Scrapy
spider on the same local test web in the same session, each in its own process, and the crawl's peak RSS."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time

import scrapy
from scrapy.crawler import CrawlerProcess

from crawler import discovery
from crawler.runner import DEFAULT_USER_AGENT, crawl_settings
from devtools.testweb import TestWeb, build_outlets


class BareSpider(scrapy.Spider):
    """The baseline: follow listings and article links, keep nothing."""

    name = "bare"

    def __init__(self, urls: list[str], **kw):
        super().__init__(**kw)
        self.urls = urls

    async def start(self):
        for u in self.urls:
            yield scrapy.Request(u, callback=self.parse_listing)

    def parse_listing(self, response):
        for u in discovery.article_links(response.body, response.url):
            yield scrapy.Request(u, callback=self.parse_article)
        nxt = discovery.next_page(response.body, response.url)
        if nxt:
            yield scrapy.Request(nxt, callback=self.parse_listing)

    def parse_article(self, response):
        return None


def bare_main(urls: list[str]) -> None:
    settings = crawl_settings(DEFAULT_USER_AGENT, True, None, True, None)
    settings["DOWNLOADER_MIDDLEWARES"] = {}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"responses": stats.get("response_received_count", 0),
                      "elapsed_s": stats.get("elapsed_time_seconds", 0.0),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def real_main(urls: list[str], db: str, warc: str) -> None:
    from pipeline.crawl import CrawlRequest, crawl

    report = crawl(CrawlRequest(db, warc, sites=urls, allow_private=True, fast=True))
    print(json.dumps({"responses": report.responses, "elapsed_s": report.elapsed_s,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_bench(copies: int) -> dict[str, float]:
    with TestWeb(build_outlets(background_copies=copies), faults=False) as web, \
            tempfile.TemporaryDirectory() as tmp:
        def run(*args: str) -> dict:
            out = subprocess.run([sys.executable, "-m", "devtools.bench_crawl", *args], capture_output=True, text=True,
                                 check=True, timeout=3600)
            return json.loads(out.stdout.strip().splitlines()[-1])

        t0 = time.perf_counter()
        bare = run("bare", *web.urls)
        real = run("real", f"{tmp}/b.duckdb", f"{tmp}/warc", *web.urls)
        total = time.perf_counter() - t0
    bare_rate = bare["responses"] / bare["elapsed_s"]
    real_rate = real["responses"] / real["elapsed_s"]
    return {"pages_bare": bare["responses"], "pages_real": real["responses"], "bare_pages_per_s": bare_rate,
            "real_pages_per_s": real_rate, "real_vs_bare_ratio": real_rate / bare_rate,
            "real_peak_rss_mb": real["peak_rss_mb"], "bare_peak_rss_mb": bare["peak_rss_mb"], "wall_s": total}


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare_main(sys.argv[2:])
    else:
        real_main(sys.argv[4:], sys.argv[2], sys.argv[3])
