"""Archive backfill on Dask, with real parts: WARC files built with warcio from the test web, a LocalCluster,
a scheduler and workers started from the command line, files served over HTTP on 127.0.0.1, SIGKILLs."""

import functools
import gzip
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from crawler.archives import ArchiveError, ArchiveFile, ReadStats, domain_filter, list_archives, read_archive
from crawler.registry import load_registry
from devtools.archives import build_archives
from pipeline.backfill import BackfillRequest, backfill

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "COLUMNS": "200"}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    return build_archives(tmp_path_factory.mktemp("archives") / "warc")


def state(db: Path) -> dict[str, list]:
    """What a warehouse holds, without run ids and load times: equal for equal loads."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("SELECT article_id, canonical_url, site, content_hash, is_export_story, "
                                    "cluster_id FROM staging.articles ORDER BY 1").fetchall(),
            "events": con.execute("SELECT event_id, event_key, exporter, quantity_value, quantity_unit, date, "
                                  "num_articles, num_sources FROM marts.events ORDER BY 1").fetchall(),
            "mentions": con.execute("SELECT mention_id, event_id, article_id FROM marts.mentions ORDER BY 1")
            .fetchall(),
        }
    finally:
        con.close()


def manifest(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT uri, status, size, sha256, records, matched FROM raw.archive_files").fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean_run(archives, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "b.duckdb"
    report = backfill(BackfillRequest([str(archives.files[0].parent)], str(db), workers=1))
    return {"db": db, "report": report}


def ekspor(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ekspor.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=ENV)


# --- reading archives --------------------------------------------------------------------------------------------
def test_both_readers_filter_on_headers_and_agree(archives):
    keep = domain_filter({d for s in load_registry() for d in s.domains})
    seen = {}
    for reader in ("warcio", "fastwarc"):
        out, totals = [], ReadStats()
        for f in archives.files:
            stats = ReadStats()
            try:
                out += [(r.uri, r.offset, len(r.body)) for r in read_archive(ArchiveFile(str(f)), keep,
                                                                             reader=reader, stats=stats)]
            except ArchiveError as exc:
                assert f == archives.truncated and "truncated" in str(exc)
            else:
                assert stats.size == f.stat().st_size and len(stats.sha256) == 64
            totals.records.update(stats.records)
        seen[reader] = (out, dict(totals.records))
        uris = {u for u, _, _ in out}
        assert uris & archives.off_registry_urls == set()  # skipped on their headers
        assert archives.article_urls <= uris
        assert {"revisit", "not_html", "not_200", "other_domain", "truncated"} <= set(totals.records)
    assert seen["warcio"] == seen["fastwarc"]


def test_sources_are_listed_from_folders_files_urls_and_path_listings(archives, tmp_path):
    folder = archives.files[0].parent
    assert [a.uri for a in list_archives([str(folder)])] == sorted(str(f) for f in archives.files)
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(b"crawl-data/CC-NEWS/2024/06/a.warc.gz\ncrawl-data/CC-NEWS/2024/06/b.warc.gz\n"))
    assert [a.uri for a in list_archives([str(listing)], base_url="https://data.commoncrawl.org/")] == [
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/06/a.warc.gz",
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/06/b.warc.gz"]
    with pytest.raises(ArchiveError, match="base-url"):
        list_archives([str(listing)])
    with pytest.raises(ArchiveError, match="no such file"):
        list_archives([str(tmp_path / "missing.warc.gz")])


# --- the backfill -------------------------------------------------------------------------------------------------
def test_a_backfill_loads_registry_articles_once_and_marks_the_truncated_file_failed(archives, clean_run):
    report, db = clean_run["report"], clean_run["db"]
    assert [f.uri for f in report.failed] == [str(archives.truncated)]
    s = state(db)
    urls = {u for _, u, *_ in s["articles"]}
    assert len(s["articles"]) == len(archives.article_urls) and len(s["events"]) > 30
    assert not {u for u in urls if "example" in u}
    files = manifest(db)
    assert files[str(archives.truncated)][0] == "failed"
    assert {v[0] for k, v in files.items() if k != str(archives.truncated)} == {"loaded"}
    con = duckdb.connect(str(db), read_only=True)
    try:
        from warehouse.checks import run_checks

        assert [c.name for c in run_checks(con) if not c.ok] == []
        assert con.execute("SELECT status FROM marts.runs WHERE kind = 'backfill'").fetchall() == [("failed",)]
        # every article points at the record it came from, which the archived-copy view reads back
        pointers = con.execute("SELECT canonical_url, warc_file, warc_offset FROM staging.articles").fetchall()
    finally:
        con.close()
    from crawler.archive import read_record
    from crawler.keys import canonical_url

    for url, file, offset in pointers:
        assert Path(file).is_absolute() and Path(file).parent == archives.files[0].parent
        record = read_record(file, offset)
        assert record is not None and canonical_url(record.url) == url and record.body
        head = read_record(file, offset, body=False)  # what the archive page reads: the same record, no payload
        assert head is not None and head.body == b"" and (head.record_id, head.url) == (record.record_id, record.url)


def test_two_workers_and_a_rerun_give_the_same_warehouse(archives, clean_run, tmp_path):
    db = tmp_path / "two.duckdb"
    first = backfill(BackfillRequest([str(archives.files[0].parent)], str(db), workers=2))
    assert state(db) == state(clean_run["db"])
    again = backfill(BackfillRequest([str(archives.files[0].parent)], str(db), workers=2))
    assert sorted(again.skipped) == sorted(str(f) for f in archives.files if f != archives.truncated)
    assert [f.uri for f in again.files] == [str(archives.truncated)]  # a failed file is tried again
    assert state(db) == state(clean_run["db"])
    assert first.loaded["articles_new"] == len(archives.article_urls) and again.loaded.get("articles_new", 0) == 0


def test_a_killed_backfill_resumes_to_the_same_warehouse(archives, clean_run, tmp_path):
    db = tmp_path / "k.duckdb"
    args = ["backfill", str(archives.files[0].parent), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen([sys.executable, "-m", "ekspor.cli", *args], cwd=ROOT, env=ENV, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / "backfill-staging"
    deadline = time.time() + 120
    while time.time() < deadline and not list(staging.glob("*.json")):
        time.sleep(0.05)
    assert proc.poll() is None, "the backfill ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the client and its local cluster alike
    proc.wait()
    p = ekspor(*args)
    assert p.returncode == 1 and "truncated" in p.stderr, p.stdout[-2000:] + p.stderr[-2000:]
    assert "Traceback" not in p.stdout + p.stderr
    assert state(db) == state(clean_run["db"])


def test_archives_over_http_and_an_unreachable_url(archives, clean_run, tmp_path):
    folder = archives.files[0].parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass

    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = Quiet(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        good = [f for f in archives.files if f != archives.truncated]
        listing = tmp_path / "warc.paths.gz"
        listing.write_bytes(gzip.compress("".join(f"{f.name}\n" for f in good[1:]).encode()))
        dead = f"http://127.0.0.1:{_port()}/gone.warc.gz"
        db = tmp_path / "h.duckdb"
        report = backfill(BackfillRequest([f"{base}/{good[0].name}", str(listing), dead], str(db), workers=1,
                                          base_url=base))
    finally:
        server.shutdown()
    assert [f.uri for f in report.failed] == [dead] and "gone.warc.gz" in report.failed[0].error
    assert state(db)["events"] == state(clean_run["db"])["events"]


def test_a_real_cluster_from_the_command_line_survives_a_killed_worker(archives, clean_run, tmp_path):
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    port = _port()
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--dashboard-address", ":0", "--no-show"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
    workers = [subprocess.Popen([dask, "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "1", "--nthreads", "1",
                                 "--no-dashboard", "--name", f"w{i}"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True) for i in range(2)]
    try:
        from distributed import Client

        with Client(f"tcp://127.0.0.1:{port}", timeout="60s") as c:
            c.wait_for_workers(2, timeout=120)
        db = tmp_path / "cluster.duckdb"
        result: dict = {}
        run = threading.Thread(target=lambda: result.update(report=backfill(BackfillRequest(
            [str(archives.files[0].parent)], str(db), scheduler=f"tcp://127.0.0.1:{port}",
            staging=str(tmp_path / "staging")))))
        run.start()
        deadline = time.time() + 120
        while time.time() < deadline and not list((tmp_path / "staging").glob("*.parquet")):
            time.sleep(0.02)
        os.killpg(workers[0].pid, signal.SIGKILL)  # mid-run: its task, if any, goes to the other worker
        run.join(timeout=300)
        assert "report" in result, "the backfill did not finish after a worker was killed"
        assert [f.uri for f in result["report"].failed] == [str(archives.truncated)]
        assert state(db) == state(clean_run["db"])
    finally:
        for p in [*workers, scheduler]:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def test_a_backfilled_story_crawled_again_is_one_article_and_one_event(tmp_path):
    """Backfilled and nightly articles share one warehouse: the nightly crawl of pages the archive already
    held adds no article, no event and no mention for them."""
    from warcio.warcwriter import WARCWriter

    from crawler.keys import canonical_url
    from devtools.archives import _response
    from devtools.testweb import TestWeb, article_html

    db = tmp_path / "shared.duckdb"
    with TestWeb(slow_seconds=2) as web:
        archive = tmp_path / "warc" / "CC-NEWS-20240601000000-00000.warc.gz"
        archive.parent.mkdir()
        urls = []
        with open(archive, "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for o in web.outlets:
                for p in o.pages:
                    urls.append(o.base + p.path)
                    _response(writer, urls[-1], article_html(o, p).encode(), date=f"{p.published}T08:00:00Z")
        report = backfill(BackfillRequest([str(archive.parent)], str(db), workers=1, domains="127.0.0.1"))
        assert not report.failed
        before = state(db)
        args = ["nightly", "--db", str(db), "--allow-private-hosts", "--fast"] + [
            a for u in web.urls for a in ("--site", u)]
        p = ekspor(*args)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    after = state(db)
    archived = {canonical_url(u) for u in urls}
    per_url: dict[str, int] = {}
    for _aid, url, *_ in after["articles"]:
        per_url[url] = per_url.get(url, 0) + 1
    assert all(per_url.get(u, 0) <= 1 for u in archived) and set(per_url.values()) == {1}
    old = {a[0] for a in before["articles"]}
    new = [a for a in after["articles"] if a[0] not in old]
    assert new and not [a for a in new if a[1] in archived]  # only pages the archive did not hold are new
    old_mentions = {m[0] for m in before["mentions"]}
    assert old_mentions <= {m[0] for m in after["mentions"]}
    assert not [m for m in after["mentions"] if m[0] not in old_mentions and m[2] in old]


def test_bad_arguments_and_an_unreachable_scheduler_are_plain_errors(archives, tmp_path):
    folder = str(archives.files[0].parent)
    for args, message in ((["backfill", str(tmp_path / "nothing-here")], "no such file"),
                          (["backfill", folder, "--since", "2024-13-01"], "--since"),
                          (["backfill", folder, "--reader", "magic"], "--reader"),
                          (["backfill", folder, "--scheduler", f"tcp://127.0.0.1:{_port()}"], "cannot reach")):
        p = ekspor(*args, "--db", str(tmp_path / "e.duckdb"))
        assert p.returncode == 2 and message in p.stderr, (args, p.stderr[-500:])
        assert "Traceback" not in p.stderr
