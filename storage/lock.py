"""One crawl per archive at a time: `rasad crawl` is safe under system cron.

SQLite: an exclusive `flock` on `<database>.lock` next to the database file.
PostgreSQL (and other servers): a session-level `pg_try_advisory_lock` held on
a dedicated connection. Both are released by the operating system or the server
when the process dies, so a crashed crawl never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from crawler.core.text.redact import redact_url
from storage.engine import (
    StorageError,
    describe,
    make_engine,
    sqlite_path,
    sqlite_read_only_url,
)


class ArchiveLocked(Exception):
    """Another crawl holds the archive; str() is a one-line message."""


def _lock_id(url: str, purpose: str = "crawl") -> int:
    """A stable signed 64-bit advisory-lock key for this archive and purpose."""
    digest = hashlib.sha256(f"rasad-{purpose}:{url}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class ArchiveLock:
    """`with ArchiveLock(url, wait=False):` raises ArchiveLocked when held elsewhere.

    `purpose` names independent locks on one archive: "crawl" (one crawl at a time)
    and "schedule" (one `rasad schedule` daemon at a time).
    """

    def __init__(self, url: str, *, wait: bool = False, poll: float = 0.5,
                 timeout: float | None = None, purpose: str = "crawl") -> None:
        self.url = url
        self.purpose = purpose
        self.wait = wait
        self.poll = poll
        self.timeout = timeout
        parsed = make_url(url)
        self.display = redact_url(url)
        self._file: IO[str] | None = None
        self._conn: Any = None
        self._engine: Any = None
        self.path: Path | None = None
        if parsed.get_backend_name() == "sqlite":
            database = sqlite_path(url)  # also of a `file:` URI
            if database is None:
                return  # a private in-memory archive needs no lock
            suffix = ".lock" if purpose == "crawl" else f".{purpose}.lock"
            self.path = database.resolve().with_name(database.name + suffix)

    def acquire(self) -> None:
        if why := sqlite_read_only_url(self.url):  # only writers lock: say so before trying
            raise StorageError(f"cannot write archive {self.display}: {why}")
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while not self._try():
            if not self.wait or (deadline is not None and time.monotonic() > deadline):
                raise ArchiveLocked(self.message())
            time.sleep(self.poll)

    def message(self) -> str:
        if self.purpose == "crawl":
            return (f"another crawl is running on archive {self.display}; "
                    "exiting (use --wait to wait for it)")
        return f"another rasad {self.purpose} is running on archive {self.display}; exiting"

    def _try(self) -> bool:
        if self.path is not None:
            return self._try_file(self.path)
        if make_url(self.url).get_backend_name() == "sqlite":
            return True
        return self._try_advisory()

    def _try_file(self, path: Path) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held while locked)
        except OSError as exc:
            raise StorageError(f"cannot lock archive {self.display}: cannot create "
                               f"{exc.filename or path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def _try_advisory(self) -> bool:
        if self._engine is None:
            self._engine = make_engine(self.url)
        try:
            conn = self._engine.connect()
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                    {"k": _lock_id(self.url, self.purpose)}).scalar())
        except SQLAlchemyError as exc:
            raise describe(exc, self.display, None, "lock") from None
        conn.commit()
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"),
                                   {"k": _lock_id(self.url, self.purpose)})
                self._conn.commit()
            except DBAPIError as exc:
                if not exc.connection_invalidated:
                    raise  # a lost session (server restart) lost its lock with it
            self._conn.close()
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> ArchiveLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
