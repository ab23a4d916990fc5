"""Seeding the shared frontier: the due sources' start requests go to Redis.

In distributed mode (`[crawl] distributed`) nothing crawls in the scheduler's
process: `rasad schedule` (and `rasad crawl`) call `seed(config, sources)`, which
pushes each source's start requests (feeds, sitemaps, listings) into the
source's queue on the shared frontier (spiders/frontier.py), where any
`rasad worker` takes them. Start requests bypass the duplicate filter (they are
fetched every cycle, with conditional GET) and are stamped with the seeding's
time (spiders/cycle.py): the sitemaps and listings they lead to are fetched once
per seeding, the article pages once per re-crawl window (spiders/dupefilter.py).
A source whose last seeding still waits for a worker is not seeded again.
Seeding first puts back the requests of workers whose lease has expired, so a
frontier whose workers all died is whole again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from crawler.core.config import ConfigError, RasadConfig, SourceConfig
from crawler.core.text.redact import redact_url

log = logging.getLogger("rasad.schedule.seed")
SEEDER = "seeder"


class FrontierUnavailable(Exception):
    """The Redis of the shared frontier cannot be reached; str() is one line."""


def require_distributed(config: RasadConfig) -> str:
    """The frontier's Redis URL; a one-line ConfigError when distributed crawling
    is off, or the archive is SQLite (one file cannot be shared by the workers of
    several machines, and its single writer would serialise them all)."""
    from sqlalchemy.engine import make_url

    url = config.crawl.distributed
    if not url:
        raise ConfigError(f"{config.path}: crawl.distributed: not set (the Redis URL of "
                          "the shared frontier, e.g. redis://127.0.0.1:6379/0)")
    if make_url(config.database_url).get_backend_name() == "sqlite":
        raise ConfigError(f"{config.path}: storage.url: distributed crawling needs a "
                          f"PostgreSQL archive, not SQLite ({redact_url(config.database_url)})")
    return url


def frontier_client(config: RasadConfig) -> object:
    """A client of the frontier's Redis, checked to answer."""
    import redis

    from spiders.frontier import redis_client

    url = require_distributed(config)
    client = redis_client(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise FrontierUnavailable(f"cannot reach the shared frontier {redact_url(url)}: "
                                  f"{exc}") from None
    return client


def seed(config: RasadConfig, sources: Sequence[SourceConfig]) -> int:
    """Push the start requests of `sources` to the shared frontier; how many."""
    import redis

    from spiders.leasedqueue import reclaim_dead

    server = frontier_client(config)
    cycle = int(time.time())
    pushed = 0
    try:
        back = reclaim_dead(server, config.crawl.distributed_prefix)
        if back:
            log.warning("seed: %d requests of stopped workers put back on the frontier", back)
        for source in sources:
            pushed += _seed_source(server, config, source, cycle)
    except redis.RedisError as exc:
        raise FrontierUnavailable(f"seeding the shared frontier "
                                  f"{redact_url(config.crawl.distributed or '')} failed: "
                                  f"{exc}") from None
    return pushed


def _seed_source(server: Any, config: RasadConfig, source: SourceConfig, cycle: int) -> int:
    """Queue the source's start requests for `cycle`, unless those of its last
    seeding still wait in the queue (no worker took them yet): a backlog of
    seedings would only fetch the same feeds again."""
    from spiders.cycle import CYCLE
    from spiders.frontier import FrontierKeys
    from spiders.leasedqueue import LeasedQueue
    from spiders.news import NewsSpider

    prefix = config.crawl.distributed_prefix
    keys = FrontierKeys(prefix, source.name)
    spider = NewsSpider(source=source.name)
    spider.source = source
    queue = LeasedQueue(server, spider, keys.requests, prefix=prefix, worker=SEEDER,
                        lease_seconds=config.crawl.worker_lease)
    last = server.get(keys.cycle)
    if last is not None:
        waiting = spider.start_requests_of_source()
        for request in waiting:
            request.meta[CYCLE] = int(last)
        if any(queue.queued(r) for r in waiting):
            log.warning("seed: source %s: its last seeding still waits for a worker; "
                        "not seeded again (%d requests queued)", source.name, len(queue))
            return 0
    requests = spider.start_requests_of_source()
    for request in requests:
        request.meta[CYCLE] = cycle  # what this seeding finds is fetched afresh
        queue.push(request)
    server.set(keys.cycle, cycle)
    log.info("seed: source %s: %d start requests queued (%d waiting)",
             source.name, len(requests), len(queue))
    return len(requests)


class SeedQueue:
    """`rasad schedule` in distributed mode: a due source is seeded, not crawled
    here (the RunQueue interface the daemon drives; jobs run in APScheduler's
    threads, each seeding at once)."""

    def __init__(self, config: RasadConfig) -> None:
        self.config = config

    def start(self) -> None:
        frontier_client(self.config)  # an unreachable Redis is one line at start-up

    def submit(self, source: str) -> bool:
        try:
            seed(self.config, [self.config.source(source)])
        except FrontierUnavailable as exc:  # the next due time tries again
            log.error("seed %s: %s", source, exc)
            return False
        return True

    def busy(self) -> bool:
        return False

    def close(self, timeout: float | None = None) -> None:
        pass
