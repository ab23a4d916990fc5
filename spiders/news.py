"""The one generic, config-driven spider.

    scrapy crawl news -a source=NAME

Start URLs may be RSS/Atom feeds, sitemaps, sitemap indexes, news sitemaps or
HTML listing pages; the kind is sniffed from each response. Feeds and sitemaps
give article links; listing pages are followed in-domain to a bounded depth,
and every page is classified as article or not before it is handed on.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from crawler.core.addon import config_from_settings
from crawler.core.config import SourceConfig
from crawler.core.items import PageItem
from crawler.core.text.encoding import repair_decoding
from crawler.core.text.pagekind import article_signals, listing_signals, parse_html
from spiders import budget
from spiders.discovery import CutDocument, Link, feed_links, gunzip, sitemap_links, sniff_kind
from spiders.xmldoc import Parsed

_PAGINATION = re.compile(r"([?&](page|paged|p)=\d+|/page/\d+/?$)", re.IGNORECASE)
BLOCKED_STATUSES = [401, 403, 406, 429, 503]


class StopFetching(IgnoreRequest):
    """A request dropped because the crawl is stopping (crawler/app/stopping.py):
    counted as `spider/skipped/stopping`, not an error; the next run fetches it
    (distributed: it goes back to the shared frontier, marked `REQUEUE`)."""


REQUEUE = "rasad_requeue"  # request meta: dropped by a stop; back to the shared frontier


def _fetchable(response: Response, link: str) -> str | None:
    """The absolute http(s) URL a feed or sitemap link points to, or None when it
    points nowhere fetchable (`javascript:`, `mailto:`, `http://[::1`, no host)."""
    try:
        url = response.urljoin(link)
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is no number
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


class NewsSpider(Spider):
    name = "news"

    def __init__(self, source: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_name = source
        self.source: SourceConfig
        self.article_re: re.Pattern[str] | None = None
        self.max_depth = 2
        self.max_pagination = 20
        self.max_links = 0  # links taken from one feed or sitemap (newest first); 0: all
        self.allowed_domains: list[str] = []
        self._links = LinkExtractor(unique=True, canonicalize=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        config = config_from_settings(crawler.settings)
        if not spider.source_name:
            names = ", ".join(s.name for s in config.sources) or "none configured"
            raise ValueError(f"spider 'news' needs -a source=NAME (sources: {names})")
        spider.source = config.source(spider.source_name)
        spider.allowed_domains = list(spider.source.allowed_domains)
        if spider.source.article_pattern:
            spider.article_re = re.compile(spider.source.article_pattern)
        return spider

    def _read_settings(self) -> None:
        """Limits from the settings, read when the crawl starts: Scrapy builds the
        spider before the add-on has applied the config ([crawl] max_depth, max_pages)."""
        settings = self.crawler.settings
        own = self.source
        self.max_depth = (own.max_depth if own.max_depth is not None
                          else settings.getint("SPIDER_MAX_DEPTH"))
        self.max_pagination = settings.getint("SPIDER_MAX_PAGINATION")
        self.max_links = (own.max_pages if own.max_pages is not None
                          else settings.getint("BUDGET_PAGES"))

    async def start(self) -> AsyncIterator[Request]:
        self._read_settings()
        if self.crawler.settings.get("DISTRIBUTED_REDIS_URL"):
            return  # a worker of the shared frontier: the scheduler seeds the start URLs
        for request in self.start_requests_of_source():
            yield request

    def start_requests_of_source(self) -> list[Request]:
        """The source's start requests (crawler/app/seeding.py pushes them to the
        shared frontier in distributed mode)."""
        return [Request(url, callback=self.parse, errback=self.on_error, dont_filter=True,
                        priority=budget.START, meta={"rasad_depth": 0, "rasad_start": True})
                for url in self.source.start_urls]

    # -- discovery ------------------------------------------------------------
    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if response.status == 304:  # conditional GET (spiders/conditional.py): unchanged
            self._inc("spider/not_modified")
            return
        body = response.body
        kind = sniff_kind(body)
        if kind == "gzip":
            try:
                body = gunzip(body)
            except CutDocument:
                self._inc("spider/errors/truncated")
                self.logger.warning("gzipped document cut short: %s", response.url)
                return
            kind = sniff_kind(body)
        self._inc(f"spider/start_kind/{kind}" if response.meta.get("rasad_start")
                  else f"spider/page_kind/{kind}")
        if kind == "feed":
            links = self._checked(feed_links(body), response)
            yield from self._follow_articles(links, "feed", response)
        elif kind == "sitemapindex":
            depth = response.meta.get("rasad_depth", 0)
            for link in self._checked(sitemap_links(body), response):
                when = link.modified or link.published
                yield Request(link.url, callback=self.parse, errback=self.on_error,
                              priority=budget.priority(budget.BULK, when) + 1,
                              meta={"rasad_depth": depth})
        elif kind == "sitemap":
            links = self._checked(sitemap_links(body), response)
            yield from self._follow_articles(links, "sitemap", response)
        elif isinstance(response, TextResponse):
            yield from self._parse_html(response)

    def _checked(self, parsed: Parsed[Link], response: Response) -> list[Link]:
        """The document's http(s) links (resolved against its URL), newest first and
        at most `max_links` of them; salvaged and rejected items counted."""
        if parsed.salvaged:
            self._inc("spider/xml/salvaged")
            self.logger.warning("broken XML, %d items salvaged one by one: %s",
                                len(parsed.items), response.url)
        if parsed.rejected:
            self._inc("spider/xml/rejected_items", parsed.rejected)
        links = []
        for link in parsed.items:
            url = _fetchable(response, link.url)
            if url is None:
                self._inc("spider/xml/rejected_items")
                continue
            links.append(link if url == link.url else replace(link, url=url))
        if 0 < self.max_links < len(links):
            self._inc("budget/skipped/links", len(links) - self.max_links)
        return budget.newest_first(links, self.max_links)

    def _follow_articles(self, links: list[Link], via: str, response: Response
                         ) -> Iterator[Request]:
        for link in links:
            if self.article_re and not self.article_re.search(link.url):
                self._inc(f"spider/skipped/{via}_pattern")
                continue
            fresh = via == "feed" or link.news
            tier = budget.FRESH if fresh else budget.BULK
            request = self._article_request(link.url, via, link.published, link.title,
                                            tier=tier, when=link.modified or link.published)
            request.meta["rasad_modified"] = link.modified  # spiders/incremental.py
            yield request

    def _article_request(self, url: str, via: str, published: datetime | None = None,
                         title: str | None = None, depth: int = 0, *,
                         tier: int = budget.FRESH, when: datetime | None = None) -> Request:
        return budget.mark(Request(
            url, callback=self.parse_article, errback=self.on_error,
            priority=budget.priority(tier, when), meta={
                "rasad_via": via, "rasad_published": published, "rasad_title": title,
                "rasad_depth": depth, "handle_httpstatus_list": BLOCKED_STATUSES}), tier)

    def _parse_html(self, response: TextResponse) -> Iterator[Any]:
        depth = int(response.meta.get("rasad_depth", 0))
        doc = parse_html(response.text)
        if doc is None:
            self._inc("spider/unparsable")
            return
        looks_article = article_signals(doc) > listing_signals(doc, response.url)
        if not response.meta.get("rasad_start") and looks_article:
            yield self._page_item(response, "listing")
            return
        self._inc("spider/listing_pages")
        for link in self._links.extract_links(response):
            url = link.url
            if not self._in_domain(url):
                continue
            if _PAGINATION.search(urlsplit(url).path + "?" + urlsplit(url).query):
                seen = int(response.meta.get("rasad_pages", 0))
                if seen < self.max_pagination:
                    yield Request(url, callback=self.parse, errback=self.on_error,
                                  priority=budget.LISTING - seen,
                                  meta={"rasad_depth": depth, "rasad_pages": seen + 1})
            elif self.article_re is not None and self.article_re.search(url):
                yield self._article_request(url, "listing", depth=depth + 1)
            elif depth < self.max_depth:
                yield Request(url, callback=self.parse, errback=self.on_error,
                              priority=budget.LISTING - depth - 1,
                              meta={"rasad_depth": depth + 1})

    def _in_domain(self, url: str) -> bool:
        """Host-based (ports ignored), subdomains included, like OffsiteMiddleware."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    # -- articles -------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        if response.status == 304:  # a fresh article, unchanged (spiders/conditional.py)
            self._inc("incremental/not_modified")
            return
        if not isinstance(response, TextResponse):
            self._inc("spider/skipped/not_text")
            return
        yield self._page_item(response, response.meta.get("rasad_via", "listing"))

    def _page_item(self, response: TextResponse, via: str) -> PageItem:
        self._inc(f"spider/pages/{via}")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        # fixes wrong charset declarations (windows-1256 sent as ISO-8859-1, ...)
        html = repair_decoding(response.text, response.encoding, response.body, content_type)
        return PageItem(
            url=response.url, html=html, source=self.source.name,
            status=response.status, fetched_at=datetime.now(UTC), via=via,
            hint_published=response.meta.get("rasad_published"),
            hint_title=response.meta.get("rasad_title"),
            requested_url=self._requested_url(response),
        )

    @staticmethod
    def _requested_url(response: Response) -> str | None:
        """The URL first requested, before any redirect (e.g. a ?p=123 shortlink)."""
        redirects = response.meta.get("redirect_urls") if response.request else None
        if redirects:
            return str(redirects[0])
        return response.request.url if response.request else None

    def on_error(self, failure: Failure) -> None:
        if failure.check(StopFetching):
            self._inc("spider/skipped/stopping")
            if hasattr(failure, "request"):
                failure.request.meta[REQUEUE] = True
            return
        if failure.check(IgnoreRequest) and not hasattr(failure.value, "response"):
            self._inc("spider/skipped/ignored")  # robots.txt or another middleware said no
            return
        kind = getattr(failure.value, "error_kind", None) or type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
        self._inc(f"spider/errors/{kind}")
        url = failure.request.url if hasattr(failure, "request") else "?"
        self.logger.warning("fetch failed (%s): %s", kind, url)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)
