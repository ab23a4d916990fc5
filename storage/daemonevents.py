"""The `daemon_events` table: what happened to `rasad schedule`'s crawl workers.

Continuous mode (crawler/app/continuous.py) replaces a worker that hung, grew
past its memory limit, ran its number of crawls, ran a crawl past `run_timeout`
or died; each replacement is one row, and `rasad status` shows those of the
last day. A quiet daemon writes nothing here.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, Engine, Float, Index, Integer, String, Table, func, insert, select

from storage.schema import UTCDateTime, metadata

daemon_events = Table(
    "daemon_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("event", String(32), nullable=False),  # worker_replaced
    # hang | memory | max_tasks | run_timeout | crashed
    Column("reason", String(32), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("tasks", Integer, nullable=False),  # crawls the worker had finished
    Column("rss_mb", Float, nullable=False),  # its last reported RSS
    Column("exit_code", Integer, nullable=True),
)
Index("ix_daemon_events_at", daemon_events.c.at)


def record_replacement(engine: Engine, *, pid: int, reason: str, tasks: int, rss_mb: float,
                       exit_code: int | None) -> None:
    with engine.begin() as conn:
        conn.execute(insert(daemon_events).values(
            at=datetime.now(UTC), event="worker_replaced", reason=reason, pid=pid,
            tasks=tasks, rss_mb=round(rss_mb, 1), exit_code=exit_code))


def replacements_since(engine: Engine, hours: float = 24.0) -> Counter[str]:
    """Worker replacements by reason in the last `hours`."""
    since = datetime.now(UTC) - timedelta(hours=hours)
    q = (select(daemon_events.c.reason, func.count())
         .where(daemon_events.c.event == "worker_replaced", daemon_events.c.at >= since)
         .group_by(daemon_events.c.reason))
    with engine.connect() as conn:
        return Counter({reason: int(n) for reason, n in conn.execute(q)})
