"""Worker processes for pipeline stages that must not block the reactor.

CPU-bound extraction and the archive writes run in `spawn`-context process
pools (never fork a running reactor). A worker that dies (a hostile page that
crashes a parser, an out-of-memory kill) fails only the item it held: the pool
is rebuilt and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def _exit_with_parent(parent: int) -> None:
    """Watch the parent process; exit when it is gone (killed, crashed, SIGKILLed).

    A pool's workers block on their task pipe, which stays open when the parent
    dies without closing it: without this a killed crawl leaves its workers behind.
    """
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _start_worker(parent: int, initializer: Callable[..., None] | None,
                  initargs: tuple[Any, ...]) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True,
                     name="rasad-parent-watch").start()
    if initializer is not None:
        initializer(*initargs)
    gc.freeze()  # what start-up loaded stays: later collections need not scan it


def _ready() -> None:
    """A no-op task that makes the pool start a worker."""


class WorkerPool:
    # Pools shared by the crawlers of one process (`rasad crawl` runs one crawler
    # per source, all at once): one set of extraction workers and one writer per
    # archive, however many sources are crawled.
    _shared: ClassVar[dict[tuple[Any, ...], WorkerPool]] = {}

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self._pool = self._new()
        self._key: tuple[Any, ...] | None = None
        self._users = 0

    @classmethod
    def shared(cls, key: tuple[Any, ...], workers: int,
               initializer: Callable[..., None] | None = None,
               initargs: tuple[Any, ...] = ()) -> WorkerPool:
        """The process's pool for `key`, started on first use; `release()` when done."""
        pool = cls._shared.get(key)
        if pool is None:
            pool = cls._shared[key] = cls(workers, initializer, initargs)
            pool._key = key
        pool._users += 1
        return pool

    def release(self) -> None:
        """One user of a shared pool is done; the last one closes it."""
        self._users -= 1
        if self._users <= 0:
            if self._key is not None and WorkerPool._shared.get(self._key) is self:
                del WorkerPool._shared[self._key]
            self.close()

    def _new(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker, initargs=(os.getpid(), self.initializer, self.initargs))
        # Workers start on the first task: start them now, so that their imports
        # and warm-up overlap the crawl's start (robots.txt, feeds, sitemaps)
        # instead of delaying the first article.
        for _ in range(self.workers):
            pool.submit(_ready)
        return pool

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker; BrokenProcessPool (after rebuilding) if it died."""
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        except BrokenProcessPool:
            if pool is self._pool:
                log.error("a worker process died; starting a new pool")
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new()
            raise

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def extraction_workers(setting: int) -> int:
    """EXTRACT_WORKERS as a number of processes (-1: one per CPU)."""
    return setting if setting >= 0 else os.cpu_count() or 1


def extraction_pool(workers: int) -> WorkerPool:
    """The process's extraction workers (pipelines/extraction/worker.py)."""
    from pipelines.extraction.worker import warm_up

    return WorkerPool.shared(("extract", workers), workers, initializer=warm_up)


def writer_pool(database_url: str) -> WorkerPool:
    """The process's archive writer for `database_url` (storage/writer.py)."""
    from storage.writer import open_writer

    return WorkerPool.shared(("writer", database_url), 1, initializer=open_writer,
                             initargs=(database_url,))


@contextmanager
def workers_started(database_url: str) -> Iterator[None]:
    """Start the crawl's worker processes (default settings) before it loads Scrapy.

    Their start-up (imports, warm-up, opening the archive) then overlaps the
    crawl's own instead of delaying the first article; the pipelines find them
    running (`WorkerPool.shared`). The archive's schema must exist already.
    """
    from crawler.core import settings

    pools = []
    workers = extraction_workers(settings.EXTRACT_WORKERS)
    if workers > 0:
        pools.append(extraction_pool(workers))
    if settings.STORE_WRITER_PROCESS:
        pools.append(writer_pool(database_url))
    try:
        yield
    finally:
        for pool in pools:
            pool.release()
