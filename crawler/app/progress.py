"""Live progress of an interactive crawl (stdout is a terminal), drawn with rich.

One `ProgressBoard` per `rasad crawl` shows a row per source: pages, articles
new/updated/unchanged, alerts and errors, read from each crawler's Scrapy stats
twice a second. `ProgressExtension` (enabled when the runner puts a board in the
`PROGRESS_BOARD` setting) adds its crawler's row. Unattended runs (no terminal)
get no board, only plain log lines.
"""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from storage.runs import RunCounts


class ProgressBoard:
    def __init__(self, file: IO[str] | None = None, *, refresh_per_second: float = 2) -> None:
        self.console = Console(file=file)
        self.rows: dict[str, tuple[StatsCollector, str]] = {}  # source -> (stats, state)
        self.live = Live(console=self.console, refresh_per_second=refresh_per_second,
                         get_renderable=self.render, transient=False)
        self.started = False

    def __deepcopy__(self, memo: dict[int, Any]) -> ProgressBoard:
        return self  # Scrapy copies its settings per crawler; all crawlers share one board

    def add(self, source: str, stats: StatsCollector) -> None:
        self.rows[source] = (stats, "crawling")
        if not self.started:
            self.live.start()
            self.started = True

    def done(self, source: str) -> None:
        if source in self.rows:
            self.rows[source] = (self.rows[source][0], "done")

    def stop(self) -> None:
        if self.started:
            self.live.refresh()
            self.live.stop()
            self.started = False

    def render(self) -> Table:
        table = Table(title="rasad crawl", title_justify="left")
        for column in ("source", "state", "pages", "new", "updated", "unchanged", "alerts",
                       "errors"):
            table.add_column(column, justify="left" if column in ("source", "state")
                             else "right")
        for source, (stats, state) in self.rows.items():
            c = RunCounts.from_stats(dict(stats.get_stats()))  # a copy: the reactor writes
            table.add_row(source, state, *(str(n) for n in (
                c.pages, c.new, c.updated, c.unchanged, c.alerts, c.errors)))
        return table


class ProgressExtension:
    def __init__(self, crawler: Crawler, board: ProgressBoard) -> None:
        self.crawler = crawler
        self.board = board

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        board = crawler.settings.get("PROGRESS_BOARD")
        if not isinstance(board, ProgressBoard) or crawler.stats is None:
            raise NotConfigured  # no board: not a terminal (no message: Scrapy would warn)
        ext = cls(crawler, board)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        self.board.add(_source(spider), self.crawler.stats)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.board.done(_source(spider))


def _source(spider: Spider) -> str:
    source: Any = getattr(spider, "source_name", None)
    return str(source or spider.name)
