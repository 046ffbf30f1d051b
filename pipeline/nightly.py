"""`ekspor nightly` and `ekspor demo`: crawl, process, check, publish, under a lock that survives crashes.

The crawl runs in a child process (Twisted's reactor cannot restart inside one process); everything it writes
is keyed and transactional, so a kill at any point is repaired by simply running again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
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


def _die_with_parent() -> None:
    """Runs in the crawl child before exec: on Linux, the kernel kills it when the nightly process dies (a
    SIGKILL from the OOM killer or a timeout included), so no orphan keeps the warehouse locked."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the next run's stale-lock takeover stops the orphan instead


def _is_our_crawl(pid: int) -> bool:
    """True only for a live `ekspor crawl` child: a recorded PID may have been reused by an unrelated process."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"pipeline.cli" in cmdline and b"crawl" in cmdline


def _stop_orphans(pids: list[int], wait: float = 10.0) -> None:
    for pid in pids:
        if not _alive(pid) or not _is_our_crawl(pid):
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
    with RunLock(lock_path(db)) as lock:
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
        child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "COLUMNS": "200"}, preexec_fn=_die_with_parent)
        lock.record_child(child.pid)
        out, errs = child.communicate()
        report = NightlyReport(child.returncode, out + errs[-3000:])
        # process what is archived even when the crawl failed part-way: nothing fetched is wasted
        report.process = process(db)
        con = connect(db, read_only=True)
        try:
            report.checks = run_checks(con)
        finally:
            con.close()
        return report
