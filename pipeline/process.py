"""`ekspor process`: archived pages -> clean, de-duplicated, relevant articles -> events in the warehouse.

Streams the run's WARC records in batches (one load transaction per batch), so memory stays flat and a killed
run resumes where its last committed batch ended. Every document is counted once per stage with a status.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nlp.extract import extract_articles
from nlp.prefilter import is_relevant
from nlp.records import ArticleResult
from warehouse.connection import connect, publish_snapshot
from warehouse.load import canonical_url, content_hash, load_results, new_run_id, site_of, url_key
from warehouse.migrations import migrate
from warehouse.search import build_index

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


@dataclass
class PendingPage:
    url_hash: str
    url: str
    source: str
    warc_file: str
    warc_offset: int


def pending_pages(con, reprocess: bool = False, run: str | None = None) -> list[PendingPage]:
    """Latest 2xx article fetches that are not loaded yet (or all of them with reprocess)."""
    sql = ("SELECT p.url_hash, p.url, coalesce(p.source, ''), p.warc_file, p.warc_offset FROM raw.pages p "
           "WHERE p.role = 'article' AND p.status_code BETWEEN 200 AND 299 AND p.warc_file IS NOT NULL")
    params: list = []
    if run:
        sql += " AND p.run_id = ?"
        params.append(run)
    if not reprocess:
        sql += " AND p.processed_run IS NULL"
    return [PendingPage(*r) for r in con.execute(sql + " ORDER BY p.warc_file, p.warc_offset", params).fetchall()]


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
    since = dt.date.today() - dt.timedelta(days=RECENT_DAYS)
    for aid, url, chash, text, site, cluster in con.execute(
            "SELECT article_id, canonical_url, content_hash, text, site, cluster_id FROM staging.articles "
            "WHERE coalesce(published, CAST(ingested_at AS DATE)) >= ? OR ingested_at >= ?",
            [since, since]).fetchall():
        state.add(aid, url, chash, text, site, cluster)


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
    report = ProcessReport(new_run_id("process"))
    # a bounded buffer pool: processing streams, so the database need not cache the whole run in memory
    con = connect(db, memory_limit=MEMORY_LIMIT)
    try:
        migrate(con)
        con.execute("INSERT INTO marts.runs VALUES (?, 'process', ?, NULL, 'running', NULL)",
                    [report.run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
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
            stats = load_results(con, pairs, report.run_id, kind="process")
            con.execute("UPDATE raw.pages SET processed_run = ? WHERE url_hash IN (SELECT unnest(?::VARCHAR[]))",
                        [report.run_id, consumed])
            consumed.clear()
            for k, v in stats.as_dict().items():
                if isinstance(v, int):
                    report.loaded[k] = report.loaded.get(k, 0) + v
        if consumed:  # pages dropped after the last batch (duplicates, not articles)
            con.execute("UPDATE raw.pages SET processed_run = ? WHERE url_hash IN (SELECT unnest(?::VARCHAR[]))",
                        [report.run_id, consumed])
        _finish(con, report)
        build_index(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if publish:
        publish_snapshot(db)
    return report


def _finish(con, report: ProcessReport) -> None:
    rows = [(report.run_id, src, stage, status, n) for src, stage, status, n in report.table()]
    con.execute("BEGIN TRANSACTION")
    if rows:
        con.executemany("INSERT INTO marts.run_stages VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)
    con.execute("UPDATE marts.runs SET finished_at = ?, status = 'ok', detail = ? WHERE run_id = ?",
                [dt.datetime.now(dt.UTC).replace(tzinfo=None), json.dumps(report.loaded), report.run_id])
    con.execute("COMMIT")
