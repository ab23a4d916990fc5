"""Cron expressions for `rasad schedule`, parsed by APScheduler's CronTrigger.

Five fields are standard crontab (`minute hour day month day_of_week`). Six
fields add a leading seconds field (`*/10 * * * * *`: every ten seconds), for
tests and fast local monitoring. Week days are safest as names (`mon-fri`):
APScheduler numbers them from Monday (0), unlike crontab.
"""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

FIELDS_HELP = "must be a cron expression with 5 fields (or 6 with leading seconds), " \
    "e.g. '*/30 * * * *'"


def cron_trigger(expr: str, timezone: str = "UTC") -> CronTrigger:
    """The trigger for `expr`; ValueError with a one-line reason when it is invalid."""
    fields = expr.split()
    if len(fields) == 5:
        return CronTrigger.from_crontab(expr, timezone=timezone)
    if len(fields) == 6:
        second, minute, hour, day, month, dow = fields
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=dow, timezone=timezone)
    raise ValueError(FIELDS_HELP)


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
