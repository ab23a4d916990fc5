"""The shared frontier of distributed crawling: scrapy-redis's scheduler, leased.

With `[crawl] distributed = "redis://…"` every crawl process (`rasad worker`)
schedules through this subclass of `scrapy_redis.scheduler.Scheduler`: one
queue per source (`<prefix>:<source>:requests`, scrapy-redis's priority queue
with leased pops: spiders/leasedqueue.py) and one expiring duplicate filter per
source (spiders/dupefilter.py), shared by every worker on every machine. The
scheduler (`rasad schedule`) seeds the due sources' start requests into the
queues (crawler/app/seeding.py); each worker pops, fetches, and pushes the links
it finds back for any worker to take.

On top of scrapy-redis:
- a popped request stays leased to the worker until the worker's engine has
  handled it completely (`done`, called by crawler/app/worker.py's engine when
  the request leaves the engine: its items stored, its alerts written);
- the worker's lease is renewed every third of `DISTRIBUTED_LEASE_SECONDS`,
  and on every renewal the requests of workers whose lease expired are put
  back on the frontier (`reclaim_dead`);
- a request dropped by a stop (crawler/app/stopping.py, marked `REQUEUE`) and
  every lease still held when the crawl closes go back to the frontier;
- the frontier is shared, so an empty queue does not end the crawl: the spider
  stays open (`DontCloseSpider`) and polls every `DISTRIBUTED_POLL_SECONDS`.

Stats: `scheduler/enqueued/redis`, `scheduler/dequeued/redis` (scrapy-redis),
`frontier/done`, `frontier/put_back`, `frontier/reclaimed` (requests of dead
workers this one put back).
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from spiders.leasedqueue import LEASE, LeasedQueue, alive_key, reclaim, reclaim_dead
from spiders.news import REQUEUE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrontierKeys:
    """The Redis keys of one source's share of the frontier."""

    prefix: str
    source: str

    @property
    def requests(self) -> str:
        return f"{self.prefix}:{self.source}:requests"

    @property
    def seen(self) -> str:
        return f"{self.prefix}:{self.source}:seen"

    @property
    def cycle(self) -> str:
        """The source's last seeding (crawler/app/seeding.py)."""
        return f"{self.prefix}:{self.source}:cycle"


def keys_for(settings: BaseSettings, spider: Spider) -> FrontierKeys:
    source = getattr(spider, "source_name", None) or spider.name
    return FrontierKeys(settings.get("DISTRIBUTED_KEY_PREFIX"), str(source))


def worker_id(settings: BaseSettings) -> str:
    return str(settings.get("DISTRIBUTED_WORKER_ID") or default_worker_id())


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


_CLIENTS: dict[str, Any] = {}


def redis_client(url: str) -> Any:
    """This process's client of the Redis at `url` (bytes in, bytes out)."""
    client = _CLIENTS.get(url)
    if client is None:
        client = _CLIENTS[url] = redis.Redis.from_url(
            url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)
    return client


class Frontier(Scheduler):  # type: ignore[misc]  # untyped library
    def __init__(self, server: Any, crawler: Crawler) -> None:
        s = crawler.settings
        super().__init__(server, persist=True, dupefilter_cls=s.get("DUPEFILTER_CLASS"))
        self.crawler = crawler
        self.stats = crawler.stats
        self.prefix: str = s.get("DISTRIBUTED_KEY_PREFIX")
        self.worker = worker_id(s)
        self.lease = s.getfloat("DISTRIBUTED_LEASE_SECONDS")
        self.held: set[str] = set()  # leases of the requests this crawl has popped
        self.queue: LeasedQueue
        self._renewal: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Frontier:
        url = crawler.settings.get("DISTRIBUTED_REDIS_URL")
        if not url:
            raise ValueError("spiders.frontier.Frontier needs DISTRIBUTED_REDIS_URL")
        server = redis_client(url)
        server.ping()  # an unreachable Redis fails the crawl's start, not its first pop
        frontier = cls(server, crawler)
        crawler.signals.connect(frontier.spider_idle, signal=signals.spider_idle)
        return frontier

    def open(self, spider: Spider) -> None:
        self.spider = spider
        keys = keys_for(self.crawler.settings, spider)
        self.queue = LeasedQueue(self.server, spider, keys.requests, self.serializer,
                                 prefix=self.prefix, worker=self.worker,
                                 lease_seconds=self.lease)
        self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self.renew()
        self._renewal = LoopingCall(self.renew)
        self._renewal.start(self.lease / 3, now=False)
        if len(self.queue):
            spider.logger.info("frontier %s: %d requests queued", keys.requests,
                               len(self.queue))

    def enqueue_request(self, request: Request) -> bool:
        """Queue `request` unless the shared filter has seen it; the check, the
        fingerprint and the push are one step (a kill cannot lose a link)."""
        try:
            if request.dont_filter:
                self.queue.push(request)
            elif self.df.seen_else_queue(request, self.queue):
                self.df.log(request, self.spider)
                return False
        except redis.RedisError as exc:  # counted and logged: the next cycle finds it again
            log.error("frontier: cannot queue %s: %s", request.url, exc)
            self._inc("frontier/errors")
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            request = self.queue.pop()
        except redis.RedisError as exc:  # the engine asks again on its next heartbeat
            log.warning("frontier: cannot take a request: %s", exc)
            self._inc("frontier/errors")
            return None
        if request is not None:
            self.held.add(request.meta[LEASE])
            self._inc("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            return len(self.queue) > 0
        except redis.RedisError:  # counted by the next pop; the spider stays open
            return False

    def done(self, request: Request) -> None:
        """The engine has finished with `request`: release its lease, or put it back
        on the frontier when a stop dropped it before it was fetched."""
        lease = request.meta.get(LEASE)
        if lease not in self.held:
            return  # not popped here (robots.txt), or a copy (a redirect) of one that was
        self.held.discard(lease)
        if request.meta.pop(REQUEUE, False):
            self._inc("frontier/put_back", self.queue.put_back([lease]))
        else:
            self.queue.done(lease)
            self._inc("frontier/done")

    def renew(self) -> None:
        """Renew this worker's lease; put back the requests of workers whose lease expired."""
        try:
            self.server.set(alive_key(self.prefix, self.worker), "1",
                            px=int(self.lease * 1000))
            back = reclaim_dead(self.server, self.prefix, self.worker)
        except redis.RedisError as exc:  # the next renewal tries again
            log.warning("frontier: cannot renew the lease of %s: %s", self.worker, exc)
            self._inc("frontier/errors")
            return
        if back:
            log.warning("frontier: %d requests of stopped workers put back", back)
            self._inc("frontier/reclaimed", back)

    def spider_idle(self, spider: Spider) -> None:
        raise DontCloseSpider("the frontier is shared: more requests may come")

    def close(self, reason: str) -> None:
        if self._renewal is not None and self._renewal.running:
            self._renewal.stop()
        if self.held:
            self._inc("frontier/put_back", self.queue.put_back(sorted(self.held)))
            self.held.clear()
        super().close(reason)

    def release_all(self) -> int:
        """Put back everything this worker holds (all its crawls): it is stopping."""
        return max(0, reclaim(self.server, self.prefix, self.worker, force=True))

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(key, count)
