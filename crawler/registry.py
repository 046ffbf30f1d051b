"""The source registry (crawler/sources.toml): one declarative entry per outlet, validated, documented.

Platform defaults fill the discovery hints an entry leaves out, so most entries are a name, a domain and a
home region. Discovery still starts from robots.txt and the homepage, so a wrong hint costs a 404, not a miss.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REGISTRY = Path(__file__).with_name("sources.toml")
STATUSES = ("active", "unverified", "quarantined")

# discovery hints per platform; {domain} is replaced by the entry's first domain
# Checked against news-watch's live-verified scrapers (2026): Antara lists with /terkini?page=N; Tribun answers
# /search with 403 and is discovered through sitemap-news.xml; WordPress /?s= works on many sites (the probe's
# nonsense-keyword check catches those that ignore it). The rest are unverified until a probe sees them work.
PLATFORMS: dict[str, dict[str, list[str]]] = {
    "antara": {"sitemaps": ["https://{domain}/sitemap.xml"], "feeds": ["https://{domain}/rss/terkini.xml"],
               "listings": ["https://{domain}/terkini?page={page}"], "search": ["https://{domain}/search?q=ekspor"]},
    "tribun": {"sitemaps": ["https://{domain}/sitemap-news.xml"], "feeds": ["https://{domain}/rss"],
               "listings": ["https://{domain}/index-news?page={page}"]},
    "wordpress": {"sitemaps": ["https://{domain}/sitemap_index.xml", "https://{domain}/wp-sitemap.xml"],
                  "feeds": ["https://{domain}/feed/"], "listings": ["https://{domain}/page/{page}/"],
                  "wp_api": ["https://{domain}/wp-json/wp/v2/posts"], "search": ["https://{domain}/?s=ekspor"]},
    "jawapos": {"sitemaps": ["https://{domain}/sitemap.xml"], "feeds": ["https://{domain}/rss"],
                "listings": ["https://{domain}/indeks?page={page}"]},
    "disway": {"sitemaps": ["https://{domain}/sitemap.xml"], "feeds": ["https://{domain}/rss"],
               "listings": ["https://{domain}/indeks/{page}"]},
    "generic": {},
}


@dataclass(frozen=True)
class Source:
    name: str
    domains: tuple[str, ...]
    home_region: str
    platform: str = "generic"
    status: str = "unverified"
    homepage: str | None = None
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    wp_api: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    notes: str = ""
    overrides: dict = field(default_factory=dict, hash=False, compare=False)

    def owns(self, host: str) -> bool:
        """Whether a host belongs to this source: one of its domains with or without `www.` (a bare domain
        that redirects to www. keeps its articles), or a subdomain of a declared `*.domain`."""
        host = bare_host(host)
        for d in self.domains:
            if d.startswith("*."):
                if host == d[2:] or host.endswith(d[1:]):
                    return True
            elif host == bare_host(d):
                return True
        return False

    @property
    def start_url(self) -> str:
        return self.homepage or f"https://{self.domains[0]}/"

    def hints(self, kind: str) -> list[str]:
        """The entry's own hints for this kind, else the platform's, with {domain} filled in."""
        own = getattr(self, kind)
        urls = list(own) if own else PLATFORMS.get(self.platform, {}).get(kind, [])
        return [u.replace("{domain}", self.domains[0]) for u in urls]


def bare_host(host: str) -> str:
    return host.lower().removeprefix("www.")


def owner_of(sources: list[Source]):
    """host -> the name of the source that owns it, or None (exact domains first, then subdomain rules)."""
    exact = {bare_host(d): s.name for s in sources for d in s.domains if not d.startswith("*.")}

    def owner(host: str) -> str | None:
        found = exact.get(bare_host(host))
        return found or next((s.name for s in sources if s.owns(host)), None)

    return owner


def adhoc(url: str) -> Source:
    """A source for `ekspor crawl --site URL`: only auto-discovery, no hints."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    base = f"{parts.scheme}://{parts.netloc}/"
    return Source(name=parts.netloc, domains=(parts.netloc,), home_region="", platform="generic", status="active",
                  homepage=base)


def load_registry(path: Path = REGISTRY) -> list[Source]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in data.get("source", []):
        known = {k: v for k, v in entry.items() if k in Source.__dataclass_fields__}
        extra = {k: v for k, v in entry.items() if k not in Source.__dataclass_fields__}
        for k, v in list(known.items()):
            if isinstance(v, list):
                known[k] = tuple(v)
        out.append(Source(**known, overrides=extra))
    return out


def validate(sources: list[Source]) -> list[str]:
    """Problems in the registry: duplicate domains, unknown region codes, bad URLs, statuses or platforms."""
    from nlp.gazetteer import load_gazetteer

    gz = load_gazetteer()
    problems, seen = [], {}
    for s in sources:
        if s.domains and s.domains[0].startswith("*."):
            problems.append(f"{s.name}: the first domain is where crawling starts; it cannot be a wildcard")
        for d in s.domains:
            key = bare_host(d.removeprefix("*."))
            if key in seen and seen[key] != s.name:
                problems.append(f"{s.name}: domain {d} also belongs to {seen[key]}")
            seen[key] = s.name
            if "/" in d or " " in d or "." not in d or "*" in d.removeprefix("*."):
                problems.append(f"{s.name}: domain {d!r} is not a host name (or *.host for its subdomains)")
        region = gz.region(s.home_region)
        if region is None or region.level == "kecamatan":
            problems.append(f"{s.name}: home_region {s.home_region!r} is not a Kemendagri province or kab/kota code")
        if s.status not in STATUSES:
            problems.append(f"{s.name}: status {s.status!r} not in {STATUSES}")
        if s.platform not in PLATFORMS:
            problems.append(f"{s.name}: unknown platform {s.platform!r}")
        for kind in ("sitemaps", "feeds", "wp_api", "listings", "search"):
            for u in s.hints(kind) + [s.start_url]:
                p = urlsplit(u.replace("{page}", "1"))
                if p.scheme not in ("http", "https") or not p.netloc:
                    problems.append(f"{s.name}: {kind} URL {u!r} is not http(s)")
        if s.overrides:
            problems.append(f"{s.name}: unknown keys {sorted(s.overrides)}")
    return problems


def provinces_covered(sources: list[Source]) -> set[str]:
    return {s.home_region.split(".")[0] for s in sources}


def render_docs(sources: list[Source], observed: dict[str, tuple[str, str]] | None = None) -> str:
    """docs/sources.md; with `observed` (source -> (status, since)), a column of the status a warehouse saw."""
    from nlp.gazetteer import load_gazetteer

    gz = load_gazetteer()
    extra = " observed |" if observed is not None else ""
    lines = ["# Sources", "", "Generated from `crawler/sources.toml` by `ekspor sources docs`; a test fails when it "
             "is stale.", "", f"{len(sources)} outlets covering {len(provinces_covered(sources))} provinces.", "",
             "Platform hints checked against news-watch's live-verified scrapers: Antara listings "
             "`/terkini?page=N`; Tribun through `sitemap-news.xml`, without `/search` (403); WordPress `/?s=` "
             "search, which `ekspor sources probe` tests with a nonsense keyword. Every other hint is "
             "unverified until a probe has seen it work; `ekspor sources docs --db PATH` adds the observed "
             "status.", "",
             f"| outlet | domain | home region | platform | status |{extra} discovery hints |",
             "|---|---|---|---|---|" + ("---|" if observed is not None else "") + "---|"]
    for s in sorted(sources, key=lambda s: (s.home_region, s.name)):
        region = gz.region(s.home_region)
        hints = ", ".join(k for k in ("sitemaps", "feeds", "wp_api", "listings", "search") if s.hints(k)) or "auto"
        seen = ""
        if observed is not None:
            status, since = observed.get(s.name, ("not seen", ""))
            seen = f" {status}{f' since {since}' if since else ''} |"
        lines.append(f"| {s.name} | {', '.join(s.domains)} | {s.home_region} {region.name if region else '?'} | "
                     f"{s.platform} | {s.status} |{seen} {hints} |")
    return "\n".join(lines) + "\n"
