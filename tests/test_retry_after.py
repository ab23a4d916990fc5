"""`Retry-After` honoured up to [crawl] retry_after_max, without holding a
download slot: a real crawl (child process) of a real local site whose pages
answer 429 with `Retry-After`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from scrapy.http import Response

from crawler.app.demo import SiteServer, build_site, load_articles
from spiders.retry import _retry_after
from tests.cli import ROOT

# One download at a time for the whole crawl: a retry that waited inside the
# downloader would stop every other request while it waits.
CRAWL = """
import json, sys
from crawler.core.config import parse_config
from crawler.app.runner import run_crawl
url, feed, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
cfg = parse_config({"storage": {"url": url},
                    "crawl": {"download_delay": 0, "retry_after_max": limit},
                    "sources": [{"name": "s", "start_urls": [feed]}]})
stats = run_crawl(cfg, overrides={"CONCURRENT_REQUESTS": 1}).sources[0].stats
print(json.dumps({k: v for k, v in stats.items()
                  if k.startswith(("retry/", "store/", "spider/errors/"))}))
"""


def crawl(tmp: Path, feed: str, limit: float) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", CRAWL, f"sqlite:///{tmp / 'a.db'}", feed, str(limit)],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]), time.monotonic() - started


def test_retry_after_is_waited_in_full_while_the_other_requests_go_on(tmp_path: Path) -> None:
    articles = [a for a in load_articles() if a.language == "ar"][:8]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, articles, "tv", name="s"))
        paths = site.paths("article")
        for path in paths:  # every article: 429, "come back in 3 s", once
            server.set_failure(path, 429, headers={"Retry-After": "3"})
        arrivals: list[tuple[str, float]] = []
        record = server.record

        def timed(method: str, target: str, headers: dict[str, str]) -> None:
            arrivals.append((target, time.monotonic()))
            record(method, target, headers)

        server.record = timed  # type: ignore[method-assign]
        stats, _ = crawl(tmp_path, site.feed_url, 3600)
    assert stats["store/new"] == len(paths) == 8
    assert stats["retry/count"] == 8
    assert stats["retry/backoff/count"] == 8 and stats["retry/backoff/seconds"] == 24.0
    first = {p: min(t for r, t in arrivals if r == p) for p in paths}
    retry = {p: max(t for r, t in arrivals if r == p) for p in paths}
    # each retry waited the full 3 s the server asked for ...
    assert all(retry[p] - first[p] >= 2.9 for p in paths)
    # ... and the waits overlapped: although only one download may run at a
    # time, no waiting retry held it (waiting inside the downloader would have
    # spread the eight retries over 8 x 3 s).
    assert max(retry.values()) - min(retry.values()) < 10


def test_retry_after_over_the_maximum_is_not_retried(tmp_path: Path) -> None:
    articles = [a for a in load_articles() if a.language == "ar"][:3]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, articles, "tv", name="s"))
        slow = site.paths("article")[0]
        server.set_failure(slow, 429, headers={"Retry-After": "600"})
        stats, took = crawl(tmp_path, site.feed_url, 5)
        hits = [r for r in server.requests if r == slow]
    assert stats["retry/backoff/too_long"] == 1
    assert "retry/count" not in stats and len(hits) == 1  # not asked again in this run
    assert stats["store/new"] == 2  # the others were stored
    assert took < 60  # the crawl did not wait the 600 s


def test_retry_after_as_an_http_date() -> None:
    when = datetime.now(UTC) + timedelta(seconds=120)
    response = Response("http://x.test/", status=429,
                        headers={"Retry-After": format_datetime(when, usegmt=True)})
    assert 110 <= _retry_after(response) <= 120
    assert _retry_after(Response("http://x.test/", headers={"Retry-After": "7"})) == 7.0
    assert _retry_after(Response("http://x.test/", headers={"Retry-After": "soon"})) == 0.0
