"""Store pipeline: writes each article and the alerts it fires in one transaction.

The writes run in the archive's writer process (`STORE_WRITER_PROCESS`, default
on; without it, on the database thread: see `storage/runtime.py`), so the
reactor never waits on the database and the archive work (hashing,
near-duplicate lookup, SQL) runs beside the crawl, in order.

Group commit: while the writer is busy, arriving articles wait in a queue; the
next call takes all of them (up to `STORE_BATCH_MAX`) in one transaction. A quiet
crawl writes each article at once; a busy one pays one commit per batch. Every
article still goes in whole with its alerts or not at all, and an item leaves
this pipeline only once its transaction has committed.

Alerts fire only for new reports (storage/gate.py; settings ALERTS_MAX_AGE_HOURS,
ALERTS_ENABLED).

Stats: store/new, store/updated, store/unchanged, alerts/fired, store/errors,
store/batches (transactions the writer committed), alerts/suppressed/<why>
(`too_old`, `no_alerts`: alerts the gate held back).
"""

from __future__ import annotations

import asyncio
from concurrent.futures.process import BrokenProcessPool

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError

from crawler.core.items import ArticleItem
from storage import SaveResult, StorageError
from storage.archive import SaveArgs
from storage.gate import AlertGate
from storage.runtime import Runtime
from storage.writer import save_batch


class StorePipeline:
    def __init__(self, stats: StatsCollector, database_url: str, channels: list[str],
                 writer_process: bool, batch_max: int,
                 gate: AlertGate | None = None) -> None:
        self.stats = stats
        self.gate = gate or AlertGate()
        self.database_url = database_url
        self.channels = channels
        self.writer_process = writer_process
        self.batch_max = max(1, batch_max)
        self.runtime: Runtime | None = None
        self._queue: list[tuple[SaveArgs, asyncio.Future[SaveResult]]] = []
        self._draining = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        assert crawler.stats is not None
        s = crawler.settings
        gate = AlertGate(s.getbool("ALERTS_ENABLED"), s.getfloat("ALERTS_MAX_AGE_HOURS"))
        return cls(crawler.stats, s.get("STORE_DATABASE_URL"), s.getlist("STORE_CHANNELS"),
                   s.getbool("STORE_WRITER_PROCESS"), s.getint("STORE_BATCH_MAX"), gate)

    def open_spider(self) -> None:
        self.runtime = Runtime.acquire(self.database_url, writer_process=self.writer_process)

    def close_spider(self) -> None:
        if self.runtime is not None:
            self.runtime.release()
            self.runtime = None

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        args: SaveArgs = (item, item.matches, self.channels, self.gate)
        try:
            result = await self._save(args)
        except (SQLAlchemyError, StorageError, BrokenProcessPool) as exc:
            self.stats.inc_value("store/errors")
            raise DropItem(f"could not store {item.url}: {exc}") from None
        self.stats.inc_value(f"store/{result.status}")
        item.stored = result.status  # the extract pipeline learns only from new articles
        if result.alerts:
            self.stats.inc_value("alerts/fired", result.alerts)
        if result.suppressed:
            self.stats.inc_value(f"alerts/suppressed/{result.suppressed_why}", result.suppressed)
        return item

    async def _save(self, args: SaveArgs) -> SaveResult:
        future: asyncio.Future[SaveResult] = asyncio.get_running_loop().create_future()
        self._queue.append((args, future))
        if not self._draining:
            self._draining = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        """Send the queued articles to the archive, a batch per call, until none wait."""
        assert self.runtime is not None
        try:
            while self._queue:
                batch = self._queue[:self.batch_max]
                del self._queue[:self.batch_max]
                try:
                    results = await self.runtime.in_archive(save_batch,
                                                            [args for args, _ in batch])
                except Exception as exc:  # the writer died: this batch failed
                    results = [StorageError(f"the archive writer failed: {exc!r}")] * len(batch)
                else:
                    self.stats.inc_value("store/batches")
                for (_, future), result in zip(batch, results, strict=True):
                    if future.done():  # cancelled while it waited
                        continue
                    if isinstance(result, BaseException):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self._draining = False
