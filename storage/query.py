"""Which articles a search or an export covers: one set of filters, applied the
same way by `rasad search` (storage/search.py) and `rasad export` (storage/export.py).

- `sources`: the articles of these sources (any of them);
- `since` / `until`: published on or after / on or before these days (the
  outlet's calendar day, `published_date`); an article without a date counts
  by the UTC day Rasad first saw it (`first_seen_at`);
- `rule`: articles of stories that alert rule fired for (alerts are per story,
  so every copy of an alerted story is included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select

from storage.schema import alerts, articles


@dataclass(frozen=True)
class Filters:
    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    rule: str | None = None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def conditions(filters: Filters) -> list[Any]:
    """The WHERE conditions on `articles` the filters make (empty: every article)."""
    c = articles.c
    out: list[Any] = []
    if filters.sources:
        out.append(c.source.in_(filters.sources))
    if filters.since is not None:
        out.append(or_(c.published_date >= filters.since,
                       and_(c.published_date.is_(None),
                            c.first_seen_at >= _midnight(filters.since))))
    if filters.until is not None:
        out.append(or_(c.published_date <= filters.until,
                       and_(c.published_date.is_(None),
                            c.first_seen_at < _midnight(filters.until + timedelta(days=1)))))
    if filters.rule is not None:
        out.append(c.story_id.in_(select(alerts.c.story_id)
                                  .where(alerts.c.rule == filters.rule)))
    return out


def apply(query: Select[Any], filters: Filters) -> Select[Any]:
    """`query` (which selects from `articles`) restricted by the filters."""
    for condition in conditions(filters):
        query = query.where(condition)
    return query
