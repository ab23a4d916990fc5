"""Which rule matches of a stored article may fire alerts: new reports only.

A source's first crawl (or a sitemap reaching back years) finds many old
reports. They are stored and matched like any other, but an article fires
alerts only when it is new: published within `max_age_hours` of now (`[alerts]
max_age_hours`), or, when it has no date, first seen by Rasad within it. A
date printed without a time counts by its day: that day must not be older
than the cutoff's day. `rasad crawl --no-alerts` stores without alerting.

What a gate holds back is not recorded as an alert, so the story can still
alert later (a fresh copy of it, published within the limit, does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

TOO_OLD = "too_old"
NO_ALERTS = "no_alerts"


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
