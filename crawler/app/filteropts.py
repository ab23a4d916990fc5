"""The filter options `rasad search` and `rasad export` share (storage/query.py
applies them): --source (repeatable), --since, --until, --rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from storage.query import Filters

F = TypeVar("F", bound=Callable[..., Any])
_DAY = click.DateTime(formats=["%Y-%m-%d"])


def filter_options(func: F) -> F:
    """Add --source, --since, --until and --rule to a command."""
    options = [
        click.option("--source", "sources", multiple=True,
                     help="Only this source's articles (repeat for several)."),
        click.option("--since", type=_DAY, help="Published on or after this day "
                     "(YYYY-MM-DD; undated articles: first seen)."),
        click.option("--until", type=_DAY, help="Published on or before this day "
                     "(YYYY-MM-DD; undated articles: first seen)."),
        click.option("--rule", help="Only articles of stories this alert rule fired for."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filters_of(sources: tuple[str, ...], since: datetime | None, until: datetime | None,
               rule: str | None) -> Filters:
    return Filters(sources=tuple(sources), since=since.date() if since else None,
                   until=until.date() if until else None, rule=rule)
