"""The store pipeline with its writer process: articles that wait for the writer
go in together (group commit, at most STORE_BATCH_MAX a transaction), each whole
with its alerts; an article that arrives alone is written at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from crawler.core.config import parse_config
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from pipelines.store import StorePipeline
from storage import Archive
from tests.crawlers import rasad_crawler

NOW = datetime(2024, 8, 9, 13, 0, tzinfo=UTC)
SIEGE = Match("siege", ("حصار",), "فرضت حصارا")


def _item(i: int) -> ArticleItem:
    body = f"الخبر رقم {i}: " + " ".join(f"كلمة{i}x{j}" for j in range(60))
    return ArticleItem(url=f"http://x.org/{i}", source="s1", title=f"عنوان {i}", body=body,
                       language="ar", fetched_at=NOW, matches=[SIEGE] if i % 2 else [])


def test_articles_arriving_together_are_stored_in_few_transactions(archive_url: str) -> None:
    url = archive_url
    config = parse_config({"storage": {"url": url},
                           "sources": [{"name": "s1", "start_urls": ["http://x.org/"]}],
                           "channels": [{"type": "webhook", "url": "http://127.0.0.1:9/"}]})
    crawler = rasad_crawler(config, "s1", STORE_WRITER_PROCESS=True, STORE_BATCH_MAX=8)
    pipe = StorePipeline.from_crawler(crawler)
    pipe.open_spider()

    async def store() -> tuple[list[ArticleItem], int, list[ArticleItem]]:
        together = await asyncio.gather(*(pipe.process_item(_item(i)) for i in range(30)))
        batches = crawler.stats.get_value("store/batches")
        one_by_one = [await pipe.process_item(_item(i)) for i in range(30, 32)]
        return together, batches, one_by_one

    try:
        together, batches, one_by_one = asyncio.run(store())
    finally:
        pipe.close_spider()
    assert [it.url for it in together + one_by_one] == [f"http://x.org/{i}" for i in range(32)]
    assert batches == 4  # 30 waiting articles, at most 8 a transaction
    stats = crawler.stats
    assert stats.get_value("store/batches") == 6  # an article alone is written at once
    assert stats.get_value("store/new") == 32
    assert stats.get_value("alerts/fired") == 16
    archive = Archive.open(url)
    try:
        assert archive.count("articles") == 32
        assert archive.count("alerts") == 16
        assert archive.count("deliveries", status="pending") == 16
    finally:
        archive.close()
