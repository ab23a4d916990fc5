"""Helpers for scheduler tests: a config for one local site and the real daemon."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.cli import start_rasad


def write_config(path: Path, db: Path, start_url: str, *, extra_crawl: str = "",
                 schedule: str = "", channels: str = "", source: str = "s") -> Path:
    path.write_text(f"""
[storage]
url = "sqlite:///{db}"
[crawl]
autothrottle = false
{extra_crawl}
[schedule]
{schedule}
[[sources]]
name = "{source}"
start_urls = ["{start_url}"]
{channels}
""", encoding="utf-8")
    return path


def start_daemon(config: Path) -> subprocess.Popen[str]:
    return start_rasad("schedule", "--config", str(config))


def rows(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # table not created yet
            return []


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


def daemon_until(config: Path, check: Callable[[], bool], timeout: float, what: str) -> str:
    """Run the real daemon until `check()` holds, stop it with SIGTERM; its stderr
    (it must have exited 0)."""
    import signal

    daemon = start_daemon(config)
    try:
        wait_for(check, timeout, what)
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=120)
    assert daemon.returncode == 0, err[-3000:]
    return err
