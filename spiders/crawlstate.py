"""Shared by the middlewares that read crawl state from the archive (incremental
crawling, conditional GET): they take a reference to the process's runtime
(`storage/runtime.py`) when the spider opens and give it back when it closes.
Their archive tasks run through it, never on the reactor thread."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from storage.runtime import Runtime


class CrawlStateMixin:
    database_url: str
    runtime: Runtime | None = None

    def connect_state(self, crawler: Crawler) -> None:
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self) -> None:
        self.runtime = Runtime.acquire(self.database_url)

    def spider_closed(self) -> None:
        if self.runtime is not None:
            self.runtime.release()
            self.runtime = None
