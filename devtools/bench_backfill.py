"""`ekspor bench backfill`: the archive backfill on this machine, 1 worker against 2 on the same archive.

Figures: archive records/s end to end for 1 and 2 workers and their ratio; matching pages/s against
`trafilatura.extract` alone on the same pages (same process); the share of task time spent reading and
filtering WARC against processing; warcio against FastWARC reading the same files; peak RSS per worker.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from crawler.archives import READERS, ArchiveFile, ReadStats, domain_filter, read_archive
from crawler.registry import load_registry
from pipeline.backfill import BackfillRequest, backfill

from .archives import build_archives


def _read_all(files: list[Path], reader: str) -> tuple[float, int, list[bytes]]:
    keep = domain_filter({d for s in load_registry() for d in s.domains})
    t0 = time.perf_counter()
    records, bodies = 0, []
    for f in files:
        stats = ReadStats()
        bodies += [r.body for r in read_archive(ArchiveFile(str(f)), keep, reader=reader, stats=stats)]
        records += sum(stats.records.values())
    return time.perf_counter() - t0, records, bodies


def _warm(*_: Any) -> int:
    from nlp.extract import extract_text

    return len(extract_text("Koperasi di Kabupaten Garut mengekspor 2 ton kopi ke Jepang.").events)


def _warm_run(folder: Path, db: Path, workers: int) -> float:
    """Task time on a cluster whose workers are already up with the extractor loaded: how the work scales,
    apart from the few seconds every worker spends starting."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(_warm)
        report = backfill(BackfillRequest([str(folder)], str(db), scheduler=cluster.scheduler_address))
    return report.tasks_s


def run_bench(copies: int = 20, off_copies: int = 60, files: int = 16) -> dict[str, Any]:
    import trafilatura

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ekspor-bench-backfill-") as tmp:
        built = build_archives(Path(tmp) / "warc", files=files, truncated=False, copies=copies,
                               off_copies=off_copies)
        out["archive_mb"] = sum(f.stat().st_size for f in built.files) / 1e6
        for reader in READERS:
            secs, records, bodies = min((_read_all(built.files, reader) for _ in range(3)), key=lambda r: r[0])
            out[f"read_{reader}_records_per_s"] = records / secs
            out[f"read_{reader}_mb_per_s"] = out["archive_mb"] / secs
        out["records"], out["matching_pages"] = records, len(bodies)
        t0 = time.perf_counter()
        for body in bodies:
            trafilatura.extract(body.decode("utf-8", "replace"))
        out["trafilatura_alone_pages_per_s"] = len(bodies) / (time.perf_counter() - t0)
        runs, warm = {}, {}
        for workers in (1, 2):
            db = Path(tmp) / f"w{workers}" / "b.duckdb"
            t0 = time.perf_counter()
            report = backfill(BackfillRequest([str(built.files[0].parent)], str(db), workers=workers))
            runs[workers] = (time.perf_counter() - t0, report)
            warm[workers] = _warm_run(built.files[0].parent, Path(tmp) / f"warm{workers}" / "b.duckdb", workers)
        for workers, (wall, report) in runs.items():
            out[f"workers_{workers}_wall_s"] = wall
            out[f"workers_{workers}_records_per_s"] = records / wall
            out[f"workers_{workers}_tasks_records_per_s"] = records / report.tasks_s
            out[f"workers_{workers}_peak_rss_mb_per_worker"] = max(report.worker_peak_rss_mb.values(), default=0.0)
        for workers, secs in warm.items():
            out[f"warm_workers_{workers}_tasks_records_per_s"] = records / secs
        out["warm_two_vs_one_workers_tasks_ratio"] = warm[1] / warm[2]
        out["two_vs_one_workers_ratio"] = runs[1][0] / runs[2][0]
        out["two_vs_one_workers_tasks_ratio"] = runs[1][1].tasks_s / runs[2][1].tasks_s
        one = runs[1][1]
        read = sum(f.read_s for f in one.files)
        out["matching_pages_per_s_1_worker"] = len(bodies) / one.tasks_s
        out["matching_vs_trafilatura_alone_ratio"] = out["matching_pages_per_s_1_worker"] / \
            out["trafilatura_alone_pages_per_s"]
        out["read_filter_share_of_task_time"] = read / (read + sum(f.process_s for f in one.files))
        out["load_share_of_wall_1_worker"] = one.load_s / runs[1][0]
        out["client_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["median_file_task_s"] = statistics.median(f.read_s + f.process_s for f in one.files)
    return out
