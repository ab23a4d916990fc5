"""The `crawl_runs` table: one row per source per crawl, with its outcome counts.

Rows are written from each source's Scrapy stats when its crawl ends (or by the
scheduler when a crawl child crashes or times out), and read by `rasad status`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Engine,
    Index,
    Integer,
    String,
    Table,
    func,
    insert,
    select,
    update,
)

from crawler.core.text.dates import SYRIA_TZ
from storage.schema import UTCDateTime, articles, metadata, new_id

crawl_runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(128), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),  # ok | interrupted | crashed | timeout
    Column("pages", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    # known articles a feed or sitemap listed but incremental crawling did not refetch
    Column("known", Integer, nullable=False, default=0),
    Column("alerts", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    Column("error_kinds", JSON, nullable=False),  # {"http_403": 2, "timeout": 1, ...}
    # pages that looked like articles, and why those not stored were lost
    Column("article_like", Integer, nullable=False, default=0, server_default="0"),
    Column("lost", JSON, nullable=True),  # {"too_short": 22, "language": 3}
)
Index("ix_crawl_runs_source_started", crawl_runs.c.source, crawl_runs.c.started_at)

_TIMEOUTS = ("TimeoutError", "TCPTimedOutError", "DownloadTimeoutError", "ResponseNeverReceived")
# a body cut short: Scrapy's data-loss error (spiders/integrity.py counts its own as truncated)
_TRUNCATED = ("ResponseDataLossError",)


def error_kind(stat_key: str) -> str | None:
    """The `error_kinds` key a Scrapy stat counts towards, or None when it is no error."""
    if stat_key.startswith("spider/errors/"):
        kind = stat_key.removeprefix("spider/errors/")
        return "timeout" if kind in _TIMEOUTS else "truncated" if kind in _TRUNCATED else kind
    return {
        "extract/dropped/blocked": "blocked",
        "extract/dropped/unparsable": "parse",
        "spider/unparsable": "parse",
        "extract/dropped/error": "extract",
        "store/errors": "store",
        "robots/unavailable": "robots_unavailable",  # spiders/robots.py: host not crawled
        "frontier/errors": "frontier",  # distributed: Redis failed a queue/take/renewal
    }.get(stat_key)


def lost_reason(stat_key: str) -> str | None:
    """Why a page that looked like an article was not stored, for a Scrapy stat:
    its extraction outcome (`too_short`, `non_article`), `language`, `store`."""
    if stat_key.startswith("extract/lost/"):
        return stat_key.removeprefix("extract/lost/")
    if stat_key.startswith("language/dropped/"):
        return "language"
    return "store" if stat_key == "store/errors" else None


@dataclass
class RunCounts:
    """What one source's crawl did, read from its Scrapy stats."""

    pages: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    known: int = 0
    alerts: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    article_like: int = 0  # pages that looked like articles (stored or not)
    lost: Counter[str] = field(default_factory=Counter)  # why those not stored were lost

    @property
    def errors(self) -> int:
        return sum(self.error_kinds.values())

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> RunCounts:
        def n(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        counts = cls(pages=n("response_received_count") - n("robotstxt/response_count"),
                     new=n("store/new"),
                     updated=n("store/updated"), unchanged=n("store/unchanged"),
                     skipped=n("extract/dropped/non_article") + n("extract/dropped/too_short"),
                     known=n("incremental/skipped"), alerts=n("alerts/fired"))
        for key in stats:
            kind = error_kind(key)
            if kind is not None:
                counts.error_kinds[kind] += n(key)
            reason = lost_reason(key)
            if reason is not None:
                counts.lost[reason] += n(key)
        counts.article_like = n("extract/articles") + sum(
            n(k) for k in stats if k.startswith("extract/lost/"))
        return counts


def record_run(engine: Engine, source: str, started_at: datetime, ended_at: datetime,
               status: str, counts: RunCounts) -> int:
    with engine.begin() as conn:
        return new_id(conn.execute(insert(crawl_runs).values(
            source=source, started_at=started_at, ended_at=ended_at, status=status,
            pages=counts.pages, new=counts.new, updated=counts.updated,
            unchanged=counts.unchanged, skipped=counts.skipped, known=counts.known,
            alerts=counts.alerts,
            errors=counts.errors, error_kinds=dict(sorted(counts.error_kinds.items())),
            article_like=counts.article_like, lost=dict(sorted(counts.lost.items())),
        )))


# A run that never crawled: it waited too long for another crawl's archive lock
# (`rasad schedule`). Recorded, shown, and never taken as the source's last crawl.
LOCK_TIMEOUT = "lock_timeout"


def last_runs(engine: Engine) -> dict[str, dict[str, Any]]:
    """The newest run of every source that has one, by source name (lock waits
    that timed out are not runs of the source: see `last_lock_timeouts`)."""
    newest = (select(crawl_runs.c.source, func.max(crawl_runs.c.id).label("id"))
              .where(crawl_runs.c.status != LOCK_TIMEOUT)
              .group_by(crawl_runs.c.source).subquery())
    q = select(crawl_runs).join(newest, newest.c.id == crawl_runs.c.id)
    with engine.connect() as conn:
        return {r.source: dict(r._mapping) for r in conn.execute(q)}


def last_lock_timeouts(engine: Engine) -> dict[str, datetime]:
    """When each source last gave up waiting for the archive lock."""
    q = (select(crawl_runs.c.source, func.max(crawl_runs.c.started_at))
         .where(crawl_runs.c.status == LOCK_TIMEOUT).group_by(crawl_runs.c.source))
    with engine.connect() as conn:
        return {source: when for source, when in conn.execute(q)}


def stored_shares(engine: Engine, source: str, before_id: int, *, min_like: int,
                  limit: int = 20) -> list[float]:
    """Of the pages that looked like articles, the share stored, in each of the
    newest `limit` runs of `source` before run `before_id` that saw `min_like`."""
    stored = crawl_runs.c.new + crawl_runs.c.updated + crawl_runs.c.unchanged
    q = (select(stored, crawl_runs.c.article_like)
         .where(crawl_runs.c.source == source, crawl_runs.c.id < before_id,
                crawl_runs.c.status != LOCK_TIMEOUT, crawl_runs.c.article_like >= min_like)
         .order_by(crawl_runs.c.id.desc()).limit(limit))
    with engine.connect() as conn:
        return [min(1.0, got / like) for got, like in conn.execute(q)]


def run_counts(engine: Engine) -> dict[str, int]:
    """How many runs each source has had (lock waits that timed out not counted)."""
    q = (select(crawl_runs.c.source, func.count()).where(crawl_runs.c.status != LOCK_TIMEOUT)
         .group_by(crawl_runs.c.source))
    with engine.connect() as conn:
        return {source: int(n) for source, n in conn.execute(q)}


def article_times(engine: Engine, source: str, limit: int = 200) -> list[datetime]:
    """When the newest `limit` articles of `source` were first seen, newest first."""
    q = (select(articles.c.first_seen_at).where(articles.c.source == source)
         .order_by(articles.c.first_seen_at.desc()).limit(limit))
    with engine.connect() as conn:
        return list(conn.execute(q).scalars())


def published_times(engine: Engine, source: str, limit: int = 200) -> list[datetime]:
    """Publication times of the newest `limit` dated articles of `source`, newest
    first; an article dated by its day alone counts at the start of that day
    (Syria time): gaps between days are what the stale threshold learns there."""
    q = (select(articles.c.published_at, articles.c.published_date)
         .where(articles.c.source == source, articles.c.published_date.is_not(None))
         .order_by(articles.c.published_date.desc(), articles.c.published_at.desc())
         .limit(limit))
    with engine.connect() as conn:
        return [at or datetime.combine(day, time(), SYRIA_TZ).astimezone(UTC)
                for at, day in conn.execute(q)]


def mark_since(engine: Engine, source: str, moment: datetime, status: str, kind: str) -> int:
    """Set `status` on the runs of `source` started since `moment`, counting error `kind`
    once on each; returns how many rows there were."""
    with engine.begin() as conn:
        rows = conn.execute(select(crawl_runs.c.id, crawl_runs.c.error_kinds).where(
            crawl_runs.c.source == source, crawl_runs.c.started_at >= moment)).all()
        for row in rows:
            kinds = {**(row.error_kinds or {}), kind: 1}
            conn.execute(update(crawl_runs).where(crawl_runs.c.id == row.id).values(
                status=status, error_kinds=kinds, errors=sum(kinds.values())))
    return len(rows)
