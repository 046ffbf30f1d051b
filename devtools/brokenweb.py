"""Outlets that break the ways live ones do, on 127.0.0.1, for the source-health tests: a sitemap that is gone,
an RSS feed that is gone, a WordPress API that ignores `search=`, a listing whose next page loops, a layout
change that leaves no article text, a 403 for our user agent, and a host that refuses connections (as a dead
DNS name would)."""

from __future__ import annotations

import html
import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from crawler.registry import Source

from .evaluate import default_gold_path, load_gold
from .testweb import _QuietServer, _slug

BREAKS = ("healthy", "sitemap_404", "rss_gone", "wp_ignores_search", "listing_loops", "no_article_text",
          "forbidden_ua", "refused")
EXPECTED = {"healthy": "verified", "sitemap_404": "degraded", "rss_gone": "degraded",
            "wp_ignores_search": "degraded", "listing_loops": "degraded", "no_article_text": "degraded",
            "forbidden_ua": "blocked", "refused": "dead"}


def _stories(n: int = 9) -> list[tuple[str, str, str, str]]:
    out = []
    for i, g in enumerate([g for g in load_gold(default_gold_path()) if g["is_export_story"]][:n]):
        title = g["text"].split("\n", 1)[0][:80].strip()
        out.append((f"/2024/06/{1 + i:02d}/{_slug(title)}/", title, g["text"], f"2024-06-{1 + i:02d}"))
    return out


def _handler(kind: str, stories: list[tuple[str, str, str, str]], base: str):
    by_path = {s[0]: s for s in stories}

    def page(items: list[tuple[str, str, str, str]], nxt: str | None) -> str:
        lis = "".join(f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t, _, _ in items)
        link = f'<a href="{nxt}" rel="next">Selanjutnya</a>' if nxt else ""
        return (f"<!DOCTYPE html><html><head><title>{kind}</title><link rel='alternate' "
                f"type='application/rss+xml' href='/feed/'></head><body><ul>{lis}</ul>{link}</body></html>")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: str, ctype: str = "text/html; charset=utf-8") -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            path, query = url.path, parse_qs(url.query)
            if kind == "forbidden_ua" and "EksporRadar" in self.headers.get("User-Agent", ""):
                return self._send(403, "<html><body>Access denied</body></html>")
            if path == "/robots.txt":
                return self._send(200, f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n", "text/plain")
            if path == "/sitemap.xml":
                if kind == "sitemap_404":
                    return self._send(404, "<html>not found</html>")
                urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>{d}</lastmod></url>" for p, _, _, d in stories)
                return self._send(200, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                       f'sitemap/0.9">{urls}</urlset>', "application/xml")
            if path == "/feed/":
                if kind == "rss_gone":
                    return self._send(410, "<html>gone</html>")
                items = "".join(f"<item><title>{html.escape(t)}</title><link>{base}{p}</link>"
                                f"<pubDate>{d}</pubDate></item>" for p, t, _, d in stories)
                return self._send(200, f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>',
                                  "application/rss+xml")
            if path == "/wp-json/wp/v2/posts":
                q = (query.get("search") or [""])[0].lower()
                hits = [s for s in stories if kind == "wp_ignores_search" or q in s[2].lower()]
                return self._send(200, json.dumps([{"link": base + p, "date": d + "T08:00:00",
                                                    "title": {"rendered": t}} for p, t, _, d in hits]),
                                  "application/json")
            m = re.fullmatch(r"/page/(\d+)/", path)
            if m:
                n = int(m.group(1))
                nxt = "/page/1/" if kind == "listing_loops" and n == 2 else (f"/page/{n + 1}/" if n < 3 else None)
                return self._send(200, page(stories[(n - 1) * 3 : n * 3], nxt))
            if path == "/":
                if "s" in query:
                    q = query["s"][0].lower()
                    return self._send(200, page([s for s in stories if q in s[2].lower()], None))
                return self._send(200, page(stories[:3], "/page/2/"))
            if path in by_path:
                p, t, text, d = by_path[path]
                if kind == "no_article_text":
                    return self._send(200, f"<html><head><title>{html.escape(t)}</title></head><body>"
                                           "<div id='app'></div><script src='/app.js'></script></body></html>")
                paras = "".join(f"<p>{html.escape(x)}</p>" for x in text.split("\n") if x.strip())
                return self._send(200, f"<!DOCTYPE html><html lang='id'><head><title>{html.escape(t)}</title>"
                                       f"</head><body><article><h1>{html.escape(t)}</h1>{paras}</article></body></html>")
            return self._send(404, "<html>not found</html>")

    return Handler


class BrokenWeb:
    """One outlet per way of breaking, each on its own port; `sources()` gives their registry entries."""

    __test__ = False

    def __init__(self, kinds: tuple[str, ...] = BREAKS):
        self.kinds = kinds
        self.ports: dict[str, int] = {}
        self._servers: list[_QuietServer] = []
        self.stories = _stories()

    def __enter__(self) -> BrokenWeb:
        for kind in self.kinds:
            if kind == "refused":  # a port nobody listens on: connection refused, as for a dead DNS name
                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    self.ports[kind] = s.getsockname()[1]
                continue
            server = _QuietServer(("127.0.0.1", 0), None)
            port = server.server_address[1]
            server.RequestHandlerClass = _handler(kind, self.stories, f"http://127.0.0.1:{port}")
            self.ports[kind] = port
            self._servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for s in self._servers:
            s.shutdown()
            s.server_close()

    def base(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.ports[kind]}"

    def sources(self) -> list[Source]:
        out = []
        for kind in self.kinds:
            b = self.base(kind)
            out.append(Source(name=f"broken-{kind}", domains=(f"127.0.0.1:{self.ports[kind]}",), home_region="35",
                              platform="wordpress", status="unverified", homepage=b + "/",
                              sitemaps=(b + "/sitemap.xml",), feeds=(b + "/feed/",),
                              wp_api=(b + "/wp-json/wp/v2/posts",), listings=(b + "/page/{page}/",),
                              search=(b + "/?s=ekspor",)))
        return out
