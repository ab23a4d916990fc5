"""Engines for the archive: one-line errors, SQLite pragmas, and write transactions
that exclude every other writer of the same archive.

Failures are one line naming the database or file and the cause: a
`StorageError` is for the user to fix (exit 2); `ArchiveUnavailable`, a
database server that cannot be reached (exit 1: the run could not happen).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from crawler.core.text.redact import redact_url


class StorageError(Exception):
    """The archive cannot be opened or used; str() is a one-line message. A user
    error (exit 2): a bad URL, a missing, read-only or unwritable archive."""


class ArchiveUnavailable(StorageError):
    """The database server cannot be reached (down, refusing connections)."""


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


def unreachable(url: str, exc: BaseException) -> StorageError:
    """The archive cannot be reached or opened: one line (the driver's message
    may span several)."""
    return describe(exc, display_url(url), sqlite_path(url), "open")


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None: not SQLite, or in memory), also
    of a URI filename (`sqlite:///file:/srv/rasad.db?mode=ro&uri=true`)."""
    parsed = parse_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if _is_uri(parsed) and database.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        split = urlsplit(database)  # file:path, file:///path, file://localhost/path
        path = unquote(split.path)
        return None if path in ("", ":memory:") else Path(path).expanduser()
    return Path(database).expanduser()


def _is_uri(parsed: URL) -> bool:
    return str(parsed.query.get("uri", "")).lower() in ("1", "true", "yes", "on")


def sqlite_read_only_url(url: str) -> str:
    """Why a SQLite URL opens its file read-only (`mode=ro`, `immutable=1`), or ''."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not _is_uri(parsed):
        return ""
    if parsed.query.get("mode") == "ro":
        return "the URL opens it read-only (mode=ro)"
    if str(parsed.query.get("immutable", "")).lower() in ("1", "true", "yes", "on"):
        return "the URL opens it read-only (immutable=1)"
    return ""


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for the archive at `url`. A SQLite file is never created by a
    reader (`readonly`): it must exist. A writer refuses a SQLite URL that opens
    the file read-only (`mode=ro`), before trying to write."""
    parsed = parse_url(url)
    path = sqlite_path(url)
    if not readonly and (why := sqlite_read_only_url(url)):
        raise StorageError(f"cannot write archive {display_url(url)}: {why}")
    if path is not None:
        if readonly and not path.is_file():
            raise StorageError(f"archive {display_url(url)} does not exist: nothing has been "
                               "crawled into it yet")
        if not readonly:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create the folder of archive {display_url(url)}: "
                                   f"{exc.strerror}: {exc.filename}") from None
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


# -- failures as one line -------------------------------------------------------
def first_line(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL echo and background link, one line."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def _sqlite_hint(cause: str, path: Path) -> str:
    """Which file or folder is to blame for a SQLite open or write failure."""
    if "readonly" in cause or "unable to open" in cause:
        return unwritable(path) or (f"the folder {path.parent} does not exist"
                                    if not path.parent.is_dir() else "")
    return ""


def unwritable(path: Path) -> str:
    """Why SQLite could not write the archive file `path`, or '' (checked with the
    permissions, without writing): the file, or the folder it needs for
    `<name>-wal` and `<name>-shm`, is read-only."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path} is read-only"
    folder = path.parent
    journal = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    if folder.is_dir() and not os.access(folder, os.W_OK) and not all(
            j.exists() and os.access(j, os.W_OK) for j in journal):
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
    if hint.startswith("the folder") and doing == "read":
        hint += (f"; while nothing writes to it, sqlite:///file:{path}?immutable=1&uri=true "
                 "reads it without them")
    return StorageError(f"cannot {doing} archive {display}: "
                        + (f"{hint} ({cause})" if hint else cause))
