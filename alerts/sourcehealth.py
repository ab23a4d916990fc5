"""Source health from the archive: which sources are broken, stale or never run.

Broken, judged on the source's last run:
- it crashed or timed out;
- at least half of what it tried ended in an error (HTTP errors, timeouts,
  blocked pages, parse failures);
- it fetched pages that looked like articles (`RunCounts.article_like`) but
  stored none of them, or a far smaller share than it usually stores: the
  extraction, language filter or store lost them (`lost`: `too_short: 22`...);
- no article was ever stored from it.
Stale: no new article for longer than the source's `stale_after`, or, when that
is not set, than twice its normal gap between articles (the 90th percentile of
the gaps between its newest publication times), and never less than an hour.
Never run: configured, but no crawl of it was ever recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import Engine

from crawler.core.config import RasadConfig, SourceConfig
from storage.runs import article_times, last_runs, published_times, run_counts, stored_shares

MIN_GAPS = 5  # fewer publication gaps than this: nothing learned
MIN_STALE = timedelta(hours=1)
STALE_FACTOR = 2.0
# A run that saw at least this many article-like pages and stored none is broken;
# one that stored less than LOST_SHARE_FACTOR of its usual share (the median over
# its last runs that saw as many; at least MIN_HISTORY of them) too.
MIN_ARTICLE_LIKE = 3
LOST_SHARE_FACTOR = 0.25
MIN_HISTORY = 2
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
            "ok" if self.run else "NEVER RUN")

    @property
    def flagged(self) -> bool:
        """Broken, stale or never run: `rasad status --check` exits 1."""
        return self.broken or self.stale or self.run is None


def normal_gap(times: list[datetime]) -> timedelta | None:
    """The 90th percentile gap between consecutive times (any order), or None."""
    ordered = sorted(times)
    gaps = sorted(b - a for a, b in zip(ordered, ordered[1:], strict=False) if b > a)
    if len(gaps) < MIN_GAPS:
        return None
    return gaps[min(len(gaps) - 1, int(len(gaps) * 0.9))]


def _kinds(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1],
                                                                                    kv[0])))


def lost_reason(run: dict[str, Any], usual: float | None = None) -> str:
    """Why this run's article-like pages mark its source broken, or ''."""
    like = int(run.get("article_like") or 0)
    if like < MIN_ARTICLE_LIKE:
        return ""
    stored = sum(int(run.get(k) or 0) for k in ("new", "updated", "unchanged"))
    lost = run.get("lost") or {}
    detail = f" ({_kinds(lost)})" if lost else ""
    if stored == 0:
        return f"{like} pages looked like articles, none stored{detail}"
    if usual is not None and stored / like < usual * LOST_SHARE_FACTOR:
        return (f"stored {stored} of {like} pages that looked like articles "
                f"({stored / like:.0%}; usually {usual:.0%}){detail}")
    return ""


def broken_reason(run: dict[str, Any], usual: float | None = None) -> str:
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
        return f"{run['errors']} errors for {attempts} requests ({_kinds(kinds)})"
    return lost_reason(run, usual)


def usual_share(engine: Engine, source: str, run: dict[str, Any]) -> float | None:
    shares = stored_shares(engine, source, run["id"], min_like=MIN_ARTICLE_LIKE)
    return median(shares) if len(shares) >= MIN_HISTORY else None


def threshold(engine: Engine, source: SourceConfig) -> timedelta | None:
    if source.stale_after is not None:
        return timedelta(hours=source.stale_after)
    gap = normal_gap(published_times(engine, source.name))
    return None if gap is None else max(MIN_STALE, gap * STALE_FACTOR)


def assess(engine: Engine, config: RasadConfig, now: datetime,
           names: Sequence[str] | None = None) -> list[SourceHealth]:
    """The health of the configured sources (those in `names`, when given)."""
    runs = last_runs(engine)
    counts = run_counts(engine)
    out = []
    for source in config.sources:
        if names and source.name not in names:
            continue
        newest = article_times(engine, source.name, limit=1)
        health = SourceHealth(source.name, runs.get(source.name),
                              newest[0] if newest else None, threshold(engine, source))
        if health.run is not None:
            health.reason = broken_reason(health.run,
                                          usual_share(engine, source.name, health.run))
            if not health.reason and health.last_new is None:
                n = counts.get(source.name, 1)
                health.reason = f"no article stored in {n} run{'s' if n > 1 else ''}"
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
