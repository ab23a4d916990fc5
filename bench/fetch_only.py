"""Baseline for crawl_bench: a fetch-only Scrapy crawl of the same site, with
the same settings as Rasad's crawl but no pipelines (sitemap -> every page).

    python bench/fetch_only.py SITEMAP_URL CONCURRENCY
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.settings import Settings

from crawler.core import settings as rasad_settings
from spiders.discovery import sitemap_links, sniff_kind


class FetchOnly(Spider):
    name = "fetch_only"

    def __init__(self, url: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.url = url
        self.pages = 0

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        kind = sniff_kind(response.body)
        for link in sitemap_links(response.body).items:
            cb = self.parse if kind == "sitemapindex" else self.page
            yield Request(link.url, callback=cb)

    def page(self, response: Response) -> None:
        self.pages += 1
        _ = response.text  # decode, as Rasad's spider does


def main() -> None:
    url, concurrency = sys.argv[1], int(sys.argv[2])
    settings = Settings()
    settings.setmodule(rasad_settings, priority="project")
    settings.set("ADDONS", {}, priority="cmdline")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    # plain Scrapy: none of Rasad's middlewares (incremental crawling, conditional GET)
    settings.set("SPIDER_MIDDLEWARES", {}, priority="cmdline")
    settings.set("DOWNLOADER_MIDDLEWARES", {}, priority="cmdline")
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", concurrency, priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FetchOnly)
    process.crawl(crawler, url=url)
    process.start()
    assert crawler.spider is not None
    print(f"pages {crawler.spider.pages}")


if __name__ == "__main__":
    main()
