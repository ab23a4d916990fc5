"""`rasad schedule` in continuous mode: the real daemon, real crawl workers, local sites.

One long-lived worker process serves poll after poll; a quiet poll is one
conditional GET that stores nothing; a new article is alerted to a real webhook
receiver; intervals grow while a source is quiet and shrink when it publishes;
a worker over its memory limit, or hung, is replaced and the polls go on.
No timed assertions: the tests wait for events with deadlines.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import signal
import subprocess
from pathlib import Path

from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.app.demo.corpus import Article
from crawler.app.demo.site import Site
from crawler.app.pacing import Pacer
from tests.cli import run_rasad
from tests.daemon import rows, start_daemon, wait_for, write_config
from tests.servers import WebhookReceiver

ARABIC = [a for a in load_articles() if a.language == "ar"]


def serve(server: SiteServer, articles: list[Article]) -> Site:
    """Mount a site of `articles` whose feed carries an ETag (conditional GET)."""
    site = server.mount(build_site(server.base_url, articles, "tv", name="s"))
    feed = server.routes["/feed/"]
    etag = '"' + hashlib.sha256(feed.body).hexdigest()[:16] + '"'
    server.routes["/feed/"] = dataclasses.replace(feed, headers={**feed.headers, "ETag": etag})
    return site


def continuous(tmp_path: Path, site: Site, *, schedule: str = "", crawl: str = "",
               channels: str = "") -> tuple[Path, Path]:
    db = tmp_path / "a.db"
    config = write_config(
        tmp_path / "r.toml", db, site.feed_url,
        extra_crawl=crawl or "download_delay = 0",
        schedule='mode = "continuous"\nmin_interval = 0.5\nmax_interval = 3\n' + schedule,
        channels=channels)
    return config, db


def started_pids(stderr: str) -> list[int]:
    return [int(p) for p in re.findall(r"run s: started \(pid (\d+), worker", stderr)]


def intervals(stderr: str) -> list[float]:
    return [float(x) for x in re.findall(r"source s: next poll in ([\d.]+)s", stderr)]


def stop(daemon: subprocess.Popen[str]) -> str:
    daemon.send_signal(signal.SIGTERM)
    _, err = daemon.communicate(timeout=120)
    assert daemon.returncode == 0, err[-3000:]
    return str(err)


def test_one_worker_polls_again_and_again_and_alerts_a_new_article(tmp_path: Path) -> None:
    with SiteServer() as server, WebhookReceiver() as hook:
        site = serve(server, ARABIC[:3])
        config, db = continuous(
            tmp_path, site,
            channels=f'[alerts]\nmax_age_hours = 0\n'
                     f'[[channels]]\ntype = "webhook"\nurl = "{hook.url}"\n')
        daemon = start_daemon(config)
        try:
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 4, 120,
                     "four polls")
            quiet_from = len(rows(db, "SELECT id FROM crawl_runs"))
            server.clear_requests()
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= quiet_from + 2,
                     120, "two more quiet polls")
            quiet_log = list(server.log)
            posts_before = len(hook.requests)
            site = serve(server, ARABIC[:4])  # the outlet publishes one more report
            new_url = next(u for u in site.articles if site.articles[u].slug == ARABIC[3].slug)
            wait_for(lambda: any(new_url.encode() in p.body
                                 for p in hook.requests[posts_before:]),
                     120, "the new article's alert at the webhook")
        finally:
            err = stop(daemon)
    pids = started_pids(err)
    assert len(pids) >= 6 and len(set(pids)) == 1  # one worker process served every poll
    assert pids[0] != os.getpid()
    runs = rows(db, "SELECT status, new, pages, errors FROM crawl_runs ORDER BY id")
    assert all(r[0] == "ok" for r in runs)
    assert runs[0][1] == 3
    # a quiet poll: the feed only, asked conditionally, answered 304, nothing stored
    feed_asks = [r for r in quiet_log if r.path == "/feed/"]
    assert feed_asks and all("If-None-Match" in r.headers for r in feed_asks)
    assert {r.path for r in quiet_log} == {"/feed/"}  # robots.txt kept, no article fetched
    quiet = rows(db, f"SELECT new, updated, pages FROM crawl_runs WHERE id > {quiet_from}"
                     " AND id <= " + str(quiet_from + 2))
    assert quiet == [(0, 0, 1), (0, 0, 1)]
    # the new report was stored once and alerted once, its run counted it
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]
    assert any(r[1] == 1 for r in runs)
    alerted = [p for p in hook.requests if new_url.encode() in p.body]
    assert len(alerted) == len(rows(db, "SELECT a.id FROM alerts a JOIN articles r ON "
                                        "r.id = a.article_id WHERE r.url = '" + new_url + "'"))
    # intervals: they grew while quiet (up to max_interval), a poll with news halved it
    steps = intervals(err)
    assert max(steps) == 3.0
    grew = [b > a for a, b in zip(steps, steps[1:], strict=False)]
    assert any(grew)
    news_poll = next(i for i, r in enumerate(runs) if i > 0 and r[1] > 0)
    assert steps[news_poll] < steps[news_poll - 1]


def test_a_worker_over_its_memory_limit_is_replaced_and_polls_go_on(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = serve(server, ARABIC[:2])
        config, db = continuous(tmp_path, site, schedule="worker_max_memory_mb = 1")
        daemon = start_daemon(config)
        try:
            wait_for(lambda: len(rows(db, "SELECT id FROM daemon_events")) >= 2
                     and len(rows(db, "SELECT id FROM crawl_runs")) >= 2, 180,
                     "two replacements and two polls")
        finally:
            err = stop(daemon)
        status = run_rasad("status", "--config", str(config))
    assert "over worker_max_memory_mb 1" in err and "replaced: memory" in err
    assert len(set(started_pids(err))) >= 2  # the polls went on in new workers
    assert {r[0] for r in rows(db, "SELECT status FROM crawl_runs")} == {"ok"}  # none lost
    assert {r[0] for r in rows(db, "SELECT reason FROM daemon_events")} == {"memory"}
    assert re.search(r"crawl workers replaced in the last 24 h: \d+ \(memory: \d+\)",
                     status.stdout), status.stdout


def test_a_hung_worker_is_killed_its_poll_recorded_and_the_next_runs(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = serve(server, ARABIC)
        # a slow first crawl (19 articles, 0.5 s apart): there is time to freeze it
        config, db = continuous(tmp_path, site, crawl="download_delay = 0.5",
                                schedule="worker_hang_seconds = 10")
        daemon = start_daemon(config)
        lines: list[str] = []
        try:
            assert daemon.stderr is not None
            for line in daemon.stderr:
                lines.append(line)
                if "run s: started (pid" in line:
                    break
            pid = started_pids("".join(lines))[0]
            wait_for(lambda: len(server.requests) >= 3, 60, "the crawl under way")
            os.kill(pid, signal.SIGSTOP)  # the worker hangs: no heartbeat from now on
            wait_for(lambda: rows(db, "SELECT status FROM crawl_runs WHERE status = 'ok'")
                     != [], 180, "a poll after the hung one")
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, more = daemon.communicate(timeout=120)
            err = "".join(lines) + (more or "")
        assert daemon.returncode == 0, err[-3000:]
    assert "killed: no heartbeat" in err and "replaced: hang" in err
    runs = rows(db, "SELECT status, error_kinds FROM crawl_runs ORDER BY id")
    assert runs[0][0] == "timeout" and json.loads(runs[0][1]) == {"worker_hang": 1}
    assert "ok" in [r[0] for r in runs[1:]]
    pids = started_pids(err)
    assert pids[0] == pid and pid not in pids[1:]  # the next poll ran in a new worker
    assert rows(db, "SELECT reason FROM daemon_events") == [("hang",)]


def test_intervals_adapt_between_their_bounds() -> None:
    pacer = Pacer({"busy": (10.0, 80.0), "quiet": (10.0, 80.0)}, backoff=2.0, now=0.0)
    now = 0.0
    assert sorted(pacer.due(now + 10)) == ["busy", "quiet"]
    for _ in range(6):
        now += 10
        busy = pacer.finished("busy", 2, now)
        quiet = pacer.finished("quiet", 0, now)
        pacer.due(now + 100)
    assert busy == 10.0 and quiet == 80.0  # the bounds hold
    pacer.finished("quiet", 1, now)
    assert pacer.interval("quiet") == 40.0  # news halves it
    pacer.finished("quiet", -1, now)
    assert pacer.interval("quiet") == 80.0  # a failed poll backs off


def test_sigterm_stops_the_workers_cleanly_and_the_poll_is_interrupted(tmp_path: Path) -> None:
    with SiteServer() as server, WebhookReceiver() as hook:
        site = serve(server, ARABIC)
        config, db = continuous(
            tmp_path, site, crawl="download_delay = 0.4", schedule="stop_grace = 0",
            channels=f'[alerts]\nmax_age_hours = 0\n'
                     f'[[channels]]\ntype = "webhook"\nurl = "{hook.url}"\n')
        daemon = start_daemon(config)
        try:
            wait_for(lambda: bool(rows(db, "SELECT id FROM articles LIMIT 1")), 120,
                     "the first stored article")
        finally:
            err = stop(daemon)
        posts = len(hook.requests)
    assert "forwarding SIGTERM" in err and "daemon stopped" in err
    assert rows(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < len(ARABIC)
    # nothing half-stored, every alert delivered before the worker exited
    n_alerts = rows(db, "SELECT count(*) FROM alerts")[0][0]
    assert rows(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'") == [(n_alerts,)]
    assert posts == n_alerts
    assert rows(db, "SELECT id FROM daemon_events") == []  # a stop is no replacement


def test_a_source_with_its_own_cron_runs_on_it_in_the_workers(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = serve(server, ARABIC[:2])
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl='download_delay = 0\nschedule = "0 0 1 1 *"',
                              schedule='mode = "continuous"')
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace('name = "s"\n', 'name = "s"\nschedule = "* * * * * *"\n'),
                          encoding="utf-8")
        daemon = start_daemon(config)
        try:
            wait_for(lambda: len(rows(db, "SELECT id FROM crawl_runs")) >= 3, 120,
                     "three cron runs")
        finally:
            err = stop(daemon)
    assert "source s: scheduled '* * * * * *'" in err
    assert "next poll" not in err  # not paced: [crawl] schedule unused, its own cron kept
    assert "with 1 jobs and 0 paced sources" in err
    assert len(set(started_pids(err))) == 1
    assert {r[0] for r in rows(db, "SELECT status FROM crawl_runs")} == {"ok"}
