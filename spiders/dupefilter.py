"""The shared duplicate filter of distributed crawling, with expiring fingerprints.

scrapy-redis's `RFPDupeFilter` keeps every fingerprint ever seen in one Redis
set, which grows without bound on a monitor that runs for years. This one keeps
them in a sorted set scored by when each was seen (Redis server time, so the
clocks of the workers' machines do not matter): a request is a duplicate when
its fingerprint was seen within the re-crawl window (`DISTRIBUTED_RECRAWL_HOURS`,
config `[crawl] recrawl_hours`); fingerprints older than the window are trimmed
on every check, and the key itself expires after a window without checks. The
check-and-record is one Lua script, so two workers that find the same link at
once queue it once.

A page is a duplicate only within its kind's span: an article page (a request
the spider marks `rasad_via`) within the window, whatever seeding found it; a
discovery page (a child sitemap, a listing or pagination page) within its
cycle (spiders/cycle.py): its fingerprint includes the seeding it descends
from, so every seeding reads the sitemaps and listings afresh while a page
linked from many of them is still fetched once per cycle.

One set per source (`<prefix>:<source>:seen`); the fingerprint is scrapy-redis's.
Stats: `dupefilter/filtered`.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy_redis.dupefilter import RFPDupeFilter

from spiders.cycle import CYCLE
from spiders.frontier import keys_for, redis_client

# KEYS[1] the sorted set; ARGV[1] fingerprint, ARGV[2] window in ms; with
# KEYS[2] a queue, ARGV[3] the request's score and ARGV[4] the request: queued
# in the same step as its fingerprint is recorded (a worker killed between
# the two would leave a link recorded as seen but never queued).
# Returns 1 when seen within the window, else records it now and returns 0.
_SEEN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], window)
if seen then return 1 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
if KEYS[2] then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
return 0
"""


class ExpiringDupeFilter(RFPDupeFilter):  # type: ignore[misc]  # untyped library
    def __init__(self, server: Any, key: str, window_seconds: float, debug: bool = False,
                 spider: Spider | None = None) -> None:
        super().__init__(server, key, debug)
        self.window_ms = max(1, int(window_seconds * 1000))
        self.spider = spider
        self._seen = server.register_script(_SEEN)

    @classmethod
    def from_spider(cls, spider: Spider) -> ExpiringDupeFilter:
        settings = spider.crawler.settings
        keys = keys_for(settings, spider)
        return cls(redis_client(settings.get("DISTRIBUTED_REDIS_URL")), keys.seen,
                   settings.getfloat("DISTRIBUTED_RECRAWL_HOURS") * 3600,
                   settings.getbool("DUPEFILTER_DEBUG"), spider)

    def request_seen(self, request: Request) -> bool:
        return self.seen_else_queue(request, None)

    def seen_else_queue(self, request: Request, queue: Any) -> bool:
        """True when `request` was seen within its span; else record it and, with
        `queue` (a scrapy-redis priority queue), queue it in the same atomic step."""
        fingerprint = self.request_fingerprint(request)
        if "rasad_via" not in request.meta:  # discovery: once per cycle
            fingerprint += f":{request.meta.get(CYCLE, '')}"
        if queue is None:
            keys, args = [self.key], [fingerprint, self.window_ms]
        else:
            keys = [self.key, queue.key]
            args = [fingerprint, self.window_ms, -request.priority,
                    queue._encode_request(request)]
        seen = bool(self._seen(keys=keys, args=args))
        if seen and self.spider is not None and self.spider.crawler.stats is not None:
            self.spider.crawler.stats.inc_value("dupefilter/filtered")
        return seen

    def close(self, reason: str = "") -> None:
        """Keep the fingerprints: the other workers share them (scrapy-redis clears)."""

    def size(self) -> int:
        return int(self.server.zcard(self.key))
