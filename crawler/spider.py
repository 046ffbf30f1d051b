"""One Scrapy spider for every outlet: discovery from robots.txt, sitemaps, feeds, the WordPress API,
listings and search; articles archived to WARC; every fetch logged once with its outcome."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError

from . import discovery
from .archive import WarcArchive
from .keys import url_key
from .records import FetchRecord, FetchSink
from .registry import Source, owner_of
from .safety import refusal

ROLE_PRIORITY = {"robots": 30, "sitemap": 20, "feed": 20, "wp": 20, "listing": 10, "search": 10, "article": 0}


class SafetyMiddleware:
    """Downloader middleware: refuse non-http(s) and private targets, redirects included (they pass here too)."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("EKSPOR_ALLOW_PRIVATE_HOSTS"))

    def process_request(self, request, spider=None):
        reason = refusal(request.url, self.allow_private)
        if reason:
            raise IgnoreRequest(f"refused_private: {reason}")
        return None


class BackoffMiddleware:
    """Retried requests wait 2^n * base seconds before going out again (Scrapy retries immediately)."""

    def __init__(self, base: float):
        self.base = base

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getfloat("EKSPOR_RETRY_BACKOFF", 1.0))

    async def process_request(self, request, spider=None):
        n = request.meta.get("retry_times", 0)
        if n and self.base > 0:
            await asyncio.sleep(self.base * 2 ** (n - 1))
        return None


class EksporSpider(scrapy.Spider):
    name = "ekspor"

    def __init__(self, sources: list[Source], run_id: str, archive: WarcArchive, sink: FetchSink | None,
                 since: dt.date | None = None,
                 known: set[str] | None = None, validators: dict[str, tuple[str | None, str | None]] | None = None,
                 listing_pages: int = 50, distributed: bool = False, **kw: Any):
        super().__init__(**kw)
        self.sources = {s.name: s for s in sources}
        self.owner = owner_of(sources)  # www. and declared *.subdomains belong to their source
        self.run_id, self.archive, self.sink = run_id, archive, sink
        self.since = since
        self.known = known or set()
        self.validators = validators or {}
        self.listing_pages = listing_pages
        self.distributed = distributed  # the shared Redis filter de-duplicates across workers
        self.discovered: dict[str, set[str]] = {s.name: set() for s in sources}
        self.close_reason = ""
        self.skipped_known: dict[str, int] = {s.name: 0 for s in sources}

    # --- requests ---------------------------------------------------------------------------------------------
    def _req(self, url: str, role: str, source: str, callback, **meta: Any) -> scrapy.Request:
        headers = {}
        if role != "article" and url in self.validators:
            etag, modified = self.validators[url]
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        # articles are de-duplicated by the spider itself (self.discovered), so Scrapy's filter must not drop
        # the second leg of a redirect loop silently: the loop then ends in a logged "too many redirects"
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers,
                              priority=ROLE_PRIORITY[role], dont_filter=role == "article" and not self.distributed,
                              meta={"role": role, "source": source, "t0": time.monotonic(),
                                    "handle_httpstatus_list": [304], **meta})

    async def start(self):
        for req in self._start_requests():
            yield req

    def _start_requests(self) -> Iterator[scrapy.Request]:
        for s in self.sources.values():
            base = s.start_url
            root = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
            yield self._req(f"{root}/robots.txt", "robots", s.name, self.parse_robots)
            yield self._req(base, "listing", s.name, self.parse_listing, page=1)
            for u in s.hints("sitemaps"):
                yield self._req(u, "sitemap", s.name, self.parse_sitemap)
            for u in s.hints("feeds"):
                yield self._req(u, "feed", s.name, self.parse_feed)
            for u in s.hints("wp_api"):
                q = {"search": "ekspor", "per_page": 50, "orderby": "date"}
                if self.since:
                    q["after"] = f"{self.since.isoformat()}T00:00:00"
                yield self._req(f"{u}?{urlencode(q)}", "wp", s.name, self.parse_wp)
            for u in s.hints("search"):
                yield self._req(u, "search", s.name, self.parse_listing, page=self.listing_pages)
            for u in s.hints("listings"):
                yield self._req(u.replace("{page}", "2"), "listing", s.name, self.parse_listing, page=2)

    def _article(self, url: str, source: str, lastmod: dt.datetime | None = None) -> scrapy.Request | None:
        if self.owner(urlsplit(url).netloc) is None:
            return None
        if self.since and lastmod and lastmod.date() < self.since:
            return None
        if url in self.discovered[source]:
            return None
        self.discovered[source].add(url)
        if url_key(url) in self.known:
            self.skipped_known[source] += 1
            return None
        return self._req(url, "article", source, self.parse_article)

    # --- callbacks ---------------------------------------------------------------------------------------------
    def _done(self, response) -> bool:
        """Log and archive the response; False for a 304 (nothing new to parse)."""
        self.record(response.request, response=response)
        return response.status != 304

    def parse_robots(self, response):
        if self._done(response):
            for u in discovery.sitemaps_from_robots(response.text, response.url):
                yield self._req(u, "sitemap", response.meta["source"], self.parse_sitemap)

    def parse_sitemap(self, response):
        if not self._done(response):
            return
        kind, links = discovery.parse_sitemap(response.body)
        src = response.meta["source"]
        for link in links:
            if kind == "index":
                if not (self.since and link.lastmod and link.lastmod.date() < self.since):
                    yield self._req(link.url, "sitemap", src, self.parse_sitemap)
            elif req := self._article(link.url, src, link.lastmod):
                yield req

    def parse_feed(self, response):
        if self._done(response):
            for link in discovery.parse_feed(response.body):
                if req := self._article(link.url, response.meta["source"], link.lastmod):
                    yield req

    def parse_wp(self, response):
        if self._done(response):
            for link in discovery.wp_posts(response.body):
                if req := self._article(link.url, response.meta["source"], link.lastmod):
                    yield req

    def parse_listing(self, response):
        if not self._done(response) or not hasattr(response, "text"):
            return
        src = response.meta["source"]
        if response.meta.get("page") == 1:
            for u in discovery.feed_links(response.body, response.url):
                yield self._req(u, "feed", src, self.parse_feed)
        new = 0
        for u in discovery.article_links(response.body, response.url, lambda h: self.owner(h) is not None):
            if req := self._article(u, src):
                new += 1
                yield req
        # follow "next" while pages still bring unseen articles (incremental runs stop early)
        page = response.meta.get("page", 1)
        nxt = discovery.next_page(response.body, response.url)
        if nxt and new and page < self.listing_pages:
            yield self._req(nxt, "listing", src, self.parse_listing, page=page + 1)

    def parse_article(self, response):
        self._done(response)
        return None

    # --- logging -----------------------------------------------------------------------------------------------
    def on_error(self, failure):
        request = failure.request
        response = failure.value.response if failure.check(HttpError) else None
        if response is not None:
            self.record(request, response=response, outcome="http_error", reason=f"HTTP {response.status}")
            return
        msg = str(failure.value)
        if failure.check(IgnoreRequest):
            if "robots.txt" in msg:
                outcome, reason = "blocked_robots", "disallowed by robots.txt"
            elif msg.startswith("refused_private"):
                outcome, reason = "refused_private", msg.removeprefix("refused_private: ")
            elif "max redirections" in msg.lower():
                outcome, reason = "failed", "redirect loop (too many redirects)"
            else:
                outcome, reason = "failed", msg[:200]
        elif failure.check(TimeoutError, TCPTimedOutError) or "Timeout" in type(failure.value).__name__:
            outcome, reason = "timeout", msg[:200]
        elif failure.check(DNSLookupError, ConnectionRefusedError):
            outcome, reason = "failed", msg[:200]
        elif "maxsize" in msg.lower() or "DOWNLOAD_MAXSIZE" in msg or "Cancelled" in type(failure.value).__name__:
            outcome, reason = "too_large", msg[:200] or "response larger than DOWNLOAD_MAXSIZE"
        else:
            outcome, reason = "failed", f"{type(failure.value).__name__}: {msg[:200]}"
        self.record(request, outcome=outcome, reason=reason)

    def record(self, request, response=None, outcome: str | None = None, reason: str | None = None) -> None:
        meta = request.meta
        pointer = None
        status = response.status if response is not None else None
        for hop in meta.get("redirect_urls", []):  # each redirect hop is one 3xx fetch
            self.sink.fetch(FetchRecord(self.run_id, hop, meta["source"], meta["role"], 302, 0, 0.0, "redirect",
                                        f"redirected towards {request.url if response is None else response.url}"))
        if response is not None:
            body = response.body
            headers = [(k.decode("latin-1"), b", ".join(v).decode("latin-1")) for k, v in response.headers.items()]
            pointer = self.archive.write_response(
                response.url, response.status, headers, body,
                {"WARC-Ekspor-Source": meta["source"], "WARC-Ekspor-Role": meta["role"],
                 "WARC-Ekspor-Run": self.run_id})
            if outcome is None:
                outcome = "not_modified" if status == 304 else "fetched"
        def header(name: str) -> str | None:
            return (response.headers.get(name, b"").decode("latin-1") or None) if response is not None else None

        self.sink.fetch(FetchRecord(
            self.run_id, request.url if response is None else response.url, meta["source"], meta["role"], status,
            len(response.body) if response is not None else 0, (time.monotonic() - meta["t0"]) * 1000,
            outcome, reason, pointer, content_type=header("Content-Type"), etag=header("ETag"),
            last_modified=header("Last-Modified")))

    def log(self, message: Any, level: int = logging.DEBUG, **kw: Any) -> None:
        """Spider.log is deprecated in Scrapy 2.13+, and scrapy-redis 0.9.1 still calls it: go to the logger."""
        self.logger.log(level, message, **kw)

    def closed(self, reason):
        self.close_reason = reason
