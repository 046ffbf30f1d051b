"""The crawler: registry, pure discovery, safety, and real crawls over HTTP against the local test web."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from crawler import discovery
from crawler.archive import read_pages
from crawler.registry import load_registry, provinces_covered, render_docs, validate
from crawler.safety import refusal
from devtools.testweb import TestWeb

ROOT = Path(__file__).resolve().parents[1]


# --- registry ---------------------------------------------------------------------------------------------------
def test_registry_is_valid_and_covers_every_province():
    sources = load_registry()
    assert len(sources) >= 60
    assert validate(sources) == []
    assert len(provinces_covered(sources)) == 38


def test_sources_doc_is_current():
    assert (ROOT / "docs" / "sources.md").read_text(encoding="utf-8") == render_docs(load_registry()), \
        "docs/sources.md is stale: run `ekspor sources docs`"


# --- discovery (pure) -------------------------------------------------------------------------------------------
def test_robots_sitemaps():
    text = "User-agent: *\nDisallow: /x/\nSitemap: https://a.id/sitemap.xml\nsitemap:/news.xml\n"
    assert discovery.sitemaps_from_robots(text, "https://a.id/robots.txt") == [
        "https://a.id/sitemap.xml", "https://a.id/news.xml"]


def test_sitemap_index_urlset_and_news_dates():
    idx = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.id/s1.xml</loc>' \
          b'<lastmod>2024-05-01</lastmod></sitemap></sitemapindex>'
    kind, links = discovery.parse_sitemap(idx)
    assert kind == "index" and links[0].url == "https://a.id/s1.xml" and links[0].lastmod.year == 2024
    news = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.id/berita/1/a-b-c</loc>'
            b'<news:news><news:publication_date>2024-06-03T08:00:00+07:00</news:publication_date>'
            b'<news:title>Ekspor</news:title></news:news></url></urlset>')
    kind, links = discovery.parse_sitemap(news)
    assert kind == "urlset" and links[0].lastmod.month == 6 and links[0].title == "Ekspor"
    assert discovery.parse_sitemap(b"<html>not a sitemap")[1] == []


def test_rss_atom_and_wordpress_api():
    rss = b"<rss><channel><item><title>A</title><link>https://a.id/x-y-z-w</link><pubDate>Mon, 03 Jun 2024 " \
          b"08:00:00 +0700</pubDate></item></channel></rss>"
    assert discovery.parse_feed(rss)[0].url == "https://a.id/x-y-z-w"
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.id/e-f-g-h"/>' \
           b"<updated>2024-06-03T00:00:00Z</updated></entry></feed>"
    assert discovery.parse_feed(atom)[0].lastmod.day == 3
    wp = (b'[{"link": "https://a.id/2024/06/03/ekspor-kopi/", "date": "2024-06-03T08:00:00", '
          b'"title": {"rendered": "K"}}]')
    assert discovery.wp_posts(wp)[0].title == "K"
    assert discovery.wp_posts(b'{"code": "rest_no_route"}') == []


def test_listing_links_feeds_and_next_page():
    page = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
      <a href="/2024/06/03/ekspor-kopi-ke-mesir/">a</a><a href="/tag/umkm/">t</a><a href="/kategori/ekonomi/">k</a>
      <a href="https://other.id/berita/123/x">x</a><a href="/berita/4001/ekspor-udang">b</a><a href="/img/a.jpg">i</a>
      <a href="/page/2/">Selanjutnya</a></body></html>"""
    assert discovery.feed_links(page, "https://a.id/") == ["https://a.id/feed/"]
    assert discovery.article_links(page, "https://a.id/") == [
        "https://a.id/2024/06/03/ekspor-kopi-ke-mesir/", "https://a.id/berita/4001/ekspor-udang"]
    assert discovery.next_page(page, "https://a.id/") == "https://a.id/page/2/"


# --- safety -----------------------------------------------------------------------------------------------------
def test_safety_rules():
    assert "scheme" in refusal("ftp://a.id/x", True)
    assert "scheme" in refusal("file:///etc/passwd", True)
    assert "private" in refusal("http://127.0.0.1:8000/", False)
    assert refusal("http://127.0.0.1:8000/", True) is None
    assert "private" in refusal("http://10.1.2.3/", False)
    assert "link-local" in refusal("http://169.254.169.254/latest/meta-data/", True)  # always refused


# --- real crawls ------------------------------------------------------------------------------------------------
def crawl(web: TestWeb, db: Path, warc: Path, *extra: str) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "ekspor.cli", "crawl", "--fast", "--db", str(db), "--warc-dir", str(warc)]
    for u in web.urls:
        args += ["--site", u]
    return subprocess.run(args + list(extra), cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "250"})


def fetch_log(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT run_id, url, role, status_code, outcome, reason FROM raw.fetch_log").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    web = TestWeb(slow_seconds=4)
    with web:
        first = crawl(web, tmp / "w.duckdb", tmp / "warc", "--allow-private-hosts")
        hits_after_first = dict(web.hits)
        second = crawl(web, tmp / "w.duckdb", tmp / "warc", "--allow-private-hosts")
        yield {"web": web, "tmp": tmp, "first": first, "second": second, "hits1": hits_after_first,
               "log": fetch_log(tmp / "w.duckdb")}


def test_every_reachable_article_is_fetched_exactly_once(crawled):
    assert crawled["first"].returncode == 0, crawled["first"].stderr[-2000:]
    runs = sorted({r[0] for r in crawled["log"]})
    first = [r for r in crawled["log"] if r[0] == runs[0] and r[2] == "article" and r[4] == "fetched"]
    urls = [r[1] for r in first]
    assert len(urls) == len(set(urls))
    assert set(urls) == crawled["web"].reachable_articles()


def test_nothing_disallowed_is_fetched(crawled):
    assert not [u for u in crawled["web"].hits if "/rahasia/" in u]
    assert any(r[4] == "blocked_robots" for r in crawled["log"])


def test_every_fault_is_logged_with_its_reason(crawled):
    by_url = {}
    for r in crawled["log"]:
        by_url.setdefault(r[1].split("/", 3)[-1], []).append(r)

    def outcomes(path):
        return {r[4] for r in by_url.get(path.lstrip("/"), [])}

    assert "http_error" in outcomes("/artikel/ekspor-hilang-404.html")
    assert "http_error" in outcomes("/artikel/ekspor-galat-500.html")
    assert "timeout" in outcomes("/artikel/ekspor-kopi-lambat-2024.html")
    assert "too_large" in outcomes("/artikel/ekspor-raksasa-2024.html")
    assert "failed" in outcomes("/artikel/ekspor-putar-b-2024.html") | outcomes("/artikel/ekspor-putar-a-2024.html")
    assert "redirect" in outcomes("/artikel/ekspor-ke-metadata-2024.html")
    assert any(r[4] == "refused_private" and "169.254.169.254" in r[1] for r in crawled["log"])
    assert all(r[5] for r in crawled["log"] if r[4] not in ("fetched", "not_modified"))


def test_odd_charsets_and_broken_html_are_archived_as_fetched(crawled):
    fetched = {r[1].rsplit("/", 1)[-1] for r in crawled["log"] if r[4] == "fetched"}
    odd = {"ekspor-kopi-windows-1252.html", "ekspor-lada-tanpa-charset.html", "ekspor-kakao-html-rusak.html"}
    assert odd <= fetched


def test_second_run_fetches_nothing_new_and_uses_conditional_requests(crawled):
    assert crawled["second"].returncode == 0, crawled["second"].stderr[-2000:]
    runs = sorted({r[0] for r in crawled["log"]})
    second = [r for r in crawled["log"] if r[0] == runs[1]]
    assert not [r for r in second if r[2] == "article" and r[4] == "fetched"]
    assert any(r[4] == "not_modified" for r in second)  # feeds and sitemaps answered 304
    assert " known " in crawled["second"].stdout  # the column of articles skipped as already fetched


def test_warc_holds_the_articles_and_the_user_agent_is_truthful(crawled):
    warcs = sorted((crawled["tmp"] / "warc").glob("*.warc.gz"))
    pages = [p for w in warcs for p in read_pages(w)]
    assert {p.url for p in pages if p.status == 200} >= crawled["web"].reachable_articles()
    assert all(p.pointer.length > 0 for p in pages)
    assert all("EksporRadar" in ua and "http" in ua for ua in crawled["web"].user_agents)


def test_private_hosts_are_refused_without_the_flag(tmp_path):
    with TestWeb() as web:
        p = crawl(web, tmp_path / "w.duckdb", tmp_path / "warc")
        assert p.returncode == 1 and "every request failed" in p.stderr, p.stderr[-2000:]
        assert "--allow-private-hosts" in p.stderr and "Traceback" not in p.stderr
        assert web.hits == {}
    log = fetch_log(tmp_path / "w.duckdb")
    assert log and all(r[4] == "refused_private" for r in log)


def test_since_window_and_known_urls_are_skipped():
    import datetime as dt

    from crawler.registry import adhoc
    from crawler.spider import EksporSpider
    from warehouse.load import url_key

    src = adhoc("https://berita.test/")
    known = {url_key("https://berita.test/2024/05/01/sudah-diambil-dulu/")}
    spider = EksporSpider(sources=[src], run_id="r", archive=None, sink=None, since=dt.date(2024, 6, 1), known=known)
    old = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    new = dt.datetime(2024, 6, 2, tzinfo=dt.UTC)
    assert spider._article("https://berita.test/2024/05/01/ekspor-lama-ke-jepang/", src.name, old) is None
    assert spider._article("https://berita.test/2024/06/02/ekspor-baru-ke-jepang/", src.name, new) is not None
    assert spider._article("https://berita.test/2024/06/02/ekspor-baru-ke-jepang/", src.name, new) is None  # once
    assert spider._article("https://berita.test/2024/05/01/sudah-diambil-dulu/", src.name) is None
    assert spider.skipped_known[src.name] == 1
    assert spider._article("https://lain.test/2024/06/02/ekspor-lain-ke-jepang/", src.name, new) is None  # off-site
