"""Discovery without per-site code: pure functions from fetched bytes to URLs (no network here).

robots.txt `Sitemap:` lines, sitemap indexes and (news) sitemaps with lastmod, RSS/Atom feeds and the
<link rel="alternate"> tags that announce them, the WordPress REST API, and paginated section listings.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

_NOT_ARTICLE = re.compile(
    r"/(?:tag|tags|topik|topic|kategori|category|author|penulis|page|halaman|indeks|index|search|cari|video|foto|"
    r"galeri|gallery|login|register|wp-admin|wp-login|feed|rss|amp/?$|privacy|kontak|contact|about|tentang|"
    r"redaksi|pedoman)(?:/|$|\?)", re.IGNORECASE)
_ASSET = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|css|js|pdf|zip|mp4|mp3|xml|ico)(?:$|\?)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    url: str
    lastmod: dt.datetime | None = None
    title: str | None = None


def _date(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    text = text.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d", "%a, %d %b %Y %H:%M:%S %z",
                "%a, %d %b %Y %H:%M:%S %Z", "%Y-%m-%dT%H:%M:%S"):
        try:
            d = dt.datetime.strptime(text.replace("Z", "+00:00") if "%z" in fmt else text, fmt)
            return d if d.tzinfo else d.replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    m = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    return dt.datetime.fromisoformat(m.group(1)).replace(tzinfo=dt.UTC) if m else None


def sitemaps_from_robots(text: str, base: str) -> list[str]:
    return [urljoin(base, m.group(1).strip()) for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)]


def _xml(data: bytes) -> etree._Element | None:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            return None
    try:
        return etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_sitemap(data: bytes) -> tuple[str, list[Link]]:
    """('index', child sitemaps) or ('urlset', pages), each with lastmod (or the news publication date)."""
    root = _xml(data)
    if root is None:
        return "invalid", []
    kind = "index" if _local(root.tag) == "sitemapindex" else "urlset"
    out = []
    for node in root:
        if _local(node.tag) not in ("sitemap", "url"):
            continue
        loc = lastmod = title = None
        for child in node.iter():
            name = _local(child.tag)
            if name == "loc" and child.text:
                loc = child.text.strip()
            elif name in ("lastmod", "publication_date") and child.text:
                lastmod = lastmod or child.text
            elif name == "title" and child.text:
                title = child.text.strip()
        if loc:
            out.append(Link(loc, _date(lastmod), title))
    return kind, out


def parse_feed(data: bytes) -> list[Link]:
    """Items of an RSS 2.0 or Atom feed."""
    root = _xml(data)
    if root is None:
        return []
    out = []
    for node in root.iter():
        if _local(node.tag) not in ("item", "entry"):
            continue
        link = date = title = None
        for child in node:
            name = _local(child.tag)
            if name == "link":
                link = link or (child.get("href") or (child.text or "").strip() or None)
            elif name in ("pubdate", "published", "updated", "date") and child.text:
                date = date or child.text
            elif name == "title" and child.text:
                title = child.text.strip()
        if link:
            out.append(Link(link, _date(date), title))
    return out


def _doc(data: bytes | str, base: str) -> html.HtmlElement | None:
    try:
        doc = html.fromstring(data)
    except (etree.ParserError, ValueError):
        return None
    doc.make_links_absolute(base, handle_failures="ignore")
    return doc


def feed_links(data: bytes | str, base: str) -> list[str]:
    """<link rel="alternate" type="application/rss+xml|atom+xml" href> in a page's head."""
    doc = _doc(data, base)
    if doc is None:
        return []
    return [e.get("href") for e in doc.xpath("//link[@rel='alternate'][@href]")
            if "rss" in (e.get("type") or "") or "atom" in (e.get("type") or "")]


def wp_posts(data: bytes) -> list[Link]:
    try:
        posts = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(posts, list):
        return []
    out = []
    for p in posts:
        if isinstance(p, dict) and isinstance(p.get("link"), str):
            title = p.get("title", {}).get("rendered") if isinstance(p.get("title"), dict) else None
            out.append(Link(p["link"], _date(p.get("date_gmt") or p.get("date")), title))
    return out


def same_site(host: str) -> Callable[[str], bool]:
    """The default host rule: the page's own host, with or without `www.`."""
    bare = host.lower().removeprefix("www.")
    return lambda other: other.lower().removeprefix("www.") == bare


def looks_like_article(url: str, host: str | Callable[[str], bool]) -> bool:
    """A host the source owns (the same host, with or without www., unless a rule is given), not an asset or
    a section/tag/search page, and a path with a slug or an id in it."""
    p = urlsplit(url)
    owns = same_site(host) if isinstance(host, str) else host
    if p.scheme not in ("http", "https") or not owns(p.netloc) or _ASSET.search(p.path) \
            or _NOT_ARTICLE.search(p.path):
        return False
    segments = [s for s in p.path.split("/") if s]
    if not segments:
        return False
    last = segments[-1]
    return bool(re.search(r"\d{3,}", p.path)) or last.count("-") >= 3 or (len(segments) >= 3 and "-" in last)


def article_links(data: bytes | str, base: str, owns: Callable[[str], bool] | None = None) -> list[str]:
    """Article-looking links on the page's own host (or the hosts `owns` accepts), in page order, without
    duplicates."""
    doc = _doc(data, base)
    if doc is None:
        return []
    host = owns or urlsplit(base).netloc
    seen: dict[str, None] = {}
    for a in doc.xpath("//a[@href]"):
        url = a.get("href").split("#", 1)[0]
        if looks_like_article(url, host):
            seen.setdefault(url, None)
    return list(seen)


def next_page(data: bytes | str, base: str) -> str | None:
    """rel="next", or a link labelled as the next page ("Selanjutnya", "Next", "›", "»")."""
    doc = _doc(data, base)
    if doc is None:
        return None
    for e in doc.xpath("//link[@rel='next'][@href] | //a[@rel='next'][@href]"):
        return e.get("href")
    for a in doc.xpath("//a[@href]"):
        label = (a.text_content() or "").strip().lower()
        if label in ("selanjutnya", "berikutnya", "next", "›", "»", "next »", "selanjutnya »"):
            return a.get("href")
    return None
