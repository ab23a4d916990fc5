"""The per-archive crawl lock (SQLite file lock, PostgreSQL advisory lock) and the
`rasad crawl` behaviour under cron: a second run exits at once, or waits with --wait."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.app.demo import SiteServer, build_site, load_articles
from storage.lock import ArchiveLock, ArchiveLocked
from tests.cli import ROOT, run_rasad, start_rasad
from tests.daemon import wait_for, write_config


def test_second_lock_on_the_same_archive_is_refused(archive_url: str) -> None:
    with ArchiveLock(archive_url):
        with pytest.raises(ArchiveLocked, match="another crawl is running on archive"):
            ArchiveLock(archive_url).acquire()
        with pytest.raises(ArchiveLocked):
            ArchiveLock(archive_url, wait=True, poll=0.05, timeout=0.3).acquire()
    with ArchiveLock(archive_url):  # released: free again
        pass


def test_lock_is_held_by_a_child_process_and_freed_when_it_dies(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    code = (f"from storage.lock import ArchiveLock; l = ArchiveLock({url!r}); l.acquire(); "
            "print('held', flush=True); import time; time.sleep(60)")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "held"
            with pytest.raises(ArchiveLocked):
                ArchiveLock(url).acquire()
        finally:
            child.kill()  # leaving the with-block waits for it and closes its pipe
    with ArchiveLock(url):  # the OS released the dead process's lock
        pass


def _slow_site_config(tmp_path: Path, server: SiteServer) -> tuple[Path, Path]:
    site = server.mount(build_site(server.base_url, load_articles(), "tv", name="s"))
    db = tmp_path / "a.db"
    return write_config(tmp_path / "r.toml", db, site.feed_url,
                        extra_crawl="download_delay = 1.0"), db


def test_second_crawl_while_one_runs_exits_with_the_lock_message(tmp_path: Path) -> None:
    with SiteServer() as server:
        config, db = _slow_site_config(tmp_path, server)
        first = start_rasad("crawl", "--config", str(config))
        try:
            wait_for(lambda: _locked(f"sqlite:///{db}"), 60, "the first crawl's lock")
            second = run_rasad("crawl", "--config", str(config), timeout=60)
            assert first.poll() is None  # at once: the first crawl still runs
        finally:
            first.terminate()
            first.communicate(timeout=120)
    assert second.returncode == 75
    assert second.stderr.strip().splitlines()[-1].startswith(
        "rasad: another crawl is running on archive sqlite:///")
    assert "use --wait" in second.stderr and second.stdout == ""


def test_crawl_with_wait_runs_after_the_holder_lets_go(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:4], "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl="download_delay = 0")
        lock = ArchiveLock(f"sqlite:///{db}")
        lock.acquire()
        waiting = start_rasad("crawl", "--config", str(config), "--wait")
        time.sleep(3)
        assert waiting.poll() is None  # still waiting
        assert not server.requests  # and fetched nothing
        lock.release()
        out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err[-2000:]
    assert out.startswith("s: ") and " new," in out


def _locked(url: str) -> bool:
    probe = ArchiveLock(url)
    try:
        probe.acquire()
    except ArchiveLocked:
        return True
    probe.release()
    return False


def test_crawl_and_schedule_locks_are_independent(archive_url: str) -> None:
    with ArchiveLock(archive_url, purpose="schedule"):
        with ArchiveLock(archive_url):  # a crawl may run while the daemon holds its lock
            with pytest.raises(ArchiveLocked, match="another rasad schedule is running"):
                ArchiveLock(archive_url, purpose="schedule").acquire()
