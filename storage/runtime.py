"""The process model of a crawl process, owned in one place.

A crawl process (`rasad crawl`, or `scrapy crawl news`) runs one Scrapy crawler
per source. They share one `Runtime` per archive, which:

- starts, shares and stops the worker processes: the extraction workers
  (`EXTRACT_WORKERS`; 0 runs extraction inline) and the archive writer
  (`STORE_WRITER_PROCESS`), with the worker policy of `crawler/core/workers.py`
  (workers ignore SIGINT/SIGTERM and leave when the last user releases the
  runtime; they exit with their parent);
- opens the archive once in this process (`Runtime.archive`, for the work
  before and after a crawl), and once in the writer;
- keeps database work off the reactor thread: every archive task of a running
  crawl (stores, incremental and conditional-GET lookups, learned furniture)
  runs in the writer process, or on one database thread when there is no
  writer (`Runtime.in_archive`).

`rasad crawl` starts it before Scrapy loads, so that the workers' start-up
overlaps the crawl's; components take a reference with `Runtime.acquire` when
their spider opens and give it back with `release()`; the last one stops it.
The crawl process's own signal handling (stop fetching, finish the pages in
flight) is the runner's (`crawler/app/runner.py`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, TypeVar

from crawler.core import settings as defaults
from crawler.core.workers import WorkerPool
from storage.archive import Archive
from storage.writer import in_writer, open_writer

log = logging.getLogger(__name__)
T = TypeVar("T")


def extraction_workers(setting: int) -> int:
    """EXTRACT_WORKERS as a number of processes (-1: one per CPU)."""
    import os

    return setting if setting >= 0 else os.cpu_count() or 1


class Runtime:
    _running: ClassVar[dict[str, Runtime]] = {}  # database URL -> this process's runtime

    def __init__(self, database_url: str, extract_workers: int, writer_process: bool,
                 extract_init: Callable[[], None] | None = None) -> None:
        self.database_url = database_url
        self.users = 0
        workers = extraction_workers(extract_workers)
        self.extract_pool = WorkerPool(workers, extract_init) if workers > 0 else None
        self.writer = WorkerPool(1, open_writer, (database_url,)) if writer_process else None
        self._db_thread = None if writer_process else ThreadPoolExecutor(
            1, thread_name_prefix="rasad-db")
        self.archive = Archive.open(database_url)

    @classmethod
    def acquire(cls, database_url: str, *, extract_workers: int = defaults.EXTRACT_WORKERS,
                writer_process: bool = defaults.STORE_WRITER_PROCESS,
                extract_init: Callable[[], None] | None = None) -> Runtime:
        """This process's runtime for the archive, started by the first user with
        its options (later users share it as it is); `release()` when done."""
        runtime = cls._running.get(database_url)
        if runtime is None:
            runtime = cls._running[database_url] = cls(
                database_url, extract_workers, writer_process, extract_init)
        runtime.users += 1
        return runtime

    def release(self) -> None:
        self.users -= 1
        if self.users <= 0:
            if Runtime._running.get(self.database_url) is self:
                del Runtime._running[self.database_url]
            self.close()

    async def extract(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in an extraction worker (inline without workers)."""
        if self.extract_pool is None:
            return fn(*args)
        return await self.extract_pool.run(fn, *args)

    async def in_archive(self, task: Callable[..., T], *args: Any) -> T:
        """`task(archive, *args)` in the writer process, or on the database thread:
        never on the reactor thread. Tasks run one at a time, in order."""
        if self.writer is not None:
            return await self.writer.run(in_writer, task, *args)
        assert self._db_thread is not None
        return await asyncio.get_running_loop().run_in_executor(
            self._db_thread, lambda: task(self.archive, *args))

    def close(self) -> None:
        for pool in (self.extract_pool, self.writer):
            if pool is not None:
                pool.close()
        if self._db_thread is not None:
            self._db_thread.shutdown(wait=True)
        self.archive.close()
