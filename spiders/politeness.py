"""Politeness across workers: one download delay per domain, kept in Redis.

Scrapy spaces the requests to a domain per process (`DOWNLOAD_DELAY`); with
several workers sharing a frontier each would keep its own pace and a site
would see the sum. In distributed mode the add-on sets the local delay to 0 and
enables this downloader middleware: before a request is downloaded it reserves
the domain's next free moment in Redis (`<prefix>:polite:<host>`, one Lua
script on Redis server time, so the workers' clocks do not matter) and waits
until then. Requests to one domain from all workers together are at least
`DISTRIBUTED_DOWNLOAD_DELAY` seconds apart (config `[crawl] download_delay`);
AutoThrottle still slows each worker further for a slow server.

A waiting request holds no Redis state beyond its reservation; the key expires
once the domain's reservations are past. Stats: `politeness/waits`,
`politeness/waited_ms`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from spiders.frontier import redis_client

# KEYS[1] the domain's key; ARGV[1] delay in ms. Returns the ms to wait.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, free)
redis.call('SET', KEYS[1], at + tonumber(ARGV[1]), 'PX', at - now + tonumber(ARGV[1]) + 1000)
return at - now
"""


class SharedDelayMiddleware:
    def __init__(self, server: Any, prefix: str, delay: float, crawler: Crawler) -> None:
        self.server = server
        self.prefix = prefix
        self.delay_ms = int(delay * 1000)
        self.crawler = crawler
        self._reserve = server.register_script(_RESERVE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedDelayMiddleware:
        s = crawler.settings
        url = s.get("DISTRIBUTED_REDIS_URL")
        delay = s.getfloat("DISTRIBUTED_DOWNLOAD_DELAY")
        if not url or delay <= 0:
            raise NotConfigured("no shared download delay")
        return cls(redis_client(url), s.get("DISTRIBUTED_KEY_PREFIX"), delay, crawler)

    def wait_ms(self, url: str) -> int:
        """Reserve the next free moment of `url`'s host; ms until then."""
        host = (urlsplit(url).hostname or "").lower()
        return int(self._reserve(keys=[f"{self.prefix}:polite:{host}"], args=[self.delay_ms]))

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        wait = self.wait_ms(request.url)
        if wait > 0:
            stats = self.crawler.stats
            if stats is not None:
                stats.inc_value("politeness/waits")
                stats.inc_value("politeness/waited_ms", wait)
            from twisted.internet import reactor

            await maybe_deferred_to_future(task.deferLater(reactor, wait / 1000, lambda: None))
