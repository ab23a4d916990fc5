"""Shared by the middlewares that read crawl state from the archive (incremental
crawling, conditional GET): the archive is opened when the spider opens and
closed when it closes."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from storage import Archive
from storage.crawlstate import CrawlState


class CrawlStateMixin:
    database_url: str
    archive: Archive | None = None
    state: CrawlState | None = None

    def connect_state(self, crawler: Crawler) -> None:
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self) -> None:
        self.archive = Archive.open(self.database_url)
        self.state = CrawlState(self.archive.engine)

    def spider_closed(self) -> None:
        if self.archive is not None:
            self.archive.close()
