"""Source-health alerts: an outbox of their own, delivered by `alerts.dispatcher`.

A source turning stale or broken opens a `health_events` row and, in the same
transaction, one `health_deliveries` row per channel; while the event is open no
second one is raised for that source and kind, and when the source is healthy
again the event is resolved (a later relapse raises a new one). Deliveries go
through the same dispatcher as article alerts (retries with backoff, `dead`
after `max_attempts`), shaped like an alert with rule `source-health`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    update,
)

from storage.archive import PendingDelivery
from storage.engine import writing
from storage.schema import (
    UTCDateTime,
    delivery_state_columns,
    metadata,
    new_id,
    record_attempt,
)

HEALTH_RULE = "source-health"

health_events = Table(
    "health_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("source", String(128), nullable=False),
    Column("kind", String(16), nullable=False),  # stale | broken
    Column("reason", Text, nullable=False),
    Column("url", String(2048), nullable=False),  # the source's first start URL
    Column("detected_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime, nullable=True),
)
Index("ix_health_events_source", health_events.c.source, health_events.c.kind)

health_deliveries = Table(
    "health_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("health_events.id"), nullable=False),
    *delivery_state_columns(),
    UniqueConstraint("event_id", "channel", name="uq_health_deliveries_event_channel"),
)


class HealthOutbox:
    deliveries_table = health_deliveries  # leased like the alert outbox (storage.leases)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def update(self, source: str, kind: str, reason: str | None, url: str,
               channels: list[str], now: datetime) -> bool:
        """Open an event (reason given) or resolve the open one (None); True when opened."""
        ev = health_events.c
        with writing(self.engine) as conn:  # two processes never open one episode twice
            open_id = conn.execute(select(ev.id).where(
                ev.source == source, ev.kind == kind, ev.resolved_at.is_(None))).scalar()
            if reason is None:
                if open_id is not None:
                    conn.execute(update(health_events).where(ev.id == open_id)
                                 .values(resolved_at=now))
                return False
            if open_id is not None:
                return False
            key = hashlib.sha256(f"{source}\n{kind}\n{now.isoformat()}".encode()).hexdigest()
            event_id = new_id(conn.execute(insert(health_events).values(
                key=key[:32], source=source, kind=kind, reason=reason, url=url,
                detected_at=now)))
            for channel in channels:
                conn.execute(insert(health_deliveries).values(
                    event_id=event_id, channel=channel, status="pending", attempts=0,
                    next_attempt_at=now))
        return True

    def pending_deliveries(self, now: datetime, channels: list[str] | None = None
                           ) -> list[PendingDelivery]:
        d, ev = health_deliveries.c, health_events.c
        q = (select(d.id, d.channel, d.attempts, ev.id.label("event_id"), ev.key, ev.source,
                    ev.kind, ev.reason, ev.url, ev.detected_at)
             .join(health_events, ev.id == d.event_id)
             .where(d.status == "pending")
             .where(d.next_attempt_at.is_(None) | (d.next_attempt_at <= now))
             .order_by(d.id))
        if channels is not None:
            q = q.where(d.channel.in_(list(channels)))
        with self.engine.connect() as conn:
            return [_as_delivery(r) for r in conn.execute(q)]

    def record_attempt(self, delivery_id: int, *, ok: bool, error: str | None,
                       now: datetime, next_attempt_at: datetime | None, dead: bool) -> None:
        with self.engine.begin() as conn:
            record_attempt(conn, health_deliveries, delivery_id, ok=ok, error=error, now=now,
                           next_attempt_at=next_attempt_at, dead=dead)


def _as_delivery(r: Any) -> PendingDelivery:
    title = f"Rasad: source {r.source} is {r.kind}"
    return PendingDelivery(
        delivery_id=r.id, channel=r.channel, attempts=r.attempts, alert_id=r.event_id,
        alert_key=r.key, rule=HEALTH_RULE, matched=[r.kind], snippet=r.reason,
        created_at=r.detected_at,
        article={"url": r.url, "title": title, "source": r.source, "published_at": None,
                 "language": "en", "body": f"{title}: {r.reason}"})
