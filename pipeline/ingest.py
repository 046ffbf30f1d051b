"""`ekspor ingest`: bring your own articles (the `ekspor extract` input format), extract and load them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.extract import extract_articles
from warehouse.connection import checkpoint, connect
from warehouse.derived import after_load
from warehouse.load import LoadStats, load_results
from warehouse.migrations import migrate
from warehouse.runs import finish_run, new_run_id, start_run
from warehouse.snapshot import publish_snapshot


@dataclass
class IngestReport:
    stats: LoadStats
    errors: list[str] = field(default_factory=list)
    snapshot: Path | None = None


def ingest_records(records: Iterable[dict[str, Any]], db: Path, publish: bool = True,
                   on_progress: Callable[[int, int | None], None] | None = None) -> IngestReport:
    """Extract every record, load the good ones in one transaction, rebuild search, publish the snapshot."""
    records = list(records)
    errors: list[str] = []
    pairs = []
    for n, (rec, res) in enumerate(zip(records, extract_articles(records), strict=True), 1):
        if on_progress:
            on_progress(n, len(records))
        if res.error:
            errors.append(f"{res.id or '?'}: {res.error}")
        else:
            pairs.append((rec, res))
    con = connect(db)
    try:
        migrate(con)
        run_id = new_run_id("ingest")
        start_run(con, run_id, "ingest")
        try:
            stats = load_results(con, pairs, run_id)
            after_load(con)
        except BaseException:
            finish_run(con, run_id, {"errors": len(errors)}, status="failed")
            raise
        finish_run(con, run_id, {**stats.as_dict(), "errors": len(errors)})
        checkpoint(con)
    finally:
        con.close()
    return IngestReport(stats, errors, publish_snapshot(db) if publish else None)
