"""The crawl runner: one pass over the selected sources, then alert delivery.

Each source runs as its own Scrapy crawler in one `CrawlerProcess`, so every
source has its own stats. Twisted's reactor cannot be restarted: call
`run_crawl` once per process (the scheduler runs each crawl in a child process).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler import settings as default_settings
from crawler.addon import CONFIG_OBJECT
from crawler.config import RasadConfig
from spiders.news import NewsSpider
from storage import Archive

log = logging.getLogger("rasad.crawl")


class CrawlFailed(Exception):
    """A source's crawl could not run at all (not: some pages failed)."""


@dataclass
class SourceReport:
    name: str
    stats: dict[str, Any]

    def count(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    def errors(self) -> int:
        return sum(int(v) for k, v in self.stats.items()
                   if k.startswith(("spider/errors/", "store/errors", "extract/dropped/error")))


@dataclass
class CrawlReport:
    sources: list[SourceReport] = field(default_factory=list)
    delivery: Any = None  # alerts.dispatcher.DeliveryReport


def crawl_settings(config: RasadConfig, log_level: str = "WARNING") -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set(CONFIG_OBJECT, config, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the CLI's handler
    return settings


def run_sources(config: RasadConfig, names: Sequence[str] | None = None,
                log_level: str = "WARNING") -> list[SourceReport]:
    """Crawl the sources (all by default) once; returns each source's stats."""
    sources = config.selected_sources(list(names) if names else None)
    Archive.open(config.database_url).close()  # fail fast, one line, before any fetch
    process = CrawlerProcess(crawl_settings(config, log_level))
    crawlers: list[tuple[str, Crawler]] = []
    failures: list[str] = []
    for source in sources:
        crawler = process.create_crawler(NewsSpider)
        done = process.crawl(crawler, source=source.name)
        done.addErrback(_failed, source.name, failures)
        crawlers.append((source.name, crawler))
    process.start()
    if failures:
        raise CrawlFailed("; ".join(failures))
    return [SourceReport(name, dict(c.stats.get_stats()) if c.stats else {})
            for name, c in crawlers]


def _failed(failure: Any, name: str, failures: list[str]) -> None:
    log.error("crawl of source %s failed to run", name,
              exc_info=(failure.type, failure.value, failure.getTracebackObject()))
    failures.append(f"source {name}: {failure.getErrorMessage()}")


def deliver(config: RasadConfig, force: bool = False) -> Any:
    from alerts.dispatcher import deliver_pending

    archive = Archive.open(config.database_url)
    try:
        return deliver_pending(archive, config.channels, max_attempts=config.alerts.max_attempts,
                               retry_base=config.alerts.retry_base, force=force)
    finally:
        archive.close()


def run_crawl(config: RasadConfig, names: Sequence[str] | None = None,
              log_level: str = "WARNING") -> CrawlReport:
    report = CrawlReport(sources=run_sources(config, names, log_level))
    report.delivery = deliver(config)
    return report
