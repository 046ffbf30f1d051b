"""Source health against outlets that break the ways live ones do (real HTTP on 127.0.0.1): the probe's
verdicts, status transitions in the warehouse, skipped quarantined sources, nightly alerts and the JSON report."""

import datetime as dt
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from crawler.probe import Fetcher, probe_source
from crawler.registry import Source
from crawler.runner import DEFAULT_USER_AGENT
from devtools.brokenweb import EXPECTED, BrokenWeb
from pipeline.crawl import select_sources
from pipeline.health import HealthPolicy, after_night, after_probe, probe_sources, review_night
from pipeline.nightly import NightlyReport, report_json
from warehouse.connection import connect
from warehouse.health import source_states
from warehouse.migrations import migrate
from warehouse.runs import finish_run, start_run

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "nightly-report.schema.json").read_text())


@pytest.fixture(scope="module")
def broken():
    with BrokenWeb() as web:
        yield web


def test_the_probe_classifies_each_break(broken):
    fetcher = Fetcher(DEFAULT_USER_AGENT, timeout=3, allow_private=True)
    for source in broken.sources():
        kind = source.name.removeprefix("broken-")
        probe = probe_source(source, fetcher)
        assert probe.verdict == EXPECTED[kind], (kind, probe.reason)
        outcomes = {(e.kind, e.outcome) for e in probe.endpoints}
        wanted = {"sitemap_404": ("sitemap", "http_404"), "rss_gone": ("feed", "http_410"),
                  "wp_ignores_search": ("wp_api", "ignores_query"), "listing_loops": ("listing", "loops"),
                  "no_article_text": ("article", "no_article_text"), "forbidden_ua": ("listing", "http_403"),
                  "refused": ("sitemap", "unreachable")}.get(kind)
        if wanted:
            assert wanted in outcomes, (kind, outcomes)
        else:
            assert all(e.works for e in probe.endpoints), probe.reason
            assert set(probe.discovery) == {"sitemap", "feed", "wp_api", "listing", "search"}
            assert all(e.latency_ms > 0 for e in probe.endpoints)
            assert any(e.newest == "2024-06-09" for e in probe.endpoints)


def test_probes_are_kept_and_move_the_observed_status(broken, tmp_path):
    db = tmp_path / "h.duckdb"
    results = probe_sources(db, broken.sources(), allow_private=True, timeout=3)
    assert {p.source: st.status for p, st in results} == {
        f"broken-{k}": {"verified": "active", "degraded": "active"}.get(v, v) for k, v in EXPECTED.items()}
    con = connect(db, read_only=True)
    try:
        n = con.execute("SELECT count(*), count(DISTINCT probe_id) FROM raw.source_probes").fetchone()
        states = source_states(con)
    finally:
        con.close()
    assert n[1] == len(EXPECTED) and n[0] > 5 * len(EXPECTED)
    assert "http_403" in states["broken-forbidden_ua"].reason


def test_three_bad_nights_quarantine_a_source_and_a_good_probe_restores_it(broken):
    policy, now, state = HealthPolicy(), dt.datetime(2026, 12, 1, 2), None
    seen = []
    for night in range(3):
        state = after_night(state, "x", {"discovered": 0, "fetched": 4, "2xx": 4}, now + dt.timedelta(night),
                            policy)
        seen.append(state.status)
    assert seen == ["degraded", "degraded", "quarantined"] and state.consecutive_bad == 3
    healthy = next(s for s in broken.sources() if s.name == "broken-healthy")
    probe = probe_source(healthy, Fetcher(DEFAULT_USER_AGENT, timeout=3, allow_private=True))
    back = after_probe(state, probe, "probe-1", now + dt.timedelta(4))
    assert (back.status, back.consecutive_bad) == ("active", 0)
    failed = after_night(None, "y", {"discovered": 3, "fetched": 0, "failed": 3}, now, policy)
    assert failed.status == "degraded" and "every request failed" in failed.reason
    good = after_night(state, "x", {"discovered": 5, "fetched": 5, "2xx": 5}, now, policy)
    assert (good.status, good.last_good_night) == ("active", now)


def test_crawls_skip_quarantined_and_blocked_sources_unless_named():
    registry = [Source(n, (f"{n}.example",), "35") for n in ("a", "b", "c")]
    assert [s.name for s in select_sources([], [], registry, skip={"b"})] == ["a", "c"]
    assert [s.name for s in select_sources(["b"], [], registry, skip={"b"})] == ["b"]


def _night(con, run, kind, stages):
    start_run(con, run, kind)
    finish_run(con, run, {}, "ok", stages)


def test_a_night_raises_the_right_alerts_and_the_report_validates(tmp_path):
    con = connect(tmp_path / "a.duckdb")
    try:
        migrate(con)
        good = {"discovered": 20, "fetched": 20, "2xx": 19, "4xx": 1}
        for i in range(7):  # seven ordinary nights
            _night(con, f"crawl-{i}", "crawl", [(src, "fetch", c, n) for src in ("quiet", "erring", "steady")
                                                for c, n in good.items()])
            _night(con, f"process-{i}", "process", [("steady", "clean", "cleaned", 40),
                                                   ("steady", "extract", "extracted", 12)])
        tonight = {"quiet": {"discovered": 0, "fetched": 2, "2xx": 2},
                   "erring": {"discovered": 20, "fetched": 20, "2xx": 6, "5xx": 14}, "steady": good}
        _night(con, "crawl-8", "crawl", [(s, "fetch", c, n) for s, cols in tonight.items() for c, n in cols.items()])
        _night(con, "process-8", "process", [("steady", "clean", "cleaned", 8), ("steady", "extract", "extracted", 11)])
        health = None
        for n in range(3):  # the quiet source stays quiet for three nights
            health = review_night(con, "crawl-8", "process-8", now=dt.datetime(2026, 12, 1 + n, 2))
        states = source_states(con)
    finally:
        con.close()
    kinds = {(a.kind, a.source) for a in health.alerts}
    assert ("zero_yield", "quiet") in kinds and ("quarantined", "quiet") in kinds
    assert ("error_share", "erring") in kinds
    assert ("stage_drop", None) in kinds  # clean/cleaned fell from 40 to 8
    assert not [k for k in kinds if k[1] == "steady"]
    assert states["quiet"].status == "quarantined" and states["steady"].status == "active"
    report = NightlyReport(0, None, process=None, health=health)
    doc = report_json(report)
    jsonschema.validate(doc, SCHEMA)
    assert doc["exit_code"] == 1 and {a["level"] for a in doc["alerts"]} == {"failure", "warning"}


def test_a_crawl_whose_every_request_failed_says_so_and_exits_non_zero(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.run([sys.executable, "-m", "ekspor.cli", "crawl", "--site", f"http://127.0.0.1:{port}/",
                        "--allow-private-hosts", "--fast", "--db", str(tmp_path / "c.duckdb")], cwd=ROOT,
                       capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "80"})
    assert p.returncode == 1 and "every request failed" in p.stderr, p.stdout[-1500:] + p.stderr[-1500:]
    assert "Traceback" not in p.stderr
    header = next(ln for ln in p.stdout.splitlines() if "source" in ln)
    assert "…" not in header and all(len(ln) <= 80 for ln in p.stdout.splitlines())


def test_www_and_declared_subdomains_belong_to_their_source():
    from crawler import discovery
    from crawler.registry import owner_of

    jogja = Source("Harian Jogja", ("harianjogja.com", "*.harianjogja.com"), "34")
    bali = Source("Bali Post", ("balipost.com",), "51")
    owner = owner_of([jogja, bali])
    assert owner("www.balipost.com") == "Bali Post" and owner("balipost.com") == "Bali Post"
    assert owner("jogjapolitan.harianjogja.com") == "Harian Jogja" and owner("WWW.harianjogja.com") == "Harian Jogja"
    assert owner("harianjogja.com.evil.example") is None and owner("notbalipost.com") is None
    page = ('<a href="https://www.balipost.com/berita/2024/06/01/ekspor-kopi-bali-ke-jepang">x</a>'
            '<a href="https://jogjapolitan.harianjogja.com/read/2024/06/01/510/1177/umkm-ekspor">y</a>')
    # a bare domain that redirects to www. keeps its articles
    assert discovery.article_links(page, "https://balipost.com/") == [
        "https://www.balipost.com/berita/2024/06/01/ekspor-kopi-bali-ke-jepang"]
    assert len(discovery.article_links(page, "https://harianjogja.com/", lambda h: owner(h) is not None)) == 2


def test_log_json_gives_one_parseable_line_per_source(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.run([sys.executable, "-m", "ekspor.cli", "crawl", "--site", f"http://127.0.0.1:{port}/",
                        "--allow-private-hosts", "--fast", "--log-json", "--db", str(tmp_path / "j.duckdb")],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = [json.loads(ln) for ln in p.stdout.splitlines()]
    assert [(ln["event"], ln["source"]) for ln in lines] == [("crawl", f"127.0.0.1:{port}")]
    assert lines[0]["fetched"] == 0 and lines[0]["failed"] + lines[0]["timeout"] > 0


def test_long_commands_show_a_progress_bar_on_a_terminal_only(tmp_path):
    import pty

    gold = ROOT / "nlp" / "data" / "devset" / "gold.jsonl"
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    args = [sys.executable, "-m", "ekspor.cli", "ingest", str(gold)]
    master, slave = pty.openpty()
    p = subprocess.Popen(args + ["--db", str(tmp_path / "t.duckdb")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait(timeout=300)
    os.close(master)
    assert p.returncode == 0 and b"articles extracted" in seen and b"32/32" in seen
    plain = subprocess.run(args + ["--db", str(tmp_path / "p.duckdb")], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=300)
    assert plain.returncode == 0 and "articles extracted" not in plain.stderr
