"""Retries with exponential backoff (spiders/retry.py) in a real crawl."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scrapy.settings import Settings

from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.core import settings as rasad_settings
from spiders.retry import BackoffRetryMiddleware
from tests.cli import ROOT

CRAWL = """
import json, sys
from crawler.core.config import parse_config
from crawler.app.runner import run_crawl
url, feed = sys.argv[1], sys.argv[2]
cfg = parse_config({"storage": {"url": url}, "crawl": {"download_delay": 0},
                    "sources": [{"name": "s", "start_urls": [feed]}]})
stats = run_crawl(cfg).sources[0].stats
print(json.dumps({k: v for k, v in stats.items() if k.startswith(("retry/", "store/"))}))
"""


def test_backoff_delays_double_and_respect_retry_after() -> None:
    settings = Settings()
    settings.setmodule(rasad_settings)
    mw = BackoffRetryMiddleware(settings)
    assert [mw.delay(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert mw.delay(10) == 30.0  # capped
    assert mw.delay(1, retry_after=5) == 5.0


def test_5xx_is_retried_with_backoff_then_stored(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:2], "tv", name="s"))
        feed_path = site.feed_url.removeprefix(server.base_url)
        server.set_failure(feed_path, 500, times=2)
        proc = subprocess.run(
            [sys.executable, "-c", CRAWL, f"sqlite:///{tmp_path / 'a.db'}", site.feed_url],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        feed_hits = sum(1 for r in server.requests if r == feed_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    assert stats["retry/count"] == 2
    assert stats["retry/backoff/count"] == 2 and stats["retry/backoff/seconds"] == 3.0
    assert stats["store/new"] == 2
    assert feed_hits == 3
