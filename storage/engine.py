"""Engines for the archive: SQLite pragmas, a read-only mode that never creates a
file, and one-line errors for a bad URL, a missing driver or folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from storage.failures import StorageError


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    # Atomic and crash-safe in WAL mode; skips an fsync per commit (a power cut
    # may lose the last commits, never half of one: the outbox stays whole).
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_read_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()  # a reader changes nothing, not even the journal mode
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None: another database, or in memory)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for the archive at `url`. A reader (`readonly`) never creates a
    SQLite file or its folder: the archive must exist."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(f"storage.url: not a database URL: {url!r}") from None
    path = sqlite_path(url)
    if path is not None and readonly and not path.is_file():
        raise StorageError(f"archive {display_url(url)} does not exist: nothing has been "
                           "crawled into it yet (check [storage] url)")
    if path is not None and not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the folder of archive {display_url(url)}: "
                               f"{exc.strerror}: {exc.filename}") from None
    try:
        engine = create_engine(
            parsed, json_serializer=lambda o: json.dumps(o, ensure_ascii=False))
    except (NoSuchModuleError, ImportError) as exc:
        raise StorageError(f"storage.url: no driver for {parsed.drivername!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_read_pragmas if readonly else _sqlite_pragmas)
    return engine
