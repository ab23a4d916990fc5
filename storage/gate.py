"""The alerts a stored article fires: new reports only, once per rule and story.

A source's first crawl (or a sitemap reaching back years) finds many old
reports. They are stored and matched like any other, but an article fires
alerts only when it is new: published within `max_age_hours` of now (`[alerts]
max_age_hours`), or, when it has no date, first seen by Rasad within it. A
date printed without a time counts by its day: that day must not be older
than the cutoff's day. `rasad crawl --no-alerts` stores without alerting.

A story fires each rule once, ever (a copy or an edit does not alert again for
a rule its story already fired). What the gate holds back is not recorded as
an alert, so the story can still alert later (a fresh copy of it does). The
alerts and their delivery rows are written in the article's transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from crawler.core.items import ArticleItem
from storage.schema import alerts, deliveries
from storage.upsert import insert_ignoring

TOO_OLD = "too_old"
NO_ALERTS = "no_alerts"

_RULES_OF_STORY = select(alerts.c.rule).where(alerts.c.story_id == bindparam("sid"))
_INSERT_DELIVERY = insert(deliveries)


@dataclass(frozen=True)
class AlertGate:
    enabled: bool = True  # False: `rasad crawl --no-alerts`
    max_age_hours: float = 0.0  # 0: no limit

    def refusal(self, published: date | datetime | None, first_seen: datetime,
                now: datetime) -> str | None:
        """None when the article may alert, else why not (`too_old`, `no_alerts`)."""
        if not self.enabled:
            return NO_ALERTS
        if self.max_age_hours <= 0:
            return None
        cutoff = now - timedelta(hours=self.max_age_hours)
        if published is None:
            recent = first_seen >= cutoff
        elif isinstance(published, datetime):  # (a datetime is also a date)
            recent = published >= cutoff
        else:  # a day without a time
            recent = published >= cutoff.date()
        return None if recent else TOO_OLD


OPEN = AlertGate()  # every match may fire (the archive's default)


def alert_key(rule: str, url: str) -> str:
    """The alert's stable id: the webhook `id` and `Idempotency-Key`."""
    return hashlib.sha256(f"{rule}\n{url}".encode()).hexdigest()[:32]


def publication(item: ArticleItem) -> date | datetime | None:
    """When the article was published: its time, else the calendar day printed
    without a time (`published_date`, where items carry it), else None."""
    if item.published_at is not None:
        return item.published_at
    day = getattr(item, "published_date", None)
    return day if isinstance(day, date) else None


def fire(conn: Connection, item: ArticleItem, article_id: int, story_id: int,
         matches: Sequence[Any], channels: Sequence[str], *, gate: AlertGate,
         first_seen: datetime, now: datetime) -> tuple[int, int, str | None]:
    """Record the alerts the article fires, with a delivery per channel:
    (fired, held back by the gate, why held back)."""
    fresh = _unalerted(conn, story_id, matches)
    why = gate.refusal(publication(item), first_seen, now) if fresh else None
    if why is not None:
        return 0, len(fresh), why
    # One alert per (rule, story), also against a concurrent writer: a row the
    # unique key refuses returns no id, and that rule fired for the story already.
    insert_alert = insert_ignoring(conn, alerts, ["rule", "story_id"]).returning(alerts.c.id)
    fired = 0
    for m in fresh:
        alert_id = conn.execute(insert_alert, {
            "key": alert_key(m.rule, item.url), "rule": m.rule, "article_id": article_id,
            "story_id": story_id, "matched": list(m.terms), "snippet": m.snippet,
            "created_at": now}).scalar()
        if alert_id is None:
            continue
        if channels:
            conn.execute(_INSERT_DELIVERY, [
                {"alert_id": alert_id, "channel": channel, "status": "pending",
                 "attempts": 0, "next_attempt_at": now} for channel in channels])
        fired += 1
    return fired, 0, None


def _unalerted(conn: Connection, story_id: int, matches: Sequence[Any]) -> list[Any]:
    """The matches whose rule the story has not fired yet (one per rule)."""
    if not matches:
        return []
    done = set(conn.execute(_RULES_OF_STORY, {"sid": story_id}).scalars())
    fresh = []
    for m in matches:
        if m.rule not in done:
            fresh.append(m)
            done.add(m.rule)
    return fresh
