"""How a crawl process stops on SIGINT / SIGTERM (Ctrl-C, the scheduler, systemd).

First signal: stop fetching at once. Requests waiting in the downloader for
their politeness delay are dropped (they are not stored, so the next run fetches
them), nothing new starts, and the pages already being downloaded or processed
finish: they are stored with their alerts, each source's run is recorded
`interrupted`, alerts are delivered and the process exits with 128 + the
signal's number. Second signal: the reactor stops at once (the work in flight
is abandoned; the archive's transactions are atomic), the runs are still
recorded `interrupted`, and nothing is delivered.

The extraction and writer processes ignore both signals (`crawler/core/workers.py`)
and leave when the runtime is released, so a signal sent to the whole process
group never kills work in flight.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterable
from typing import Any, cast

from scrapy.crawler import Crawler, CrawlerProcess
from twisted.python.failure import Failure

from spiders.news import REQUEUE, StopFetching

log = logging.getLogger("rasad.crawl")


def _crash() -> None:
    """Stop the reactor now, without the shutdown triggers (which wait for the
    crawlers to close)."""
    from twisted.internet import reactor

    cast(Any, reactor).crash()  # typed as the module, not the reactor it is


class StoppableProcess(CrawlerProcess):
    """Scrapy's CrawlerProcess with Rasad's stop policy (module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signal: int | None = None  # the first stop signal received
        self.forced = False  # a second signal: stopped at once

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor

        self.signal = signum
        super()._signal_shutdown(signum, frame)  # stop the engines: nothing new starts
        reactor.callFromThread(self.drop_waiting)

    def _signal_kill(self, signum: int, _: Any) -> None:
        from twisted.internet import reactor

        self.forced = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        reactor.callFromThread(_crash)  # no shutdown triggers: they would wait

    def drop_waiting(self) -> None:
        """Drop the requests queued in the downloaders for their delay slot."""
        drop_waiting(self.crawlers)

    @property
    def exit_code(self) -> int:
        """128 + the signal's number when stopped by one, else 0."""
        return 128 + self.signal if self.signal is not None else 0


def drop_waiting(crawlers: Iterable[Crawler]) -> None:
    """Drop the requests queued in the crawlers' downloaders for their delay slot
    (the continuous worker stops its crawls this way too)."""
    dropped = 0
    for crawler in crawlers:
        engine = crawler.engine
        if engine is None:
            continue
        for slot in list(engine.downloader.slots.values()):
            while slot.queue:
                request, waiting = slot.queue.popleft()
                request.meta[REQUEUE] = True  # distributed: back to the shared frontier
                # the spider counts it: spider/skipped/stopping
                waiting.errback(Failure(StopFetching(f"stopping: {request.url}")))
                dropped += 1
    log.warning("stopping: %d queued requests dropped; finishing the pages in flight",
                dropped)
