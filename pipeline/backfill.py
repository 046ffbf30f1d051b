"""`ekspor backfill`: years of archived news (CC-NEWS-style WARC files) into the warehouse, fanned out on Dask.

Two phases, so that any number of workers gives the same warehouse:
1. One Dask task per archive file (`process_archive`) reads the records of wanted domains, cleans them,
   filters and extracts them (the stages `ekspor process` uses, from `pipeline.stages`) and writes one Parquet
   partition per file to a staging folder. A partition is whole or absent; a task that dies with its worker is
   run again by Dask and writes the same partition.
2. This process then loads the partitions in archive order: cross-article dedup, idempotent loads in one
   transaction per batch, and the manifest (raw.archive_files) that lets a re-run skip what is loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.archives import (
    DEFAULT_READER,
    ArchiveError,
    ArchiveFile,
    ReadStats,
    domain_filter,
    list_archives,
    read_archive,
)
from crawler.keys import sha1
from crawler.registry import load_registry
from nlp.records import ArticleResult
from warehouse.connection import checkpoint, connect
from warehouse.derived import after_load
from warehouse.load import load_results
from warehouse.migrations import migrate
from warehouse.partitions import read_partitions, write_partition
from warehouse.queries import recent_articles
from warehouse.raw import ArchiveFileRow, archive_manifest, record_archive_file
from warehouse.runs import finish_run, new_run_id, start_run
from warehouse.snapshot import publish_snapshot

from .dedup import DedupState
from .process import BATCH, RECENT_DAYS, add_loaded
from .stages import StageCounts, clean_document, dedup_document, extract_documents

EXTRACT_CHUNK = 64  # documents per extraction call inside a task: bounded memory per worker


class ClusterUnavailable(RuntimeError):
    """The Dask scheduler named by --scheduler does not answer."""


@dataclass
class BackfillRequest:
    sources: list[str]
    db: str
    staging: str | None = None  # default: backfill-staging/ beside the warehouse (shared storage on a cluster)
    workers: int = 1
    scheduler: str | None = None  # tcp://host:8786 of a running cluster; else a LocalCluster of `workers`
    domains: str = "registry"  # registry | all | d1,d2
    since: str | None = None  # YYYY-MM-DD, on WARC-Date
    until: str | None = None
    resume: bool = True
    base_url: str | None = None  # for warc.paths(.gz) listings
    reader: str = DEFAULT_READER


@dataclass
class FileOutcome:
    uri: str
    partition: str | None
    records: dict[str, int] = field(default_factory=dict)
    size: int | None = None
    sha256: str | None = None
    error: str | None = None
    stages: list[tuple[str, str, str, int]] = field(default_factory=list)
    read_s: float = 0.0  # reading and filtering the archive
    process_s: float = 0.0  # cleaning, filtering and extracting what matched
    articles: int = 0  # filled in by the load


@dataclass
class BackfillReport:
    run_id: str
    files: list[FileOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # loaded by an earlier run
    loaded: dict[str, int] = field(default_factory=dict)
    stages: StageCounts = field(default_factory=StageCounts)
    dashboard: str | None = None
    tasks_s: float = 0.0  # phase 1, all files on the cluster
    load_s: float = 0.0  # phase 2, dedup and load here
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.error]


def staging_dir(request: BackfillRequest) -> Path:
    return Path(request.staging) if request.staging else Path(request.db).parent / "backfill-staging"


def wanted_domains(spec: str) -> set[str] | None:
    """`registry`: every domain in crawler/sources.toml; `all`: no filter; else a comma-separated list."""
    if spec == "all":
        return None
    if spec == "registry":
        return {d for s in load_registry() for d in s.domains}
    domains = {d.strip().lower() for d in spec.split(",") if d.strip()}
    if not domains:
        raise ValueError("--domains takes registry, all, or a comma-separated list of domains")
    return domains


def _source_names() -> Callable[[str], str]:
    """A page's source name: its registry entry when the domain has one, else its site."""
    from crawler.keys import site_of

    by_domain = {d: s.name for s in load_registry() for d in s.domains}

    def name(url: str) -> str:
        site = site_of({"url": url})
        host = site
        while host:
            if host in by_domain:
                return by_domain[host]
            host = host.partition(".")[2]
        return site

    return name


def partition_path(staging: Path, uri: str) -> Path:
    return staging / f"{sha1(uri)[:20]}.parquet"


def process_archive(uri: str, staging: str, domains: list[str] | None, since: str | None, until: str | None,
                    reader: str = DEFAULT_READER, reuse: bool = True) -> FileOutcome:
    """The Dask task: one archive file to one Parquet partition of candidate articles with their extraction
    results. With `reuse`, a partition a previous attempt finished is returned as it is."""
    part = partition_path(Path(staging), uri)
    sidecar = part.with_suffix(".json")
    if reuse and part.exists() and sidecar.exists():
        done = json.loads(sidecar.read_text(encoding="utf-8"))
        return FileOutcome(**{**done, "stages": [tuple(s) for s in done["stages"]]})
    keep = domain_filter(set(domains) if domains is not None else None)
    source_of = _source_names()
    counts, stats, docs = StageCounts(), ReadStats(), []
    error = None
    read_s = process_s = 0.0
    records = read_archive(ArchiveFile(uri), keep, _day(since), _day(until), reader, stats)
    t0 = time.perf_counter()
    try:
        for rec in records:
            t1 = time.perf_counter()
            read_s += t1 - t0
            src = source_of(rec.uri)
            counts.count(src, "read", "archived")
            doc = clean_document(rec.body, rec.content_type, rec.uri, src, counts)
            if doc is not None:
                doc["archive"], doc["offset"] = uri, rec.offset
                docs.append(doc)
            t0 = time.perf_counter()
            process_s += t0 - t1
    except ArchiveError as exc:
        error = str(exc)  # what was read before the break is kept; the file is marked failed
    read_s += time.perf_counter() - t0
    t1 = time.perf_counter()
    rows = []
    for i in range(0, len(docs), EXTRACT_CHUNK):
        for doc, res in extract_documents(docs[i : i + EXTRACT_CHUNK], counts):
            rows.append({**doc, "is_export_story": res.is_export_story,
                         "events_json": json.dumps([e.to_json() for e in res.events], ensure_ascii=False)})
    process_s += time.perf_counter() - t1
    outcome = FileOutcome(uri, None, dict(stats.records), stats.size or None, stats.sha256 or None, error,
                          counts.table(), round(read_s, 4), round(process_s, 4))
    if error is None or rows:
        write_partition(part, rows)
        outcome.partition = str(part)
    if error is None:  # a failed file is read again by the next run, never reused
        tmp = sidecar.with_name(sidecar.name + ".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(outcome)), encoding="utf-8")
        tmp.replace(sidecar)
    return outcome


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_tasks(request: BackfillRequest, files: list[ArchiveFile], staging: Path,
               on_file: Callable[[FileOutcome, int, int], None] | None,
               on_dashboard: Callable[[str], None] | None, rss: dict[str, float]) -> list[FileOutcome]:
    from distributed import Client, LocalCluster, as_completed

    domains = wanted_domains(request.domains)
    dom = sorted(domains) if domains is not None else None
    cluster = None
    if request.scheduler:
        try:
            client = Client(request.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ClusterUnavailable(f"cannot reach the Dask scheduler at {request.scheduler}: {exc}") from None
    else:
        cluster = LocalCluster(n_workers=request.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        if on_dashboard:
            on_dashboard(client.dashboard_link)
        futures = client.map(process_archive, [f.uri for f in files], staging=str(staging), domains=dom,
                             since=request.since, until=request.until, reader=request.reader,
                             reuse=request.resume, key=[f"backfill-{sha1(f.uri)[:20]}" for f in files],
                             pure=False)
        outcomes: list[FileOutcome] = []
        for n, fut in enumerate(as_completed(futures), 1):
            try:
                outcome = fut.result()
            except Exception as exc:  # noqa: BLE001 - a task that failed for good fails its file, not the run
                uri = files[futures.index(fut)].uri
                outcome = FileOutcome(uri, None, error=f"{uri}: task failed ({type(exc).__name__}: {exc})"[:300])
            outcomes.append(outcome)
            if on_file:
                on_file(outcome, n, len(files))
        try:
            rss.update(client.run(_peak_rss_mb))
        except Exception:  # noqa: BLE001 - a figure for the report; a worker that left cannot give it
            pass
        return outcomes
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _load(con, report: BackfillReport, outcomes: list[FileOutcome]) -> None:
    """Phase 2, in archive order whatever order the tasks finished in: dedup, load, manifest."""
    state = DedupState()
    for row in recent_articles(con, dt.date.today() - dt.timedelta(days=RECENT_DAYS)):
        state.add(*row)
    for outcome in sorted(outcomes, key=lambda o: o.uri):
        report.stages.stages.update({(s, st, status): n for s, st, status, n in outcome.stages})
        pairs: list[tuple[dict[str, Any], ArticleResult]] = []
        rows = read_partitions([Path(outcome.partition)]) if outcome.partition else iter(())
        for row in rows:
            doc = {k: row[k] for k in ("id", "text", "title", "published", "url", "site", "source", "language",
                                       "canonical_url", "content_hash")}
            doc["warc_file"], doc["warc_offset"] = _pointer_file(row["archive"]), row["offset"]
            if not dedup_document(doc, state, report.stages):
                continue
            pairs.append((doc, ArticleResult.from_json({"id": doc["id"], "is_export_story": row["is_export_story"],
                                                        "events": row["events"]})))
            if len(pairs) >= BATCH:
                add_loaded(report.loaded, load_results(con, pairs, report.run_id))
                outcome.articles += len(pairs)
                pairs = []
        if pairs:
            add_loaded(report.loaded, load_results(con, pairs, report.run_id))
            outcome.articles += len(pairs)
        rec = outcome.records
        record_archive_file(con, ArchiveFileRow(outcome.uri, outcome.size, outcome.sha256,
                                                "failed" if outcome.error else "loaded", outcome.error,
                                                sum(rec.values()), rec.get("matched", 0), outcome.articles,
                                                report.run_id))


def _pointer_file(uri: str) -> str:
    """The archive as the warehouse points at it: a local file by its absolute path, anything else as given."""
    return uri if "://" in uri else str(Path(uri).resolve())


def _already_loaded(con, files: list[ArchiveFile]) -> set[str]:
    """Files a previous run loaded, unless the file on disk has changed size since."""
    manifest = archive_manifest(con)
    out = set()
    for f in files:
        row = manifest.get(f.uri)
        if row is not None and row.status == "loaded":
            local = Path(f.uri)
            if not local.exists() or row.size is None or local.stat().st_size == row.size:
                out.add(f.uri)
    return out


def backfill(request: BackfillRequest, on_file: Callable[[FileOutcome, int, int], None] | None = None,
             on_dashboard: Callable[[str], None] | None = None) -> BackfillReport:
    """Read, process and load every archive file the request names (see the module docstring)."""
    files = list_archives(request.sources, request.base_url)
    wanted_domains(request.domains)  # a bad --domains fails before any work
    for name, value in (("since", request.since), ("until", request.until)):
        if value:
            try:
                _day(value)
            except ValueError:
                raise ValueError(f"--{name} must be a date like 2016-01-31") from None
    db = Path(request.db)
    staging = staging_dir(request)
    report = BackfillReport(new_run_id("backfill"))
    con = connect(db)
    try:
        migrate(con)
        skip = _already_loaded(con, files) if request.resume else set()
        report.skipped = sorted(skip)
        todo = [f for f in files if f.uri not in skip]
        start_run(con, report.run_id, "backfill")
        try:
            t0 = time.perf_counter()
            report.files = _run_tasks(request, todo, staging, on_file, on_dashboard,
                                      report.worker_peak_rss_mb) if todo else []
            t1 = time.perf_counter()
            _load(con, report, report.files)
            after_load(con)
            report.tasks_s, report.load_s = t1 - t0, time.perf_counter() - t1
        except BaseException:
            finish_run(con, report.run_id, report.loaded, "failed", report.stages.table())
            raise
        detail = {**report.loaded, "files": len(report.files), "failed": len(report.failed),
                  "skipped": len(report.skipped), "records": dict(sum((Counter(f.records) for f in report.files),
                                                                      Counter()))}
        finish_run(con, report.run_id, detail, "failed" if report.failed else "ok", report.stages.table())
        checkpoint(con)
    finally:
        con.close()
    publish_snapshot(db)
    return report
