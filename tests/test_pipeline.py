"""Processing and the nightly job against the local test web: stages, dedup, merge, lock, kills, the demo."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from devtools.testweb import TestWeb, article_html, build_outlets
from pipeline.cleaning import clean_page, decode, language_of
from pipeline.dedup import DedupState
from pipeline.nightly import LockBusy, RunLock, lock_path
from warehouse.checks import run_checks
from warehouse.connection import connect

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "COLUMNS": "200"}


def ekspor(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ekspor.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=ENV)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("staging.articles", "marts.events", "marts.mentions")}
    finally:
        con.close()


def event_ids(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT event_id FROM marts.events").fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def web():
    with TestWeb(slow_seconds=3) as w:
        yield w


@pytest.fixture(scope="module")
def nightly_db(web, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nightly")
    db = tmp / "n.duckdb"
    args = ["nightly", "--db", str(db), "--warc-dir", str(tmp / "warc"), "--allow-private-hosts", "--fast"]
    for u in web.urls:
        args += ["--site", u]
    p = ekspor(*args)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return {"db": db, "tmp": tmp, "args": args, "out": p.stdout}


# --- pure parts -------------------------------------------------------------------------------------------------
def test_cleaning_keeps_the_story_and_drops_page_noise():
    o = build_outlets()[0]
    o.port = 8000
    page = next(p for p in o.pages if p.story_id == "seed004" or p.story_id and "Baca" not in p.text)
    art = clean_page(article_html(o, page).encode(), "text/html; charset=utf-8", o.base + page.path)
    assert art is not None and art.language == "id"
    assert "Tinggalkan Balasan" not in art.text and "Copyright" not in art.text
    assert not [ln for ln in art.text.splitlines() if ln.lower().startswith("baca juga")]
    first = next(ln for ln in page.text.splitlines() if len(ln) > 60)
    assert first[:50] in art.text


def test_charsets():
    assert decode("“kopi”".encode("cp1252"), "text/html; charset=windows-1252") == "“kopi”"
    assert decode("“kopi”".encode("cp1252"), "text/html") == "“kopi”"  # undeclared, not UTF-8: windows-1252
    assert decode("ekspor é".encode(), None) == "ekspor é"
    assert language_of("Koperasi yang ada di desa itu mengekspor kopi ke Jepang dan Korea untuk pertama kali") == "id"
    assert language_of("The cooperative in the village exported coffee to Japan for the first time and it was") == "en"


def test_near_duplicates_cluster_and_exact_copies_on_one_site_drop():
    text = " ".join(f"kalimat nomor {i} tentang ekspor kopi ke Jepang oleh koperasi desa" for i in range(40))
    state = DedupState()
    assert state.classify("a", "https://a.id/1", "h1", text, "a.id") == ("unique", "a")
    reordered = " ".join(reversed(text.split(". "))) + " MAKASSAR - tambahan dateline"
    status, cluster = state.classify("b", "https://b.id/1", "h2", reordered, "b.id")
    assert (status, cluster) == ("near_duplicate", "a")
    assert state.classify("c", "https://a.id/2", "h1", text, "a.id")[0] == "duplicate_text"
    assert state.classify("d", "https://c.id/9", "h1", text, "c.id") == ("near_duplicate", "a")  # syndication
    assert state.classify("e", "https://a.id/1", "h5", "lain", "a.id")[0] == "duplicate_url"
    other = " ".join(f"berita olahraga sepak bola liga {i} pertandingan malam" for i in range(40))
    assert state.classify("f", "https://a.id/3", "h6", other, "a.id")[0] == "unique"


# --- the nightly job --------------------------------------------------------------------------------------------
def test_nightly_loads_events_and_passes_checks(nightly_db):
    c = counts(nightly_db["db"])
    assert c["staging.articles"] >= 60 and c["marts.events"] > 30
    con = connect(nightly_db["db"], read_only=True)
    try:
        assert [r.name for r in run_checks(con) if not r.ok] == []
        texts = [r[0] for r in con.execute("SELECT text FROM staging.articles").fetchall()]
        assert not [t for t in texts for ln in t.splitlines() if ln.strip().lower().startswith("baca juga")]
        stages = con.execute("SELECT source, stage, status, documents FROM marts.run_stages").fetchall()
    finally:
        con.close()
    assert "nightly ok" in nightly_db["out"]
    # every document is counted exactly once per stage: each stage sees exactly what the previous one passed on
    by: dict[tuple[str, str, str], int] = {}
    for src, stage, status, n in stages:
        by[(src, stage, status)] = by.get((src, stage, status), 0) + n
    sources = {k[0] for k in by if k[1] == "read"}

    def total(src, stage, statuses=None):
        return sum(n for (s, st, status), n in by.items() if s == src and st == stage
                   and (statuses is None or status in statuses))

    for src in sources:
        assert total(src, "clean") == total(src, "read", {"fetched"})
        assert total(src, "language") == total(src, "clean", {"cleaned"})
        assert total(src, "dedup") == total(src, "language", {"indonesian"})
        assert total(src, "filter") == total(src, "dedup", {"unique", "near_duplicate"})
        assert total(src, "extract") == total(src, "filter", {"relevant"})


def test_syndicated_and_retold_story_is_one_event_with_three_outlets(nightly_db):
    con = connect(nightly_db["db"], read_only=True)
    try:
        rows = con.execute("SELECT num_articles, num_sources FROM marts.events WHERE status = 'shipment' "
                           "AND destination_iso2 = 'SN'").fetchall()
        clusters = con.execute("SELECT count(DISTINCT site) FROM staging.articles WHERE cluster_id IN "
                               "(SELECT cluster_id FROM staging.articles GROUP BY 1 HAVING count(*) > 1)").fetchone()
    finally:
        con.close()
    assert rows == [(3, 3)]  # the original, its verbatim copy and its re-telling
    assert clusters[0] == 3


def test_retold_stories_merge_with_their_originals(nightly_db, web):
    """A story told again in other words on another outlet reports the same shipments: every event of the
    re-told article is also an event of another article, none is new."""
    from crawler.keys import url_key

    retold = [o.base + p.path for o in web.outlets for p in o.pages if (p.story_id or "").endswith("-retold")]
    assert len(retold) == 4
    con = connect(nightly_db["db"], read_only=True)
    try:
        ids = [url_key(u) for u in retold]
        rows = con.execute("SELECT m.article_id, m.event_id, e.num_articles, e.num_sources FROM marts.mentions m "
                           "JOIN marts.events e USING (event_id) WHERE m.article_id IN (SELECT unnest(?::VARCHAR[]))",
                           [ids]).fetchall()
        runs = con.execute("SELECT kind, status, finished_at IS NOT NULL FROM marts.runs").fetchall()
    finally:
        con.close()
    assert {r[0] for r in rows} == set(ids), "every re-told story was loaded with events"
    assert [r for r in rows if r[2] < 2] == [], "a re-told shipment became an event of its own"
    assert {r[3] for r in rows} >= {2}
    assert {(k, st, done) for k, st, done in runs} == {("crawl", "ok", True), ("process", "ok", True)}


def test_nightly_writes_a_json_report_that_validates(nightly_db):
    import json

    import jsonschema

    path = nightly_db["db"].parent / "reports" / "nightly-latest.json"
    doc = json.loads(path.read_text())
    jsonschema.validate(doc, json.loads((ROOT / "docs" / "nightly-report.schema.json").read_text()))
    assert doc["ok"] and doc["exit_code"] == 0 and doc["crawl"]["totals"]["new_articles"] > 0
    assert not [a for a in doc["alerts"] if a["level"] == "failure"]
    assert {s["status"] for s in doc["sources"]} == {"active"}
    assert f"report: {path}" in nightly_db["out"].replace("\n", "")


def test_nightly_rerun_changes_nothing(nightly_db):
    before = counts(nightly_db["db"])
    p = ekspor(*nightly_db["args"])
    assert p.returncode == 0, p.stdout[-2000:]
    assert counts(nightly_db["db"]) == before


def test_lock_refuses_a_second_run_and_clears_a_stale_one(tmp_path):
    db = tmp_path / "x.duckdb"
    with RunLock(lock_path(db)):
        with pytest.raises(LockBusy):
            with RunLock(lock_path(db)):
                pass
        p = ekspor("nightly", "--db", str(db), "--site", "http://127.0.0.1:9/", "--allow-private-hosts")
        assert p.returncode == 75 and "busy" in p.stderr
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path(db).write_text(f"{dead.pid}\n")
    with RunLock(lock_path(db)):
        assert int(lock_path(db).read_text().split()[0]) == os.getpid()
    assert not lock_path(db).exists()


@pytest.mark.parametrize("stage", ["crawl", "nightly-process", "process"])
def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(stage, web, nightly_db, tmp_path):
    """Killed during its crawl, during its processing stage, or a standalone `ekspor process` mid-load: the
    re-run started at once ends with the same warehouse as a clean run, and the killed run is not `ok`."""
    db = tmp_path / "k.duckdb"
    args = [a if a != str(nightly_db["db"]) else str(db) for a in nightly_db["args"]]
    args = [a if a != str(nightly_db["tmp"] / "warc") else str(tmp_path / "warc") for a in args]
    if stage == "nightly-process":  # the crawl child has finished, the nightly is processing
        proc = subprocess.Popen([sys.executable, "-m", "ekspor.cli", *args], cwd=ROOT, env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 120
        children: list[int] = []
        while time.time() < deadline and not children:
            children = RunLock(lock_path(db)).children() if lock_path(db).exists() else []
            time.sleep(0.05)
        while time.time() < deadline and any(_running(c) for c in children):
            time.sleep(0.02)
        time.sleep(1.0)
    elif stage == "crawl":
        proc = subprocess.Popen([sys.executable, "-m", "ekspor.cli", *args], cwd=ROOT, env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline and not list((tmp_path / "warc").glob("*.warc.gz")):
            time.sleep(0.05)
        time.sleep(0.3)
    else:  # crawl fully, then kill processing while it loads
        crawl = [sys.executable, "-m", "ekspor.cli", "crawl", *args[1:]]
        subprocess.run(crawl, cwd=ROOT, env=ENV, check=True, capture_output=True, timeout=300)
        proc = subprocess.Popen([sys.executable, "-m", "ekspor.cli", "process", "--batch", "5", "--db", str(db)],
                                cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        wal = db.with_name(db.name + ".wal")
        deadline = time.time() + 60
        while time.time() < deadline and not wal.exists():
            time.sleep(0.02)
        time.sleep(0.8)  # a few batches are committed, one is in flight
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    p = ekspor(*args)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert counts(db) == counts(nightly_db["db"])
    assert event_ids(db) == event_ids(nightly_db["db"])
    con = duckdb.connect(str(db), read_only=True)
    try:
        statuses = con.execute("SELECT status, count(*) FROM marts.runs GROUP BY 1").fetchall()
    finally:
        con.close()
    assert ("running", 1) in statuses, statuses  # the killed run never became ok


def test_sigkill_of_the_nightly_alone_leaves_no_orphan_crawl_and_the_rerun_succeeds(web, nightly_db, tmp_path):
    """The OOM killer or a timeout kills the nightly process, not its group: the crawl child must die with it,
    the re-run must not meet a locked warehouse, and WARC files go beside --db when no folder is given."""
    from pipeline.nightly import RunLock, lock_path

    db = tmp_path / "o.duckdb"
    args = [a if a != str(nightly_db["db"]) else str(db) for a in nightly_db["args"]]
    i = args.index("--warc-dir")
    args = args[:i] + args[i + 2 :]  # the default: warc/ beside the warehouse
    proc = subprocess.Popen([sys.executable, "-m", "ekspor.cli", *args], cwd=tmp_path, env={
        **ENV, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list((tmp_path / "warc").glob("*.warc.gz")):
        time.sleep(0.05)
    children = RunLock(lock_path(db)).children()
    assert proc.poll() is None and children, "the crawl child had not started"
    os.kill(proc.pid, signal.SIGKILL)  # the parent only
    proc.wait()
    deadline = time.time() + 1.0  # the kernel kills it with its parent; it need not wait for a broken pipe
    while time.time() < deadline and any(_running(c) for c in children):
        time.sleep(0.02)
    assert not any(_running(c) for c in children), "the crawl child outlived the nightly"
    p = ekspor(*args)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert "Traceback" not in p.stdout + p.stderr
    assert not (ROOT / "data" / "warc").exists() or (tmp_path / "warc").exists()
    assert counts(db) == counts(nightly_db["db"])
    assert event_ids(db) == event_ids(nightly_db["db"])


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_stale_lock_takeover_stops_the_recorded_crawl_and_nothing_else(tmp_path):
    from pipeline.nightly import RunLock, lock_path

    db = tmp_path / "s.duckdb"
    crawl = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "pipeline.crawl"])
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        lock_path(db).write_text(f"{dead.pid}\nstarted\nchild {crawl.pid}\nchild {other.pid}\n")
        with RunLock(lock_path(db)):
            assert crawl.wait(timeout=15) is not None  # the orphaned crawl was stopped
            assert other.poll() is None  # a reused PID that is not our crawl is left alone
    finally:
        for p in (crawl, other):
            p.kill()
            p.wait()


def test_a_locked_warehouse_is_a_plain_busy_message(tmp_path):
    db = tmp_path / "b.duckdb"
    assert ekspor("db", "migrate", "--db", str(db)).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        p = ekspor("db", "check", "--db", str(db))
        assert p.returncode == 75 and "busy" in p.stderr and "Traceback" not in p.stderr, p.stderr[-2000:]
    finally:
        holder.kill()
        holder.wait()


def test_demo_runs_offline_end_to_end(tmp_path):
    p = ekspor("demo", "--db", str(tmp_path / "demo.duckdb"), "--warc-dir", str(tmp_path / "warc"))
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert "shipments by province" in p.stdout and "Tiongkok" in p.stdout
    assert "ekspor search" in p.stdout
