"""`ekspor ingest`: bring your own articles (the `ekspor extract` input format), extract and load them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.extract import extract_articles

from .connection import connect, publish_snapshot
from .load import LoadStats, load_results, new_run_id
from .migrations import migrate
from .search import build_index


@dataclass
class IngestReport:
    stats: LoadStats
    errors: list[str] = field(default_factory=list)
    snapshot: Path | None = None


def ingest_records(records: Iterable[dict[str, Any]], db: Path, publish: bool = True) -> IngestReport:
    """Extract every record, load the good ones in one transaction, rebuild search, publish the snapshot."""
    records = list(records)
    errors: list[str] = []
    pairs = []
    for rec, res in zip(records, extract_articles(records), strict=True):
        if res.error:
            errors.append(f"{res.id or '?'}: {res.error}")
        else:
            pairs.append((rec, res))
    con = connect(db)
    try:
        migrate(con)
        stats = load_results(con, pairs, new_run_id("ingest"))
        build_index(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return IngestReport(stats, errors, publish_snapshot(db) if publish else None)
