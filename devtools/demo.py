"""`ekspor demo` (`make run`): the bundled test web on 127.0.0.1, the nightly job into a fresh warehouse, and
what it found, with no network."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.nightly import NightlyReport, nightly
from warehouse import EventFilter, open_warehouse
from warehouse.connection import snapshot_path
from warehouse.queries import EXAMPLE_SQL

from .testweb import TestWeb

SUMMARIES = (("SME shipments by province", "province"), ("by destination", "destination"),
             ("by product", "product"))


@dataclass
class DemoResult:
    nightly: NightlyReport
    summaries: dict[str, tuple[str, list[tuple[str, int]]]] = field(default_factory=dict)
    next_steps: list[str] = field(default_factory=list)


def run_demo(db: Path, warc_dir: Path, on_serve: Callable[[TestWeb], None] | None = None) -> DemoResult:
    """Start from an empty warehouse, run the nightly against the test web, summarise SME shipments."""
    for p in (db, snapshot_path(db), db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    shutil.rmtree(warc_dir, ignore_errors=True)
    with TestWeb() as web:
        if on_serve:
            on_serve(web)
        report = nightly(db, warc_dir, sites=web.urls, allow_private=True, fast=True)
    result = DemoResult(report)
    sme = EventFilter(status="shipment", exporter_type="not_large")
    with open_warehouse(db) as wh:
        for title, facet in SUMMARIES:
            result.summaries[title] = (facet, [tuple(r) for r in wh.summary(facet, sme).itertuples(index=False)])
    result.next_steps = [f'sql "{EXAMPLE_SQL}" --db {db}', f'search "kopi mesir" --db {db}',
                         f"serve --db {db}     (then open http://127.0.0.1:8000/)",
                         f"export --format parquet --out exports/ --db {db}"]
    return result
