"""`rasad schedule` with several sources and a busy archive: the sources due at a
tick crawl in one child; run_timeout counts from the archive lock held; a lock
wait has its own limit (`lock_timeout`) and status, and never makes a source broken."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from crawler.app.demo import SiteServer, build_site, load_articles
from storage.lock import ArchiveLock
from tests.cli import run_rasad
from tests.daemon import daemon_until, rows, write_config


def _one_source(tmp_path: Path, server: SiteServer, schedule: str) -> tuple[Path, Path]:
    """(config, database) of source "s" crawled every second; an archive made by a
    first crawl."""
    site = server.mount(build_site(server.base_url, load_articles()[:4], "tv", name="s"))
    db = tmp_path / "a.db"
    config = write_config(tmp_path / "r.toml", db, site.feed_url, schedule=schedule,
                          extra_crawl='download_delay = 0\nschedule = "* * * * * *"')
    assert run_rasad("crawl", "--config", str(config)).returncode == 0
    return config, db


def test_sources_due_together_crawl_in_one_child_and_none_times_out(tmp_path: Path) -> None:
    arts = load_articles()
    with SiteServer() as one, SiteServer(host="127.0.0.2") as two:
        a = one.mount(build_site(one.base_url, arts[:6], "tv", name="a"))
        b = two.mount(build_site(two.base_url, arts[6:12], "sy24", name="b"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, a.feed_url, source="a",
                              extra_crawl='download_delay = 0.3\nschedule = "*/2 * * * * *"',
                              schedule="run_timeout = 60")
        config.write_text(config.read_text(encoding="utf-8")
                          + f'[[sources]]\nname = "b"\nstart_urls = ["{b.feed_url}"]\n',
                          encoding="utf-8")
        err = daemon_until(config, lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 4,
                           180, "two runs of each source")
    started = re.findall(r"run (\w+): started \(pid (\d+)", err)
    pids = {}
    for source, pid in started:
        pids.setdefault(pid, set()).add(source)
    assert list(pids.values())[:2] == [{"a", "b"}, {"a", "b"}], started  # one child each tick
    runs = rows(db, "SELECT source, status, new FROM crawl_runs ORDER BY id")
    assert {r[1] for r in runs} <= {"ok", "interrupted"}, runs
    assert {(r[0], r[2] > 0) for r in runs[:2]} == {("a", True), ("b", True)}
    status = run_rasad("status", "--config", str(config), "--check")
    assert status.returncode == 0, status.stdout


def test_run_timeout_counts_from_the_lock_held(tmp_path: Path) -> None:
    """Another crawl holds the archive for longer than run_timeout: the scheduled run
    waits for it, then crawls, and is recorded ok (never `timeout`)."""
    with SiteServer() as server:
        config, db = _one_source(tmp_path, server, "run_timeout = 10\nlock_timeout = 120")
        held = ArchiveLock(f"sqlite:///{db}")
        held.acquire()
        threading.Timer(14, held.release).start()  # the scheduled run waits all this time
        err = daemon_until(config, lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 2,
                           120, "the scheduled run after the lock was released")
    runs = rows(db, "SELECT status FROM crawl_runs ORDER BY id")
    assert runs[1] == ("ok",), (runs, err[-2000:])
    assert "timeout" not in {r[0] for r in runs}


def test_a_lock_wait_past_lock_timeout_is_its_own_status_not_broken(tmp_path: Path) -> None:
    with SiteServer() as server:
        config, db = _one_source(tmp_path, server, "run_timeout = 60\nlock_timeout = 2")
        with ArchiveLock(f"sqlite:///{db}"):
            err = daemon_until(config, lambda: bool(rows(
                db, "SELECT id FROM crawl_runs WHERE status = 'lock_timeout'")), 120,
                "a lock wait timing out")
        status = run_rasad("status", "--config", str(config), "--check")
    assert "run s: lock_timeout: another crawl held the archive" in err
    assert rows(db, "SELECT status, errors FROM crawl_runs ORDER BY id")[:2] == [
        ("ok", 1), ("lock_timeout", 0)]  # the first run's error: the feed's missing article
    assert status.returncode == 0, status.stdout
    assert "  ok: last new article" in status.stdout
    assert "gave up waiting for another crawl's archive lock" in status.stdout
    assert "(ok," in status.stdout.splitlines()[0]  # the last run shown is the real one
