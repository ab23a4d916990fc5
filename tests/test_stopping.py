"""Stopping a real `rasad crawl` with SIGTERM or SIGINT (sent to its whole
process group, as the scheduler and a terminal do): it stops fetching at once,
stores the pages in flight with their alerts, records the run `interrupted`,
delivers and exits 128 + the signal; a second signal exits at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.core.text.urls import url_key
from tests.cli import rasad_env
from tests.daemon import rows, wait_for, write_config
from tests.servers import WebhookReceiver

ROOT = Path(__file__).resolve().parents[1]


def _start(config: Path) -> subprocess.Popen[str]:
    """`rasad crawl` in a session of its own (so a signal can go to its group)."""
    import sys

    return subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--config", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=rasad_env(), cwd=ROOT, start_new_session=True)


def _served_articles(server: SiteServer, site_urls: set[str]) -> set[str]:
    return {url_key(server.url(path)) for path in server.requests} & site_urls


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_finishes_the_pages_in_flight_within_seconds(
        tmp_path: Path, sig: signal.Signals) -> None:
    arabic = [a for a in load_articles() if a.language == "ar"]
    with SiteServer() as server, WebhookReceiver() as hook:
        site = server.mount(build_site(server.base_url, arabic, "tv", name="s"))
        db = tmp_path / "a.db"
        # A polite crawl (2 s between requests): its downloader holds many
        # requests waiting for their turn, which a stop must not wait for.
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl="download_delay = 2.0\nconcurrency_per_domain = 1",
                              # the sample reports are old: let them alert
                              channels=f'[alerts]\nmax_age_hours = 0\n'
                                       f'[[channels]]\ntype = "webhook"\nurl = "{hook.url}"\n')
        crawl = _start(config)
        try:
            wait_for(lambda: bool(rows(db, "SELECT id FROM articles LIMIT 1")), 120,
                     "the first stored article")
            os.killpg(crawl.pid, sig)  # the whole group: workers and writer too
            stopped_at = time.monotonic()
            out, err = crawl.communicate(timeout=60)
            took = time.monotonic() - stopped_at
        finally:
            if crawl.poll() is None:
                os.killpg(crawl.pid, signal.SIGKILL)
        served = _served_articles(server, {url_key(u) for u in site.articles})
        posts = len(hook.requests)
    assert crawl.returncode == 128 + sig, err[-3000:]
    assert took < 8, f"the stop took {took:.1f} s"
    [(status, kinds)] = rows(db, "SELECT status, error_kinds FROM crawl_runs")
    assert status == "interrupted"
    assert not {"extract", "store"} & set(json.loads(kinds))
    assert "(interrupted)" in out
    stored = {url_key(u) for (u,) in rows(db, "SELECT url FROM articles")}
    assert served and served <= stored  # every page fetched before the stop is stored
    assert len(stored) < len(site.articles)  # the rest was not fetched
    n_alerts = rows(db, "SELECT count(*) FROM alerts")[0][0]
    assert n_alerts > 0
    assert rows(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'") == [(n_alerts,)]
    assert posts == n_alerts  # stored with their alerts, and delivered


def test_a_second_signal_exits_at_once_and_still_records_the_run(tmp_path: Path) -> None:
    arabic = [a for a in load_articles() if a.language == "ar"]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, arabic, "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl="download_delay = 2.0\nconcurrency_per_domain = 1")
        crawl = _start(config)
        try:
            wait_for(lambda: bool(rows(db, "SELECT id FROM articles LIMIT 1")), 120,
                     "the first stored article")
            os.killpg(crawl.pid, signal.SIGTERM)
            time.sleep(0.05)
            os.killpg(crawl.pid, signal.SIGTERM)
            stopped_at = time.monotonic()
            _, err = crawl.communicate(timeout=60)
            took = time.monotonic() - stopped_at
        finally:
            if crawl.poll() is None:
                os.killpg(crawl.pid, signal.SIGKILL)
    assert crawl.returncode == 128 + signal.SIGTERM, err[-3000:]
    assert took < 5, f"the forced stop took {took:.1f} s"
    assert rows(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
