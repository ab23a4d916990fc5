"""Engines for the archive: one-line errors, SQLite pragmas, and write transactions
that exclude every other writer of the same archive."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from crawler.core.text.redact import redact_url


class StorageError(Exception):
    """The archive cannot be opened or used; str() is a one-line message."""


# PostgreSQL advisory-lock class of archive writers ("RASD"); the object is the schema.
_WRITE_LOCK_CLASS = 0x52415344


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


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StorageError(f"storage.url: not a database URL: {redact_url(url)!r}") from None


def display_url(url: str) -> str:
    """The URL to print or log: password and secrets redacted."""
    return redact_url(url)


def unreachable(url: str, exc: Exception) -> StorageError:
    """The archive cannot be reached or opened: one line (the driver's message
    may span several)."""
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return StorageError(f"cannot open archive {display_url(url)}: {reason}")


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None: not SQLite, or in memory)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for the archive at `url`. A SQLite file is never created by a
    reader (`readonly`): it must exist."""
    parsed = parse_url(url)
    path = sqlite_path(url)
    if path is not None:
        if readonly and not path.is_file():
            raise StorageError(f"archive {display_url(url)} does not exist: nothing has been "
                               "crawled into it yet")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # pre-ping: a pooled connection the server dropped (a restart) is replaced
        # when it is checked out instead of failing the next statement
        engine = create_engine(
            parsed, json_serializer=lambda o: json.dumps(o, ensure_ascii=False),
            pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise StorageError(f"storage.url: no driver for {parsed.drivername!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_read_pragmas if readonly else _sqlite_pragmas)
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that excludes the archive's other writers until it ends.

    Its reads see every earlier commit and nobody else's write can slip in
    between them and its own, so select-then-insert logic (which story an
    article joins, whether a rule already fired for it) holds with several
    writer processes. SQLite: `BEGIN IMMEDIATE` takes the database's write lock
    at the start (waiting up to the busy timeout) instead of at the first write.
    PostgreSQL: a transaction-level advisory lock on the archive's schema.
    Writes are short, and a crawl has one writer process, so nobody waits long.
    """
    with engine.begin() as conn:
        dialect = conn.dialect.name
        if dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:cls, "
                              "hashtext(coalesce(current_schema(), '')))"),
                         {"cls": _WRITE_LOCK_CLASS})
        yield conn
