"""The parts of distributed crawling on the real Redis: leased queue, expiring
duplicate filter, shared politeness, seeding, and the one-line errors.

(tests/test_distributed.py runs real workers end to end.)"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from scrapy import Request

from crawler.app.seeding import SEEDER, seed
from crawler.core.config import ConfigError, RasadConfig, parse_config
from spiders.cycle import CYCLE
from spiders.dupefilter import ExpiringDupeFilter
from spiders.frontier import FrontierKeys, redis_client
from spiders.leasedqueue import (
    LEASE,
    LeasedQueue,
    alive_key,
    inflight_key,
    reclaim,
    reclaim_dead,
)
from spiders.news import NewsSpider
from spiders.politeness import SharedDelayMiddleware
from tests.cli import run_rasad

ROOT = Path(__file__).resolve().parents[1]


def _config(redis_url: str, prefix: str, **crawl: Any) -> RasadConfig:
    return parse_config({
        "storage": {"url": "postgresql+psycopg://postgres@127.0.0.1:5432/test"},
        "crawl": {"distributed": redis_url, "distributed_prefix": prefix, **crawl},
        "sources": [{"name": "one", "start_urls": ["http://127.0.0.1:9/feed",
                                                   "http://127.0.0.1:9/sitemap.xml"]}]})


def _spider(config: RasadConfig) -> NewsSpider:
    spider = NewsSpider(source="one")
    spider.source = config.sources[0]
    return spider


def _queue(server: Any, config: RasadConfig, worker: str) -> LeasedQueue:
    prefix = config.crawl.distributed_prefix
    return LeasedQueue(server, _spider(config), FrontierKeys(prefix, "one").requests,
                       prefix=prefix, worker=worker, lease_seconds=5)


def _request(spider: NewsSpider, url: str, priority: int = 0) -> Request:
    return Request(url, callback=spider.parse, errback=spider.on_error, priority=priority)


@pytest.mark.redis
def test_a_pop_is_leased_until_done_and_a_dead_workers_leases_go_back(
        redis_url: str, prefix: str) -> None:
    config = _config(redis_url, prefix)
    server = redis_client(redis_url)
    a, b = _queue(server, config, "a"), _queue(server, config, "b")
    for i, url in enumerate(["http://x.test/1", "http://x.test/2", "http://x.test/3"]):
        a.push(_request(a.spider, url, priority=i))
    first = a.pop()
    assert first is not None and first.url == "http://x.test/3"  # highest priority first
    assert first.callback == a.spider.parse  # the spider's method, restored
    assert server.hlen(inflight_key(prefix, "a")) == 1 and len(a) == 2
    a.done(first.meta[LEASE])
    assert server.hlen(inflight_key(prefix, "a")) == 0
    held = a.pop()
    assert held is not None and held.url == "http://x.test/2"
    # while a's lease lives nobody takes its request; once it lapses, anyone puts it back
    assert reclaim(server, prefix, "a") == -1
    assert reclaim_dead(server, prefix, me="b") == 0
    server.delete(alive_key(prefix, "a"))  # a died: its lease expired
    assert reclaim_dead(server, prefix, me="b") == 1
    assert server.hlen(inflight_key(prefix, "a")) == 0 and len(b) == 2
    again = b.pop()
    assert again is not None and again.url == "http://x.test/2"  # with its priority
    # a stop puts back what was not fetched
    assert b.put_back([again.meta[LEASE]]) == 1 and len(b) == 2


@pytest.mark.redis
def test_a_lease_expires_by_itself(redis_url: str, prefix: str) -> None:
    config = _config(redis_url, prefix)
    server = redis_client(redis_url)
    queue = LeasedQueue(server, _spider(config), FrontierKeys(prefix, "one").requests,
                        prefix=prefix, worker="short", lease_seconds=1)
    queue.push(_request(queue.spider, "http://x.test/a"))
    assert queue.pop() is not None
    assert 0 < server.pttl(alive_key(prefix, "short")) <= 1000
    deadline = time.monotonic() + 10
    while reclaim_dead(server, prefix) == 0:
        assert time.monotonic() < deadline, "the lease never expired"
        time.sleep(0.1)
    assert len(queue) == 1


@pytest.mark.redis
def test_fingerprints_expire_after_the_recrawl_window(redis_url: str, prefix: str) -> None:
    server = redis_client(redis_url)
    key = f"{prefix}:one:seen"
    window = 0.5
    df = ExpiringDupeFilter(server, key, window)
    other = ExpiringDupeFilter(server, key, window)  # another worker
    page = Request("http://x.test/page?b=2&a=1")
    assert df.request_seen(page) is False
    assert other.request_seen(Request("http://x.test/page?a=1&b=2")) is True  # canonical
    for i in range(50):
        df.request_seen(Request(f"http://x.test/{i}"))
    assert df.size() == 51
    assert 0 < server.pttl(key) <= window * 1000  # an abandoned set goes away
    time.sleep(window + 0.2)
    # the window passed: the page may be fetched again, and the old ones are trimmed
    assert other.request_seen(page) is False
    assert df.size() == 1
    df.close()
    assert server.exists(key)  # closing one worker's filter keeps the shared set


@pytest.mark.redis
def test_the_download_delay_is_shared_across_workers(redis_url: str, prefix: str) -> None:
    server = redis_client(redis_url)
    one = SharedDelayMiddleware(server, prefix, 2.0, crawler=None)  # type: ignore[arg-type]
    two = SharedDelayMiddleware(server, prefix, 2.0, crawler=None)  # type: ignore[arg-type]
    assert one.wait_ms("http://site.test/a") == 0
    # the next request to the host, from any worker, waits its turn after the first
    assert 1000 < two.wait_ms("http://site.test/b") <= 2000
    assert 3000 < one.wait_ms("http://SITE.test:8080/c") <= 4000
    assert two.wait_ms("http://other.test/") == 0  # another host has its own pace


@pytest.mark.redis
def test_seeding_queues_the_start_requests_once_per_cycle(redis_url: str,
                                                           prefix: str) -> None:
    config = _config(redis_url, prefix)
    assert seed(config, config.sources) == 2
    assert seed(config, config.sources) == 0  # the last seeding still waits
    server = redis_client(redis_url)
    queue = _queue(server, config, "w")
    popped = [queue.pop() for _ in range(2)]
    assert {r.url for r in popped if r} == {"http://127.0.0.1:9/feed",
                                            "http://127.0.0.1:9/sitemap.xml"}
    assert not server.exists(inflight_key(prefix, SEEDER))
    time.sleep(1.1)  # the next cycle (seedings are stamped to the second)
    assert seed(config, config.sources) == 2  # taken by a worker: seeded again
    again = queue.pop()
    assert again is not None and again.meta[CYCLE] > popped[0].meta[CYCLE]  # type: ignore[union-attr]


@pytest.mark.redis
def test_a_link_is_recorded_and_queued_in_one_step(redis_url: str, prefix: str) -> None:
    config = _config(redis_url, prefix)
    server = redis_client(redis_url)
    queue = _queue(server, config, "w")
    df = ExpiringDupeFilter(server, f"{prefix}:one:seen", 3600)
    link = _request(queue.spider, "http://x.test/report", priority=7)
    link.meta["rasad_via"] = "feed"
    assert df.seen_else_queue(link, queue) is False
    assert df.seen_else_queue(link.replace(), queue) is True  # found again: not queued
    assert len(queue) == 1
    popped = queue.pop()
    assert popped is not None and popped.url == link.url and popped.priority == 7


@pytest.mark.redis
def test_discovery_pages_once_per_cycle_articles_once_per_window(redis_url: str,
                                                                  prefix: str) -> None:
    df = ExpiringDupeFilter(redis_client(redis_url), f"{prefix}:one:seen", 3600)
    sitemap = Request("http://x.test/sitemap-1.xml", meta={CYCLE: 1})
    article = Request("http://x.test/2024/report", meta={CYCLE: 1, "rasad_via": "sitemap"})
    assert not df.request_seen(sitemap) and not df.request_seen(article)
    assert df.request_seen(sitemap.replace()) and df.request_seen(article.replace())
    # the next seeding reads the sitemap again; the article waits for its window
    assert not df.request_seen(sitemap.replace(meta={CYCLE: 2}))
    assert df.request_seen(article.replace(meta={CYCLE: 2, "rasad_via": "feed"}))


def test_distributed_needs_a_redis_url() -> None:
    with pytest.raises(ConfigError, match=r"crawl.distributed: .*Redis URL"):
        parse_config({"crawl": {"distributed": "http://127.0.0.1:6379"}}, "x.toml")


def test_worker_refuses_sqlite_and_a_missing_frontier(tmp_path: Path) -> None:
    plain = tmp_path / "plain.toml"
    plain.write_text('[[sources]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n')
    out = run_rasad("worker", "--config", str(plain), timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"rasad: error: {plain}: crawl.distributed: not set (the Redis URL of the shared "
        "frontier, e.g. redis://127.0.0.1:6379/0)"]
    lite = tmp_path / "lite.toml"
    lite.write_text('[crawl]\ndistributed = "redis://127.0.0.1:6379/0"\n'
                    + plain.read_text())
    out = run_rasad("worker", "--config", str(lite), timeout=60)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "storage.url: distributed crawling needs a PostgreSQL archive, not SQLite" \
        in out.stderr


@pytest.mark.postgres
def test_an_unreachable_frontier_is_one_line(tmp_path: Path, postgres_url: str) -> None:
    config = tmp_path / "down.toml"
    config.write_text(f'[storage]\nurl = "{postgres_url}"\n[crawl]\n'
                      'distributed = "redis://127.0.0.1:9/0"\n'
                      '[[sources]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n')
    for command in ("worker", "crawl"):
        out = run_rasad(command, "--config", str(config), timeout=60)
        assert out.returncode == 1, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "redis://127.0.0.1:9/0" in lines[0], lines
    # `rasad crawl` only seeds: options of a crawl made here are refused, not ignored
    out = run_rasad("crawl", "--config", str(config), "--no-alerts", timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"rasad: error: {config}: crawl.distributed is set: `rasad crawl` only seeds the "
        "shared frontier, so --no-alerts cannot apply (the workers crawl)"]


def test_the_compose_file_runs_postgres_redis_a_scheduler_and_workers() -> None:
    compose = yaml.safe_load((ROOT / "docs" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"postgres", "redis", "scheduler", "worker"} <= set(services)
    assert services["scheduler"]["command"][:1] == ["schedule"]
    assert services["worker"]["command"][:1] == ["worker"]
    assert services["worker"]["deploy"]["replicas"] >= 2
    for name in ("scheduler", "worker"):
        needs = services[name]["depends_on"]
        assert {"postgres", "redis"} <= set(needs)
    # the config the services mount is valid and names both servers
    text = (ROOT / "docs" / "rasad-distributed.toml").read_text(encoding="utf-8")
    parsed = parse_config(tomllib.loads(text), "docs/rasad-distributed.toml")
    assert parsed.crawl.distributed == "redis://redis:6379/0"
    assert "@postgres:5432/" in parsed.storage.url


@pytest.mark.postgres
@pytest.mark.redis
def test_the_scheduler_seeds_the_due_sources_instead_of_crawling(
        tmp_path: Path, postgres_url: str, redis_url: str, prefix: str) -> None:
    from tests.daemon import daemon_until

    config = tmp_path / "rasad.toml"
    config.write_text(f'[storage]\nurl = "{postgres_url}"\n[crawl]\n'
                      f'distributed = "{redis_url}"\ndistributed_prefix = "{prefix}"\n'
                      'schedule = "*/1 * * * * *"\n'
                      '[[sources]]\nname = "one"\nstart_urls = ["http://127.0.0.1:9/feed"]\n')
    server = redis_client(redis_url)
    queue = FrontierKeys(prefix, "one").requests
    first: list[float] = []

    def seeded_twice() -> bool:  # seeded, and a few due times later still one request
        if not first and server.zcard(queue) >= 1:
            first.append(time.monotonic())
        return bool(first) and time.monotonic() > first[0] + 2.5

    err = daemon_until(config, seeded_twice, 60, "seeded start requests")
    assert err.count("seed: source one: 1 start requests queued") == 1, err[-2000:]
    # due every second, but its start request still waits for a worker: not queued again
    assert "seed: source one: its last seeding still waits for a worker" in err
    assert server.zcard(queue) == 1
    assert "run one" not in err  # no crawl child was started
