"""Distributed crawling on the real Redis and PostgreSQL, with real worker processes.

Two `rasad worker` processes share one frontier (a per-test Redis key prefix)
and one PostgreSQL archive (a fresh schema). On a local site of 500 articles
every article page is fetched once in total, stored once and alerted once (to a
real webhook receiver). Then, on a second site, one worker is SIGKILLed
mid-crawl: its leased requests go back to the frontier and the other worker
finishes: all 500 stored once, alerted once; the pages fetched twice are at
most what the dead worker held.
"""

from __future__ import annotations

import json
import pickle
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from crawler.app.demo import Site, SiteServer, build_site, generate_articles
from tests.cli import run_rasad, start_rasad
from tests.servers import WebhookReceiver

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 500
PLACES = ["دمشق", "حلب", "حمص", "حماة", "اللاذقية", "طرطوس", "درعا", "السويداء", "إدلب",
          "الرقة", "دير الزور", "الحسكة", "القامشلي", "منبج", "عفرين", "تدمر"]
LEASE = 3.0  # seconds: a killed worker's requests go back within about this
CONCURRENCY = 8


def write_config(path: Path, archive: str, redis_url: str, prefix: str, hook: str,
                 sites: dict[str, Site]) -> Path:
    sources = "".join(f'[[sources]]\nname = "{name}"\nstart_urls = ["{site.sitemap_url}"]\n'
                      for name, site in sites.items())
    path.write_text(f"""
[storage]
url = "{archive}"
[crawl]
distributed = "{redis_url}"
distributed_prefix = "{prefix}"
worker_lease = {LEASE}
download_delay = 0
autothrottle = false
concurrency_per_domain = {CONCURRENCY}
max_pages = 0
[alerts]
default_rules = false
max_age_hours = 0
[[rules]]
name = "anywhere"
any = {json.dumps(PLACES, ensure_ascii=False)}
[[channels]]
type = "webhook"
url = "{hook}"
{sources}""", encoding="utf-8")
    return path


def rasad(*args: str) -> subprocess.CompletedProcess[str]:
    return run_rasad(*args, timeout=60)


def start_worker(config: Path, log: Path) -> subprocess.Popen[str]:
    with open(log, "w", encoding="utf-8") as out:
        return start_rasad("-v", "worker", "--config", str(config), stdout=out,
                           stderr=subprocess.STDOUT)


def wait_for(what: str, check: Callable[[], bool], timeout: float,
             workers: list[subprocess.Popen[str]], logs: list[Path],
             state: Callable[[], object] = lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            tails = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs)
            raise AssertionError(f"timed out waiting for {what} ({state()})\n{tails}")
        time.sleep(0.2)


def fetches(server: SiteServer, site: Site) -> Counter[str]:
    """How often each article page of `site` was requested."""
    paths = {url.removeprefix(site.base_url) for url in site.articles}
    with server._lock:
        return Counter(p for p in server.requests if p in paths)


def stored(engine: Engine, source: str) -> tuple[int, int]:
    with engine.connect() as conn:
        rows, urls = conn.execute(text(
            "SELECT count(*), count(DISTINCT url) FROM articles WHERE source = :s"),
            {"s": source}).one()
    return int(rows), int(urls)


def alert_counts(engine: Engine, source: str) -> tuple[int, int, int]:
    """(alerts, distinct stories of the source's articles, `new` counted by crawl_runs)."""
    with engine.connect() as conn:
        alerts = conn.execute(text(
            "SELECT count(*) FROM alerts a JOIN articles r ON r.id = a.article_id "
            "WHERE r.source = :s"), {"s": source}).scalar_one()
        stories = conn.execute(text(
            "SELECT count(DISTINCT story_id) FROM articles WHERE source = :s"),
            {"s": source}).scalar_one()
        new = conn.execute(text("SELECT coalesce(sum(new), 0) FROM crawl_runs "
                                "WHERE source = :s"), {"s": source}).scalar_one()
    return int(alerts), int(stories), int(new)


def all_alerts_and_stories(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (int(conn.execute(text("SELECT count(*) FROM alerts")).scalar_one()),
                int(conn.execute(text("SELECT count(DISTINCT story_id) FROM articles"))
                    .scalar_one()))


def updated(engine: Engine, source: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(sum(updated), 0) FROM crawl_runs "
                                     "WHERE source = :s"), {"s": source}).scalar_one())


def posted(hook: WebhookReceiver, site: Site) -> Counter[str]:
    """Alert ids the webhook received for articles of `site`, with how often."""
    ids: Counter[str] = Counter()
    for post in list(hook.requests):
        body = json.loads(post.body)
        if body["article"]["url"].startswith(site.base_url):
            ids[body["id"]] += 1
    return ids


def frontier_state(server: Any, prefix: str, source: str) -> dict[str, int]:
    state = {k.decode(): int(server.hlen(k)) for k in server.scan_iter(f"{prefix}:inflight:*")}
    return {**state, "queued": int(server.zcard(f"{prefix}:{source}:requests"))}


def frontier_empty(server: Any, prefix: str, source: str) -> bool:
    held = sum(server.hlen(k) for k in server.scan_iter(f"{prefix}:inflight:*"))
    return server.zcard(f"{prefix}:{source}:requests") == 0 and held == 0


def leased_paths(client: Any, prefix: str, worker: str, site: Site) -> set[str]:
    """The paths of `site` whose requests `worker` holds leased (spiders/leasedqueue.py:
    an in-flight value is the queue key, the score and the pickled request)."""
    paths = set()
    for value in client.hvals(f"{prefix}:inflight:{worker}"):
        request = pickle.loads(value.split(b"\n", 2)[2])
        if request["url"].startswith(site.base_url):
            paths.add(request["url"].removeprefix(site.base_url))
    return paths


def _worker_id(client: Any, prefix: str, process: subprocess.Popen[str]) -> str:
    """The registry id of the worker running as `process`."""
    for raw in client.hvals(f"{prefix}:workers"):
        entry = json.loads(raw)
        if entry["pid"] == process.pid:
            return str(entry["id"])
    raise AssertionError(f"worker pid {process.pid} is not in the registry")


def test_workers_share_the_frontier_and_survive_a_kill(
        postgres_url: str, redis_url: str, prefix: str, tmp_path: Path) -> None:
    with SiteServer() as a_server, SiteServer() as b_server, WebhookReceiver() as hook:
        site_a = a_server.mount(build_site(a_server.base_url, generate_articles(ARTICLES),
                                           "jannah", name="a"))
        site_b = b_server.mount(build_site(b_server.base_url,
                                           generate_articles(ARTICLES, seed=1),
                                           "jannah", name="b"))
        assert len(site_a.articles) == len(site_b.articles) == ARTICLES
        config = write_config(tmp_path / "rasad.toml", postgres_url, redis_url, prefix,
                              hook.url, {"a": site_a, "b": site_b})
        assert rasad("db", "upgrade", "--config", str(config)).returncode == 0
        engine = create_engine(postgres_url)
        client = redis.Redis.from_url(redis_url)
        logs = [tmp_path / "worker1.log", tmp_path / "worker2.log"]
        workers = [start_worker(config, log) for log in logs]
        began = time.monotonic()
        try:
            # -- two workers, one site: each effect once ---------------------------
            seeded = rasad("crawl", "--config", str(config), "--source", "a")
            assert seeded.returncode == 0, seeded.stderr
            assert "1 start requests of 1 sources queued" in seeded.stdout
            wait_for("site a stored", lambda: stored(engine, "a")[0] == ARTICLES
                     and frontier_empty(client, prefix, "a"), 90, workers, logs)
            # each worker records its share of the cycle when it goes idle
            wait_for("site a runs recorded", lambda: alert_counts(engine, "a")[2] >= ARTICLES,
                     30, workers, logs)
            a_alerts, a_stories, a_new = alert_counts(engine, "a")
            print(f"site a: {time.monotonic() - began:.1f}s")
            wait_for("site a alerts delivered", lambda: sum(posted(hook, site_a).values())
                     >= a_alerts, 30, workers, logs)
            got = fetches(a_server, site_a)
            assert len(got) == ARTICLES and set(got.values()) == {1}, \
                f"article pages fetched more than once: {[p for p, n in got.items() if n > 1]}"
            assert stored(engine, "a") == (ARTICLES, ARTICLES)
            assert a_new == ARTICLES  # stored as new once each: no worker stored one again
            assert a_alerts == a_stories > ARTICLES // 2  # one alert per story (the rule fits all)
            ids = posted(hook, site_a)
            assert len(ids) == a_alerts and set(ids.values()) == {1}  # each delivered once

            # -- a worker SIGKILLed mid-crawl: nothing lost, still once each -------
            assert rasad("crawl", "--config", str(config), "--source", "b").returncode == 0
            wait_for("site b under way", lambda: sum(fetches(b_server, site_b).values())
                     >= ARTICLES // 10, 60, workers, logs)
            victim, survivor = workers
            victim_id = _worker_id(client, prefix, victim)
            victim.send_signal(signal.SIGKILL)
            victim.wait(10)
            held = leased_paths(client, prefix, victim_id, site_b)  # before its lease expires
            at_kill = sum(fetches(b_server, site_b).values())
            assert at_kill < ARTICLES, "the kill came too late to test anything"
            wait_for("site b stored after the kill", lambda: stored(engine, "b")[0] == ARTICLES
                     and frontier_empty(client, prefix, "b"), 90, [survivor], logs,
                     lambda: (stored(engine, "b"), frontier_state(client, prefix, "b")))
            b_alerts, b_stories, b_new = alert_counts(engine, "b")
            print(f"site b: {time.monotonic() - began:.1f}s")
            wait_for("site b alerts delivered", lambda: sum(posted(hook, site_b).values())
                     >= b_alerts, 30, [survivor], logs)
            got = fetches(b_server, site_b)
            refetched = sum(n - 1 for n in got.values())
            print(f"after the kill: {refetched} article pages fetched again "
                  f"({at_kill} fetched before it; the killed worker held {len(held)})")
            assert len(got) == ARTICLES  # every article fetched
            # only what the dead worker held (leased: in flight or waiting for its
            # pipelines) is fetched again, once; every other page once in total
            assert {p for p, n in got.items() if n > 1} <= held
            assert max(got.values()) <= 2
            assert stored(engine, "b") == (ARTICLES, ARTICLES)
            # a page fetched again was stored unchanged: no article was updated
            assert updated(engine, "b") == 0 and b_new <= ARTICLES
            # one alert per story: a story of site b may be a copy of one site a alerted
            assert b_alerts <= b_stories and b_alerts > ARTICLES // 2
            assert all_alerts_and_stories(engine)[0] == all_alerts_and_stories(engine)[1]
            ids = posted(hook, site_b)
            assert len(ids) == b_alerts and set(ids.values()) == {1}

            # the dead worker shows in status; the live one stops cleanly
            status = rasad("status", "--config", str(config))
            assert "LOST: no heartbeat" in status.stdout, status.stdout
            assert "running since" in status.stdout
            survivor.send_signal(signal.SIGTERM)
            assert survivor.wait(30) == 0
            status = rasad("status", "--config", str(config))
            assert "stopped" in status.stdout and "running since" not in status.stdout
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                    w.wait(10)
            engine.dispose()



def test_a_stopped_worker_puts_back_what_it_holds(
        postgres_url: str, redis_url: str, prefix: str, tmp_path: Path) -> None:
    """SIGTERM mid-crawl: the worker finishes its pages in flight, puts the rest
    back on the frontier and exits 0; the next worker finishes the site."""
    articles = 40
    with SiteServer() as server, WebhookReceiver() as hook:
        site = server.mount(build_site(server.base_url, generate_articles(articles, seed=2),
                                       "jannah", name="c"))
        config = write_config(tmp_path / "rasad.toml", postgres_url, redis_url, prefix,
                              hook.url, {"c": site})
        # a shared delay of 0.3 s per request to the site: the crawl takes a while
        config.write_text(config.read_text(encoding="utf-8").replace(
            "download_delay = 0", "download_delay = 0.3"), encoding="utf-8")
        assert rasad("db", "upgrade", "--config", str(config)).returncode == 0
        engine = create_engine(postgres_url)
        client = redis.Redis.from_url(redis_url)
        logs = [tmp_path / "first.log", tmp_path / "second.log"]
        first = start_worker(config, logs[0])
        second: subprocess.Popen[str] | None = None
        try:
            assert rasad("crawl", "--config", str(config)).returncode == 0
            wait_for("a few articles", lambda: stored(engine, "c")[0] >= 5, 60, [first], logs)
            first.send_signal(signal.SIGTERM)
            assert first.wait(60) == 0
            log = logs[0].read_text(encoding="utf-8")
            queued = int(client.zcard(f"{prefix}:c:requests"))
            assert not list(client.scan_iter(f"{prefix}:inflight:*"))  # nothing still held
            assert 0 < queued and stored(engine, "c")[0] + queued >= articles
            assert "'politeness/waits'" in log  # the shared delay spaced the requests
            second = start_worker(config, logs[1])
            wait_for("the rest by the next worker", lambda: stored(engine, "c")[0] == articles
                     and frontier_empty(client, prefix, "c"), 90, [second], logs)
            got = fetches(server, site)
            assert len(got) == articles and set(got.values()) == {1}  # none twice, none lost
        finally:
            for w in (first, second):
                if w is not None and w.poll() is None:
                    w.kill()
                    w.wait(10)
            engine.dispose()
