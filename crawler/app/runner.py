"""The crawl runner: one pass over the selected sources, then alert delivery.

Each source runs as its own Scrapy crawler in one `CrawlerProcess`, so every
source has its own stats. Twisted's reactor cannot be restarted: call
`run_crawl` once per process (the scheduler runs each crawl in a child process).
The process's runtime (`storage/runtime.py`: archive, worker processes) lives
for the whole call; a stop signal is handled as `crawler/app/stopping.py` says.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings

from crawler.app.stopping import StoppableProcess
from crawler.core import settings as default_settings
from crawler.core.addon import CONFIG_OBJECT
from crawler.core.config import RasadConfig
from spiders.news import NewsSpider
from storage import Archive
from storage.runtime import Runtime

log = logging.getLogger("rasad.crawl")


class CrawlFailed(Exception):
    """A source's crawl could not run at all (not: some pages failed)."""


@dataclass
class SourceReport:
    name: str
    stats: dict[str, Any]
    status: str = "ok"  # ok | interrupted

    def count(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    def errors(self) -> int:
        """Errors as `crawl_runs` and `rasad status` count them."""
        from storage.runs import RunCounts

        return RunCounts.from_stats(self.stats).errors


@dataclass
class CrawlReport:
    sources: list[SourceReport] = field(default_factory=list)
    delivery: Any = None  # alerts.dispatcher.DeliveryReport
    exit_code: int = 0  # 128 + signal number when a signal stopped the crawl
    health: list[Any] = field(default_factory=list)  # alerts.sourcehealth.SourceHealth


def crawl_settings(config: RasadConfig, log_level: str = "WARNING",
                   overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set(CONFIG_OBJECT, config, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the CLI's handler
    settings.setdict(overrides or {}, priority="cmdline")  # e.g. HTTPCACHE_ENABLED (--cache)
    return settings


def run_sources(config: RasadConfig, archive: Archive, names: Sequence[str] | None = None,
                log_level: str = "WARNING", overrides: dict[str, Any] | None = None
                ) -> tuple[list[SourceReport], StoppableProcess]:
    """Crawl the sources (all by default) once; returns each source's stats and
    the process (which says whether a signal stopped it). Each source's outcome
    is recorded in the archive's `crawl_runs` table."""
    sources = config.selected_sources(list(names) if names else None)
    started = datetime.now(UTC)
    process = StoppableProcess(crawl_settings(config, log_level, overrides))
    crawlers: list[tuple[str, Crawler]] = []
    failures: list[str] = []
    for source in sources:
        crawler = process.create_crawler(NewsSpider)
        done = process.crawl(crawler, source=source.name)
        done.addErrback(_failed, source.name, failures)
        crawlers.append((source.name, crawler))
    board = (overrides or {}).get("PROGRESS_BOARD")
    # Everything loaded so far (modules, settings, rules) lives as long as the
    # crawl: out of the collector's way, every collection during the crawl is cheaper.
    gc.freeze()
    try:
        process.start()
    finally:
        if board is not None:
            board.stop()
    status = "interrupted" if process.signal is not None else "ok"
    reports = [SourceReport(name, dict(c.stats.get_stats()) if c.stats else {}, status)
               for name, c in crawlers]
    record_runs(archive, reports, started)
    if failures and process.signal is None:
        raise CrawlFailed("; ".join(failures))
    return reports, process


def _failed(failure: Any, name: str, failures: list[str]) -> None:
    log.error("crawl of source %s failed to run", name,
              exc_info=(failure.type, failure.value, failure.getTracebackObject()))
    failures.append(f"source {name}: {failure.getErrorMessage()}")


def record_runs(archive: Archive, reports: Sequence[SourceReport], started: datetime) -> None:
    from storage.runs import RunCounts, record_run

    for r in reports:
        counts = RunCounts.from_stats(r.stats)
        ended = r.stats.get("finish_time") or datetime.now(UTC)
        status = "interrupted" if r.stats.get("finish_reason") == "shutdown" else r.status
        record_run(archive.engine, r.name, _aware(r.stats.get("start_time") or started),
                   _aware(ended), status, counts)
        log.info("source %s: %s, %d pages, %d new, %d updated, %d errors %s",
                 r.name, status, counts.pages, counts.new, counts.updated, counts.errors,
                 dict(counts.error_kinds))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def deliver(config: RasadConfig, archive: Archive, force: bool = False,
            channels: Sequence[str] | None = None) -> Any:
    """Deliver the alert outbox and the source-health outbox (to every channel,
    or to the named ones); one merged report."""
    from alerts.channels import adopt_renamed
    from alerts.dispatcher import deliver_pending
    from alerts.health import deliver_health, merge

    chosen = [c for c in config.channels if channels is None or c.key in channels]
    adopt_renamed(archive.engine, config.channels)  # deliveries follow their channel
    report = deliver_pending(archive, chosen,
                             max_attempts=config.alerts.max_attempts,
                             retry_base=config.alerts.retry_base, force=force)
    return merge(report, deliver_health(archive, config, chosen))


def checkpoint_archive(archive: Archive) -> None:
    """End of a writing command: the SQLite `.db` file alone is the whole archive."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.backup import checkpoint

    try:
        checkpoint(archive.engine)
    except SQLAlchemyError as exc:  # never hide what went before; the next run retries
        log.warning("archive %s: checkpoint failed: %s", archive.display_url, exc)


def check_health(config: RasadConfig, archive: Archive, names: Sequence[str] | None, *,
                 alerts: bool = True) -> list[Any]:
    """The health of the sources just crawled (for the summary); with [alerts]
    source_health (and not `--no-alerts`), open or resolve their health alerts."""
    from alerts.health import raise_health_alerts
    from alerts.sourcehealth import assess

    health = assess(archive.engine, config, datetime.now(UTC), names)
    if alerts and config.alerts.source_health:
        raise_health_alerts(archive, config, health=[h for h in health if h.run])
    return health


def run_crawl(config: RasadConfig, names: Sequence[str] | None = None,
              log_level: str = "WARNING",
              overrides: dict[str, Any] | None = None, alerts: bool = True) -> CrawlReport:
    """Crawl, record the runs, raise source-health alerts and deliver; after a
    second stop signal (a forced stop) nothing is delivered. `alerts=False`
    (`--no-alerts`): store and match, fire and deliver nothing. The SQLite
    archive is checkpointed at the end (storage/backup.py)."""
    if not alerts:
        overrides = {**(overrides or {}), "ALERTS_ENABLED": False}
    runtime = Runtime.acquire(config.database_url)  # the archive, opened once: fails fast
    try:
        reports, process = run_sources(config, runtime.archive, names, log_level, overrides)
        report = CrawlReport(sources=reports, exit_code=process.exit_code)
        if not process.forced:  # a forced stop exits at once: the next run checkpoints
            report.health = check_health(config, runtime.archive, names, alerts=alerts)
            if alerts:
                report.delivery = deliver(config, runtime.archive)
            checkpoint_archive(runtime.archive)
        return report
    finally:
        runtime.release()
