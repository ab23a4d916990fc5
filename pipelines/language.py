"""Language pipeline: only articles in the configured languages are stored.

Stats: language/kept/<lang>, language/dropped/<lang>.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.core.items import ArticleItem


class LanguagePipeline:
    def __init__(self, stats: StatsCollector, allowed: list[str]) -> None:
        self.stats = stats
        self.allowed = set(allowed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguagePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getlist("LANGUAGE_ALLOWED"))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.language not in self.allowed:
            self.stats.inc_value(f"language/dropped/{item.language}")
            raise DropItem(f"language {item.language!r} not in {sorted(self.allowed)}: {item.url}",
                           log_level="INFO")  # routine: counted, shown with -v
        self.stats.inc_value(f"language/kept/{item.language}")
        return item
