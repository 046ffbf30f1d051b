"""Source health in the warehouse: the probe history (raw.source_probes), each source's observed status
(marts.source_status), and the run history that nightly alerts compare a night against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from .connection import transaction

OBSERVED_STATUSES = ("unverified", "active", "degraded", "quarantined", "blocked", "dead")
SKIPPED = ("quarantined", "blocked")  # crawls leave these out unless a source is named


@dataclass
class SourceState:
    source: str
    status: str
    since: dt.datetime
    consecutive_bad: int = 0
    last_good_night: dt.datetime | None = None
    last_probe: str | None = None
    reason: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record_probe(con: duckdb.DuckDBPyConnection, probe_id: str, source: str, endpoints: Iterable[Any]) -> None:
    """One row per endpoint of one probe (objects with kind, url, outcome, status_code, latency_ms, links,
    newest, detail)."""
    now = _now()
    rows = [(probe_id, source, e.kind, e.url, e.outcome, e.status_code, round(e.latency_ms, 1), e.links, e.newest,
             e.detail or None, now) for e in endpoints]
    with transaction(con):
        if rows:
            con.executemany("INSERT INTO raw.source_probes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def source_states(con: duckdb.DuckDBPyConnection) -> dict[str, SourceState]:
    rows = con.execute("SELECT source, status, since, consecutive_bad, last_good_night, last_probe, reason "
                       "FROM marts.source_status").fetchall()
    return {r[0]: SourceState(*r) for r in rows}


def save_states(con: duckdb.DuckDBPyConnection, states: Iterable[SourceState]) -> None:
    rows = [(s.source, s.status, s.since, s.consecutive_bad, s.last_good_night, s.last_probe, s.reason, _now())
            for s in states]
    for r in rows:
        if r[1] not in OBSERVED_STATUSES:
            raise ValueError(f"{r[0]}: status {r[1]!r} is not one of {', '.join(OBSERVED_STATUSES)}")
    with transaction(con):
        con.executemany("INSERT INTO marts.source_status VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO "
                        "UPDATE SET status = excluded.status, since = excluded.since, consecutive_bad = "
                        "excluded.consecutive_bad, last_good_night = excluded.last_good_night, last_probe = "
                        "excluded.last_probe, reason = excluded.reason, updated_at = excluded.updated_at", rows)


def crawl_history(con: duckdb.DuckDBPyConnection, nights: int = 8) -> list[dict[str, Any]]:
    """The latest finished crawl runs, newest first: {run_id, started_at, per_source: {source: {column: n}}}."""
    runs = con.execute("SELECT run_id, started_at FROM marts.runs WHERE kind = 'crawl' AND status = 'ok' "
                       "ORDER BY started_at DESC LIMIT ?", [nights]).fetchall()
    out = []
    for run_id, started in runs:
        per: dict[str, dict[str, int]] = {}
        for src, col, n in con.execute("SELECT source, status, documents FROM marts.run_stages "
                                       "WHERE run_id = ? AND stage = 'fetch'", [run_id]).fetchall():
            per.setdefault(src, {})[col] = int(n)
        out.append({"run_id": run_id, "started_at": started, "per_source": per})
    return out


def process_history(con: duckdb.DuckDBPyConnection, runs: int = 8) -> list[dict[str, Any]]:
    """The latest finished process runs, newest first: stage totals and the mean confidence of their mentions."""
    rows = con.execute("SELECT run_id FROM marts.runs WHERE kind = 'process' AND status = 'ok' "
                       "ORDER BY started_at DESC LIMIT ?", [runs]).fetchall()
    out = []
    for (run_id,) in rows:
        stages = {(stage, status): int(n) for stage, status, n in con.execute(
            "SELECT stage, status, sum(documents) FROM marts.run_stages WHERE run_id = ? GROUP BY 1, 2",
            [run_id]).fetchall()}
        conf = con.execute("SELECT avg(m.confidence), count(*) FROM marts.mentions m JOIN staging.articles a "
                           "USING (article_id) WHERE a.run_id = ?", [run_id]).fetchone()
        out.append({"run_id": run_id, "stages": stages, "confidence": conf[0], "mentions": int(conf[1])})
    return out


def yields_7_nights(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Article links discovered per source over the last 7 finished crawl runs."""
    out: dict[str, int] = {}
    for run in crawl_history(con, 7):
        for src, cols in run["per_source"].items():
            out[src] = out.get(src, 0) + cols.get("discovered", 0)
    return out
