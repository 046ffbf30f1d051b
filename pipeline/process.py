"""`ekspor process`: archived pages -> clean, de-duplicated, relevant articles -> events in the warehouse.

Streams the run's WARC records in batches (one load transaction per batch), so memory stays flat and a killed
run resumes where its last committed batch ended. Every document is counted once per stage with a status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive import read_record
from warehouse.connection import checkpoint, connect
from warehouse.derived import after_load
from warehouse.load import LoadStats, load_results
from warehouse.migrations import migrate
from warehouse.queries import recent_articles
from warehouse.raw import PendingPage, mark_processed, pending_pages
from warehouse.runs import finish_run, new_run_id, start_run
from warehouse.snapshot import publish_snapshot

from .dedup import DedupState
from .stages import StageCounts, clean_document, dedup_document, extract_documents

Progress = Callable[[int, int | None], None]  # (done, total or None) for a progress bar
BATCH = 200
MEMORY_LIMIT = "512MB"
RECENT_DAYS = 90  # articles this recent seed the near-duplicate index


@dataclass
class ProcessReport(StageCounts):
    run_id: str = ""
    loaded: dict[str, int] = field(default_factory=dict)


def add_loaded(totals: dict[str, int], stats: LoadStats) -> None:
    for k, v in stats.as_dict().items():
        if isinstance(v, int):
            totals[k] = totals.get(k, 0) + v


def _seed(con, state: DedupState) -> None:
    for row in recent_articles(con, dt.date.today() - dt.timedelta(days=RECENT_DAYS)):
        state.add(*row)


def _documents(pages: list[PendingPage], report: ProcessReport, state: DedupState, consumed: list[str],
               on_progress: Progress | None = None) -> Iterator[dict]:
    for n, page in enumerate(pages, 1):
        if on_progress:
            on_progress(n, len(pages))
        consumed.append(page.url_hash)
        src = page.source or "unknown"
        report.count(src, "read", "fetched")
        stored = read_record(page.warc_file, page.warc_offset)
        if stored is None:
            report.count(src, "clean", "failed:warc_unreadable")
            continue
        doc = clean_document(stored.body, stored.content_type, page.url, src, report)
        if doc is not None and dedup_document(doc, state, report):
            doc["warc_file"], doc["warc_offset"] = page.warc_file, page.warc_offset
            yield doc


def process(db: Path, reprocess: bool = False, run: str | None = None, batch: int = BATCH,
            publish: bool = True, on_progress: Progress | None = None) -> ProcessReport:
    """Process every pending archived page; the run is `ok` in the ledger only once all of them are done."""
    report = ProcessReport(run_id=new_run_id("process"))
    # a bounded buffer pool: processing streams, so the database need not cache the whole run in memory
    con = connect(db, memory_limit=MEMORY_LIMIT)
    try:
        migrate(con)
        start_run(con, report.run_id, "process")
        try:
            _process(con, report, reprocess, run, batch, on_progress)
            after_load(con)
        except BaseException:
            finish_run(con, report.run_id, report.loaded, "failed", report.table())
            raise
        finish_run(con, report.run_id, report.loaded, "ok", report.table())
        checkpoint(con)
    finally:
        con.close()
    if publish:
        publish_snapshot(db)
    return report


def _process(con, report: ProcessReport, reprocess: bool, run: str | None, batch: int,
             on_progress: Progress | None) -> None:
    pages = pending_pages(con, reprocess, run)
    state = DedupState()
    _seed(con, state)
    consumed: list[str] = []
    docs = _documents(pages, report, state, consumed, on_progress)
    while True:
        chunk = [d for _, d in zip(range(batch), docs, strict=False)]
        if not chunk:
            break
        pairs = extract_documents(chunk, report)
        add_loaded(report.loaded, load_results(con, pairs, report.run_id))
        mark_processed(con, report.run_id, consumed)
        consumed.clear()
    mark_processed(con, report.run_id, consumed)  # pages dropped after the last batch (duplicates, not articles)
