"""Archived copies of source articles (#13): crawled from a local outlet into WARC, processed, served by the real
app, and opened in real headless Chromium. One of the outlet's articles is hostile: scripts, event handlers,
`javascript:` links, a meta refresh that only a script-less browser sees, remote images, styles, frames and a
form, all pointing at a beacon server on another port that counts every request it gets."""

import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from conftest import serving

from devtools.evaluate import default_gold_path, load_gold
from devtools.testweb import Outlet, Page, TestWeb, _path
from web.archive_view import RAW_CSP, TEXT_CSP, evidence_segments, sanitized_html

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE_TEXT = "Catatan redaksi: <script>document.title='pwned'</script> dan <img src=x onerror=alert(1)> tetap teks."


class Beacon:
    """A "remote" server: any request that reaches it is a load the archive should have prevented."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                beacon.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"beacon")

            do_POST = do_GET  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def hostile_markup(b: str) -> tuple[str, str]:
    head = (f'<script>fetch("{b}/script-head")</script><link rel="stylesheet" href="{b}/style.css">'
            f'<base href="{b}/base/"><noscript><meta http-equiv="refresh" content="0;url={b}/refresh"></noscript>'
            f'<style>body {{ background: url("{b}/css-bg") }}</style>')
    body = (f'<p><img src="{b}/img.png" onerror="fetch(\'{b}/onerror\')"> '
            f'<a id="jslink" href="javascript:fetch(\'{b}/jslink\')">lihat galeri</a> '
            f'<a id="jslink2" href="JaVaScRiPt&colon;fetch(\'{b}/jslink2\')">video</a></p>'
            f'<svg onload="fetch(\'{b}/svg\')"><image href="{b}/svg-image"/></svg>'
            f'<iframe src="{b}/frame"></iframe><object data="{b}/object"></object>'
            f'<form action="{b}/form" method="post"><input name="q" autofocus onfocus="fetch(\'{b}/focus\')">'
            f'<button id="send">kirim</button></form><div onmouseover="fetch(\'{b}/hover\')">iklan</div>'
            f'<video poster="{b}/poster.jpg"></video>')
    return head, body


def ekspor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ekspor.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    beacon = Beacon()
    outlet = Outlet("Kabar Rawan", "wordpress")
    stories = [g for g in load_gold(default_gold_path()) if g.get("is_export_story")][:3]
    for i, s in enumerate(stories):
        title = next((ln for ln in s["text"].split("\n") if len(ln.strip()) >= 30), s["text"])[:90].strip()
        published = s.get("published") or "2024-05-06"
        head, body = hostile_markup(beacon.base) if i == 0 else ("", "")
        text = s["text"] + ("\n" + HOSTILE_TEXT if i == 0 else "")
        outlet.pages.append(Page(_path(outlet, i, title, published), title, text, published, s["id"], head, body))
    tmp = tmp_path_factory.mktemp("archive")
    db = tmp / "a.duckdb"
    with TestWeb([outlet], faults=False) as web:
        p = ekspor("crawl", "--db", str(db), "--site", web.urls[0], "--allow-private-hosts", "--max-pages", "60")
        assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    p = ekspor("process", "--db", str(db))
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    assert not beacon.hits, "the crawl itself should not touch the beacon (another host)"
    hostile_url = web.urls[0].rstrip("/") + outlet.pages[0].path
    try:
        with serving(db) as served:
            yield {**served, "beacon": beacon, "hostile_url": hostile_url}
    finally:
        beacon.close()


def events_with_mentions(base: str) -> list[dict]:
    events = httpx.get(base + "/api/events", params={"status": "any", "page_size": 100}, timeout=30).json()["events"]
    return [httpx.get(base + f"/api/events/{e['event_id']}", timeout=30).json() for e in events]


def hostile_mention(archived) -> dict:
    for ev in events_with_mentions(archived["base"]):
        for m in ev["mentions"]:
            if m["url"].rstrip("/") == archived["hostile_url"].rstrip("/").replace("www.", ""):
                return m
    raise AssertionError("the hostile article reported no event")


# --- pure parts -------------------------------------------------------------------------------------------------

def test_sanitized_html_keeps_the_story_and_drops_every_active_part():
    head, body = hostile_markup("http://evil.example")
    page = (f"<html><head><title>T</title>{head}</head><body><p>Koperasi melepas ekspor kopi ke Mesir.</p>{body}"
            "</body></html>").encode()
    out = sanitized_html(page, "text/html; charset=utf-8", "Arsip <b>bukan tag</b>")
    assert "Koperasi melepas ekspor kopi ke Mesir." in out
    low = out.lower()
    for bad in ("<script", "onerror", "onload", "onfocus", "onmouseover", "javascript", "http-equiv", "<base",
                "<iframe", "<object", "<form", "<link"):
        assert bad not in low, bad
    assert "Arsip &lt;b&gt;bukan tag&lt;/b&gt;" in out  # the notice is text, never markup


@pytest.mark.parametrize("body", [b"", b"\xff\xfe\x00<", b"<html><body><p>unclosed", b"plain text, no tags",
                                  "<p>Ekspor kopi ke Mesir</p>".encode("cp1252")])
def test_sanitized_html_never_fails_on_broken_input(body):
    assert sanitized_html(body, "text/html; charset=nonsense", "n").startswith("<!DOCTYPE html>")


def test_evidence_segments_cover_the_text_exactly_once():
    text = "Satu. Koperasi mengekspor kopi. Tiga. Empat ke Jepang."
    mentions = [{"evidence_start": 7, "evidence_end": 31, "ordinal": 0, "event_id": "ev1"},
                {"evidence_start": 10, "evidence_end": 20, "ordinal": 1, "event_id": "ev2"},  # inside the first
                {"evidence_start": 38, "evidence_end": 54, "ordinal": 2, "event_id": "ev3"},
                {"evidence_start": 50, "evidence_end": 999, "ordinal": 3, "event_id": "ev4"}]  # out of range
    segs = evidence_segments(text, mentions)
    assert "".join(s.text for s in segs) == text
    assert [s.mark for s in segs if s.mark] == ["m-0", "m-2"]


# --- the served archive -------------------------------------------------------------------------------------------

def test_every_mention_carries_its_archive_urls(archived):
    events = events_with_mentions(archived["base"])
    mentions = [m for ev in events for m in ev["mentions"]]
    assert len(events) >= 3 and mentions
    for m in mentions:
        assert re.fullmatch(r"/archive/c?[0-9a-f]{16,40}", m["archive_url"])
        assert m["archive_raw_url"] == m["archive_url"].replace("/archive/", "/archive/raw/")


def test_every_archive_response_is_sandboxed_even_errors(archived):
    m = hostile_mention(archived)
    aid = m["archive_url"].rsplit("/", 1)[1]
    for path, csp in ((m["archive_url"], TEXT_CSP), (m["archive_raw_url"], RAW_CSP),
                      (f"/archive/source/{aid}", TEXT_CSP), ("/archive/0000000000000000", TEXT_CSP),
                      ("/archive/raw/0000000000000000", RAW_CSP), ("/archive/not-an-id", TEXT_CSP),
                      ("/archive/raw/..%2f..%2fetc%2fpasswd", RAW_CSP)):
        r = httpx.get(archived["base"] + path, timeout=30)
        assert r.headers["content-security-policy"] == csp, path
        assert "sandbox" in r.headers["content-security-policy"].split(";")[0]
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in RAW_CSP and "script-src" not in RAW_CSP


def test_the_archive_is_not_an_open_proxy(archived):
    """Only stored articles, by their key: no URL, path or host in a request is ever fetched."""
    before = len(archived["beacon"].hits)
    b = archived["beacon"].base
    for path in (f"/archive/{b}", f"/archive/raw/{b}/x", "/archive/raw/../../etc/passwd",
                 f"/archive/source/?url={b}/proxy", f"/archive/raw/0123456789abcdef?url={b}/proxy",
                 "/archive/raw/c" + "0" * 40, "/archive/" + "a" * 41):
        r = httpx.get(archived["base"] + path, timeout=30, follow_redirects=True)
        assert r.status_code in (400, 404), path
        assert str(r.url).startswith(archived["base"] + "/"), path  # a trailing-slash redirect stays on our host
        assert "root:" not in r.text
    assert len(archived["beacon"].hits) == before


def test_the_text_view_escapes_what_the_article_says(archived):
    m = hostile_mention(archived)
    r = httpx.get(archived["base"] + m["archive_url"], timeout=30)
    assert r.status_code == 200
    assert "&lt;script&gt;document.title=" in r.text
    assert "<script" not in r.text.lower() and "onerror=" not in r.text.replace("onerror=alert", "")
    assert r.text.count('<mark class="evidence"') >= 1


def test_the_source_view_is_the_exact_archived_bytes_as_plain_text(archived):
    m = hostile_mention(archived)
    aid = m["archive_url"].rsplit("/", 1)[1]
    r = httpx.get(archived["base"] + f"/archive/source/{aid}", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert f'{archived["beacon"].base}/script-head' in r.text  # byte for byte, hostile parts included


def test_real_browser_opens_the_archived_copy_and_nothing_hostile_runs(archived):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (apt-get install chromium); .ci/run installs it")
    m = hostile_mention(archived)
    beacon = archived["beacon"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            # from the event page to the archived copy, evidence highlighted
            event_id = next(ev["event_id"] for ev in events_with_mentions(archived["base"])
                            if any(x["archive_url"] == m["archive_url"] for x in ev["mentions"]))
            page.goto(archived["base"] + f"/events/{event_id}")
            page.locator(f"ol.mentions a.archive[href='{m['archive_url']}']").click()
            page.wait_for_url("**/archive/*")
            assert page.locator("mark.evidence").count() >= 1
            assert "pwned" not in page.title()
            assert "<script>document.title='pwned'</script>" in page.inner_text(".archive-text")
            # the raw HTML on demand
            page.locator("a.raw").click()
            page.wait_for_url("**/archive/raw/*")
            raw_url = page.url
            assert "Arsip Ekspor Radar" in page.inner_text("body")
            page.wait_for_timeout(1500)  # time for a refresh, a script or a lazy load to fire
            assert page.url == raw_url, "a meta refresh navigated the archived page"
            for sel in ("#jslink", "#jslink2"):
                if page.locator(sel).count():
                    page.locator(sel).click()
            page.hover("text=iklan")
            page.wait_for_timeout(500)
            assert page.url == raw_url
            assert page.evaluate("document.title") != "pwned"
            assert not dialogs
        finally:
            browser.close()
    assert beacon.hits == [], f"the archived page reached the beacon: {beacon.hits}"
