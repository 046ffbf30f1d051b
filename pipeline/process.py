"""`ekspor process`: archived pages -> clean, de-duplicated, relevant articles -> events in the warehouse.

Streams the run's WARC records in batches (one load transaction per batch), so memory stays flat and a killed
run resumes where its last committed batch ended. Every document is counted once per stage with a status.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.keys import canonical_url, content_hash, site_of, url_key
from nlp.extract import extract_articles
from nlp.prefilter import is_relevant
from nlp.records import ArticleResult
from warehouse.connection import checkpoint, connect
from warehouse.load import load_results
from warehouse.migrations import migrate
from warehouse.queries import recent_articles
from warehouse.raw import PendingPage, mark_processed, pending_pages
from warehouse.runs import finish_run, new_run_id, start_run
from warehouse.search import build_index
from warehouse.snapshot import publish_snapshot

from .cleaning import clean_page
from .dedup import DedupState

BATCH = 200
MEMORY_LIMIT = "512MB"
RECENT_DAYS = 90  # articles this recent seed the near-duplicate index


@dataclass
class ProcessReport:
    run_id: str
    stages: Counter = field(default_factory=Counter)  # (source, stage, status) -> documents
    loaded: dict[str, int] = field(default_factory=dict)

    def count(self, source: str, stage: str, status: str) -> None:
        self.stages[(source, stage, status)] += 1

    def table(self) -> list[tuple[str, str, str, int]]:
        return [(src, stage, status, n) for (src, stage, status), n in sorted(self.stages.items())]


def _read(page: PendingPage) -> tuple[bytes, str | None] | None:
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(page.warc_file, "rb") as fh:
            fh.seek(page.warc_offset)
            for record in ArchiveIterator(fh):
                return record.content_stream().read(), record.http_headers.get_header("Content-Type")
    except (OSError, ValueError):
        return None
    return None


def _seed(con, state: DedupState) -> None:
    for row in recent_articles(con, dt.date.today() - dt.timedelta(days=RECENT_DAYS)):
        state.add(*row)


def _documents(pages: list[PendingPage], report: ProcessReport, state: DedupState,
               consumed: list[str]) -> Iterator[dict]:
    for page in pages:
        consumed.append(page.url_hash)
        src = page.source or "unknown"
        report.count(src, "read", "fetched")
        raw = _read(page)
        if raw is None:
            report.count(src, "clean", "failed:warc_unreadable")
            continue
        try:
            art = clean_page(raw[0], raw[1], page.url)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run; it is counted
            report.count(src, "clean", f"failed:{type(exc).__name__}")
            continue
        if art is None:
            report.count(src, "clean", "not_article")
            continue
        report.count(src, "clean", "cleaned")
        if art.language != "id":
            report.count(src, "language", "not_indonesian")
            continue
        report.count(src, "language", "indonesian")
        canon = canonical_url(art.canonical_url or page.url)
        aid = url_key(page.url)
        chash = content_hash(art.text)
        site = site_of({"url": page.url})
        status, cluster = state.classify(aid, canon, chash, art.text, site)
        report.count(src, "dedup", status)
        if status in ("duplicate_url", "duplicate_text"):
            continue
        yield {"id": aid, "text": art.text, "title": art.title, "published": art.published, "url": page.url,
               "site": site, "cluster_id": cluster, "source": src, "language": art.language}


def process(db: Path, reprocess: bool = False, run: str | None = None, batch: int = BATCH,
            publish: bool = True) -> ProcessReport:
    """Process every pending archived page; the run is `ok` in the ledger only once all of them are done."""
    report = ProcessReport(new_run_id("process"))
    # a bounded buffer pool: processing streams, so the database need not cache the whole run in memory
    con = connect(db, memory_limit=MEMORY_LIMIT)
    try:
        migrate(con)
        start_run(con, report.run_id, "process")
        try:
            _process(con, report, reprocess, run, batch)
            build_index(con)
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


def _process(con, report: ProcessReport, reprocess: bool, run: str | None, batch: int) -> None:
    pages = pending_pages(con, reprocess, run)
    state = DedupState()
    _seed(con, state)
    consumed: list[str] = []
    docs = _documents(pages, report, state, consumed)
    while True:
        chunk = [d for _, d in zip(range(batch), docs, strict=False)]
        if not chunk:
            break
        relevant = [d for d in chunk if is_relevant(d["text"], d["title"])]
        results = {r.id: r for r in extract_articles(relevant)} if relevant else {}
        pairs = []
        for d in chunk:
            res = results.get(d["id"])
            if res is None:
                report.count(d["source"], "filter", "irrelevant")
                res = ArticleResult(d["id"], False, [])
            elif res.error:
                report.count(d["source"], "extract", f"failed:{res.error[:40]}")
                continue
            else:
                report.count(d["source"], "filter", "relevant")
                report.count(d["source"], "extract", "extracted" if res.events else "no_event")
            pairs.append((d, res))
        stats = load_results(con, pairs, report.run_id)
        mark_processed(con, report.run_id, consumed)
        consumed.clear()
        for k, v in stats.as_dict().items():
            if isinstance(v, int):
                report.loaded[k] = report.loaded.get(k, 0) + v
    mark_processed(con, report.run_id, consumed)  # pages dropped after the last batch (duplicates, not articles)
