"""How the CLI turns failures into one line on stderr and an exit code.

Exit codes (README, "Exit codes"): 0 done; 1 the command could not run (a
database server that cannot be reached, a crawl that could not start, an
unexpected failure); 2 a user error (config, arguments, a missing, read-only or
unwritable archive, a URL that cannot be fetched); 75 (EX_TEMPFAIL) another
crawl holds the archive. Tracebacks only with `-vv`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
LOCKED_EXIT = 75  # EX_TEMPFAIL: another crawl holds the archive; cron may simply retry
FAILED_EXIT = 1
USER_EXIT = 2


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"rasad: {message}", err=True)
    sys.exit(code)


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return isinstance(obj, dict) and obj.get("log_level") == "DEBUG"


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def user_errors(func: F) -> F:
    """Turn every failure into one line on stderr and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            handle(exc)

    return wrapper  # type: ignore[return-value]


def handle(exc: Exception) -> NoReturn:
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.app.onboard import FetchError
    from crawler.app.runner import CrawlFailed
    from crawler.app.seeding import FrontierUnavailable
    from crawler.core.config import ConfigError
    from storage.engine import ArchiveUnavailable, StorageError, first_line

    if isinstance(exc, BrokenPipeError):  # `rasad ... | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(FAILED_EXIT)
    if isinstance(exc, ArchiveUnavailable | FrontierUnavailable):
        fail(f"error: {exc}", FAILED_EXIT)
    if isinstance(exc, ConfigError | StorageError | FetchError):
        fail(f"error: {exc}", USER_EXIT)
    if isinstance(exc, CrawlFailed):
        fail(f"crawl could not run: {exc}", FAILED_EXIT)
    if _debugging():
        raise exc
    if isinstance(exc, SQLAlchemyError):
        fail(f"error: the archive failed: {first_line(exc)} (-vv shows the traceback)",
             FAILED_EXIT)
    fail(f"error: {_one_line(exc)} (-vv shows the traceback)", FAILED_EXIT)
