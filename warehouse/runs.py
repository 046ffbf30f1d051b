"""The run ledger (marts.runs, marts.run_stages): one row per run, started when it starts, `ok` or `failed`
only when it has finished, with its per-source, per-stage document counts."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

import duckdb

from .connection import transaction

RUN_STATUSES = ("running", "ok", "failed")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_run_id(kind: str) -> str:
    return f"{kind}-{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, kind: str) -> None:
    """Record a run as `running` (a second start of the same run changes nothing)."""
    con.execute("INSERT INTO marts.runs VALUES (?, ?, ?, NULL, 'running', NULL) ON CONFLICT DO NOTHING",
                [run_id, kind, _now()])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, detail: dict[str, Any], status: str = "ok",
               stages: Iterable[tuple[str, str, str, int]] = ()) -> None:
    """Close a run in one transaction: its (source, stage, status, documents) counts, its end time and status."""
    if status not in RUN_STATUSES[1:]:
        raise ValueError(f"a finished run is ok or failed, not {status!r}")
    rows = [(run_id, src, stage, st, n) for src, stage, st, n in stages if n]
    with transaction(con):
        if rows:
            con.executemany("INSERT INTO marts.run_stages VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)
        con.execute("UPDATE marts.runs SET finished_at = ?, status = ?, detail = ? WHERE run_id = ?",
                    [_now(), status, json.dumps(detail, default=str), run_id])


def run_row(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, Any] | None:
    cur = con.execute("SELECT * FROM marts.runs WHERE run_id = ?", [run_id])
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None
