"""Per-run budgets of a source: pages, seconds and megabytes, spent newest first.

A spider middleware (after incremental crawling, so known articles cost
nothing) with signal handlers, like Scrapy's CloseSpider:

- **Order.** Every request gets a priority (`priority`): start URLs first, then
  feed, news-sitemap and listing articles ("fresh"), then listing pages, then
  plain-sitemap articles and child sitemaps ("bulk"); within a tier, newer
  (`lastmod`, `pubDate`) before older, undated last. The spider hands feed and
  sitemap links over newest first and at most `BUDGET_PAGES` of them per
  document (`newest_first`).
- **Admission.** At most `BUDGET_PAGES` article requests of each tier are
  queued in a run (`budget/skipped/links` counts the rest), so a 50,000-URL
  sitemap neither fills memory nor crowds out a feed: the feed's items are
  admitted beside it and fetched before it.
- **Limits.** When a source has received `BUDGET_PAGES` responses (robots.txt
  not counted) or `BUDGET_MEGABYTES` of bodies, or `BUDGET_SECONDS` have
  passed, its crawl is closed (`finish_reason` `budget_pages`,
  `budget_megabytes`, `budget_seconds`): pages in flight finish and are stored.
  A source's own `max_pages` / `max_seconds` / `max_megabytes` override the
  `[crawl]` ones; 0 switches a limit off.

Stats: budget/limit/<kind>, budget/used/pages, budget/used/megabytes,
budget/exhausted (the limit that closed the crawl), budget/skipped/links.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import deferred_from_coro

MB = 1024 * 1024
START, FRESH, LISTING, BULK = 4000, 3000, 2500, 1000
MAX_AGE_DAYS = 365  # older, and undated, links share the last place of their tier
_TIER = "rasad_tier"


class Dated(Protocol):
    @property
    def published(self) -> datetime | None: ...
    @property
    def modified(self) -> datetime | None: ...


def _when(link: Dated) -> datetime | None:
    return link.modified or link.published


def priority(tier: int, when: datetime | None = None, now: datetime | None = None) -> int:
    """The request priority of a link of `tier` dated `when` (newer: higher)."""
    if when is None:
        return tier - MAX_AGE_DAYS
    days = ((now or datetime.now(UTC)) - when).days
    return tier - min(MAX_AGE_DAYS, max(0, days))


def newest_first(links: Sequence[Dated], cap: int) -> list[Any]:
    """`links` newest first (undated last, otherwise in document order), at most `cap`
    (0: all)."""
    floor = datetime.min.replace(tzinfo=UTC)
    ordered = sorted(links, key=lambda link: _when(link) or floor, reverse=True)
    return ordered[:cap] if cap > 0 else ordered


def tier_of(request: Request) -> int | None:
    return request.meta.get(_TIER)


def mark(request: Request, tier: int) -> Request:
    request.meta[_TIER] = tier
    return request


class BudgetMiddleware(BaseSpiderMiddleware):
    def __init__(self, crawler: Crawler, pages: int, seconds: float, megabytes: float) -> None:
        super().__init__(crawler)
        self.limits: dict[str, float] = {"pages": pages, "seconds": seconds,
                                         "megabytes": megabytes}
        self.pages = 0
        self.bytes = 0
        self.admitted: Counter[int] = Counter()
        self.started = time.monotonic()
        self.closing: Any = None
        self._timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BudgetMiddleware:
        s = crawler.settings
        mw = cls(crawler, s.getint("BUDGET_PAGES"), s.getfloat("BUDGET_SECONDS"),
                 s.getfloat("BUDGET_MEGABYTES"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.response_received, signal=signals.response_received)
        return mw

    def spider_opened(self) -> None:
        source = getattr(self.crawler.spider, "source", None)  # NewsSpider's SourceConfig
        for kind in self.limits:
            own = getattr(source, f"max_{kind}", None)
            if own is not None:
                self.limits[kind] = own
            self._stat(f"budget/limit/{kind}", self.limits[kind])
        self.started = time.monotonic()
        if self.limits["seconds"] > 0:
            self._timer = call_later(self.limits["seconds"], self._close, "seconds")

    def spider_closed(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._stat("budget/used/pages", self.pages)
        self._stat("budget/used/megabytes", round(self.bytes / MB, 2))
        self._stat("budget/used/seconds", round(time.monotonic() - self.started, 1))

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):  # robots.txt is not a page
            return
        self.pages += 1
        self.bytes += len(response.body)
        if 0 < self.limits["pages"] <= self.pages:
            self._close("pages")
        elif 0 < self.limits["megabytes"] * MB <= self.bytes:
            self._close("megabytes")

    def _close(self, kind: str) -> None:
        if self.closing is not None or self.crawler.engine is None:
            return
        self._stat("budget/exhausted", kind)
        self.crawler.spider.logger.info(  # type: ignore[union-attr]
            "budget: %s limit (%s) reached; closing the crawl of this source",
            kind, self.limits[kind])
        self.closing = deferred_from_coro(
            self.crawler.engine.close_spider_async(reason=f"budget_{kind}"))

    # -- admission ----------------------------------------------------------------
    def get_processed_request(self, request: Request, response: Response | None
                              ) -> Request | None:
        if "rasad_via" not in request.meta:
            return request  # discovery requests
        tier = tier_of(request) or FRESH
        cap = int(self.limits["pages"])
        if cap > 0 and self.admitted[tier] >= cap:
            self._inc("budget/skipped/links")
            return None
        self.admitted[tier] += 1
        return request

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def _stat(self, key: str, value: Any) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(key, value)
