"""Retries with exponential backoff: Scrapy's RetryMiddleware retries at once; this
one makes the n-th retry of a request wait RETRY_BACKOFF_BASE * 2**(n-1) seconds
(at most RETRY_BACKOFF_MAX), or the server's `Retry-After` when that is longer.

Which answers and errors are retried, and how often, stays Scrapy's
(RETRY_HTTP_CODES, RETRY_EXCEPTIONS, RETRY_TIMES). Stats: `retry/backoff/count`,
`retry/backoff/seconds`.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

_DELAY = "rasad_retry_delay"


def backoff_delay(base: float, cap: float, retry_times: int, retry_after: float = 0.0
                  ) -> float:
    return float(min(cap, max(base * 2 ** max(0, retry_times - 1), retry_after)))


def backoff(settings: BaseSettings, request: Request) -> Request:
    """Make a retry request made elsewhere (e.g. spiders/integrity.py) wait its backoff."""
    base = settings.getfloat("RETRY_BACKOFF_BASE")
    if base > 0:
        request.meta[_DELAY] = backoff_delay(base, settings.getfloat("RETRY_BACKOFF_MAX"),
                                             int(request.meta.get("retry_times", 1)))
    return request


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")
        self._retry_after: float = 0.0

    def delay(self, retry_times: int, retry_after: float = 0.0) -> float:
        return backoff_delay(self.base, self.cap, retry_times, retry_after)

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Request | Response:
        self._retry_after = _retry_after(response)
        try:
            return super().process_response(request, response)
        finally:
            self._retry_after = 0.0

    def _retry(self, request: Request, reason: Any) -> Request | None:
        new = super()._retry(request, reason)
        if new is not None and self.base > 0:
            new.meta[_DELAY] = self.delay(int(new.meta.get("retry_times", 1)),
                                          self._retry_after)
        return new

    async def process_request(self, request: Request, spider: Any = None) -> None:
        delay = float(request.meta.pop(_DELAY, 0.0))
        if delay <= 0:
            return
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("retry/backoff/count")
            stats.inc_value("retry/backoff/seconds", round(delay))
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))


def _retry_after(response: Response) -> float:
    value = response.headers.get(b"Retry-After")
    try:
        return max(0.0, float(value.decode("ascii"))) if value else 0.0
    except (UnicodeDecodeError, ValueError):
        return 0.0  # an HTTP date: the exponential delay applies
