"""`rasad schedule`: the real daemon, per-second cron, real crawl children, local sites."""

from __future__ import annotations

import re
import signal
from pathlib import Path

from crawler.app.demo import SiteServer, build_site, load_articles
from tests.cli import run_rasad
from tests.daemon import rows, start_daemon, wait_for, write_config
from tests.servers import WebhookReceiver


def _events(stderr: str) -> list[tuple[str, str]]:
    """(event, pid-or-source) for each run start and end the daemon logged, in order."""
    out = []
    for line in stderr.splitlines():
        m = re.search(r"run (\S+): (started|finished|timeout|crashed)", line)
        if m:
            out.append((m.group(2), m.group(1)))
    return out


def test_per_second_cron_runs_repeatedly_and_never_overlaps(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:8], "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl='download_delay = 0.2\nschedule = "* * * * * *"')
        daemon = start_daemon(config)
        try:
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 3, 120,
                     "three runs")
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, err = daemon.communicate(timeout=120)
    assert daemon.returncode == 0, err[-3000:]
    runs = rows(db, "SELECT status, new, unchanged + known, started_at, ended_at "
                    "FROM crawl_runs ORDER BY id")
    assert runs[0][0] == "ok" and runs[0][1] > 0
    assert all(r[0] in ("ok", "interrupted") for r in runs)
    # later runs: nothing new, every article known (unchanged, or not refetched)
    assert all(r[1] == 0 and r[2] == runs[0][1] for r in runs[1:3])
    events = [e for e, _ in _events(err)]
    assert events[:6] == ["started", "finished"] * 3  # one crawl child at a time
    assert "skipped: its previous run is still queued or running" in err  # due while running
    assert rows(db, "SELECT id FROM apscheduler_jobs") == [("s",)]  # persistent job store


def test_sigterm_mid_crawl_finishes_in_flight_work_and_exits_0(tmp_path: Path) -> None:
    corpus = load_articles()
    with SiteServer() as server, WebhookReceiver() as hook:
        site = server.mount(build_site(server.base_url, corpus, "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(
            tmp_path / "r.toml", db, site.feed_url,
            extra_crawl='download_delay = 0.4\nschedule = "* * * * * *"',
            schedule="stop_grace = 0",
            channels=f'[[channels]]\ntype = "webhook"\nurl = "{hook.url}"\n')
        daemon = start_daemon(config)
        try:
            wait_for(lambda: bool(rows(db, "SELECT id FROM articles LIMIT 1")), 120,
                     "the first stored article")
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, err = daemon.communicate(timeout=120)
        posts = len(hook.requests)
    assert daemon.returncode == 0, err[-3000:]
    assert "forwarding SIGTERM" in err and "daemon stopped" in err
    assert rows(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < sum(1 for a in site.articles.values() if a.language == "ar")
    # nothing half-stored: every article has its story, every alert its delivery, all sent
    assert rows(db, "SELECT count(*) FROM articles WHERE story_id IS NULL OR body = ''") \
        == [(0,)]
    n_alerts = rows(db, "SELECT count(*) FROM alerts")[0][0]
    assert rows(db, "SELECT count(*) FROM deliveries") == [(n_alerts,)]
    assert rows(db, "SELECT count(*) FROM deliveries WHERE status != 'sent'") == [(0,)]
    assert posts == n_alerts


def test_a_hanging_crawl_is_stopped_and_the_daemon_goes_on(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles(), "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl='download_delay = 1.0\nschedule = "* * * * * *"',
                              schedule="run_timeout = 4")
        daemon = start_daemon(config)
        try:
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 2, 120,
                     "two timed-out runs")
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, err = daemon.communicate(timeout=120)
    assert daemon.returncode == 0, err[-3000:]
    runs = rows(db, "SELECT status, error_kinds FROM crawl_runs ORDER BY id")
    assert [r[0] for r in runs[:2]] == ["timeout", "timeout"]
    assert '"run_timeout": 1' in runs[0][1]
    assert "run s: timeout" in err


def test_a_crashing_crawl_is_recorded_and_the_daemon_goes_on(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:2], "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl='download_delay = 0\nschedule = "* * * * * *"')
        good = config.read_text(encoding="utf-8")
        daemon = start_daemon(config)
        try:
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 1, 120, "a run")
            config.write_text(good + "\n[crawl\n", encoding="utf-8")  # children now fail
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs WHERE status = "
                                          "'crashed'")) >= 2, 120, "two crashed runs")
            config.write_text(good, encoding="utf-8")
            wait_for(lambda: rows(db, "SELECT status FROM crawl_runs ORDER BY id DESC "
                                      "LIMIT 1") == [("ok",)], 120, "a good run again")
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, err = daemon.communicate(timeout=120)
    assert daemon.returncode == 0, err[-3000:]
    assert "run s: crashed" in err and "(exit 2)" in err
    crashed = rows(db, "SELECT error_kinds FROM crawl_runs WHERE status = 'crashed'")
    assert crashed[0] == ('{"crashed": 1}',)


def test_a_second_daemon_on_the_same_archive_exits_at_once(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    config = write_config(tmp_path / "r.toml", db, "http://127.0.0.1:9/feed",
                          extra_crawl='schedule = "0 0 1 1 *"')
    daemon = start_daemon(config)
    try:
        wait_for(lambda: bool(rows(db, "SELECT id FROM apscheduler_jobs")), 60,
                 "the first daemon's job")
        second = run_rasad("schedule", "--config", str(config), timeout=60)
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, err[-2000:]
    assert second.returncode == 75
    assert "rasad: another rasad schedule is running on archive sqlite:///" in second.stderr
