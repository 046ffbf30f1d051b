"""CC-NEWS-style WARC archives built from the local test web, for the backfill tests and `ekspor bench backfill`.

The test web's outlets are given the domains of real registry sources, so that the default domain filter
keeps them. Around them: off-registry outlets, the same article in two files, a revisit record, non-HTML
responses, a 404, and (on request) a file whose last gzip member is cut short.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.registry import load_registry

from .testweb import article_html, build_outlets

OFF_REGISTRY = ("contoh-berita.example", "blog-wisata.example")


@dataclass
class BuiltArchives:
    files: list[Path]
    article_urls: set[str]  # registry-domain article pages (what the default filter must keep)
    off_registry_urls: set[str]
    truncated: Path | None = None


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
              status: str = "200 OK", date: str = "2024-06-01T08:00:00Z") -> None:
    head = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=head,
                                                  warc_headers_dict={"WARC-Date": date}))


def _revisit(writer: WARCWriter, url: str, date: str = "2024-06-02T08:00:00Z") -> None:
    head = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_revisit_record(url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                          refers_to_uri=url, refers_to_date=date, http_headers=head)
    writer.write_record(record)


def build_archives(folder: Path, files: int = 4, truncated: bool = True, copies: int = 1,
                   off_copies: int = 1) -> BuiltArchives:
    """Write `files` WARC files (gzip) into `folder`; `copies` repeats the registry pages and `off_copies` the
    off-registry ones under new URLs (benchmarks: in CC-NEWS most records belong to other outlets)."""
    folder.mkdir(parents=True, exist_ok=True)
    outlets = build_outlets()
    domains = [s.domains[0] for s in load_registry()[: len(outlets)]]
    pages = []
    for copy in range(copies):
        for outlet, domain in zip(outlets, domains, strict=True):
            outlet.port = 80
            for p in outlet.pages:
                path = p.path if copy == 0 else f"/salinan-{copy}{p.path}"
                body = article_html(outlet, p).replace("http://127.0.0.1:80", f"https://{domain}")
                pages.append((f"https://{domain}{path}", body.encode("utf-8"), p.published))
    off = []
    for copy in range(off_copies):
        for i, domain in enumerate(OFF_REGISTRY):
            outlet = outlets[i]
            for p in outlet.pages[:5] if off_copies == 1 else outlet.pages:
                path = p.path if copy == 0 else f"/arsip-{copy}{p.path}"
                off.append((f"https://{domain}{path}", article_html(outlet, p).encode("utf-8"), p.published))
    paths = [folder / f"CC-NEWS-20240601{i:06d}-{i:05d}.warc.gz" for i in range(files)]
    writers = []
    handles = [open(p, "wb") for p in paths]  # noqa: SIM115 - closed below
    try:
        writers = [WARCWriter(fh, gzip=True) for fh in handles]
        for i, (url, body, published) in enumerate(pages):
            _response(writers[i % files], url, body, date=f"{published}T08:00:00Z")
        for i, (url, body, published) in enumerate(off):
            _response(writers[i % files], url, body, date=f"{published}T08:00:00Z")
        first_url, first_body, first_pub = pages[0]
        _response(writers[-1], first_url, first_body, date=f"{first_pub}T09:00:00Z")  # the same page, another file
        _revisit(writers[0], pages[1][0])
        _response(writers[1 % files], f"https://{domains[0]}/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        _response(writers[2 % files], f"https://{domains[1]}/feed.json", b'{"items": []}', "application/json")
        _response(writers[3 % files], f"https://{domains[2]}/hilang", b"<html>404</html>", status="404 Not Found")
    finally:
        for fh in handles:
            fh.close()
    cut = None
    if truncated:
        cut = folder / "CC-NEWS-20240601999999-99999.warc.gz"
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True)
        extra = outlets[0].pages[:3]
        for p in extra:
            url = f"https://{domains[0]}/terpotong{p.path}"
            _response(writer, url, article_html(outlets[0], p).encode("utf-8"), date=f"{p.published}T08:00:00Z")
        data = buf.getvalue()
        cut.write_bytes(data[: len(data) - 200])  # the last gzip member breaks off
    return BuiltArchives(paths + ([cut] if cut else []), {u for u, _, _ in pages}, {u for u, _, _ in off}, cut)
