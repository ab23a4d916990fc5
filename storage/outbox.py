"""The alert outbox for the `rasad alerts` commands: alerts with their delivery
state, articles seen since a time, requeueing deliveries, and moving a
channel's deliveries to its new name (both outboxes: alerts and source health)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Table, exists, func, select, update

from storage.archive import Archive
from storage.health import health_deliveries
from storage.schema import alerts, articles, deliveries

# Each outbox's delivery table and the column naming what it delivers.
OUTBOXES: tuple[tuple[Table, str], ...] = ((deliveries, "alert_id"),
                                          (health_deliveries, "event_id"))


@dataclass(frozen=True)
class OutboxRow:
    key: str
    rule: str
    created_at: datetime
    title: str
    url: str
    source: str
    matched: list[str]
    channel: str | None  # None: the alert has no delivery (no channel configured)
    status: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None


def list_alerts(archive: Archive, status: str | None = None,
                limit: int = 100) -> list[OutboxRow]:
    """Newest alerts first, one row per alert and channel."""
    q = (select(alerts.c.key, alerts.c.rule, alerts.c.created_at, alerts.c.matched,
                articles.c.title, articles.c.url, articles.c.source,
                deliveries.c.channel, deliveries.c.status, deliveries.c.attempts,
                deliveries.c.last_error, deliveries.c.next_attempt_at, deliveries.c.sent_at)
         .join(articles, articles.c.id == alerts.c.article_id)
         .outerjoin(deliveries, deliveries.c.alert_id == alerts.c.id)
         .order_by(alerts.c.id.desc(), deliveries.c.id).limit(limit))
    if status is not None:
        q = q.where(deliveries.c.status == status)
    with archive.engine.connect() as conn:
        return [OutboxRow(r.key, r.rule, r.created_at, r.title, r.url, r.source,
                          list(r.matched), r.channel, r.status, r.attempts or 0,
                          r.last_error, r.next_attempt_at, r.sent_at)
                for r in conn.execute(q)]


def status_counts(archive: Archive) -> dict[str, int]:
    q = select(deliveries.c.status, func.count()).group_by(deliveries.c.status)
    with archive.engine.connect() as conn:
        return {status: int(n) for status, n in conn.execute(q)}


def articles_since(archive: Archive, since: datetime,
                   batch: int = 500) -> Iterator[dict[str, Any]]:
    """Articles first seen or published since `since`, oldest first, in batches."""
    when = func.coalesce(articles.c.published_at, articles.c.first_seen_at)
    last_id = 0
    while True:
        q = (select(articles.c.id, articles.c.url, articles.c.title, articles.c.body,
                    articles.c.source, articles.c.language, articles.c.published_at,
                    articles.c.story_id)
             .where((when >= since) | (articles.c.first_seen_at >= since))
             .where(articles.c.id > last_id).order_by(articles.c.id).limit(batch))
        with archive.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        if not rows:
            return
        yield from rows
        last_id = rows[-1]["id"]


def channel_states(engine: Engine) -> dict[str, Counter[str]]:
    """Every channel name deliveries are kept under, with its deliveries by state."""
    out: dict[str, Counter[str]] = {}
    with engine.connect() as conn:
        for table, _ in OUTBOXES:
            q = select(table.c.channel, table.c.status, func.count()).group_by(
                table.c.channel, table.c.status)
            for channel, status, n in conn.execute(q):
                out.setdefault(channel, Counter())[status] += int(n)
    return out


def rename_channel(engine: Engine, old: str, new: str) -> int:
    """Move the deliveries kept under channel `old` to `new` (every state), except
    where `new` already has a delivery of the same alert; returns how many moved."""
    moved = 0
    with engine.begin() as conn:
        for table, owner in OUTBOXES:
            other = table.alias("other")
            taken = exists().where(other.c[owner] == table.c[owner], other.c.channel == new)
            moved += conn.execute(update(table).where(table.c.channel == old, ~taken)
                                  .values(channel=new)).rowcount
    return moved


def requeue(engine: Engine, channels: Sequence[str], *, dead: bool,
            now: datetime) -> tuple[int, int]:
    """Make the channels' pending deliveries that wait for a retry due now and,
    with `dead`, put their dead ones back in the queue with a fresh count of
    attempts; returns (pending requeued, dead requeued)."""
    waiting = revived = 0
    with engine.begin() as conn:
        for table, _ in OUTBOXES:
            c = table.c
            waiting += conn.execute(update(table).where(
                c.status == "pending", c.channel.in_(list(channels)), c.next_attempt_at > now)
                .values(next_attempt_at=now)).rowcount
            if dead:
                revived += conn.execute(update(table).where(
                    c.status == "dead", c.channel.in_(list(channels)))
                    .values(status="pending", attempts=0, next_attempt_at=now)).rowcount
    return waiting, revived
