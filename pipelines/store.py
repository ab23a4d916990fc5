"""Store pipeline: writes each article and the alerts it fires in one transaction.

Stats: store/new, store/updated, store/unchanged, alerts/fired, store/errors.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError

from crawler.addon import config_from_settings
from crawler.items import ArticleItem
from storage import Archive


class StorePipeline:
    def __init__(self, stats: StatsCollector, database_url: str, channels: list[str]) -> None:
        self.stats = stats
        self.database_url = database_url
        self.channels = channels
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        assert crawler.stats is not None
        config = config_from_settings(crawler.settings)
        return cls(crawler.stats, crawler.settings.get("STORE_DATABASE_URL"),
                   [c.key for c in config.channels])

    def open_spider(self) -> None:
        self.archive = Archive.open(self.database_url)

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        assert self.archive is not None
        try:
            result = self.archive.save_article(item, item.matches, self.channels)
        except SQLAlchemyError as exc:
            self.stats.inc_value("store/errors")
            raise DropItem(f"could not store {item.url}: {exc}") from None
        self.stats.inc_value(f"store/{result.status}")
        if result.alerts:
            self.stats.inc_value("alerts/fired", result.alerts)
        return item
