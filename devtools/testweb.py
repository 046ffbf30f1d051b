"""A local test web of fake Indonesian outlets on 127.0.0.1, for tests, `ekspor demo` and the benchmarks.

Three templates (WordPress-like, ANTARA-like, plain), each with robots.txt, sitemaps, feeds or listings, and
article pages with "Baca juga" links, related lists, comment forms and footers. Content: the dev-set export
stories and real background news (CLICK-ID, CC BY 4.0). One story is syndicated on two outlets, and four
(the multi-destination roundups among them) are re-told in other words on another outlet. Faults live
on the plain outlet: 404, 500, a slow page, a redirect loop, a redirect to a link-local address, an oversized
page, windows-1252 and charset-less pages, malformed HTML and a robots.txt disallow.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devtools.evaluate import default_gold_path, load_gold

BACKGROUND = Path(__file__).with_name("testweb_background.jsonl.gz")


@dataclass
class Page:
    path: str
    title: str
    text: str
    published: str
    story_id: str | None = None  # dev-set id for export stories
    head_html: str = ""  # extra markup (the hostile-page tests put scripts and refreshes here)
    body_html: str = ""


@dataclass
class Outlet:
    name: str
    style: str  # wordpress | antara | plain
    pages: list[Page] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70] or "berita"


def _stories() -> list[dict]:
    return load_gold(default_gold_path())


def _background() -> list[dict]:
    with gzip.open(BACKGROUND, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def build_outlets(background_copies: int = 1) -> list[Outlet]:
    """The three outlets; background_copies > 1 repeats the background news (under new URLs) for benchmarks."""
    stories, bg = _stories(), _background() * background_copies
    outlets = [Outlet("Warta Kopi", "wordpress"), Outlet("Antara Daerah", "antara"), Outlet("Kabar Polos", "plain")]
    for i, s in enumerate(stories):
        o = outlets[i % 3]
        title = next((ln for ln in s["text"].split("\n") if len(ln.strip()) >= 30), s["text"])[:90].strip()
        published = s.get("published") or f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}"
        o.pages.append(Page(_path(o, i, title, published), title, s["text"], published, s["id"]))
    for i, b in enumerate(bg):
        o = outlets[i % 3]
        o.pages.append(Page(_path(o, 100 + i, b["title"], b["date"]), b["title"], b["content"].replace(",", ", "),
                            b["date"]))
    # syndication: the Tangerang shoes story also runs on the ANTARA-like outlet
    seed = next(p for p in outlets[0].pages + outlets[1].pages + outlets[2].pages if p.story_id == "seed004")
    twin = outlets[1] if seed not in outlets[1].pages else outlets[0]
    twin.pages.append(Page(_path(twin, 999, seed.title, seed.published), seed.title, seed.text, seed.published,
                           "seed004-syndicated"))
    # re-telling: the multi-destination stories (and two more) are told again in other words on another outlet
    retold = [p for o in outlets for p in o.pages if p.story_id in RETOLD]
    for k, p in enumerate(retold):
        home = next(o for o in outlets if p in o.pages)
        other = outlets[(outlets.index(home) + 1) % 3]
        title = "Kembali, " + p.title[0].lower() + p.title[1:]
        other.pages.append(Page(_path(other, 900 + k, title, p.published), title, retell(p.text), p.published,
                                f"{p.story_id}-retold"))
    return outlets


RETOLD = ("051", "081", "082", "seed004")
# whole-word swaps that keep every fact: the same story, told by another newsroom
_SWAPS = (("melepas", "memberangkatkan"), ("mengatakan", "menyebutkan"), ("kata", "ujar"), ("perdana", "pertama"),
          ("sebanyak", "total"), ("pada", "di"))


def retell(text: str) -> str:
    """The story in other words: the first two paragraphs first (the lead and its dateline), the rest in
    reverse order, some words swapped, and a closing line of the outlet's own."""
    paras = [p for p in text.split("\n") if p.strip()]
    paras = paras[:2] + paras[:1:-1] + ["Simak berita ekonomi daerah lainnya hanya di kanal kami."]
    out = "\n".join(paras)
    for a, b in _SWAPS:
        out = re.sub(rf"\b{a}\b", b, out)
    return out


def _path(o: Outlet, i: int, title: str, published: str) -> str:
    y, m, d = (published.split("-") + ["01", "01"])[:3]
    if o.style == "wordpress":
        return f"/{y}/{m}/{d}/{_slug(title)}/"
    if o.style == "antara":
        return f"/berita/{4000 + i}/{_slug(title)}"
    return f"/artikel/{_slug(title)}-{1000 + i}.html"


FAULTS = {  # plain outlet: path -> kind
    "/artikel/ekspor-hilang-404.html": "404", "/artikel/ekspor-galat-500.html": "500",
    "/artikel/ekspor-kopi-lambat-2024.html": "slow", "/artikel/ekspor-putar-a-2024.html": "loop",
    "/artikel/ekspor-ke-metadata-2024.html": "private", "/artikel/ekspor-raksasa-2024.html": "huge",
    "/artikel/ekspor-kopi-windows-1252.html": "cp1252", "/artikel/ekspor-lada-tanpa-charset.html": "nocharset",
    "/artikel/ekspor-kakao-html-rusak.html": "malformed", "/rahasia/ekspor-rahasia-ke-jepang.html": "disallowed",
}
GOOD_FAULT_PAGES = ("/artikel/ekspor-kopi-windows-1252.html", "/artikel/ekspor-lada-tanpa-charset.html",
                    "/artikel/ekspor-kakao-html-rusak.html")
_FAULT_TEXT = ("Koperasi Tani Makmur di Kabupaten Lampung Barat melepas ekspor perdana 18 ton kopi robusta ke Mesir, "
               "Senin (3/6/2024). “Ini ekspor pertama kami,” kata ketua koperasi.\n"
               "Kopi itu dipetik dari kebun anggota koperasi di lereng Gunung Pesagi dan diolah di gudang koperasi "
               "sebelum diberangkatkan lewat Pelabuhan Panjang. Pembeli di Kairo sudah memesan kiriman berikutnya.")


def _paragraphs(text: str) -> str:
    return "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n") if p.strip())


def article_html(o: Outlet, p: Page) -> str:
    others = [q for q in o.pages if q is not p][:4]
    related = "".join(f'<li><a href="{q.path}">{html.escape(q.title)}</a></li>' for q in others)
    baca = (f'<p><strong>Baca juga:</strong> <a href="{others[0].path}">{html.escape(others[0].title)}</a></p>'
            if others else "")
    paras = _paragraphs(p.text).split("\n")
    body = "\n".join(paras[:2] + [baca] + paras[2:])
    nav = '<nav><a href="/">Beranda</a> <a href="/kategori/ekonomi/">Ekonomi</a> <a href="/tag/umkm/">UMKM</a></nav>'
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>{html.escape(p.title)} - {o.name}</title>
<meta property="og:title" content="{html.escape(p.title)}"><meta property="og:site_name" content="{o.name}">
<meta property="article:published_time" content="{p.published}T08:00:00+07:00">
<link rel="canonical" href="{o.base}{p.path}">
<link rel="alternate" type="application/rss+xml" href="{_feed_path(o)}">{p.head_html}</head>
<body><header><div class="logo">{o.name}</div>{nav}</header>
<main><article><h1 class="entry-title">{html.escape(p.title)}</h1>
<div class="meta">Oleh Redaksi | {p.published}</div><div class="entry-content">{body}{p.body_html}</div></article>
<aside class="related"><h3>Berita Terkait</h3><ul>{related}</ul></aside>
<section id="comments"><h3>Tinggalkan Balasan</h3><p>Alamat email Anda tidak akan dipublikasikan.</p>
<form><textarea name="comment"></textarea><button>Kirim Komentar</button></form></section></main>
<footer><p>Copyright © 2024 {o.name}. All rights reserved.</p><a href="/redaksi/">Redaksi</a></footer></body></html>"""


def _feed_path(o: Outlet) -> str:
    return {"wordpress": "/feed/", "antara": "/rss/terkini.xml"}.get(o.style, "")


def listing_html(o: Outlet, page: int, per_page: int = 8, faults: bool = True) -> str:
    pages = list(o.pages)
    if o.style == "plain" and faults:
        pages += [Page(path, path.rsplit("/", 1)[-1], "", "2024-06-03") for path in FAULTS]
    chunk = pages[(page - 1) * per_page : page * per_page]
    items = "".join(f'<li><a href="{p.path}">{html.escape(p.title)}</a></li>' for p in chunk)
    nxt = ""
    if page * per_page < len(pages):
        href = {"wordpress": f"/page/{page + 1}/", "antara": f"/terkini/{page + 1}"}.get(o.style, f"/?page={page + 1}")
        nxt = f'<a href="{href}" rel="next">Selanjutnya</a>'
    feed = f'<link rel="alternate" type="application/rss+xml" href="{_feed_path(o)}">' if _feed_path(o) else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{o.name}</title>{feed}</head><body>"
            f"<header>{o.name}</header><ul class='list'>{items}</ul>{nxt}<footer>© {o.name}</footer></body></html>")


def rss(o: Outlet) -> str:
    items = "".join(f"<item><title>{html.escape(p.title)}</title><link>{o.base}{p.path}</link>"
                    f"<pubDate>{p.published}</pubDate></item>" for p in o.pages[-10:])
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{o.name}</title>{items}</channel></rss>'


def sitemap(o: Outlet, pages: list[Page]) -> str:
    urls = "".join(f"<url><loc>{o.base}{p.path}</loc><lastmod>{p.published}</lastmod></url>" for p in pages)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that hung up on the slow page is expected
        pass


class TestWeb:
    __test__ = False  # not a pytest class
    """Serve the outlets on 127.0.0.1 (ephemeral ports) in background threads; use as a context manager."""

    def __init__(self, outlets: list[Outlet] | None = None, slow_seconds: float = 4.0, faults: bool = True):
        self.outlets = outlets or build_outlets()
        self.slow_seconds = slow_seconds
        self.faults = faults
        self.servers: list[ThreadingHTTPServer] = []
        self.hits: dict[str, int] = {}
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()

    def __enter__(self) -> TestWeb:
        for o in self.outlets:
            server = _QuietServer(("127.0.0.1", 0), self._handler(o))
            o.port = server.server_address[1]
            self.servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()

    @property
    def urls(self) -> list[str]:
        return [o.base + "/" for o in self.outlets]

    def reachable_articles(self) -> set[str]:
        """Every article URL a crawler should fetch exactly once (faults and disallowed pages excluded)."""
        out = {o.base + p.path for o in self.outlets for p in o.pages}
        plain = next(o for o in self.outlets if o.style == "plain")
        return out | {plain.base + p for p in GOOD_FAULT_PAGES}

    def _handler(self, o: Outlet):
        web = self
        by_path = {p.path: p for p in o.pages}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: bytes | str, ctype: str = "text/html; charset=utf-8",
                      headers: dict[str, str] | None = None) -> None:
                data = body.encode("utf-8") if isinstance(body, str) else body
                etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                if status == 200:
                    self.send_header("ETag", etag)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                url = urlsplit(self.path)
                path = url.path
                with web._lock:
                    web.hits[o.base + self.path] = web.hits.get(o.base + self.path, 0) + 1
                    web.user_agents.add(self.headers.get("User-Agent", ""))
                if path == "/robots.txt":
                    lines = ["User-agent: *", "Disallow: /rahasia/"]
                    if o.style == "wordpress":
                        lines.append(f"Sitemap: {o.base}/sitemap_index.xml")
                    elif o.style == "antara":
                        lines.append(f"Sitemap: {o.base}/sitemap.xml")
                    return self._send(200, "\n".join(lines) + "\n", "text/plain")
                if o.style == "wordpress":
                    if path == "/sitemap_index.xml":
                        idx = "".join(f"<sitemap><loc>{o.base}/{n}</loc></sitemap>"
                                      for n in ("post-sitemap.xml", "news-sitemap.xml"))
                        return self._send(200, f'<?xml version="1.0"?><sitemapindex>{idx}</sitemapindex>',
                                          "application/xml")
                    if path == "/post-sitemap.xml":
                        return self._send(200, sitemap(o, o.pages[: len(o.pages) // 2]), "application/xml")
                    if path == "/news-sitemap.xml":
                        return self._send(200, sitemap(o, o.pages[len(o.pages) // 2 :]), "application/xml")
                    if path == "/feed/":
                        return self._send(200, rss(o), "application/rss+xml")
                    if path == "/wp-json/wp/v2/posts":
                        q = (parse_qs(url.query).get("search") or [""])[0].lower()
                        posts = [{"link": o.base + p.path, "date": p.published + "T08:00:00",
                                  "title": {"rendered": p.title}} for p in o.pages if q in p.text.lower()]
                        return self._send(200, json.dumps(posts), "application/json")
                    m = re.fullmatch(r"/page/(\d+)/", path)
                    if m:
                        return self._send(200, listing_html(o, int(m.group(1)), faults=web.faults))
                if o.style == "antara":
                    if path == "/sitemap.xml":
                        return self._send(200, sitemap(o, o.pages), "application/xml")
                    if path == "/rss/terkini.xml":
                        return self._send(200, rss(o), "application/rss+xml")
                    m = re.fullmatch(r"/terkini/(\d+)", path)
                    if m:
                        return self._send(200, listing_html(o, int(m.group(1)), faults=web.faults))
                if path == "/":
                    page = int((parse_qs(url.query).get("page") or ["1"])[0])
                    return self._send(200, listing_html(o, page, faults=web.faults))
                if path in by_path:
                    return self._send(200, article_html(o, by_path[path]))
                if o.style == "plain" and (path in FAULTS or path == "/artikel/ekspor-putar-b-2024.html"):
                    return self._fault(FAULTS.get(path, "loop"), path)
                return self._send(404, "<html><body>Halaman tidak ditemukan</body></html>")

            def _fault(self, kind: str, path: str):
                page = Page(path, "Ekspor kopi Lampung ke Mesir", _FAULT_TEXT, "2024-06-03")
                if kind == "404":
                    return self._send(404, "<html><body>Tidak ada</body></html>")
                if kind == "500":
                    return self._send(500, "<html><body>Galat server</body></html>")
                if kind == "slow":
                    time.sleep(web.slow_seconds)
                    return self._send(200, article_html(o, page))
                if kind == "loop":
                    target = path.replace("-a-", "-b-") if "-a-" in path else path.replace("-b-", "-a-")
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                if kind == "private":
                    self.send_response(302)
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                    self.end_headers()
                    return None
                if kind == "huge":
                    return self._send(200, "<html><body>" + "<p>isi berita panjang</p>" * 120_000 + "</body></html>")
                if kind == "cp1252":
                    body = article_html(o, page).replace('<meta charset="utf-8">', "").encode("cp1252", "replace")
                    return self._send(200, body, "text/html; charset=windows-1252")
                if kind == "nocharset":
                    return self._send(200, article_html(o, page).replace('<meta charset="utf-8">', ""), "text/html")
                if kind == "malformed":
                    broken = article_html(o, page).replace("</p>", "").replace("</div>", "").replace("</article>", "")
                    return self._send(200, broken[: len(broken) - 40])
                return self._send(404, "")

        return Handler


if __name__ == "__main__":  # python -m crawler.testweb: serve until interrupted
    with TestWeb() as web:
        for u in web.urls:
            print(u, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
