"""Incremental crawling reads the last fetch times of a feed's or sitemap's links
in one archive task per response (off the reactor thread), also when Scrapy
interleaves the outputs of several responses (a sitemap index's sitemaps are
processed concurrently)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

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


def test_refetch_reasons() -> None:
    from spiders.incremental import refetch_reason
    from storage.crawlstate import Known

    now = datetime(2026, 5, 2, 12, tzinfo=UTC)
    hour = timedelta(hours=1)
    week, fresh = 168 * hour, 48 * hour

    def reason(fetched: float, first: float, published: float | None,
               dates: list[object] = ()) -> str | None:  # type: ignore[assignment]
        known = Known(now - fetched * hour, now - first * hour,
                      None if published is None else now - published * hour)
        return refetch_reason(known, list(dates), now, week, fresh)

    assert refetch_reason(None, [], now, week, fresh) == "new"
    assert reason(1, 2, 3) == "fresh"  # first seen and published two hours ago
    assert reason(1, 2, None) == "fresh"  # no date: first seen decides
    assert reason(1, 2, 24 * 400) is None  # an old report first seen today is not fresh
    assert reason(1, 50, 50) is None  # fresh no more; re-checked after a week
    assert reason(169, 200, 200) == "recheck"
    assert reason(1, 50, 50, [now - 0.5 * hour]) == "changed"  # the feed dates an edit
    assert refetch_reason(Known(now - hour, now - 2 * hour, now - 2 * hour), [], now, week,
                          timedelta(0)) is None  # fresh_hours = 0: off
    # a day printed without a time: fresh when it is within the window's days
    today, old = now.date(), (now - 400 * 24 * hour).date()
    assert refetch_reason(Known(now - hour, now - 2 * hour, None, today), [], now, week,
                          fresh) == "fresh"
    assert refetch_reason(Known(now - hour, now - 2 * hour, None, old), [], now, week,
                          fresh) is None


def test_a_polling_process_asks_for_a_fresh_article_again_at_most_every_min_seconds() -> None:
    from spiders.incremental import fresh_due

    url = "http://127.0.0.1:1/fresh-report-for-the-throttle"
    assert fresh_due(url, 0.0, 10.0) and fresh_due(url, 0.0, 10.0)  # off: every run
    assert fresh_due(url, 900.0, 100.0)
    assert not fresh_due(url, 900.0, 500.0)  # asked 400 s ago
    assert fresh_due(url, 900.0, 1001.0)
    assert not fresh_due(url, 900.0, 1002.0)
    assert fresh_due("http://127.0.0.1:1/other", 900.0, 1002.0)  # each URL on its own
