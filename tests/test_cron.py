"""Cron expressions mean what they mean in crontab (APScheduler 3 counts week days
from Monday; crawler/core/cron.py translates), plus an optional leading seconds field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.core.cron import cron_trigger, valid_cron

SATURDAY = datetime(2026, 11, 21, tzinfo=UTC)


def _fires(expr: str, n: int = 4) -> list[str]:
    trigger, now, out = cron_trigger(expr, "UTC"), SATURDAY, []
    for _ in range(n):
        now = trigger.get_next_fire_time(None, now)
        out.append(now.strftime("%a %H:%M:%S"))
        now += timedelta(seconds=1)
    return out


@pytest.mark.parametrize(("expr", "days"), [
    ("0 9 * * 0", ["Sun"] * 4),
    ("0 9 * * 7", ["Sun"] * 4),
    ("0 9 * * 1-5", ["Mon", "Tue", "Wed", "Thu"]),
    ("0 9 * * 0-2", ["Sun", "Mon", "Tue", "Sun"]),
    ("0 9 * * 6,0", ["Sat", "Sun", "Sat", "Sun"]),
    ("0 9 * * mon-fri", ["Mon", "Tue", "Wed", "Thu"]),
])
def test_week_days_follow_crontab(expr: str, days: list[str]) -> None:
    assert [f.split()[0] for f in _fires(expr)] == days


def test_five_fields_fire_on_the_minute_six_fields_on_seconds() -> None:
    assert _fires("*/30 * * * *", 2) == ["Sat 00:00:00", "Sat 00:30:00"]
    assert _fires("*/10 * * * * *", 3) == ["Sat 00:00:00", "Sat 00:00:10", "Sat 00:00:20"]


def test_time_zone_is_applied() -> None:
    fire = cron_trigger("0 9 * * *", "Asia/Damascus").get_next_fire_time(None, SATURDAY)
    assert fire.astimezone(UTC).hour == 6  # 09:00 in Damascus (UTC+3)


@pytest.mark.parametrize(("expr", "problem"), [
    ("often", "5 fields"), ("* * * *", "5 fields"), ("61 * * * *", "invalid cron"),
    ("0 9 * * 8", "days are 0-7"), ("0 9 32 * *", "invalid cron"),
])
def test_bad_expressions_are_one_line_errors(expr: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        valid_cron(expr)
