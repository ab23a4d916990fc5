"""A self-contained SQLite archive, and consistent copies of a live one.

In WAL mode SQLite keeps recent commits in `<archive>-wal` until a checkpoint
moves them into the database file. `checkpoint()` runs at the end of every
writing command (a crawl, `rasad alerts deliver|retry`), so afterwards the
`.db` file alone is the whole archive. `backup()` copies an archive with
SQLite's online backup API: a consistent snapshot even while a crawl writes,
checked with `PRAGMA quick_check`. A PostgreSQL archive is copied with pg_dump.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from storage.archive import StorageError
from storage.engine import sqlite_path as engine_sqlite_path

log = logging.getLogger("rasad.storage")


def checkpoint(engine: Engine) -> bool:
    """Move every WAL frame into the database file and empty the WAL (SQLite;
    other databases need nothing). False when a reader kept it from finishing."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as conn:
        busy, _log_frames, _moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        log.warning("archive %s: another process is reading it; its newest commits are "
                    "still in the -wal file (the next run moves them)", engine.url.database)
    return not busy


@dataclass(frozen=True)
class BackupResult:
    dest: Path
    articles: int
    alerts: int
    size: int


def sqlite_path(url: str, display: str) -> Path:
    """The database file of an SQLite archive URL; a one-line error otherwise."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StorageError(
            f"archive {display} is {parsed.get_backend_name()}, not SQLite: back it up with "
            "pg_dump (README, \"Backups\")")
    if parsed.database in (None, "", ":memory:"):
        raise StorageError(f"archive {display} is in memory: nothing to back up")
    path = engine_sqlite_path(url)  # also of a `file:…?mode=ro&uri=true` URL
    if path is None:
        raise StorageError(f"archive {display} is in memory: nothing to back up")
    if not path.is_file():
        raise StorageError(f"archive {path} does not exist: nothing to back up")
    return path


def target(source: Path, dest: Path, force: bool, folder_meant: bool = False) -> Path:
    """Where the copy goes (DEST, or a file named like the archive in folder DEST;
    `folder_meant`: DEST was written as a folder, `backups/`, so it must be one)."""
    if folder_meant and not dest.is_dir():
        raise StorageError(f"backup folder {dest} does not exist")
    if dest.is_dir():
        dest = dest / source.name
    folder = dest.parent
    if folder.exists() and not folder.is_dir():
        raise StorageError(f"backup folder {folder} is not a folder")
    if not folder.is_dir():
        raise StorageError(f"backup folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"backup folder {folder} is not writable")
    if dest.exists() and dest.resolve() == source.resolve():
        raise StorageError(f"{dest} is the archive itself; choose another destination")
    if dest.exists() and not force:
        raise StorageError(f"{dest} exists; choose another name or pass --force")
    return dest


def backup(source: Path, dest: Path) -> BackupResult:
    """Copy the archive at `source` to `dest` (written beside it, then renamed)."""
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            out = sqlite3.connect(partial)
            try:
                src.backup(out)  # one step: a consistent snapshot of the archive
                out.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
                check = out.execute("PRAGMA quick_check").fetchone()[0]
                articles = _count(out, "articles")
                alerts = _count(out, "alerts")
            finally:
                out.close()
        finally:
            src.close()
        if check != "ok":
            raise StorageError(f"the copy of {source} failed its integrity check: {check}")
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StorageError(f"cannot back up {source} to {dest}: {reason}") from None
    except StorageError:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(dest, articles, alerts, dest.stat().st_size)


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    except sqlite3.OperationalError:  # an archive without the table (never crawled)
        return 0
