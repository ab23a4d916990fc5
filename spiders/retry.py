"""Retries with backoff that hold no download slot while they wait.

Scrapy's RetryMiddleware retries at once; this one makes the n-th retry of a
request wait RETRY_BACKOFF_BASE * 2**(n-1) seconds (at most RETRY_BACKOFF_MAX),
or the server's `Retry-After` (seconds or an HTTP date) when that is longer,
in full up to RETRY_AFTER_MAX. A `Retry-After` beyond RETRY_AFTER_MAX is not
retried in this run (retrying sooner would ignore the server): the answer goes
on to the spider as the error it is.

A waiting retry is set aside, not slept on: when the engine schedules it, the
`request_scheduled` handler keeps it from the scheduler (raising IgnoreRequest,
Scrapy's documented way) and a timer hands it back to the engine when it is
due. The other requests of the crawl go on meanwhile; no download slot or
concurrency is held. While retries wait, the spider stays open (`spider_idle`);
retries still waiting when the spider closes (a stop, `max_pages`) are dropped
and counted.

Which answers and errors are retried, and how often, stays Scrapy's
(RETRY_HTTP_CODES, RETRY_EXCEPTIONS, RETRY_TIMES). Stats: `retry/backoff/count`,
`retry/backoff/seconds`, `retry/backoff/too_long` (a Retry-After over the
maximum), `retry/backoff/dropped`.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import CallLaterResult, call_later

log = logging.getLogger(__name__)
_DUE = "rasad_retry_due"  # request meta: when (time.time()) a waiting retry is due


def backoff(settings: BaseSettings, request: Request) -> Request:
    """Make a retry request made elsewhere (spiders/integrity.py: a cut body) wait
    its backoff, set aside like this middleware's own retries."""
    base = settings.getfloat("RETRY_BACKOFF_BASE")
    if base > 0:
        n = int(request.meta.get("retry_times", 1))
        wait = min(settings.getfloat("RETRY_BACKOFF_MAX"), base * 2 ** max(0, n - 1))
        request.meta[_DUE] = time.time() + wait
    return request


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")
        self._retry_after: float = 0.0
        self._waiting: dict[int, tuple[Request, CallLaterResult]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        crawler.signals.connect(mw.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(mw.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def delay(self, retry_times: int, retry_after: float = 0.0) -> float:
        """Seconds before the retry: the backoff, or a longer Retry-After."""
        return float(max(min(self.cap, self.base * 2 ** max(0, retry_times - 1)),
                         retry_after))

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Request | Response:
        retry_after = _retry_after(response)
        if (retry_after > self.retry_after_max and response.status in self.retry_http_codes
                and not request.meta.get("dont_retry", False)):
            self._inc("retry/backoff/too_long")
            log.warning("%s asks to retry after %.0f s, over the %.0f s maximum "
                        "(retry_after_max): not retried in this run",
                        request.url, retry_after, self.retry_after_max)
            return response
        self._retry_after = retry_after
        try:
            return super().process_response(request, response)
        finally:
            self._retry_after = 0.0

    def _retry(self, request: Request, reason: Any) -> Request | None:
        new = super()._retry(request, reason)
        if new is not None and self.base > 0:
            delay = self.delay(int(new.meta.get("retry_times", 1)), self._retry_after)
            new.meta[_DUE] = time.time() + delay
            self._inc("retry/backoff/count")
            self._inc("retry/backoff/seconds", round(delay))
        return new

    # -- waiting without a slot -------------------------------------------------
    def request_scheduled(self, request: Request, spider: Any = None) -> None:
        due = request.meta.pop(_DUE, None)
        if due is None or due <= time.time():
            return
        timer = call_later(due - time.time(), self._resume, request)
        self._waiting[id(request)] = (request, timer)
        raise IgnoreRequest("retry set aside until it is due")

    def _resume(self, request: Request) -> None:
        if self._waiting.pop(id(request), None) is not None:
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(request)

    def spider_idle(self, spider: Any = None) -> None:
        if self._waiting:
            raise DontCloseSpider

    def spider_closed(self, spider: Any = None) -> None:
        for _, timer in self._waiting.values():
            timer.cancel()
        if self._waiting:
            self._inc("retry/backoff/dropped", len(self._waiting))
        self._waiting.clear()

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)


def _retry_after(response: Response) -> float:
    """The `Retry-After` header in seconds from now (0 when absent or unreadable)."""
    value = response.headers.get(b"Retry-After")
    if not value:
        return 0.0
    try:
        text = value.decode("ascii").strip()
    except UnicodeDecodeError:
        return 0.0
    try:
        return max(0.0, float(text))
    except ValueError:
        pass  # an HTTP date
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
