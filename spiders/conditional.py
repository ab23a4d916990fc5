"""Conditional GET for feeds and sitemaps (ETag / Last-Modified).

A downloader middleware. When a feed or sitemap answered with validators, they
are kept in the archive (`fetch_state`) and sent back next time
(`If-None-Match`, `If-Modified-Since`); a `304 Not Modified` reaches the spider,
which counts it (`spider/not_modified`) and follows nothing. HTML pages never
get validators stored, so listings are always fetched.

Setting: CONDITIONAL_GET_ENABLED. Stats: conditional/sent, conditional/stored.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from spiders.crawlstate import CrawlStateMixin
from spiders.discovery import gunzip, sniff_kind
from storage.crawlstate import Validators
from storage.writer import store_validators, validators_of

MACHINE_KINDS = ("feed", "sitemap", "sitemapindex")


class ConditionalGetMiddleware(CrawlStateMixin):
    def __init__(self, stats: StatsCollector, database_url: str) -> None:
        self.stats = stats
        self.database_url = database_url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        if not crawler.settings.getbool("CONDITIONAL_GET_ENABLED"):
            raise NotConfigured("CONDITIONAL_GET_ENABLED is off")
        assert crawler.stats is not None
        mw = cls(crawler.stats, crawler.settings.get("STORE_DATABASE_URL"))
        mw.connect_state(crawler)
        return mw

    @staticmethod
    def _discovery(request: Request) -> bool:
        return "rasad_via" not in request.meta

    async def process_request(self, request: Request) -> None:
        if self.runtime is None or not self._discovery(request):
            return
        known = await self.runtime.in_archive(validators_of, request.url)
        if known is None:
            return
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified)
        request.meta["handle_httpstatus_list"] = [
            *request.meta.get("handle_httpstatus_list", []), 304]
        self.stats.inc_value("conditional/sent")

    async def process_response(self, request: Request, response: Response) -> Response:
        if self.runtime is None or response.status != 200 or not self._discovery(request):
            return response
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if not (etag or modified):
            return response
        kind = sniff_kind(response.body)
        if kind == "gzip":
            kind = sniff_kind(gunzip(response.body))
        if kind in MACHINE_KINDS:
            await self.runtime.in_archive(store_validators, request.url, Validators(
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None))
            self.stats.inc_value("conditional/stored")
        return response
