"""Extract pipeline: PageItem -> ArticleItem, dropping (and counting) non-articles.

Extraction is CPU-bound (trafilatura, lxml, langdetect), so it runs in a pool of
worker processes (`EXTRACT_WORKERS`) while the reactor keeps fetching; with
`EXTRACT_WORKERS = 0` it runs inline. A page that crashes a worker is dropped
and counted, and the pool is rebuilt: a hostile page never stops the crawl.

One `ExtractOptions` goes to the worker with each page: the `EXTRACT_*`
settings and the crawled source's overrides (`body_selector`,
`remove_selectors`, `timezone`). Per-source learned furniture stays in this process
(dict lookups on line hashes): it cleans each article's body and learns from
distinct articles new to the archive (not a text it learned from already, not
an article the archive already had: the store's verdict, `item.stored`, taken
when the item leaves the pipelines); a source's `EXTRACT_FURNITURE_MAX_LINES`
most frequent counts are loaded (off the reactor thread, through the runtime)
with its first page and stored at close.

Stats: extract/articles, extract/dropped/<kind> (non_article, too_short,
blocked, unparsable, error), extract/lost/<kind> (the dropped pages that looked
like articles: crawler/core/text/pagekind.py), extract/furniture/learned_dropped
(lines removed as per-source learned furniture), extract/furniture/pages_learned,
extract/furniture/copies_skipped (copies of a text that taught already).
"""

from __future__ import annotations

import asyncio

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.core.items import ArticleItem, PageItem
from crawler.core.text.pagekind import looks_like_article
from pipelines.extraction import Extracted, ExtractOptions
from pipelines.extraction.learned import LearnedFurniture
from pipelines.extraction.worker import extract_in_worker, warm_up
from storage.runtime import Runtime
from storage.writer import add_learned, learning_state


class ExtractPipeline:
    def __init__(self, crawler: Crawler, options: ExtractOptions, *, database_url: str,
                 workers: int, learn: bool, min_pages: int, min_share: float,
                 max_lines: int = 0) -> None:
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.options = options  # the source's own are added when the spider opens
        self.database_url = database_url
        self.workers = workers
        self.learn = learn
        self.min_pages = min_pages
        self.min_share = min_share
        self.max_lines = max_lines
        self.runtime: Runtime | None = None
        self._loading: dict[str, asyncio.Task[LearnedFurniture]] = {}
        self.learned: dict[str, LearnedFurniture] = {}
        # articles that taught, until the store says whether they were new: id(item) ->
        # (what learned from them, their lines)
        self._taught: dict[int, tuple[LearnedFurniture, list[str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        s = crawler.settings
        options = ExtractOptions(min_body_chars=s.getint("EXTRACT_MIN_BODY_CHARS"),
                                 min_short_body_chars=s.getint("EXTRACT_MIN_SHORT_BODY_CHARS"),
                                 rescue_below_chars=s.getint("EXTRACT_RESCUE_BELOW_CHARS"),
                                 favor_precision=s.getbool("EXTRACT_FAVOR_PRECISION"),
                                 include_tables=s.getbool("EXTRACT_INCLUDE_TABLES"))
        pipeline = cls(crawler, options, database_url=s.get("STORE_DATABASE_URL"),
                   workers=s.getint("EXTRACT_WORKERS"),
                   learn=s.getbool("EXTRACT_LEARN_FURNITURE"),
                   min_pages=s.getint("EXTRACT_FURNITURE_MIN_PAGES"),
                   min_share=s.getfloat("EXTRACT_FURNITURE_MIN_SHARE"),
                   max_lines=s.getint("EXTRACT_FURNITURE_MAX_LINES"))
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_left, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_left, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        source = getattr(self.crawler.spider, "source", None)  # NewsSpider's SourceConfig
        if source is not None:
            self.options = self.options.for_source(source)
        self.runtime = Runtime.acquire(self.database_url, extract_workers=self.workers,
                                       extract_init=warm_up)

    async def close_spider(self) -> None:
        if self.runtime is None:
            return
        try:
            for source, memory in self.learned.items():
                memory.prune()
                await self.runtime.in_archive(add_learned, source, memory.new,
                                              sorted(memory.forgotten))
        finally:
            self.runtime.release()
            self.runtime = None

    async def _run(self, item: PageItem) -> Extracted:
        assert self.runtime is not None
        return await self.runtime.extract(
            extract_in_worker, item.html, item.url, self.options, item.status,
            item.hint_published, item.fetched_at)

    # -- per-source learned furniture -------------------------------------------
    async def _memory(self, source: str) -> LearnedFurniture | None:
        """The source's learned furniture, loaded from the archive on its first page."""
        if not self.learn or self.runtime is None:
            return None
        if source not in self._loading:
            self._loading[source] = asyncio.ensure_future(self._load(source))
        return await self._loading[source]

    async def _load(self, source: str) -> LearnedFurniture:
        assert self.runtime is not None
        counts = await self.runtime.in_archive(learning_state, source, self.max_lines)
        memory = self.learned[source] = LearnedFurniture(counts, self.min_pages,
                                                         self.min_share, self.max_lines)
        return memory

    def _clean(self, item: PageItem, result: Extracted,
               memory: LearnedFurniture | None) -> list[str]:
        """Drop the source's learned template lines from the body; returns all lines."""
        lines = result.body.split("\n") if result.body else []
        if memory is None or not result.is_article:
            return lines
        kept = memory.filter(lines)
        if len(kept) < len(lines):
            self.stats.inc_value("extract/furniture/learned_dropped", len(lines) - len(kept))
            result.body = "\n".join(kept)
        return lines

    def _learn(self, article: ArticleItem, lines: list[str]) -> None:
        """Only distinct articles new to the archive teach: listings repeat teasers, a
        page crawled again must not count its lines twice, and copies of one text
        under other URLs (session ids, tracking) must not make it look like template.

        A text not learned from yet teaches at once (the pages extracted next are
        cleaned with it); it is taken back unless the store makes it a new row
        (`item_scraped`): an article the archive had, under one of its URLs or
        with the same text, or one dropped on its way, teaches nothing."""
        memory = self.learned.get(article.source)
        if memory is None:
            return
        if memory.learn(lines):
            self._taught[id(article)] = (memory, lines)
            self.stats.inc_value("extract/furniture/pages_learned")
        else:
            self.stats.inc_value("extract/furniture/copies_skipped")

    def item_scraped(self, item: object) -> None:
        if getattr(item, "stored", None) == "new":
            self._taught.pop(id(item), None)
        else:
            self.item_left(item)

    def item_left(self, item: object) -> None:
        """Not a new row (known to the archive), or dropped on its way (language,
        store): what it taught is taken back."""
        taught = self._taught.pop(id(item), None)
        if taught is not None:
            taught[0].unlearn(taught[1])
            self.stats.inc_value("extract/furniture/pages_learned", -1)

    async def process_item(self, item: PageItem | ArticleItem) -> ArticleItem:
        if not isinstance(item, PageItem):
            return item
        try:
            result = await self._run(item)
        except Exception as exc:  # a hostile page must never stop the crawl
            self.stats.inc_value("extract/dropped/error")
            raise DropItem(f"extraction failed on {item.url}: {exc!r}") from None
        lines = self._clean(item, result, await self._memory(item.source))
        was_article = result.is_article
        if result.is_article and len(result.body) < result.min_body:
            result.kind = "too_short"
        if not result.is_article:
            self.stats.inc_value(f"extract/dropped/{result.kind}")
            if was_article or looks_like_article(result.evidence,
                                                 listed=item.via in ("feed", "sitemap")):
                self.stats.inc_value(f"extract/lost/{result.kind}")  # source health
            raise DropItem(f"not an article ({result.kind}): {item.url}",
                           log_level=None if result.kind == "blocked" else "INFO")
        self.stats.inc_value("extract/articles")
        assert item.fetched_at is not None
        article = ArticleItem(
            url=result.url, source=item.source, title=result.title or (item.hint_title or ""),
            body=result.body, language=result.language or "und", fetched_at=item.fetched_at,
            published_at=result.published_at, date_source=result.date_source,
            published_date=result.published_date,
            date_precision=result.date_precision,
            author=result.author, author_kind=result.author_kind, credit=result.credit,
            fetched_url=item.url, requested_url=item.requested_url,
        )
        self._learn(article, lines)
        return article
