"""Source health: probes, observed status with automatic transitions, and the nightly alerts.

Status is data. The registry TOML declares the sources; the warehouse (marts.source_status) holds what was
observed:
- `unverified -> active` after a good probe or a good night;
- `active -> degraded -> quarantined` after `degrade_after` / `quarantine_after` bad nights in a row (every
  request failed, or discovery found no article link);
- back to `active` after a good probe;
- `blocked` when the site refuses our (truthful) user agent, and `dead` when a probe reaches nothing.
  The operator decides about these.
Crawls skip quarantined and blocked sources unless a source is named.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.probe import Fetcher, SourceProbe, probe_source
from crawler.registry import Source
from crawler.runner import DEFAULT_USER_AGENT
from warehouse.connection import connect
from warehouse.health import SourceState, crawl_history, process_history, record_probe, save_states, source_states
from warehouse.migrations import migrate
from warehouse.runs import new_run_id

FAILED_COLUMNS = ("timeout", "failed", "refused_private", "too_large", "blocked_robots")


@dataclass(frozen=True)
class HealthPolicy:
    degrade_after: int = 1  # bad nights in a row before a source is degraded
    quarantine_after: int = 3  # ... and before it is quarantined
    error_share_jump: float = 0.25  # 4xx/5xx share above the 7-night median by this much (and at least half)
    stage_drop: float = 0.5  # a stage count below this share of its 7-night median
    confidence_drift: float = 0.1  # mean mention confidence this far from its 7-night mean
    min_history: int = 3  # nights of history before a comparison is made


@dataclass
class Alert:
    level: str  # warning or failure
    kind: str  # zero_yield, all_failed, error_share, stage_drop, confidence_drift, quarantined, check, crawl
    message: str
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def after_probe(state: SourceState | None, probe: SourceProbe, probe_id: str, now: dt.datetime) -> SourceState:
    """The status a probe leaves: a verified or degraded source is active again (its bad-night count cleared)."""
    status = {"verified": "active", "degraded": "active", "blocked": "blocked", "dead": "dead"}[probe.verdict]
    old = state.status if state else "unverified"
    reason = probe.reason or None if probe.verdict != "verified" else None
    return SourceState(probe.source, status, now if status != old or state is None else state.since,
                       0 if status == "active" else (state.consecutive_bad if state else 0),
                       state.last_good_night if state else None, probe_id,
                       f"probe {probe.verdict}" + (f": {reason}" if reason else ""))


def night_is_good(cols: dict[str, int]) -> tuple[bool, str]:
    """(good, why): a night is bad when every request failed or when discovery found no article link."""
    fetched, failed = cols.get("fetched", 0), sum(cols.get(c, 0) for c in FAILED_COLUMNS)
    if fetched == 0 and failed:
        return False, f"every request failed ({failed})"
    if cols.get("discovered", 0) == 0:
        return False, "no article links discovered"
    return True, ""


def after_night(state: SourceState | None, source: str, cols: dict[str, int], now: dt.datetime,
                policy: HealthPolicy) -> SourceState:
    good, why = night_is_good(cols)
    if good:
        return SourceState(source, "active", now if not state or state.status != "active" else state.since, 0,
                           now, state.last_probe if state else None, None)
    bad = (state.consecutive_bad if state else 0) + 1
    current = state.status if state else "unverified"
    status = "quarantined" if bad >= policy.quarantine_after else "degraded" if bad >= policy.degrade_after \
        else current
    if current in ("blocked", "dead") and status != "quarantined":
        status = current
    return SourceState(source, status, now if status != current or not state else state.since, bad,
                       state.last_good_night if state else None, state.last_probe if state else None,
                       f"{bad} bad night(s) in a row: {why}")


def probe_sources(db: Path, sources: list[Source], allow_private: bool = False, timeout: float = 10.0,
                  user_agent: str = DEFAULT_USER_AGENT,
                  on_probe: Callable[[SourceProbe], None] | None = None) -> list[tuple[SourceProbe, SourceState]]:
    """Probe each source, keep the history, move its observed status; returns (probe, new state) pairs."""
    fetcher = Fetcher(user_agent, timeout, allow_private)
    con = connect(db)
    try:
        migrate(con)
        states = source_states(con)
        out = []
        for source in sources:
            probe = probe_source(source, fetcher)
            probe_id = new_run_id("probe")
            record_probe(con, probe_id, source.name, probe.endpoints)
            state = after_probe(states.get(source.name), probe, probe_id, _now())
            save_states(con, [state])
            out.append((probe, state))
            if on_probe:
                on_probe(probe)
        return out
    finally:
        con.close()


@dataclass
class NightHealth:
    states: dict[str, SourceState] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (source, from, to)
    alerts: list[Alert] = field(default_factory=list)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def review_night(con, crawl_run: str | None, process_run: str | None, policy: HealthPolicy = HealthPolicy(),
                 now: dt.datetime | None = None) -> NightHealth:
    """After a nightly: move each crawled source's status and raise the alerts (warnings only; failures are
    the nightly's own)."""
    now = now or _now()
    health = NightHealth()
    crawls = crawl_history(con, 8)
    this = next((r for r in crawls if r["run_id"] == crawl_run), None)
    before = [r for r in crawls if r["run_id"] != crawl_run][:7]
    states = source_states(con)
    if this:
        for src, cols in sorted(this["per_source"].items()):
            old = states.get(src)
            new = after_night(old, src, cols, now, policy)
            health.states[src] = new
            if not old or old.status != new.status:
                health.changes.append((src, old.status if old else "unverified", new.status))
            good, why = night_is_good(cols)
            if not good and "every request failed" in why:
                health.alerts.append(Alert("warning", "all_failed", f"{src}: {why}", src))
            if new.consecutive_bad >= 3 and why == "no article links discovered":
                health.alerts.append(Alert("warning", "zero_yield", f"{src}: no article links for "
                                           f"{new.consecutive_bad} nights in a row (a layout change or a block?)",
                                           src))
            if new.status == "quarantined" and (not old or old.status != "quarantined"):
                health.alerts.append(Alert("warning", "quarantined", f"{src}: quarantined after "
                                           f"{new.consecutive_bad} bad nights; `ekspor sources probe --source "
                                           f"{src!r}` restores it when it works again", src))
            share = _error_share(cols)
            past = [_error_share(r["per_source"][src]) for r in before if src in r["per_source"]]
            med = _median([p for p in past if p is not None])
            if share is not None and med is not None and len(past) >= policy.min_history \
                    and share >= 0.5 and share >= med + policy.error_share_jump:
                health.alerts.append(Alert("warning", "error_share", f"{src}: {share:.0%} of fetches were 4xx/5xx, "
                                           f"against a 7-night median of {med:.0%}", src))
        save_states(con, health.states.values())
    processes = process_history(con, 8)
    current = next((r for r in processes if r["run_id"] == process_run), None)
    earlier = [r for r in processes if r["run_id"] != process_run][:7]
    if current and len(earlier) >= policy.min_history:
        for key in sorted({k for r in earlier for k in r["stages"]}):
            med = _median([r["stages"].get(key, 0) for r in earlier])
            n = current["stages"].get(key, 0)
            if med and med >= 5 and n < policy.stage_drop * med and key[1] in ("cleaned", "indonesian", "relevant",
                                                                                 "extracted", "fetched"):
                health.alerts.append(Alert("warning", "stage_drop", f"stage {key[0]}/{key[1]}: {n} documents "
                                           f"against a 7-night median of {med:g}"))
        past_conf = [r["confidence"] for r in earlier if r["confidence"] is not None]
        if current["confidence"] is not None and len(past_conf) >= policy.min_history:
            mean = statistics.fmean(past_conf)
            if abs(current["confidence"] - mean) > policy.confidence_drift:
                health.alerts.append(Alert("warning", "confidence_drift", f"mean extraction confidence "
                                           f"{current['confidence']:.2f} against {mean:.2f} over the last "
                                           f"{len(past_conf)} runs"))
    return health


def _error_share(cols: dict[str, int]) -> float | None:
    fetched = cols.get("fetched", 0)
    return (cols.get("4xx", 0) + cols.get("5xx", 0)) / fetched if fetched else None
