"""The store pipeline with its writer process: articles that arrive while the
writer is busy go in together (group commit), each whole with its alerts, and
every item is answered only after its transaction committed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from scrapy.utils.test import get_crawler

from alerts.matcher import Match
from crawler.addon import CONFIG_OBJECT
from crawler.config import parse_config
from crawler.items import ArticleItem
from pipelines.store import StorePipeline
from storage import Archive

NOW = datetime(2024, 8, 9, 13, 0, tzinfo=UTC)
SIEGE = Match("siege", ("حصار",), "فرضت حصارا")


def _item(i: int) -> ArticleItem:
    body = f"الخبر رقم {i}: " + " ".join(f"كلمة{i}x{j}" for j in range(60))
    return ArticleItem(url=f"http://x.org/{i}", source="s1", title=f"عنوان {i}", body=body,
                       language="ar", fetched_at=NOW, matches=[SIEGE] if i % 2 else [])


def test_articles_arriving_together_are_stored_in_few_transactions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    config = parse_config({"sources": [{"name": "s1", "start_urls": ["http://x.org/"]}],
                           "channels": [{"type": "webhook", "url": "http://127.0.0.1:9/"}]})
    crawler = get_crawler(settings_dict={CONFIG_OBJECT: config, "STORE_DATABASE_URL": url,
                                         "STORE_WRITER_PROCESS": True, "STORE_BATCH_MAX": 50})
    crawler.stats.open_spider()
    pipe = StorePipeline.from_crawler(crawler)
    pipe.open_spider()

    async def store_all() -> list[ArticleItem]:
        return await asyncio.gather(*(pipe.process_item(_item(i)) for i in range(30)))

    try:
        stored = asyncio.run(store_all())
    finally:
        pipe.close_spider()
    assert [it.url for it in stored] == [f"http://x.org/{i}" for i in range(30)]
    stats = crawler.stats
    assert stats.get_value("store/new") == 30
    assert stats.get_value("alerts/fired") == 15
    # the first article goes alone (the writer was idle); the rest waited together
    assert 1 < stats.get_value("store/batches") <= 3
    archive = Archive.open(url)
    try:
        assert archive.count("articles") == 30
        assert archive.count("alerts") == 15
        assert archive.count("deliveries", status="pending") == 15
    finally:
        archive.close()
