"""`ekspor nightly` and `ekspor demo`: crawl, process, check, publish, under a lock that survives crashes.

The crawl runs in a child process through `pipeline.crawl.crawl_in_child` (Twisted's reactor cannot restart
inside one process), which returns a typed report; everything it writes is keyed and transactional, so a kill
at any point is repaired by simply running again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.checks import CheckResult, run_checks
from warehouse.connection import connect

from .crawl import CrawlReport, CrawlRequest, crawl_in_child, is_crawl_child
from .process import ProcessReport, process


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

    @property
    def ok(self) -> bool:
        return (self.crawl_exit == 0 and self.crawl is not None and self.process is not None
                and all(c.ok for c in self.checks))


def lock_path(db: Path) -> Path:
    return db.with_suffix(".lock")


def nightly(db: Path, warc_dir: Path, sources: list[str] = (), sites: list[str] = (), since: str | None = None,
            max_pages: int | None = None, allow_private: bool = False, fast: bool = False) -> NightlyReport:
    """Crawl (in a child that dies with this process), process, check, publish, under the run lock."""
    with RunLock(lock_path(db)) as lock:
        request = CrawlRequest(str(db), str(warc_dir), list(sources), list(sites), since, max_pages,
                               allow_private, fast=fast)
        outcome = crawl_in_child(request, on_start=lock.record_child)
        report = NightlyReport(outcome.exit_code, outcome.report, outcome.log)
        # process what is archived even when the crawl failed part-way: nothing fetched is wasted
        report.process = process(db)
        con = connect(db, read_only=True)
        try:
            report.checks = run_checks(con)
        finally:
            con.close()
        return report
