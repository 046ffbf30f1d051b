"""`ekspor sources probe`: does each discovery endpoint of a source still work, and what would discovery use?

Per endpoint (robots.txt, sitemaps and news sitemaps, RSS/Atom feeds, the WordPress API, listings, search):
HTTP status, latency, article links found and the newest date. Search endpoints (and the WordPress API's
`search=`) are also asked for a nonsense keyword: one that answers it with articles ignores its query and is
no search endpoint. Listings are followed a few pages to catch a "next page" that loops, and one article is
fetched to catch a layout change that leaves no article text.

The analysis is pure (`analyse_*` take bytes); only `Fetcher` touches the network, with the crawler's truthful
user agent, robots.txt obeyed, and private addresses refused unless allowed.
"""

from __future__ import annotations

import secrets
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from . import discovery
from .registry import Source
from .safety import refusal

MAX_BYTES = 5_000_000
LISTING_PAGES = 3
MIN_ARTICLE_CHARS = 200
WORKING = ("ok",)


@dataclass
class Response:
    url: str
    status: int | None  # None: no HTTP answer (DNS, refused, timeout)
    body: bytes = b""
    latency_ms: float = 0.0
    error: str | None = None


@dataclass
class EndpointResult:
    kind: str  # robots, sitemap, news_sitemap, feed, wp_api, listing, search, article
    url: str
    outcome: str  # ok, empty, http_NNN, unreachable, blocked_robots, ignores_query, loops, no_article_text
    status_code: int | None = None
    latency_ms: float = 0.0
    links: int = 0
    newest: str | None = None  # newest lastmod / pubDate / date seen, ISO
    detail: str = ""

    @property
    def works(self) -> bool:
        return self.outcome in WORKING


@dataclass
class SourceProbe:
    source: str
    endpoints: list[EndpointResult] = field(default_factory=list)

    @property
    def discovery(self) -> list[str]:
        """The endpoint kinds that discovery can use: they work and find articles."""
        return sorted({e.kind for e in self.endpoints if e.works and e.links and e.kind not in ("robots", "article")})

    @property
    def verdict(self) -> str:
        """verified: everything declared works; degraded: something is broken but discovery still finds
        articles; blocked: the site refuses us; dead: nothing finds an article."""
        eps = [e for e in self.endpoints if e.kind != "robots"]
        if eps and sum(e.outcome == "http_403" for e in eps) * 2 >= len(eps):
            return "blocked"
        if not self.discovery:
            return "dead"
        broken = [e for e in eps if not e.works]
        return "degraded" if broken else "verified"

    @property
    def reason(self) -> str:
        bad = [f"{e.kind} {e.outcome}" for e in self.endpoints if not e.works]
        return "; ".join(dict.fromkeys(bad))


class Fetcher:
    """GET with a timeout, a size cap, the crawler's user agent, robots.txt and the private-address guard."""

    def __init__(self, user_agent: str, timeout: float = 10.0, allow_private: bool = False):
        self.user_agent, self.timeout, self.allow_private = user_agent, timeout, allow_private
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            r = self.get(base + "/robots.txt", check_robots=False)
            parser = None
            if r.status == 200:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(r.body.decode("utf-8", "replace").splitlines())
            self._robots[base] = parser
        parser = self._robots[base]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def get(self, url: str, check_robots: bool = True) -> Response:
        why = refusal(url, self.allow_private)
        if why:
            return Response(url, None, error=f"refused: {why}")
        if check_robots and not self.allowed(url):
            return Response(url, None, error="blocked_robots")
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity"})
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - http(s) only (refusal)
                body = resp.read(MAX_BYTES + 1)
                return Response(resp.geturl(), resp.status, body[:MAX_BYTES], (time.perf_counter() - t0) * 1000)
        except urllib.error.HTTPError as exc:
            return Response(url, exc.code, exc.read(MAX_BYTES) if exc.fp else b"", (time.perf_counter() - t0) * 1000)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Response(url, None, latency_ms=(time.perf_counter() - t0) * 1000,
                            error=f"{type(reason).__name__}: {str(reason)[:120]}")


def _outcome(r: Response) -> str:
    if r.error == "blocked_robots":
        return "blocked_robots"
    if r.status is None:
        return "unreachable"
    return "ok" if r.status == 200 else f"http_{r.status}"


def _newest(links: list[discovery.Link]) -> str | None:
    dates = [lk.lastmod for lk in links if lk.lastmod]
    return max(d.replace(tzinfo=None) for d in dates).date().isoformat() if dates else None


def _articles(urls: list[str], host: str) -> list[str]:
    return [u for u in urls if discovery.looks_like_article(u, host)]


def nonsense_keyword() -> str:
    return "zq" + secrets.token_hex(5)


def _with_query(url: str, keyword: str, name: str | None = None) -> str:
    """The URL with its search keyword replaced (the `q=`/`s=`/`search=` value, or `name=` added)."""
    from urllib.parse import parse_qsl, urlencode, urlunsplit

    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    keys = [k for k, _ in query if k in ("q", "s", "search", "keyword", "query")]
    key = name or (keys[0] if keys else "q")
    query = [(k, v) for k, v in query if k != key] + [(key, keyword)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def probe_source(source: Source, fetcher: Fetcher) -> SourceProbe:
    """Every discovery endpoint of one source, checked once (a few requests each)."""
    probe = SourceProbe(source.name)
    host = urlsplit(source.start_url).netloc
    sample: list[str] = []

    robots_url = source.start_url.rstrip("/") + "/robots.txt"
    r = fetcher.get(robots_url, check_robots=False)
    declared = discovery.sitemaps_from_robots(r.body.decode("utf-8", "replace"), source.start_url) \
        if r.status == 200 else []
    probe.endpoints.append(EndpointResult("robots", robots_url, _outcome(r), r.status, r.latency_ms,
                                          len(declared), detail=r.error or ""))

    for url in dict.fromkeys(source.hints("sitemaps") + declared):
        probe.endpoints += _probe_sitemap(url, fetcher, host, sample)
    homepage_feeds = []
    home = fetcher.get(source.start_url)
    if home.status == 200:
        homepage_feeds = discovery.feed_links(home.body, home.url)
    for url in dict.fromkeys(source.hints("feeds") + homepage_feeds):
        r = fetcher.get(url)
        links = discovery.parse_feed(r.body) if r.status == 200 else []
        arts = _articles([lk.url for lk in links], host)
        sample += arts[:1]
        probe.endpoints.append(EndpointResult("feed", url, _outcome(r) if r.status != 200 or arts else "empty",
                                              r.status, r.latency_ms, len(arts), _newest(links), r.error or ""))
    for url in source.hints("wp_api"):
        probe.endpoints.append(_probe_wp(url, fetcher, host, sample))
    for url in source.hints("listings"):
        probe.endpoints.append(_probe_listing(url, fetcher, host, sample))
    for url in source.hints("search"):
        probe.endpoints.append(_probe_search(url, fetcher, host))
    if sample:
        probe.endpoints.append(_probe_article(sample[0], fetcher))
    return probe


def _probe_sitemap(url: str, fetcher: Fetcher, host: str, sample: list[str]) -> list[EndpointResult]:
    r = fetcher.get(url)
    if r.status != 200:
        return [EndpointResult("sitemap", url, _outcome(r), r.status, r.latency_ms, detail=r.error or "")]
    kind, entries = discovery.parse_sitemap(r.body)
    if kind != "index":
        arts = _articles([e.url for e in entries], host)
        sample += arts[:1]
        return [EndpointResult("news_sitemap" if "news" in url else "sitemap", url, "ok" if arts else "empty",
                               r.status, r.latency_ms, len(arts), _newest(entries))]
    out = [EndpointResult("sitemap", url, "ok" if entries else "empty", r.status, r.latency_ms, 0,
                          _newest(entries), detail=f"index of {len(entries)}")]
    for child in entries[:3]:  # a few children: enough to see whether the index leads to articles
        c = fetcher.get(child.url)
        links = discovery.parse_sitemap(c.body)[1] if c.status == 200 else []
        arts = _articles([e.url for e in links], host)
        sample += arts[:1]
        out.append(EndpointResult("news_sitemap" if "news" in child.url else "sitemap", child.url,
                                  _outcome(c) if c.status != 200 or arts else "empty", c.status, c.latency_ms,
                                  len(arts), _newest(links), c.error or ""))
    return out


def _probe_wp(url: str, fetcher: Fetcher, host: str, sample: list[str]) -> EndpointResult:
    r = fetcher.get(url)
    posts = discovery.wp_posts(r.body) if r.status == 200 else []
    arts = _articles([p.url for p in posts], host)
    sample += arts[:1]
    res = EndpointResult("wp_api", url, _outcome(r) if r.status != 200 or arts else "empty", r.status,
                         r.latency_ms, len(arts), _newest(posts), r.error or "")
    if res.works:
        odd = fetcher.get(_with_query(url, nonsense_keyword(), "search"))
        if odd.status == 200 and discovery.wp_posts(odd.body):
            res.outcome, res.detail = "ignores_query", "answers a nonsense search= with posts"
    return res


def _probe_listing(template: str, fetcher: Fetcher, host: str, sample: list[str]) -> EndpointResult:
    url = template.replace("{page}", "1")
    r = fetcher.get(url)
    if r.status != 200:
        return EndpointResult("listing", url, _outcome(r), r.status, r.latency_ms, detail=r.error or "")
    arts = _articles(discovery.article_links(r.body, r.url), host)
    sample += arts[:1]
    seen, nxt, total = {r.url, url}, discovery.next_page(r.body, r.url), len(arts)
    for _ in range(LISTING_PAGES - 1):
        if not nxt:
            break
        nxt = urljoin(url, nxt)
        if nxt in seen:
            return EndpointResult("listing", url, "loops", 200, r.latency_ms, total,
                                  detail=f"next page leads back to {nxt}")
        seen.add(nxt)
        page = fetcher.get(nxt)
        if page.status != 200:
            break
        total += len(_articles(discovery.article_links(page.body, page.url), host))
        nxt = discovery.next_page(page.body, page.url)
    return EndpointResult("listing", url, "ok" if arts else "empty", 200, r.latency_ms, total)


def _probe_search(url: str, fetcher: Fetcher, host: str) -> EndpointResult:
    r = fetcher.get(url)
    if r.status != 200:
        return EndpointResult("search", url, _outcome(r), r.status, r.latency_ms, detail=r.error or "")
    arts = _articles(discovery.article_links(r.body, r.url), host)
    odd = fetcher.get(_with_query(url, nonsense_keyword()))
    odd_arts = _articles(discovery.article_links(odd.body, odd.url), host) if odd.status == 200 else []
    if odd_arts and len(odd_arts) * 2 >= len(arts):
        return EndpointResult("search", url, "ignores_query", 200, r.latency_ms, len(arts),
                              detail=f"a nonsense keyword gives {len(odd_arts)} article links")
    return EndpointResult("search", url, "ok" if arts else "empty", 200, r.latency_ms, len(arts))


def _probe_article(url: str, fetcher: Fetcher) -> EndpointResult:
    import trafilatura

    r = fetcher.get(url)
    if r.status != 200:
        return EndpointResult("article", url, _outcome(r), r.status, r.latency_ms, detail=r.error or "")
    text = trafilatura.extract(r.body.decode("utf-8", "replace")) or ""
    if len(text) < MIN_ARTICLE_CHARS:
        return EndpointResult("article", url, "no_article_text", 200, r.latency_ms,
                              detail=f"{len(text)} characters of article text: has the layout changed?")
    return EndpointResult("article", url, "ok", 200, r.latency_ms, 1)
