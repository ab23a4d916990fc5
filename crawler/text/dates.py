"""Date parsing shared by the spider (feeds, sitemaps) and extraction.

All results are aware UTC datetimes. Naive times are taken in the source time
zone (Syria: UTC+3) and nothing later than `now` is ever returned.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta, timezone

SYRIA_TZ = timezone(timedelta(hours=3), "Asia/Damascus")


def to_utc(dt: datetime, tz: timezone = SYRIA_TZ) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(UTC)


def not_future(dt: datetime | None, now: datetime | None = None) -> datetime | None:
    now = now or datetime.now(UTC)
    if dt is None or dt > now + timedelta(minutes=5):
        return None
    return dt


def parse_iso(value: str, tz: timezone = SYRIA_TZ) -> datetime | None:
    """ISO 8601 (also a bare date, and 'Z')."""
    value = value.strip()
    if not value:
        return None
    try:
        return to_utc(datetime.fromisoformat(value.replace("Z", "+00:00")), tz)
    except ValueError:
        return None


def parse_rfc822(value: str, tz: timezone = SYRIA_TZ) -> datetime | None:
    try:
        return to_utc(email.utils.parsedate_to_datetime(value.strip()), tz)
    except (TypeError, ValueError, IndexError):
        return None


def parse_machine_date(value: str | None, tz: timezone = SYRIA_TZ) -> datetime | None:
    """A machine-readable date from metadata, a feed or a sitemap."""
    if not value:
        return None
    return parse_iso(value, tz) or parse_rfc822(value, tz)
