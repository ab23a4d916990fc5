"""Cron expressions for `rasad schedule`, parsed by APScheduler's CronTrigger.

Five fields are standard crontab (`minute hour day month day_of_week`). Six
fields add a leading seconds field (`*/10 * * * * *`: every ten seconds), for
tests and fast local monitoring. Week days mean what they mean in crontab
(0 and 7 are Sunday, 1 Monday); APScheduler 3 counts from Monday, so numbers are
translated to day names before they reach it.
"""

from __future__ import annotations

import re

from apscheduler.triggers.cron import CronTrigger

_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # crontab numbering

FIELDS_HELP = "must be a cron expression with 5 fields (or 6 with leading seconds), " \
    "e.g. '*/30 * * * *'"


def cron_trigger(expr: str, timezone: str = "UTC") -> CronTrigger:
    """The trigger for `expr`; ValueError with a one-line reason when it is invalid."""
    fields = expr.split()
    if len(fields) not in (5, 6):
        raise ValueError(FIELDS_HELP)
    second = fields[0] if len(fields) == 6 else "0"
    minute, hour, day, month, dow = fields[-5:]
    return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                       day_of_week=crontab_weekdays(dow), timezone=timezone)


def crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field with its numbers as day names (APScheduler's
    own numbers start at Monday): '1-5' -> 'mon-fri', '0' -> 'sun', '0-2' -> 'sun,mon-tue'."""
    items = []
    for item in field.split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?(/\d+)?", item)
        if m is None:
            items.append(item)  # '*', '*/2', names
            continue
        first, last, step = int(m[1]), m[2], m[3] or ""
        if first > 7 or (last is not None and int(last) > 7):
            raise ValueError(f"day of week {item!r}: days are 0-7 (0 and 7: Sunday)")
        if last is None:
            items.append(_DAYS[first] + step)
        elif first == 0 and not step:  # a range from Sunday: Sunday, then from Monday on
            items.extend(["sun"] + ([f"mon-{_DAYS[int(last)]}"] if int(last) >= 1 else []))
        elif first == 0:
            raise ValueError(f"day of week {item!r}: start a stepped range at 1 or a name")
        else:
            items.append(f"{_DAYS[first]}-{_DAYS[int(last)]}{step}")
    return ",".join(items)


def valid_cron(expr: str | None) -> str | None:
    """Config validator: the expression unchanged, or ValueError naming the problem."""
    if expr is None:
        return None
    try:
        cron_trigger(expr)
    except ValueError as exc:
        msg = str(exc)
        raise ValueError(msg if msg == FIELDS_HELP else f"invalid cron expression: {msg}") \
            from None
    return expr


def valid_timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as "
                         "'Asia/Damascus')") from None
    return name
