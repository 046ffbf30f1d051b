"""What a crawl produces, and the sink it hands it to: one `FetchRecord` per fetch (redirect hops included).

The crawler never opens the warehouse. Whoever runs a crawl passes a sink (the warehouse's `RawStore`, or
anything with the same two methods), so the crawler can be tested and reused without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .archive import WarcPointer


@dataclass(frozen=True)
class FetchRecord:
    run_id: str
    url: str
    source: str
    role: str
    status: int | None
    nbytes: int
    duration_ms: float
    outcome: str  # fetched, not_modified, redirect, http_error, blocked_robots, too_large, timeout, ...
    reason: str | None = None
    pointer: WarcPointer | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))


class FetchSink(Protocol):
    def fetch(self, record: FetchRecord) -> None: ...

    def flush(self) -> None: ...


@dataclass
class CrawlResult:
    """What the crawl itself knows at its end; per-source yields are counted by the sink's owner."""

    run_id: str
    warc: Path
    discovered: dict[str, int] = field(default_factory=dict)
    skipped_known: dict[str, int] = field(default_factory=dict)
    close_reason: str = ""
    responses: int = 0
    elapsed_s: float = 0.0
