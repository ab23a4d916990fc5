"""Archive failures as one line: which database or file, and what went wrong.

`StorageError` is a problem the user fixes (a bad URL, a missing or read-only
archive, an unwritable folder: exit 2); `ArchiveUnavailable` is a database
server that cannot be reached (exit 1: the run could not happen, try again).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError


class StorageError(Exception):
    """The archive cannot be opened or used; str() is a one-line message."""


class ArchiveUnavailable(StorageError):
    """The database server cannot be reached (down, refusing connections)."""


def first_line(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL echo and background link, one line."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def _sqlite_hint(cause: str, path: Path) -> str:
    """Which file or folder is to blame for a SQLite open or write failure."""
    folder = path.parent
    if "readonly" in cause or "unable to open" in cause:
        if path.exists() and not os.access(path, os.W_OK):
            return f"the file {path} is read-only"
        if not folder.is_dir():
            return f"the folder {folder} does not exist"
        if not os.access(folder, os.W_OK):
            return (f"the folder {folder} is read-only (SQLite needs to write "
                    f"{path.name}-wal and {path.name}-shm beside the archive)")
    return ""


def describe(exc: BaseException, display: str, path: Path | None,
             doing: str = "open") -> StorageError:
    """A one-line error for `exc`, raised while `doing` the archive `display`
    (its SQLite file `path`, or None for a database server)."""
    cause = first_line(exc)
    if path is None and isinstance(exc, OperationalError):
        return ArchiveUnavailable(f"cannot reach database {display}: {cause}")
    if isinstance(exc, OSError):
        cause = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
    hint = _sqlite_hint(cause, path) if path is not None else ""
    return StorageError(f"cannot {doing} archive {display}: "
                        + (f"{hint} ({cause})" if hint else cause))
