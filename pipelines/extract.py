"""Extract pipeline: PageItem -> ArticleItem, dropping (and counting) non-articles.

Stats: extract/articles, extract/dropped/<kind> (non_article, too_short,
blocked, unparsable, error), extract/furniture/learned_dropped (lines removed
as per-source learned furniture), extract/furniture/pages_learned.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.addon import CONFIG_OBJECT
from crawler.config import RasadConfig, SourceConfig
from crawler.items import ArticleItem, PageItem
from crawler.text.dates import SYRIA_TZ, parse_timezone
from pipelines import extraction
from pipelines.extraction.learned import LearnedFurniture


class ExtractPipeline:
    def __init__(self, stats: StatsCollector, min_body_chars: int, *,
                 config: RasadConfig | None = None, database_url: str | None = None,
                 learn: bool = True, min_pages: int = 5) -> None:
        self.stats = stats
        self.min_body_chars = min_body_chars
        self.config = config
        self.database_url = database_url if learn else None
        self.min_pages = min_pages
        self.learned: dict[str, LearnedFurniture] = {}
        self.known: dict[str, set[str]] = {}
        self.archive = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        s = crawler.settings
        config = s.get(CONFIG_OBJECT)
        return cls(crawler.stats, s.getint("EXTRACT_MIN_BODY_CHARS"),
                   config=config if isinstance(config, RasadConfig) else None,
                   database_url=s.get("STORE_DATABASE_URL"),
                   learn=s.getbool("EXTRACT_LEARN_FURNITURE"),
                   min_pages=s.getint("EXTRACT_FURNITURE_MIN_PAGES"))

    def open_spider(self) -> None:
        if self.database_url:
            from storage import Archive

            self.archive = Archive.open(self.database_url)

    def close_spider(self) -> None:
        if self.archive is None:
            return
        from storage.furniture import add_line_counts

        try:
            for source, memory in self.learned.items():
                add_line_counts(self.archive.engine, source, memory.new)
        finally:
            self.archive.close()

    def _memory(self, source: str) -> LearnedFurniture | None:
        if self.archive is None:
            return None
        if source not in self.learned:
            from storage.furniture import load_line_counts

            self.learned[source] = LearnedFurniture(
                load_line_counts(self.archive.engine, source), self.min_pages)
            self.known[source] = self.archive.known_urls(source)
        return self.learned[source]

    def _line_filter(self, item: PageItem, seen: list[str]) -> extraction.LineFilter | None:
        """Clean with the source's learned furniture; the page's lines are kept in
        `seen` so they can be learned once the page proves to be an article."""
        memory = self._memory(item.source)
        if memory is None:
            return None

        def line_filter(lines: list[str]) -> list[str]:
            seen.extend(lines)
            kept = memory.filter(lines)
            if len(kept) < len(lines):
                self.stats.inc_value("extract/furniture/learned_dropped", len(lines) - len(kept))
            return kept

        return line_filter

    def _learn(self, item: PageItem, lines: list[str]) -> None:
        """Only articles new to the archive teach: listings repeat teasers, and a page
        crawled again must not count its lines twice."""
        memory = self.learned.get(item.source)
        if memory is None or {item.url, item.requested_url} & self.known[item.source]:
            return
        memory.learn(lines)
        self.stats.inc_value("extract/furniture/pages_learned")

    def _source(self, name: str) -> SourceConfig | None:
        if self.config is None:
            return None
        return next((s for s in self.config.sources if s.name == name), None)

    def process_item(self, item: PageItem | ArticleItem) -> ArticleItem:
        if not isinstance(item, PageItem):
            return item
        source = self._source(item.source)
        seen: list[str] = []
        try:
            result = extraction.extract_page(
                item.html, item.url, status=item.status, hint_published=item.hint_published,
                now=item.fetched_at, body_selector=source.body_selector if source else None,
                remove_selectors=source.remove_selectors if source else (),
                line_filter=self._line_filter(item, seen),
                tz=parse_timezone(source.timezone) if source else SYRIA_TZ)
        except Exception as exc:  # a hostile page must never stop the crawl
            self.stats.inc_value("extract/dropped/error")
            raise DropItem(f"extraction failed on {item.url}: {exc!r}") from None
        if result.is_article and len(result.body) < self.min_body_chars:
            result.kind = "too_short"
        if not result.is_article:
            self.stats.inc_value(f"extract/dropped/{result.kind}")
            raise DropItem(f"not an article ({result.kind}): {item.url}")
        self.stats.inc_value("extract/articles")
        self._learn(item, seen)
        assert item.fetched_at is not None
        return ArticleItem(
            url=result.url, source=item.source, title=result.title or (item.hint_title or ""),
            body=result.body, language=result.language or "und", fetched_at=item.fetched_at,
            published_at=result.published_at, date_source=result.date_source,
            author=result.author, fetched_url=item.url,
        )
