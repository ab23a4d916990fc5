"""Extract pipeline: PageItem -> ArticleItem, dropping (and counting) non-articles.

Extraction is CPU-bound (trafilatura, lxml, langdetect), so it runs in a pool of
worker processes (`EXTRACT_WORKERS`) while the reactor keeps fetching; with
`EXTRACT_WORKERS = 0` it runs inline. A page that crashes a worker is dropped
and counted, and the pool is rebuilt: a hostile page never stops the crawl.

The source's overrides (`body_selector`, `remove_selectors`, `timezone`) go to
the worker with the page. Per-source learned furniture stays in this process
(dict lookups on line hashes): it cleans each article's body and learns from
articles new to the archive; counts are loaded at open and stored at close.

Stats: extract/articles, extract/dropped/<kind> (non_article, too_short,
blocked, unparsable, error), extract/furniture/learned_dropped (lines removed
as per-source learned furniture), extract/furniture/pages_learned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.core.items import ArticleItem, PageItem
from crawler.core.text.dates import parse_timezone
from pipelines.extraction import Extracted
from pipelines.extraction.learned import LearnedFurniture
from pipelines.extraction.worker import SourceRules, extract_in_worker
from pipelines.workers import WorkerPool, extraction_pool, extraction_workers

if TYPE_CHECKING:  # imported lazily: the crawl process needs them, tests may not
    from crawler.core.config import RasadConfig
    from storage import Archive


class ExtractPipeline:
    def __init__(self, stats: StatsCollector, min_body_chars: int, workers: int, *,
                 config: RasadConfig | None = None, database_url: str | None = None,
                 learn: bool = True, min_pages: int = 5, min_share: float = 0.2) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars
        self.workers = workers
        self.pool: WorkerPool | None = None
        self.rules = {s.name: SourceRules(s.body_selector, tuple(s.remove_selectors),
                                          parse_timezone(s.timezone))
                      for s in (config.sources if config else [])}
        self.database_url = database_url if learn else None
        self.min_pages = min_pages
        self.min_share = min_share
        self.archive: Archive | None = None
        self.learned: dict[str, LearnedFurniture] = {}
        self.known: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        from crawler.core.addon import CONFIG_OBJECT
        from crawler.core.config import RasadConfig

        assert crawler.stats is not None
        s = crawler.settings
        workers = extraction_workers(s.getint("EXTRACT_WORKERS", -1))
        config = s.get(CONFIG_OBJECT)
        return cls(crawler.stats, s.getint("EXTRACT_MIN_BODY_CHARS"), workers,
                   config=config if isinstance(config, RasadConfig) else None,
                   database_url=s.get("STORE_DATABASE_URL"),
                   learn=s.getbool("EXTRACT_LEARN_FURNITURE"),
                   min_pages=s.getint("EXTRACT_FURNITURE_MIN_PAGES"),
                   min_share=s.getfloat("EXTRACT_FURNITURE_MIN_SHARE"))

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = extraction_pool(self.workers)
        if self.database_url:
            from storage import Archive

            self.archive = Archive.open(self.database_url)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.release()
            self.pool = None
        if self.archive is not None:
            from storage.furniture import add_line_counts

            try:
                for source, memory in self.learned.items():
                    add_line_counts(self.archive.engine, source, memory.new)
            finally:
                self.archive.close()
                self.archive = None

    async def _run(self, item: PageItem) -> Extracted:
        args = (item.html, item.url, item.status, item.hint_published, item.fetched_at,
                self.rules.get(item.source, SourceRules()))
        if self.pool is None:
            return extract_in_worker(*args)
        return await self.pool.run(extract_in_worker, *args)

    # -- per-source learned furniture -------------------------------------------
    def _memory(self, source: str) -> LearnedFurniture | None:
        if self.archive is None:
            return None
        if source not in self.learned:
            from storage.furniture import load_line_counts

            self.learned[source] = LearnedFurniture(
                load_line_counts(self.archive.engine, source), self.min_pages, self.min_share)
            self.known[source] = self.archive.known_urls(source)
        return self.learned[source]

    def _clean(self, item: PageItem, result: Extracted) -> list[str]:
        """Drop the source's learned template lines from the body; returns all lines."""
        memory = self._memory(item.source)
        lines = result.body.split("\n") if result.body else []
        if memory is None or not result.is_article:
            return lines
        kept = memory.filter(lines)
        if len(kept) < len(lines):
            self.stats.inc_value("extract/furniture/learned_dropped", len(lines) - len(kept))
            result.body = "\n".join(kept)
        return lines

    def _learn(self, item: PageItem, lines: list[str]) -> None:
        """Only articles new to the archive teach: listings repeat teasers, and a page
        crawled again must not count its lines twice."""
        memory = self.learned.get(item.source)
        if memory is None or {item.url, item.requested_url} & self.known[item.source]:
            return
        memory.learn(lines)
        self.stats.inc_value("extract/furniture/pages_learned")

    async def process_item(self, item: PageItem | ArticleItem) -> ArticleItem:
        if not isinstance(item, PageItem):
            return item
        try:
            result = await self._run(item)
        except Exception as exc:  # a hostile page must never stop the crawl
            self.stats.inc_value("extract/dropped/error")
            raise DropItem(f"extraction failed on {item.url}: {exc!r}") from None
        lines = self._clean(item, result)
        if result.is_article and len(result.body) < self.min_body_chars:
            result.kind = "too_short"
        if not result.is_article:
            self.stats.inc_value(f"extract/dropped/{result.kind}")
            raise DropItem(f"not an article ({result.kind}): {item.url}",
                           log_level=None if result.kind == "blocked" else "INFO")
        self.stats.inc_value("extract/articles")
        self._learn(item, lines)
        assert item.fetched_at is not None
        return ArticleItem(
            url=result.url, source=item.source, title=result.title or (item.hint_title or ""),
            body=result.body, language=result.language or "und", fetched_at=item.fetched_at,
            published_at=result.published_at, date_source=result.date_source,
            author=result.author, fetched_url=item.url,
            requested_url=item.requested_url,
        )
