"""`ekspor nightly` and `ekspor demo`: crawl, process, check, publish, under a lock that survives crashes.

The crawl runs in a child process through `pipeline.crawl.crawl_in_child` (Twisted's reactor cannot restart
inside one process), which returns a typed report; everything it writes is keyed and transactional, so a kill
at any point is repaired by simply running again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warehouse.checks import CheckResult, run_checks
from warehouse.connection import connect

from .crawl import CrawlReport, CrawlRequest, crawl_in_child, is_crawl_child
from .health import Alert, HealthPolicy, NightHealth, review_night
from .process import ProcessReport, Progress, process


class LockBusy(RuntimeError):
    pass


class RunLock:
    """An exclusive lock file holding the owner's PID; a lock whose PID is dead is stale and is taken over."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                pid = self.owner()
                if pid and _alive(pid):
                    raise LockBusy(f"another run (pid {pid}) holds {self.path}") from None
                _stop_orphans(self.children())  # stale: its process is gone; a crawl it left must go too
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(f"{os.getpid()}\n{dt.datetime.now(dt.UTC).isoformat()}\n")
            return self
        raise LockBusy(f"could not take {self.path}")

    def owner(self) -> int | None:
        try:
            return int(self.path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def record_child(self, pid: int) -> None:
        """Note the crawl child's PID, so that whoever takes over a stale lock can stop an orphaned crawl."""
        with self.path.open("a") as fh:
            fh.write(f"child {pid}\n")

    def children(self) -> list[int]:
        try:
            return [int(w) for line in self.path.read_text().splitlines()
                    if line.startswith("child ") for w in line.split()[1:2]]
        except (OSError, ValueError):
            return []

    def __exit__(self, *exc: object) -> None:
        if self.owner() == os.getpid():
            self.path.unlink(missing_ok=True)


def _stop_orphans(pids: list[int], wait: float = 10.0) -> None:
    for pid in pids:
        if not _alive(pid) or not is_crawl_child(pid):
            continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class NightlyReport:
    crawl_exit: int
    crawl: CrawlReport | None = None  # None when the crawl child died before it could report
    crawl_log: str = ""
    process: ProcessReport | None = None
    checks: list[CheckResult] = field(default_factory=list)
    health: NightHealth | None = None

    @property
    def ok(self) -> bool:
        return (self.crawl_exit == 0 and self.crawl is not None and self.process is not None
                and all(c.ok for c in self.checks))


def lock_path(db: Path) -> Path:
    return db.with_suffix(".lock")


def nightly(db: Path, warc_dir: Path, sources: list[str] = (), sites: list[str] = (), since: str | None = None,
            max_pages: int | None = None, allow_private: bool = False, fast: bool = False,
            policy: HealthPolicy = HealthPolicy(), on_stage: Callable[[str], None] | None = None,
            on_progress: Progress | None = None) -> NightlyReport:
    """Crawl (in a child that dies with this process), process, check, publish, under the run lock."""
    with RunLock(lock_path(db)) as lock:
        request = CrawlRequest(str(db), str(warc_dir), list(sources), list(sites), since, max_pages,
                               allow_private, fast=fast)
        outcome = crawl_in_child(request, on_start=lock.record_child)
        report = NightlyReport(outcome.exit_code, outcome.report, outcome.log)
        # process what is archived even when the crawl failed part-way: nothing fetched is wasted
        if on_stage:
            on_stage("pages processed")
        report.process = process(db, on_progress=on_progress)
        con = connect(db)
        try:
            report.checks = run_checks(con)
            report.health = review_night(con, report.crawl.run_id if report.crawl else None, report.process.run_id,
                                         policy)
        finally:
            con.close()
        return report


def alerts(report: NightlyReport) -> list[Alert]:
    """Failures (exit 1) first, then the warnings of the night's health review (exit 0)."""
    out = []
    if report.crawl_exit != 0 or report.crawl is None:
        out.append(Alert("failure", "crawl", f"the crawl exited {report.crawl_exit}"
                         + ("" if report.crawl else " without a report")))
    if report.process is None:
        out.append(Alert("failure", "process", "processing did not run"))
    out += [Alert("failure", "check", f"data check failed: {c.name} ({c.failures} rows)")
            for c in report.checks if not c.ok]
    return out + (report.health.alerts if report.health else [])


def report_json(report: NightlyReport) -> dict[str, Any]:
    """The nightly report for monitoring (validated by docs/nightly-report.schema.json)."""
    found = alerts(report)
    health = report.health or NightHealth()
    return {
        "schema": "ekspor-nightly-report/1",
        "ok": report.ok,
        "exit_code": 0 if report.ok else 1,
        "crawl": {"exit_code": report.crawl_exit, "run_id": report.crawl.run_id if report.crawl else None,
                  "per_source": report.crawl.per_source if report.crawl else {},
                  "totals": report.crawl.totals() if report.crawl else {}},
        "process": {"run_id": report.process.run_id if report.process else None,
                    "stages": [{"source": s, "stage": st, "status": status, "documents": n}
                               for s, st, status, n in (report.process.table() if report.process else [])],
                    "loaded": report.process.loaded if report.process else {}},
        "checks": [{"name": c.name, "failures": c.failures, "ok": c.ok} for c in report.checks],
        "sources": [{"source": st.source, "status": st.status, "consecutive_bad": st.consecutive_bad,
                     "reason": st.reason} for st in health.states.values()],
        "status_changes": [{"source": a, "from": b, "to": c} for a, b, c in health.changes],
        "alerts": [a.as_dict() for a in found],
    }


def write_report(report: NightlyReport, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report_json(report), indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def default_report_path(db: Path) -> Path:
    return db.parent / "reports" / "nightly-latest.json"
