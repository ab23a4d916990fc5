"""Incremental crawling reads the last fetch times of a feed's or sitemap's links
in one archive task per response (off the reactor thread), also when Scrapy
interleaves the outputs of several responses (a sitemap index's sitemaps are
processed concurrently)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.core.items import ArticleItem
from spiders.incremental import IncrementalMiddleware
from storage import Archive
from storage.runtime import Runtime

SITE = "https://news.example"


def _requests(prefix: str, n: int) -> list[Request]:
    return [Request(f"{SITE}/{prefix}/{i}", meta={"rasad_via": "sitemap"}) for i in range(n)]


async def _output(requests: list[Request]) -> AsyncIterator[Request]:
    for request in requests:
        await asyncio.sleep(0)
        yield request


def test_interleaved_sitemaps_are_looked_up_one_query_each(archive_url: str) -> None:
    url = archive_url
    archive = Archive.open(url)
    archive.save_article(ArticleItem(
        url=f"{SITE}/a/known", source="s", title="عنوان", body="حصار المدينة مستمر " * 30,
        language="ar", fetched_at=datetime.now(UTC)), [], [])
    archive.close()
    crawler = get_crawler(settings_dict={"STORE_DATABASE_URL": url,
                                         "INCREMENTAL_RECHECK_HOURS": 24})
    crawler.stats.open_spider()
    runtime = Runtime.acquire(url, extract_workers=0, writer_process=False)
    tasks: list[str] = []
    in_archive = runtime.in_archive

    async def counted(task, *args):  # type: ignore[no-untyped-def]
        tasks.append(task.__name__)
        return await in_archive(task, *args)

    runtime.in_archive = counted  # type: ignore[method-assign]
    mw = IncrementalMiddleware.from_crawler(crawler)
    mw.spider_opened()  # shares the runtime above
    assert mw.runtime is runtime

    first = _requests("a", 20) + [Request(f"{SITE}/a/known", meta={"rasad_via": "sitemap"})]
    second = _requests("b", 20)

    async def crawl() -> list[str]:
        a = mw.process_spider_output_async(Response(f"{SITE}/s1.xml"), _output(first))
        b = mw.process_spider_output_async(Response(f"{SITE}/s2.xml"), _output(second))
        passed = [(await a.__anext__()).url, (await b.__anext__()).url]  # both batches read
        passed += [r.url async for r in a] + [r.url async for r in b]
        return passed

    try:
        passed = asyncio.run(crawl())
    finally:
        mw.spider_closed()
        runtime.release()
    assert tasks == ["last_fetch_times"] * 2  # one lookup per response, none per request
    assert f"{SITE}/a/known" not in passed  # the archived article is skipped
    assert len(passed) == 40
    assert crawler.stats.get_value("incremental/skipped") == 1
