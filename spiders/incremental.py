"""Incremental crawling: known articles are not fetched again unless they changed.

A spider middleware over the spider's article requests. An article URL whose
article (under any URL variant) is in the archive is skipped, unless
- the feed or sitemap that gave the link dates it (pubDate, updated, lastmod)
  after Rasad last fetched it ("changed"), or
- it is fresh: first seen, and published (when its date is known), within
  `INCREMENTAL_FRESH_HOURS`, when reports are still edited without the feed
  dating the edit: fetched again on every run ("fresh"; 0: never), or
- `INCREMENTAL_RECHECK_HOURS` have passed since its last fetch ("recheck"; 0:
  always fetch again, i.e. incremental crawling off).
Fresh articles, and new ones whose feed date is fresh, are marked
(`rasad_fresh` in the request's meta) for conditional GET of the page
(spiders/conditional.py).

A process that polls again and again (the continuous worker of `rasad
schedule`) checks a fresh article again at most every
INCREMENTAL_FRESH_MIN_SECONDS (remembered in the process, across its crawls):
polled every minute, a feed that changes would otherwise have every fresh
report of it asked for again at every change (`incremental/fresh_later`).
0 (the default, one-shot crawls): on every run.

Stats: incremental/skipped, incremental/changed, incremental/fresh,
incremental/fresh_later, incremental/recheck.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from spiders.crawlstate import CrawlStateMixin
from storage.crawlstate import Known
from storage.writer import last_fetch_times

FRESH = "rasad_fresh"  # request meta: the article is fresh (conditional GET of the page)
# URL -> when this process last asked for it again as fresh (monotonic seconds);
# used when INCREMENTAL_FRESH_MIN_SECONDS > 0
_FRESH_ASKED: dict[str, float] = {}
_FRESH_KEEP = 20000  # entries kept at most; older ones are forgotten first


def _recent(moment: datetime | None, now: datetime, window: timedelta) -> bool:
    return isinstance(moment, datetime) and now - moment < window


def _published_recently(known: Known, now: datetime, window: timedelta) -> bool:
    """Published within the window (unknown: yes); a day printed without a time
    counts when it is not older than the window's first day."""
    if known.published_at is not None:
        return _recent(known.published_at, now, window)
    if known.published_date is not None:
        return known.published_date >= (now - window).date()
    return True


def refetch_reason(known: Known | None, dates: list[Any], now: datetime,
                   recheck: timedelta, fresh: timedelta) -> str | None:
    """Why a known article is fetched again ("changed", "fresh", "recheck"), None
    when it is skipped; "new" when it is not in the archive."""
    if known is None:
        return "new"
    if any(isinstance(d, datetime) and d > known.fetched_at for d in dates):
        return "changed"
    if _recent(known.first_seen_at, now, fresh) and _published_recently(known, now, fresh):
        return "fresh"
    if now - known.fetched_at >= recheck:
        return "recheck"
    return None


def fresh_due(url: str, min_seconds: float, now: float) -> bool:
    """Whether this process may ask for the fresh article at `url` again at `now`
    (monotonic seconds); notes the time when it may."""
    if min_seconds <= 0:
        return True
    asked = _FRESH_ASKED.get(url)
    if asked is not None and now - asked < min_seconds:
        return False
    _FRESH_ASKED[url] = now
    if len(_FRESH_ASKED) > _FRESH_KEEP:
        for old in sorted(_FRESH_ASKED, key=_FRESH_ASKED.__getitem__)[:_FRESH_KEEP // 2]:
            del _FRESH_ASKED[old]
    return True


class IncrementalMiddleware(CrawlStateMixin, BaseSpiderMiddleware):
    def __init__(self, crawler: Crawler, database_url: str, recheck: timedelta,
                 fresh: timedelta, fresh_min_seconds: float = 0.0) -> None:
        super().__init__(crawler)
        self.database_url = database_url
        self.recheck = recheck
        self.fresh = fresh
        self.fresh_min_seconds = fresh_min_seconds
        self._last: dict[str, Known | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        hours = crawler.settings.getfloat("INCREMENTAL_RECHECK_HOURS")
        if hours <= 0:
            raise NotConfigured("INCREMENTAL_RECHECK_HOURS is 0: every article is fetched")
        mw = cls(crawler, crawler.settings.get("STORE_DATABASE_URL"), timedelta(hours=hours),
                 timedelta(hours=crawler.settings.getfloat("INCREMENTAL_FRESH_HOURS")),
                 crawler.settings.getfloat("INCREMENTAL_FRESH_MIN_SECONDS"))
        mw.connect_state(crawler)
        return mw

    # A feed or sitemap yields many article requests at once: their last fetch
    # times are read in one archive task per response (off the reactor thread),
    # not one per request. Responses are processed concurrently (their outputs
    # interleave), so each batch adds to `_last` and each request takes its own
    # entry out.
    async def process_spider_output_async(self, response: Response | None,
                                          result: AsyncIterator[Any],
                                          spider: Spider | None = None) -> AsyncIterator[Any]:
        batch = [o async for o in result]
        await self._prefetch(batch)
        for o in batch:
            if (o := self._get_processed(o, response)) is not None:
                yield o

    async def _prefetch(self, batch: list[Any]) -> None:
        urls = [o.url for o in batch if isinstance(o, Request) and "rasad_via" in o.meta]
        if urls and self.runtime is not None:
            self._last.update(await self.runtime.in_archive(last_fetch_times, urls))

    def get_processed_request(self, request: Request, response: Response | None
                              ) -> Request | None:
        if "rasad_via" not in request.meta or request.url not in self._last:
            return request  # discovery (feeds, sitemaps, listings) is always fetched
        known = self._last.pop(request.url)
        now = datetime.now(UTC)
        published = request.meta.get("rasad_published")
        reason = refetch_reason(known, [published, request.meta.get("rasad_modified")], now,
                                self.recheck, self.fresh)
        if reason == "fresh" and not fresh_due(request.url, self.fresh_min_seconds,
                                               time.monotonic()):
            self._inc("incremental/fresh_later")
            reason = None
        if reason is None:
            self._inc("incremental/skipped")
            return None
        if reason != "new":
            self._inc(f"incremental/{reason}")
        else:  # fetched now: no need to ask for it again as fresh for a while
            fresh_due(request.url, self.fresh_min_seconds, time.monotonic())
        if reason == "fresh" or (reason == "new" and self.fresh and (
                published is None or _recent(published, now, self.fresh))):
            request.meta[FRESH] = True
        return request

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
