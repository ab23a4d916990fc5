"""Extract pipeline: PageItem -> ArticleItem, dropping (and counting) non-articles.

Stats: extract/articles, extract/dropped/<kind> (non_article, too_short,
blocked, unparsable, error).
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, PageItem
from pipelines import extraction


class ExtractPipeline:
    def __init__(self, stats: StatsCollector, min_body_chars: int) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("EXTRACT_MIN_BODY_CHARS"))

    def process_item(self, item: PageItem | ArticleItem) -> ArticleItem:
        if not isinstance(item, PageItem):
            return item
        try:
            result = extraction.extract_page(item.html, item.url, status=item.status,
                                             hint_published=item.hint_published)
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
        )
