"""Store pipeline: writes each article and the alerts it fires in one transaction.

The writes run in one writer process (`STORE_WRITER_PROCESS`, default on) that
owns its own connection to the archive, so the reactor never waits on the
database and the archive work (hashing, near-duplicate lookup, SQL) runs beside
the crawl; one writer per crawl keeps the writes in order.

Stats: store/new, store/updated, store/unchanged, alerts/fired, store/errors.
"""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError

from crawler.addon import config_from_settings
from crawler.items import ArticleItem
from pipelines.workers import WorkerPool
from storage import Archive, StorageError
from storage.writer import open_writer, save_in_writer


class StorePipeline:
    def __init__(self, stats: StatsCollector, database_url: str, channels: list[str],
                 writer_process: bool = True) -> None:
        self.stats = stats
        self.database_url = database_url
        self.channels = channels
        self.writer_process = writer_process
        self.archive: Archive | None = None
        self.writer: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        assert crawler.stats is not None
        config = config_from_settings(crawler.settings)
        return cls(crawler.stats, crawler.settings.get("STORE_DATABASE_URL"),
                   [c.key for c in config.channels],
                   crawler.settings.getbool("STORE_WRITER_PROCESS", True))

    def open_spider(self) -> None:
        if self.writer_process:
            Archive.open(self.database_url).close()  # schema ready, errors raised here
            self.writer = WorkerPool(1, initializer=open_writer, initargs=(self.database_url,))
        else:
            self.archive = Archive.open(self.database_url)

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.archive is not None:
            self.archive.close()

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        args = (item, item.matches, self.channels)
        try:
            if self.writer is not None:
                result = await self.writer.run(save_in_writer, *args)
            else:
                assert self.archive is not None
                result = self.archive.save_article(*args)
        except (SQLAlchemyError, StorageError, BrokenProcessPool) as exc:
            self.stats.inc_value("store/errors")
            raise DropItem(f"could not store {item.url}: {exc}") from None
        self.stats.inc_value(f"store/{result.status}")
        if result.alerts:
            self.stats.inc_value("alerts/fired", result.alerts)
        return item
