"""How the CLI turns user errors into one line on stderr and an exit code.

Exit codes: 0 done; 1 a crawl that could not run; 2 a user error (config,
archive, arguments); 75 (EX_TEMPFAIL) another crawl holds the archive.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
LOCKED_EXIT = 75  # EX_TEMPFAIL: another crawl holds the archive; cron may simply retry


def user_errors(func: F) -> F:
    """Turn known user errors into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            from crawler.app.runner import CrawlFailed
            from crawler.core.config import ConfigError
            from storage.archive import StorageError

            if isinstance(exc, ConfigError | StorageError):
                click.echo(f"rasad: error: {exc}", err=True)
                sys.exit(2)
            if isinstance(exc, CrawlFailed):
                click.echo(f"rasad: crawl could not run: {exc}", err=True)
                sys.exit(1)
            raise

    return wrapper  # type: ignore[return-value]
