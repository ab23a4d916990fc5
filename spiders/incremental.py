"""Incremental crawling: known articles are not fetched again unless they changed.

A spider middleware over the spider's article requests. An article URL whose
article (under any URL variant) is in the archive is skipped, unless the feed
or sitemap that gave the link dates it (pubDate, updated, lastmod) after Rasad last
fetched it, or `INCREMENTAL_RECHECK_HOURS` have passed since then (0: always
fetch again, i.e. incremental crawling off).

Stats: incremental/skipped, incremental/changed, incremental/recheck.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from spiders.crawlstate import CrawlStateMixin
from storage.writer import last_fetch_times


class IncrementalMiddleware(CrawlStateMixin, BaseSpiderMiddleware):
    def __init__(self, crawler: Crawler, database_url: str, recheck: timedelta) -> None:
        super().__init__(crawler)
        self.database_url = database_url
        self.recheck = recheck
        self._last: dict[str, datetime | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        hours = crawler.settings.getfloat("INCREMENTAL_RECHECK_HOURS")
        if hours <= 0:
            raise NotConfigured("INCREMENTAL_RECHECK_HOURS is 0: every article is fetched")
        mw = cls(crawler, crawler.settings.get("STORE_DATABASE_URL"), timedelta(hours=hours))
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
        last = self._last.pop(request.url)
        if last is None:
            return request
        dates: list[Any] = [request.meta.get("rasad_published"),
                            request.meta.get("rasad_modified")]
        if any(isinstance(d, datetime) and d > last for d in dates):
            self._inc("incremental/changed")
            return request
        if datetime.now(UTC) - last >= self.recheck:
            self._inc("incremental/recheck")
            return request
        self._inc("incremental/skipped")
        return None

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
