"""Seeding the shared frontier: the due sources' start requests go to Redis.

In distributed mode (`[crawl] distributed`) nothing crawls in the scheduler's
process: `rasad schedule` (and `rasad crawl`) call `seed(config, sources)`, which
pushes each source's start requests (feeds, sitemaps, listings) into the
source's queue on the shared frontier (spiders/frontier.py), where any
`rasad worker` takes them. Start requests bypass the duplicate filter (they are
fetched every cycle, with conditional GET); the links they give are filtered
by the shared, expiring one. Seeding first puts back the requests of workers
whose lease has expired, so a frontier whose workers all died is whole again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

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

    from spiders.frontier import FrontierKeys
    from spiders.leasedqueue import LeasedQueue, reclaim_dead
    from spiders.news import NewsSpider

    server = frontier_client(config)
    prefix = config.crawl.distributed_prefix
    pushed = 0
    try:
        back = reclaim_dead(server, prefix)
        if back:
            log.warning("seed: %d requests of stopped workers put back on the frontier", back)
        for source in sources:
            spider = NewsSpider(source=source.name)
            spider.source = source
            queue = LeasedQueue(server, spider, FrontierKeys(prefix, source.name).requests,
                                prefix=prefix, worker=SEEDER,
                                lease_seconds=config.crawl.worker_lease)
            requests = spider.start_requests_of_source()
            for request in requests:
                queue.push(request)
            pushed += len(requests)
            log.info("seed: source %s: %d start requests queued (%d waiting)",
                     source.name, len(requests), len(queue))
    except redis.RedisError as exc:
        raise FrontierUnavailable(f"seeding the shared frontier "
                                  f"{redact_url(config.crawl.distributed or '')} failed: "
                                  f"{exc}") from None
    return pushed


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
