"""Extract pipeline: PageItem -> ArticleItem, dropping (and counting) non-articles.

Extraction is CPU-bound (trafilatura, lxml, langdetect), so it runs in a pool of
worker processes (`EXTRACT_WORKERS`) while the reactor keeps fetching; with
`EXTRACT_WORKERS = 0` it runs inline. A page that crashes a worker is dropped
and counted, and the pool is rebuilt: a hostile page never stops the crawl.

Stats: extract/articles, extract/dropped/<kind> (non_article, too_short,
blocked, unparsable, error).
"""

from __future__ import annotations

import os
from datetime import datetime

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, PageItem
from pipelines import extraction
from pipelines.extraction import Extracted
from pipelines.workers import WorkerPool


def _extract(html: str, url: str, status: int, hint: datetime | None) -> Extracted:
    return extraction.extract_page(html, url, status=status, hint_published=hint)


def _warm_up() -> None:
    """Import and initialise the extraction stack once per worker."""
    extraction.extract_page("<html><body><p>تهيئة</p></body></html>", "http://localhost/")


class ExtractPipeline:
    def __init__(self, stats: StatsCollector, min_body_chars: int, workers: int) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars
        self.workers = workers
        self.pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        workers = crawler.settings.getint("EXTRACT_WORKERS", -1)
        if workers < 0:
            workers = os.cpu_count() or 1
        return cls(crawler.stats, crawler.settings.getint("EXTRACT_MIN_BODY_CHARS"), workers)

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = WorkerPool(self.workers, initializer=_warm_up)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    async def _run(self, item: PageItem) -> Extracted:
        args = (item.html, item.url, item.status, item.hint_published)
        if self.pool is None:
            return _extract(*args)
        return await self.pool.run(_extract, *args)

    async def process_item(self, item: PageItem | ArticleItem) -> ArticleItem:
        if not isinstance(item, PageItem):
            return item
        try:
            result = await self._run(item)
        except Exception as exc:  # a hostile page must never stop the crawl
            self.stats.inc_value("extract/dropped/error")
            raise DropItem(f"extraction failed on {item.url}: {exc!r}") from None
        if result.is_article and len(result.body) < self.min_body_chars:
            result.kind = "too_short"
        if not result.is_article:
            self.stats.inc_value(f"extract/dropped/{result.kind}")
            raise DropItem(f"not an article ({result.kind}): {item.url}",
                           log_level=None if result.kind == "blocked" else "INFO")
        self.stats.inc_value("extract/articles")
        assert item.fetched_at is not None
        return ArticleItem(
            url=result.url, source=item.source, title=result.title or (item.hint_title or ""),
            body=result.body, language=result.language or "und", fetched_at=item.fetched_at,
            published_at=result.published_at, date_source=result.date_source,
            author=result.author, fetched_url=item.url,
            requested_url=item.requested_url,
        )
