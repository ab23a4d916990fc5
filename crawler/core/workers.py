"""Worker processes: a `spawn`-context pool with Rasad's worker policy.

The mechanism behind the crawl's process model (`storage/runtime.py` decides
which pools a crawl process has and owns them). Kept free of Scrapy, SQLAlchemy
and the rest: a spawned worker imports this module to start, and every import
here is memory in every worker.

The worker policy:
- Workers ignore SIGINT and SIGTERM. A signal sent to the crawl's process group
  (Ctrl-C in a terminal, the scheduler stopping a child) reaches the parent,
  which finishes the pages in flight; the workers keep serving it until the
  parent closes the pool, which is how it tells them to leave.
- Workers exit when their parent is gone (killed, crashed, SIGKILLed): their
  task pipe stays open when a parent dies without closing it.
- What start-up loaded is frozen out of the collector's way (`gc.freeze`).
- A worker that dies (a hostile page that crashes a parser, an out-of-memory
  kill) fails only the item it held: the pool is rebuilt, unless it is closing.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(0)


def _start_worker(parent: int, initializer: Callable[..., None] | None,
                  initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True,
                     name="rasad-parent-watch").start()
    if initializer is not None:
        initializer(*initargs)
    gc.freeze()  # what start-up loaded stays: later collections need not scan it


def _ready() -> None:
    """A no-op task that makes the pool start a worker."""


class WorkerPool:
    """`workers` spawned processes running `initializer(*initargs)` once each."""

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self.closing = False
        self._pool = self._new()

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
            if pool is self._pool and not self.closing:
                log.error("a worker process died; starting a new pool")
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new()
            raise

    def close(self) -> None:
        """Let the tasks given finish, then tell the workers to leave."""
        self.closing = True
        self._pool.shutdown(wait=True, cancel_futures=True)
