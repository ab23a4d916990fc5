"""A Rasad config for tests that crawl one local site as source `s`, and a way
to read the SQLite archive it names (`<tmp>/archive.db` unless `storage`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def write_config(tmp: Path, feed: str, *, alerts: str = "max_age_hours = 0",
                 channels: str = "", storage: str | None = None) -> Path:
    """`<tmp>/rasad.toml`: source `s` at `feed`, no delay, `[alerts]` and
    `[[channels]]` as given (by default: alerts of any age, no channel)."""
    path = tmp / "rasad.toml"
    url = storage or f"sqlite:///{tmp / 'archive.db'}"
    path.write_text(f"""
[storage]
url = "{url}"
[crawl]
download_delay = 0
concurrency_per_domain = 4
[alerts]
{alerts}
[[sources]]
name = "s"
start_urls = ["{feed}"]
{channels}
""", encoding="utf-8")
    return path


def webhook(url: str, name: str | None = None) -> str:
    """A `[[channels]]` webhook entry (3 s timeout)."""
    named = f'name = "{name}"\n' if name else ""
    return f'[[channels]]\ntype = "webhook"\n{named}url = "{url}"\ntimeout = 3\n'


def rows(tmp: Path, sql: str) -> list[tuple]:
    """The rows of `sql` on `<tmp>/archive.db`."""
    with sqlite3.connect(tmp / "archive.db") as conn:
        return conn.execute(sql).fetchall()
