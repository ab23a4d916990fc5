"""Source health from the archive: which sources are stale and which are broken.

Broken: the source's last run crashed or timed out, or at least half of what it
tried ended in an error (HTTP errors, timeouts, blocked pages, parse failures).
Stale: no new article for longer than the source's `stale_after`, or, when that
is not set, than twice its normal gap between articles (the 90th percentile of
the gaps between its newest publication times), and never less than an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from crawler.core.config import RasadConfig, SourceConfig
from storage.runs import article_times, last_runs, published_times

MIN_GAPS = 5  # fewer publication gaps than this: nothing learned
MIN_STALE = timedelta(hours=1)
STALE_FACTOR = 2.0
_FAILED_RUNS = ("crashed", "timeout")
_NOT_ATTEMPTS = ("blocked", "parse", "extract", "store", "crashed", "run_timeout")


@dataclass
class SourceHealth:
    name: str
    run: dict[str, Any] | None  # the last crawl_runs row
    last_new: datetime | None  # when the newest article was first seen
    stale_after: timedelta | None  # the threshold used (configured or learned)
    stale: bool = False
    broken: bool = False
    reason: str = ""

    @property
    def state(self) -> str:
        return "BROKEN" if self.broken else "STALE" if self.stale else (
            "ok" if self.run else "never run")


def normal_gap(times: list[datetime]) -> timedelta | None:
    """The 90th percentile gap between consecutive times (any order), or None."""
    ordered = sorted(times)
    gaps = sorted(b - a for a, b in zip(ordered, ordered[1:], strict=False) if b > a)
    if len(gaps) < MIN_GAPS:
        return None
    return gaps[min(len(gaps) - 1, int(len(gaps) * 0.9))]


def broken_reason(run: dict[str, Any]) -> str:
    """Why this run marks its source broken, or '' when it does not."""
    kinds: dict[str, int] = run.get("error_kinds") or {}
    if run["status"] in _FAILED_RUNS:
        return f"last run {run['status']}"
    network = sum(n for k, n in kinds.items() if not k.startswith("http_")
                  and k not in _NOT_ATTEMPTS)
    # known articles the feed listed and incremental crawling did not refetch are
    # healthy outcomes too: without them one dead feed link would look like half
    # of a quiet run
    attempts = run["pages"] + network + int(run.get("known") or 0)
    if run["errors"] and run["errors"] * 2 >= max(attempts, 1):
        detail = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
        return f"{run['errors']} errors for {attempts} requests ({detail})"
    return ""


def threshold(engine: Engine, source: SourceConfig) -> timedelta | None:
    if source.stale_after is not None:
        return timedelta(hours=source.stale_after)
    gap = normal_gap(published_times(engine, source.name))
    return None if gap is None else max(MIN_STALE, gap * STALE_FACTOR)


def assess(engine: Engine, config: RasadConfig, now: datetime) -> list[SourceHealth]:
    runs = last_runs(engine)
    out = []
    for source in config.sources:
        newest = article_times(engine, source.name, limit=1)
        health = SourceHealth(source.name, runs.get(source.name),
                              newest[0] if newest else None, threshold(engine, source))
        if health.run is not None:
            health.reason = broken_reason(health.run)
            health.broken = bool(health.reason)
            _check_stale(health, now)
        out.append(health)
    return out


def _check_stale(health: SourceHealth, now: datetime) -> None:
    if health.stale_after is None:
        return
    since = health.last_new or (health.run["started_at"] if health.run else None)
    if since is not None and now - since > health.stale_after:
        health.stale = True
        hours = (now - since).total_seconds() / 3600
        what = "no new article" if health.last_new else "no article ever"
        note = f"{what} for {hours:.1f} h (limit {health.stale_after.total_seconds() / 3600:.1f} h)"
        health.reason = "; ".join(r for r in (health.reason, note) if r)
