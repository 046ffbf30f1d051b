"""A crawl as a library call: which sources, into which warehouse, with a typed report back.

`crawl` runs in this process (Twisted's reactor runs once per process). `crawl_in_child` runs the same call in a
child process that dies with its parent and hands its report back as JSON in a file, never as parsed CLI text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crawler.registry import Source, adhoc, load_registry
from crawler.runner import DEFAULT_USER_AGENT, run_crawl
from warehouse.health import SKIPPED, source_states
from warehouse.raw import YIELD_COLUMNS, RawStore
from warehouse.runs import finish_run, new_run_id, start_run

CHILD_MODULE = "pipeline.crawl"


@dataclass
class CrawlRequest:
    db: str
    warc_dir: str
    sources: list[str] = field(default_factory=list)  # registry names; none (and no sites): every crawlable one
    sites: list[str] = field(default_factory=list)  # ad-hoc site URLs, discovered automatically
    since: str | None = None  # YYYY-MM-DD
    max_pages: int | None = None
    allow_private: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    fast: bool = False
    distributed: str | None = None  # redis:// URL for scrapy-redis


@dataclass
class CrawlReport:
    run_id: str
    warc: str
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    close_reason: str = ""
    responses: int = 0
    elapsed_s: float = 0.0

    def totals(self) -> dict[str, int]:
        return {c: sum(v.get(c, 0) for v in self.per_source.values()) for c in YIELD_COLUMNS}


@dataclass
class ChildOutcome:
    exit_code: int
    report: CrawlReport | None
    log: str = ""  # the tail of the child's stderr, for the operator


def default_warc_dir(db: Path) -> Path:
    """WARC archives live beside the warehouse they feed, wherever the command is run from."""
    return Path(db).parent / "warc"


def select_sources(names: list[str], sites: list[str], registry: list[Source] | None = None,
                   skip: set[str] = frozenset()) -> list[Source]:
    """Registry entries by name plus ad-hoc sites; with neither, every active or unverified entry (a first
    live run is what confirms or quarantines an unverified one) but those in `skip` (observed quarantined or
    blocked). Unknown names raise ValueError."""
    registry = load_registry() if registry is None else registry
    chosen = [s for s in registry if s.name in names]
    missing = set(names) - {s.name for s in chosen}
    if missing:
        raise ValueError(f"unknown source(s): {', '.join(sorted(missing))}")
    chosen += [adhoc(u) for u in sites]
    if not names and not sites:
        chosen = [s for s in registry if s.status in ("active", "unverified") and s.name not in skip]
    if not chosen:
        raise ValueError("no active or unverified sources in the registry; name a source or a site")
    return chosen


def crawl(request: CrawlRequest, run_id: str | None = None,
          on_fetch: Callable[[int], None] | None = None) -> CrawlReport:
    """Crawl once into WARC files and the warehouse raw layer, recorded in the run ledger (blocking).
    `on_fetch` gets the running count of fetches (a progress display)."""
    run_id = run_id or new_run_id("crawl")
    store = RawStore(Path(request.db), on_fetch=on_fetch)
    observed = {name for name, st in source_states(store.con).items() if st.status in SKIPPED}
    try:
        sources = select_sources(request.sources, request.sites, skip=observed)
    except ValueError:
        store.close()
        raise
    start_run(store.con, run_id, "crawl")
    try:
        result = run_crawl(sources, store, Path(request.warc_dir), run_id,
                           since=dt.date.fromisoformat(request.since) if request.since else None,
                           max_pages=request.max_pages, allow_private=request.allow_private,
                           user_agent=request.user_agent, fast=request.fast, distributed=request.distributed,
                           known=store.known_articles(), validators=store.validators())
        report = CrawlReport(run_id, str(result.warc), store.per_source_yield(run_id, result.discovered,
                                                                               result.skipped_known),
                             result.close_reason, result.responses, result.elapsed_s)
        stages = [(src, "fetch", col, n) for src, cols in report.per_source.items() for col, n in cols.items()]
        finish_run(store.con, run_id, report.totals(), "ok", stages)
    except BaseException:
        store.flush()
        finish_run(store.con, run_id, {}, "failed")
        raise
    finally:
        store.close()
    return report


def _die_with_parent() -> None:
    """Runs in the crawl child before exec: on Linux, the kernel kills it when its parent dies (a SIGKILL from
    the OOM killer or a timeout included), so no orphan keeps the warehouse locked."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the next run's stale-lock takeover stops the orphan instead


def is_crawl_child(pid: int) -> bool:
    """True only for a live crawl child started by `crawl_in_child` (a recorded PID may have been reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return CHILD_MODULE.encode() in cmdline


def crawl_in_child(request: CrawlRequest, on_start: Callable[[int], None] | None = None) -> ChildOutcome:
    """`crawl` in a child process; `on_start` gets its PID (the nightly lock records it)."""
    with tempfile.TemporaryDirectory(prefix="ekspor-crawl-") as tmp:
        req, out = Path(tmp) / "request.json", Path(tmp) / "report.json"
        req.write_text(json.dumps(asdict(request)), encoding="utf-8")
        child = subprocess.Popen([sys.executable, "-m", CHILD_MODULE, str(req), str(out)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                 preexec_fn=_die_with_parent)
        if on_start:
            on_start(child.pid)
        _, errs = child.communicate()
        report = CrawlReport(**json.loads(out.read_text(encoding="utf-8"))) if out.exists() else None
        return ChildOutcome(child.returncode, report, errs[-3000:])


def _child_main(request_file: str, report_file: str) -> int:
    request = CrawlRequest(**json.loads(Path(request_file).read_text(encoding="utf-8")))
    report = crawl(request)
    tmp = Path(report_file + ".tmp")
    tmp.write_text(json.dumps(asdict(report)), encoding="utf-8")
    os.replace(tmp, report_file)
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(*sys.argv[1:3]))
