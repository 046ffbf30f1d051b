"""The warehouse on a real DuckDB file: migrations, idempotent loads, merge, checks, search, exports, API."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from devtools.evaluate import default_gold_path, load_gold
from pipeline.ingest import ingest_records
from warehouse import open_warehouse
from warehouse.checks import run_checks
from warehouse.connection import WarehouseBusy, connect, snapshot_path
from warehouse.dictionary import render_fresh
from warehouse.export import export
from warehouse.migrations import MIGRATIONS, migrate, status
from warehouse.search import search

ROOT = Path(__file__).resolve().parents[1]


def dev_records():
    return [{"id": g["id"], "text": g["text"], "title": None, "published": g.get("published"), "url": g.get("url"),
             "site": g.get("site")} for g in load_gold(default_gold_path())]


def counts(path: Path) -> dict[str, int]:
    con = connect(path, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("staging.articles", "marts.events", "marts.mentions", "marts.search_docs")}
    finally:
        con.close()


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wh") / "ekspor.duckdb"
    report = ingest_records(dev_records(), path)
    assert report.errors == []
    return path


def test_migrations_are_recorded_and_idempotent(tmp_path):
    con = connect(tmp_path / "m.duckdb")
    assert [m.version for m in migrate(con)] == [m.version for m in MIGRATIONS]
    assert migrate(con) == []
    assert all(applied != "pending" for _v, _n, applied in status(con))
    con.close()


def test_load_is_idempotent(dev_db, tmp_path):
    before = counts(dev_db)
    copy = tmp_path / "again.duckdb"
    shutil.copy(dev_db, copy)
    report = ingest_records(dev_records(), copy)
    assert report.stats.articles_unchanged == len(dev_records()) and report.stats.mentions_new == 0
    assert counts(copy) == before


def test_changed_text_replaces_its_mentions_without_duplicates(dev_db, tmp_path):
    copy = tmp_path / "changed.duckdb"
    shutil.copy(dev_db, copy)
    recs = dev_records()
    seed = next(r for r in recs if r["id"] == "seed004")
    seed["text"] = seed["text"].replace("4.044 pasang", "5.000 pasang")
    report = ingest_records([seed], copy)
    assert report.stats.articles_updated == 1
    con = connect(copy, read_only=True)
    (qty,) = con.execute("SELECT quantity_value FROM marts.events WHERE destination_iso2 = 'SN' "
                         "AND status = 'shipment'").fetchone()
    assert qty == 5000
    assert all(r.ok for r in run_checks(con))
    con.close()


def test_syndicated_story_is_one_event_with_two_outlets(dev_db):
    with open_warehouse(dev_db) as wh:
        df = wh.events(province="Jawa Barat", destination="CN", since="2019-01-01")
    manggis = df[df["product"].str.contains("manggis")]
    assert len(manggis) == 1
    assert manggis.iloc[0]["num_articles"] == 2 and manggis.iloc[0]["num_sources"] == 2


def test_data_checks_pass_and_catch_a_broken_row(dev_db, tmp_path):
    con = connect(dev_db, read_only=True)
    assert [r.name for r in run_checks(con) if not r.ok] == []
    con.close()
    broken = tmp_path / "broken.duckdb"
    shutil.copy(dev_db, broken)
    con = connect(broken)
    con.execute("UPDATE marts.events SET destination_iso2 = 'XX', num_articles = 9 WHERE event_id = "
                "(SELECT min(event_id) FROM marts.events)")
    failed = {r.name for r in run_checks(con) if not r.ok}
    con.close()
    assert "events: destination is an ISO code in dim_countries" in failed
    assert "events: num_articles agrees with mentions" in failed


def test_interrupted_load_leaves_the_previous_state(dev_db, tmp_path, monkeypatch):
    copy = tmp_path / "interrupted.duckdb"
    shutil.copy(dev_db, copy)
    before = counts(copy)
    import warehouse.load as load

    calls = {"n": 0}
    real = load._refresh_events

    def dying(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt("killed mid-load")
        return real(*args, **kw)

    monkeypatch.setattr(load, "_refresh_events", dying)
    new = [dict(r, url=f"https://example.test/{r['id']}") for r in dev_records()]
    with pytest.raises(KeyboardInterrupt):
        ingest_records(new, copy, publish=False)
    assert counts(copy) == before


def test_sigkill_mid_ingest_then_rerun_matches_a_clean_run(tmp_path):
    src = tmp_path / "many.jsonl"
    recs = [dict(r, id=f"{r['id']}-{i}", url=f"https://kill.test/{i}/{r['id']}") for i in range(8)
            for r in dev_records()]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    killed, clean = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    cmd = [sys.executable, "-m", "ekspor.cli", "ingest", str(src), "--db"]
    proc = subprocess.Popen(cmd + [str(killed)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (killed.with_name(killed.name + ".wal").exists()):
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed: make the input bigger"
    proc.kill()
    proc.wait()
    subprocess.run(cmd + [str(killed)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    subprocess.run(cmd + [str(clean)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    assert counts(killed) == counts(clean)
    con = connect(killed, read_only=True)
    assert all(r.ok for r in run_checks(con))
    con.close()


def test_readers_use_the_snapshot_while_a_writer_holds_the_file(dev_db, tmp_path):
    live = tmp_path / "live.duckdb"
    shutil.copy(dev_db, live)
    shutil.copy(snapshot_path(dev_db), snapshot_path(live))
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from warehouse.connection import connect;"
         "con = connect(Path(sys.argv[1])); con.execute('BEGIN'); "
         "con.execute(\"UPDATE marts.runs SET detail = 'loading'\"); print('ready', flush=True); time.sleep(60)",
         str(live)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseBusy, match="held by another process"):
            connect(live, read_only=True)  # the live file is locked by the writer...
        with open_warehouse(live) as wh:  # ...but the published snapshot answers
            assert len(wh.events()) > 10
    finally:
        writer.kill()
        writer.wait()


def test_search_stems_indonesian_and_ranks(dev_db):
    with open_warehouse(dev_db) as wh:
        hits = wh.search("mengekspor manggis")
        assert hits and "manggis" in (hits[0].snippet + (hits[0].title or "")).lower()
        assert any(h.kind == "event" for h in hits)
        with pytest.raises(ValueError):
            search(wh.con, "x" * 500)
        assert isinstance(wh.search("'; DROP TABLE marts.events; --"), list)  # a parameter, never SQL
        assert len(wh.events()) > 0


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_partitions_by_year_with_a_dictionary(dev_db, tmp_path, fmt):
    out = tmp_path / fmt
    with open_warehouse(dev_db) as wh:
        n = export(wh.con, fmt, out)
    assert (out / "DATA_DICTIONARY.md").exists()
    years = sorted(p.name for p in (out / "events").iterdir())
    assert "year=2019" in years
    files = list((out / "events").rglob("*.*"))
    if fmt == "jsonl":
        lines = [json.loads(line) for f in files for line in f.read_text().splitlines()]
        assert len(lines) == n["events"]
        ev = next(e for e in lines if e["num_sources"] == 2)
        assert len(ev["mentions"]) == 2 and {"url", "site", "published", "evidence"} <= set(ev["mentions"][0])
        assert {"id", "status", "origin", "destination", "quantity", "value", "date"} <= set(ev)
    else:
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        glob = str(out / "events" / "*" / "*")
        assert duckdb.sql(f"SELECT count(*) FROM {reader}('{glob}')").fetchone()[0] == n["events"]


def test_data_dictionary_is_current():
    assert (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == render_fresh(), \
        "docs/data-dictionary.md is stale: run `ekspor db docs`"


def test_every_documented_query_runs(dev_db):
    sqls = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "queries.md").read_text(encoding="utf-8"), re.S)
    assert len(sqls) >= 10
    with open_warehouse(dev_db) as wh:
        for sql in sqls:
            wh.sql(sql)


def test_cli_check_sql_and_search(dev_db):
    env = {**os.environ, "EKSPOR_DB": str(dev_db), "COLUMNS": "200"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "ekspor.cli", *a], cwd=ROOT, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=300)
    assert run("db", "check").returncode == 0
    p = run("sql", "SELECT count(*) AS n FROM marts.events", "--csv")
    assert p.returncode == 0 and p.stdout.splitlines()[0] == "n"
    assert run("sql", "SELECT * FROM nowhere").returncode == 2
    p = run("search", "kopi jepang", "--json")
    assert p.returncode == 0 and isinstance(json.loads(p.stdout), list)


def test_the_reader_cache_is_bounded_in_entries_and_bytes(tmp_path, monkeypatch):
    from warehouse import snapshot
    from warehouse.snapshot import SnapshotReader

    db = tmp_path / "c.duckdb"
    con = connect(db)
    migrate(con)
    con.close()
    monkeypatch.setattr(snapshot, "CACHE_BYTES", 10_000)
    reader = SnapshotReader(db)
    calls = []
    for i in range(30):
        reader.cached(("page", i), lambda cur, i=i: calls.append(i) or "x" * 1_000)
    assert reader._bytes <= 10_000 and len(reader._cache) == 10
    assert reader.cached(("page", 29), lambda cur: "recomputed") == "x" * 1_000  # the newest stayed
    assert reader.cached(("page", 0), lambda cur: "y" * 500) == "y" * 500  # the oldest went
    reader.cached(("page", 0), lambda cur: "z")
    assert reader._bytes == sum(len(v) for _, v in reader._cache.values())
