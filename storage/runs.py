"""The `crawl_runs` table: one row per source per crawl, with its outcome counts.

Rows are written from each source's Scrapy stats when its crawl ends (or by the
scheduler when a crawl child crashes or times out), and read by `rasad status`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
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
    }.get(stat_key)


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

    @property
    def errors(self) -> int:
        return sum(self.error_kinds.values())

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
        )))


def last_runs(engine: Engine) -> dict[str, dict[str, Any]]:
    """The newest run of every source that has one, by source name."""
    newest = (select(crawl_runs.c.source, func.max(crawl_runs.c.id).label("id"))
              .group_by(crawl_runs.c.source).subquery())
    q = select(crawl_runs).join(newest, newest.c.id == crawl_runs.c.id)
    with engine.connect() as conn:
        return {r.source: dict(r._mapping) for r in conn.execute(q)}


def article_times(engine: Engine, source: str, limit: int = 200) -> list[datetime]:
    """When the newest `limit` articles of `source` were first seen, newest first."""
    q = (select(articles.c.first_seen_at).where(articles.c.source == source)
         .order_by(articles.c.first_seen_at.desc()).limit(limit))
    with engine.connect() as conn:
        return list(conn.execute(q).scalars())


def published_times(engine: Engine, source: str, limit: int = 200) -> list[datetime]:
    """Publication times of the newest `limit` dated articles of `source`, newest first."""
    q = (select(articles.c.published_at).where(articles.c.source == source,
                                               articles.c.published_at.is_not(None))
         .order_by(articles.c.published_at.desc()).limit(limit))
    with engine.connect() as conn:
        return list(conn.execute(q).scalars())


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
