"""`ekspor nightly` and `ekspor demo`: crawl, process, check, publish, under a lock that survives crashes.

The crawl runs in a child process (Twisted's reactor cannot restart inside one process); everything it writes
is keyed and transactional, so a kill at any point is repaired by simply running again.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.checks import CheckResult, run_checks
from warehouse.connection import connect

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
                self.path.unlink(missing_ok=True)  # stale: its process is gone
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

    def __exit__(self, *exc: object) -> None:
        if self.owner() == os.getpid():
            self.path.unlink(missing_ok=True)


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
    crawl_output: str
    process: ProcessReport | None = None
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.crawl_exit == 0 and self.process is not None and all(c.ok for c in self.checks)


def lock_path(db: Path) -> Path:
    return db.with_suffix(".lock")


def nightly(db: Path, warc_dir: Path, sources: list[str] = (), sites: list[str] = (), since: str | None = None,
            max_pages: int | None = None, allow_private: bool = False, fast: bool = False) -> NightlyReport:
    with RunLock(lock_path(db)):
        args = [sys.executable, "-m", "pipeline.cli", "crawl", "--db", str(db), "--warc-dir", str(warc_dir)]
        for s in sources:
            args += ["--source", s]
        for s in sites:
            args += ["--site", s]
        if since:
            args += ["--since", since]
        if max_pages:
            args += ["--max-pages", str(max_pages)]
        if allow_private:
            args.append("--allow-private-hosts")
        if fast:
            args.append("--fast")
        crawl = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
        report = NightlyReport(crawl.returncode, crawl.stdout + crawl.stderr[-3000:])
        # process what is archived even when the crawl failed part-way: nothing fetched is wasted
        report.process = process(db)
        con = connect(db, read_only=True)
        try:
            report.checks = run_checks(con)
        finally:
            con.close()
        return report
