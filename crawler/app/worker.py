"""`rasad worker`: a long-running crawl process consuming the shared frontier.

One Scrapy crawler per configured source (as `rasad crawl`), each scheduling
through the shared frontier on Redis (spiders/frontier.py) and staying open
when it is empty; the scheduler (`rasad schedule`) seeds the sources' start
requests (crawler/app/seeding.py). Any number of workers on any number of
machines share the frontier; each stores into the one PostgreSQL archive.

- **Acknowledgement.** A request popped from the frontier stays leased to
  this worker until the engine lets go of it, after its response has gone
  through the spider and its items through the pipelines (stored, alerts
  written): `FrontierEngine` tells the frontier then. Scrapy has no signal for
  that moment; the engine's own bookkeeping (`_remove_request`) is it.
- **Cycles.** When a source's crawler goes idle after work (nothing in flight
  here and its queue empty), the worker records its share as a `crawl_runs`
  row (the source's counts since the last row) and delivers pending alerts
  (delivery leases make every alert go out once whoever delivers).
- **Registry.** The worker writes its state and totals to
  `<prefix>:workers` every third of the lease; `rasad status` lists every worker,
  and one whose lease expired without a clean stop shows as lost.
- **Stopping.** SIGTERM/SIGINT as `rasad crawl` (crawler/app/stopping.py): no new
  requests, the pages in flight finish and are stored; what the worker still
  holds (requests dropped while waiting for their delay) goes back to the
  frontier; its last counts are recorded and alerts delivered; exit 0. A
  second signal stops at once; its requests go back too. SIGKILL: its lease
  expires and a live worker or the seeder puts its requests back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from crawler.app.runner import crawl_settings, deliver
from crawler.app.stopping import StoppableProcess
from crawler.core.config import RasadConfig
from spiders.frontier import Frontier, default_worker_id
from spiders.news import NewsSpider
from storage.archive import Archive
from storage.runs import RunCounts, record_run
from storage.runtime import Runtime

log = logging.getLogger("rasad.worker")
# Registry entries of workers stopped or lost this long ago are dropped.
REGISTRY_KEEP_SECONDS = 7 * 24 * 3600.0


def registry_key(prefix: str) -> str:
    return f"{prefix}:workers"


class FrontierEngine(ExecutionEngine):
    """Scrapy's engine, telling the frontier when it has finished with a request,
    and polling the shared frontier every `DISTRIBUTED_POLL_SECONDS` when idle."""

    def __init__(self, crawler: Crawler, spider_closed_callback: Any) -> None:
        super().__init__(crawler, spider_closed_callback)
        self._SLOT_HEARTBEAT_INTERVAL = crawler.settings.getfloat("DISTRIBUTED_POLL_SECONDS")

    def _remove_request(self, result: Any, request: Request) -> None:
        try:
            super()._remove_request(result, request)
        finally:
            scheduler = self._slot.scheduler if self._slot is not None else None
            if isinstance(scheduler, Frontier):
                try:
                    scheduler.done(request)
                except Exception:  # Redis down: the lease lapses, the request is redone
                    log.exception("frontier: cannot release %s", request.url)
                    if self.crawler.stats is not None:
                        self.crawler.stats.inc_value("frontier/errors")


class FrontierCrawler(Crawler):
    def _create_engine(self) -> ExecutionEngine:
        return FrontierEngine(self, lambda _: self.stop_async())


class WorkerProcess(StoppableProcess):
    """The crawl process of a worker: its crawlers use `FrontierEngine`."""

    def _create_crawler(self, spidercls: str | type[Spider]) -> Crawler:
        if isinstance(spidercls, str):
            spidercls = self.spider_loader.load(spidercls)
        init_reactor = not self._initialized_reactor
        self._initialized_reactor = True
        return FrontierCrawler(spidercls, self.settings, init_reactor=init_reactor)


def _numbers(stats: dict[str, Any]) -> dict[str, float]:
    return {k: v for k, v in stats.items() if isinstance(v, int | float)
            and not isinstance(v, bool)}


@dataclass
class SourceShare:
    """One source's crawler in this worker, and its counts since the last row."""

    name: str
    crawler: Crawler
    recorded: dict[str, float] = field(default_factory=dict)
    since: datetime = field(default_factory=lambda: datetime.now(UTC))

    def stats(self) -> dict[str, Any]:
        return dict(self.crawler.stats.get_stats()) if self.crawler.stats else {}

    def take(self) -> tuple[datetime, RunCounts] | None:
        """The counts since the last row (None: nothing was popped since)."""
        now = _numbers(self.stats())
        delta = {k: v - self.recorded.get(k, 0) for k, v in now.items()}
        if not delta.get("scheduler/dequeued/redis"):
            return None
        started, self.since, self.recorded = self.since, datetime.now(UTC), now
        return started, RunCounts.from_stats(delta)


def record_cycle(archive: Archive, source: str, started: datetime, ended: datetime,
                 status: str, counts: RunCounts) -> int:
    """A worker's share of a source's cycle as a `crawl_runs` row (writer task)."""
    return record_run(archive.engine, source, started, ended, status, counts)


class Worker:
    def __init__(self, config: RasadConfig, runtime: Runtime, server: Any,
                 worker: str, sources: Sequence[str]) -> None:
        self.config = config
        self.runtime = runtime
        self.server = server
        self.id = worker
        self.prefix = config.crawl.distributed_prefix
        self.sources = list(sources)
        self.shares: list[SourceShare] = []
        self.started = datetime.now(UTC)
        self.cycles = 0
        self.delivering = False
        self.deliver_again = False
        self.totals: dict[str, int] = {}

    def watch(self, name: str, crawler: Crawler) -> None:
        share = SourceShare(name, crawler)
        self.shares.append(share)
        crawler.signals.connect(lambda: self._idle(share), signal=signals.spider_idle,
                                weak=False)

    # -- cycles -------------------------------------------------------------
    def _idle(self, share: SourceShare) -> None:
        taken = share.take()
        if taken is None:
            return
        started, counts = taken
        self.cycles += 1
        deferred_from_coro(self._after_cycle(share.name, started, counts)).addErrback(
            lambda f: log.error("worker: after a cycle of %s: %s", share.name,
                                f.getErrorMessage()))

    async def _after_cycle(self, name: str, started: datetime, counts: RunCounts) -> None:
        self._add(counts)
        await self.runtime.in_archive(record_cycle, name, started, datetime.now(UTC), "ok",
                                      counts)
        log.info("source %s: %d pages, %d new, %d updated, %d alerts, %d errors", name,
                 counts.pages, counts.new, counts.updated, counts.alerts, counts.errors)
        await self._deliver()

    async def _deliver(self) -> None:
        if self.delivering:  # one delivery at a time; go again when it ends
            self.deliver_again = True
            return
        self.delivering = True
        try:
            while True:
                self.deliver_again = False
                if self.config.channels:
                    await asyncio.to_thread(deliver, self.config, self.runtime.archive)
                if not self.deliver_again:
                    break
        finally:
            self.delivering = False

    def _add(self, counts: RunCounts) -> None:
        for key, n in (("pages", counts.pages), ("new", counts.new),
                       ("updated", counts.updated), ("unchanged", counts.unchanged),
                       ("alerts", counts.alerts), ("errors", counts.errors)):
            self.totals[key] = self.totals.get(key, 0) + n

    def record_rest(self, status: str) -> None:
        """After the reactor: each source's counts since its last row."""
        for share in self.shares:
            taken = share.take()
            if taken is not None:
                started, counts = taken
                self._add(counts)
                record_run(self.runtime.archive.engine, share.name, started,
                           datetime.now(UTC), status, counts)

    # -- registry -----------------------------------------------------------
    def entry(self, state: str) -> dict[str, Any]:
        held = int(self.server.hlen(f"{self.prefix}:inflight:{self.id}"))
        return {"id": self.id, "host": socket.gethostname(), "pid": os.getpid(),
                "state": state, "started_at": self.started.isoformat(),
                "heartbeat_at": datetime.now(UTC).isoformat(), "sources": self.sources,
                "cycles": self.cycles, "held": held, **self.totals}

    def heartbeat(self, state: str = "running") -> None:
        import redis

        try:
            key = registry_key(self.prefix)
            self.server.hset(key, self.id, json.dumps(self.entry(state)))
            self._prune(key)
        except redis.RedisError as exc:
            log.warning("worker: cannot write its state to the registry: %s", exc)

    def _prune(self, key: str) -> None:
        cutoff = time.time() - REGISTRY_KEEP_SECONDS
        for worker, raw in self.server.hgetall(key).items():
            beat = _parse_time(json.loads(raw).get("heartbeat_at"))
            if beat is not None and beat.timestamp() < cutoff:
                self.server.hdel(key, worker)


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass
class WorkerReport:
    worker: str
    exit_code: int
    put_back: int
    totals: dict[str, int]
    failures: list[str]


def run_worker(config: RasadConfig, names: Sequence[str] | None = None,
               log_level: str = "WARNING") -> WorkerReport:
    """Crawl from the shared frontier until stopped by a signal."""
    from twisted.internet.task import LoopingCall

    from crawler.app.seeding import frontier_client
    from spiders.leasedqueue import reclaim

    server = frontier_client(config)
    sources = config.selected_sources(list(names) if names else None)
    wid = default_worker_id()
    runtime = Runtime.acquire(config.database_url)
    try:
        process = WorkerProcess(crawl_settings(config, log_level,
                                               {"DISTRIBUTED_WORKER_ID": wid}))
        worker = Worker(config, runtime, server, wid, [s.name for s in sources])
        failures: list[str] = []
        for source in sources:
            crawler = process.create_crawler(NewsSpider)
            done = process.crawl(crawler, source=source.name)
            done.addErrback(_failed, source.name, failures)
            worker.watch(source.name, crawler)
        worker.heartbeat()
        from twisted.internet import reactor  # installed by the first crawler

        beat = LoopingCall(worker.heartbeat)
        reactor.callWhenRunning(beat.start, config.crawl.worker_lease / 3, False)
        log.info("worker %s: %d sources on the shared frontier", wid, len(sources))
        process.start()
        if beat.running:
            beat.stop()
        put_back = max(0, reclaim(server, worker.prefix, wid, force=True))
        if put_back:
            log.warning("worker %s: %d requests it held put back on the frontier",
                        wid, put_back)
        worker.record_rest("interrupted" if process.signal is not None else "ok")
        if not process.forced and config.channels:
            deliver(config, runtime.archive)
        worker.heartbeat("stopped")
        return WorkerReport(wid, 0, put_back, worker.totals, failures)
    finally:
        runtime.release()


def _failed(failure: Any, name: str, failures: list[str]) -> None:
    log.error("worker: crawl of source %s failed: %s", name, failure.getErrorMessage())
    failures.append(f"source {name}: {failure.getErrorMessage()}")
