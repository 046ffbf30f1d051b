"""The journalists' search: API, security, snapshot pickup, and a real headless Chromium (Debian's)."""

import csv
import io
import json
import shutil
import time
from pathlib import Path

import httpx
import pytest
from conftest import serving_dev_set

from pipeline.ingest import ingest_records
from warehouse.snapshot import publish_snapshot
from web.app import SECURITY_HEADERS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAYLOADS = ["' OR 1=1 --", "'; DROP TABLE marts.events; --", '"><script>alert(1)</script>',
            "<img src=x onerror=alert(1)>", "%' UNION SELECT text FROM staging.articles --", "\\x00", "😀" * 3]
PARAMS = ["q", "province", "kabkota", "product", "destination", "status", "since", "until", "min_sources", "sort",
          "page", "page_size"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving_dev_set(tmp_path_factory.mktemp("web") / "ekspor.duckdb") as served:
        yield served


def get(server, path, **params):
    return httpx.get(server["base"] + path, params=params, timeout=30)


def test_api_search_filters_and_pagination(server):
    r = get(server, "/api/events", q="manggis", destination="CN")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] >= 1 and all(e["destination_iso2"] == "CN" for e in body["events"])
    assert any("manggis" in (e["product"] or "") for e in body["events"])
    page1 = get(server, "/api/events", page_size=5).json()
    page2 = get(server, "/api/events", page_size=5, page=2).json()
    assert page1["total"] == page2["total"] > 5
    assert not {e["event_id"] for e in page1["events"]} & {e["event_id"] for e in page2["events"]}
    stemmed = get(server, "/api/events", q="mengekspor sepatu").json()
    assert any(e["destination_iso2"] == "SN" for e in stemmed["events"])
    since = get(server, "/api/events", since="2022-01-01", until="2022-12-31").json()
    assert since["events"] and all("2022" in e["date"] for e in since["events"])


def test_api_event_detail_has_mentions_and_provenance(server):
    ev = next(e for e in get(server, "/api/events", min_sources=2).json()["events"])
    d = get(server, f"/api/events/{ev['event_id']}").json()
    assert len(d["mentions"]) == 2 and all(m["evidence"] and m["url"] for m in d["mentions"])
    assert {p["field"] for p in d["provenance"]} >= {"exporter", "product", "destination", "date"}
    assert get(server, "/api/events/ev0000000000000000").status_code == 404
    assert get(server, "/api/events/not-an-id").status_code == 400


def test_bad_parameters_get_a_clear_4xx(server):
    for params, word in (({"page": "x"}, "page"), ({"page_size": "1000"}, "page_size"), ({"since": "kemarin"}, "since"),
                         ({"sort": "random"}, "sort"), ({"q": "k" * 300}, "q"), ({"status": "maybe"}, "status"),
                         ({"nope": "1"}, "unknown")):
        r = get(server, "/api/events", **params)
        assert r.status_code == 400 and word in r.json()["error"]
    html = get(server, "/", page="x")
    assert html.status_code == 400 and "page must be a whole number" in html.text


@pytest.mark.parametrize("param", PARAMS)
def test_injection_and_xss_payloads_are_harmless(server, param):
    for payload in PAYLOADS:
        for path in ("/", "/api/events", "/export.csv"):
            r = get(server, path, **{param: payload})
            assert r.status_code in (200, 400), (param, payload, r.status_code)
            assert "Traceback" not in r.text and "duckdb" not in r.text.lower()
            assert "<script>alert(1)</script>" not in r.text and "<img src=x" not in r.text
            for k, v in SECURITY_HEADERS.items():
                assert r.headers[k] == v
    assert get(server, "/api/events").json()["total"] > 0  # nothing was dropped


def test_csv_and_json_downloads_follow_the_filters(server):
    r = get(server, "/export.csv", destination="CN")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["destination_iso2"] == "CN" for row in rows)
    data = json.loads(get(server, "/export.json", destination="CN").text)
    assert len(data) == len(rows) and all(e["mentions"] for e in data)


def test_a_new_snapshot_is_picked_up_without_restart(server, tmp_path):
    before = get(server, "/api/events", status="any").json()["total"]
    extra = {"id": "baru", "url": "https://contoh.test/ekspor-baru", "published": "2025-03-03",
             "text": "BUMDes Maju Jaya melepas ekspor perdana 2 ton gula aren ke Jerman, Senin (3/3/2025)."}
    ingest_records([extra], server["db"], publish=False)
    publish_snapshot(server["db"])
    time.sleep(0.05)
    assert get(server, "/api/events", status="any").json()["total"] == before + 1
    assert get(server, "/api/events", destination="DE", q="gula aren").json()["total"] == 1


def test_real_browser_search_filter_detail_and_csv(server, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (apt-get install chromium); .ci/run installs it")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1400}, accept_downloads=True)
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(server["base"] + "/")
            page.fill("input[name=q]", "kopi jepang")
            page.click("button[type=submit]")
            page.wait_for_url("**/?q=kopi*")
            assert page.locator("li.event").count() >= 1
            page.select_option("select[name=destination]", "CN")
            page.click("button[type=submit]")
            page.wait_for_url("**destination=CN*")
            cards = page.locator("li.event")
            assert cards.count() >= 1
            assert all("Tiongkok" in cards.nth(i).inner_text() for i in range(cards.count()))
            page.fill("input[name=q]", "")
            page.click("button[type=submit]")
            page.wait_for_load_state()
            page.locator("li.event h2 a").first.click()
            page.wait_for_url("**/events/ev*")
            assert page.locator("ol.mentions li").count() >= 1
            assert page.locator("blockquote.evidence mark").count() >= 1
            assert "Tiongkok" in page.inner_text("h1")
            page.go_back()
            with page.expect_download() as dl:
                page.click("text=Unduh CSV")
            path = tmp_path / "events.csv"
            dl.value.save_as(path)
            assert path.read_text().startswith("event_id,")
            # click a province on the map: the search is filtered to it
            page.goto(server["base"] + "/?status=any")
            tile = page.locator("a.tile[data-province='32']")
            assert "Jawa Barat" in (tile.locator("title").first.text_content() or "")
            tile.click()
            page.wait_for_url("**province=32*")
            assert page.locator("li.event").count() >= 1
            assert page.locator("select[name=province]").input_value() in ("", "Jawa Barat", "32")
            # subscribe to the search's feed as a reader would: the page's <link rel=alternate>, fetched by the
            # browser, parsed by feedparser, newest first with the same events as the page sorted by date
            import feedparser

            page.goto(server["base"] + "/?status=any&destination=CN&sort=date")
            href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
            assert href and href.startswith("/feed.atom?") and "destination=CN" in href
            feed = page.request.get(server["base"] + href)
            assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
            parsed = feedparser.parse(feed.text())
            assert not parsed.bozo and parsed.entries
            on_page = [a.get_attribute("href").rsplit("/", 1)[-1]
                       for a in page.locator("li.event h2 a").all()]
            assert [e.link.rsplit("/", 1)[-1] for e in parsed.entries][: len(on_page)] == on_page
            page.goto(parsed.entries[0].link)  # an entry's link opens the event page
            assert page.url.endswith("/events/" + on_page[0]) and page.locator("ol.mentions li").count() >= 1
            # follow an exporter from a card to its page, and on to one of its shipments
            page.goto(server["base"] + "/?status=any")
            card = page.locator("li.event:has(a.exporter)").first
            name = card.locator("a.exporter").inner_text()
            card.locator("a.exporter").click()
            page.wait_for_url("**/exporters/ex*")
            assert page.inner_text("h1") and page.locator("li.event").count() >= 1
            assert name in page.inner_text("main")
            page.locator("li.event h2 a").first.click()
            page.wait_for_url("**/events/ev*")
            page.goto(server["base"] + "/?status=any")
            shot = Path(__file__).parent / "artifacts"
            shot.mkdir(exist_ok=True)
            page.screenshot(path=str(shot / "search.png"), full_page=True)
            assert (shot / "search.png").stat().st_size > 10_000
            assert not [e for e in errors if "Content Security Policy" in e]
        finally:
            browser.close()


def test_the_web_benchmark_runs_end_to_end_on_a_small_warehouse():
    """`ekspor bench web` in miniature: the synthetic warehouse, a real server and clients, no errors (the
    figures themselves are for the separate bench command, not for a timed test)."""
    from devtools.bench_web import run_bench

    res = run_bench(events=2000, articles=1000, clients=2, seconds=2.0, workers=1)
    assert res["requests"] > 0 and res["errors"] == 0
