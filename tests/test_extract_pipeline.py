"""The extract pipeline inside a real Scrapy crawler object: kinds of page are
dropped and counted in the stats, articles pass with the source's overrides."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from crawler.app.demo import build_site, load_articles
from crawler.core.config import parse_config
from crawler.core.items import ArticleItem, PageItem
from pipelines.extract import ExtractPipeline
from tests.crawlers import rasad_crawler

FETCHED = datetime(2024, 9, 20, 12, 0, tzinfo=UTC)
ARTS = load_articles()


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[ExtractPipeline]:
    config = parse_config({"storage": {"url": f"sqlite:///{tmp_path / 'a.db'}"}, "sources": [{
        "name": "step", "start_urls": ["https://step.example/feed/"],
        "remove_selectors": ["#the-post .entry-content h3"], "timezone": "+02:00"}]})
    crawler = rasad_crawler(config, "step", EXTRACT_WORKERS=0)
    pipe = ExtractPipeline.from_crawler(crawler)
    pipe.open_spider()
    yield pipe
    pipe.close_spider()


def run(pipeline: ExtractPipeline, item: PageItem) -> ArticleItem:
    return asyncio.run(pipeline.process_item(item))


def _item(html: str, url: str, status: int = 200) -> PageItem:
    return PageItem(url=url, html=html, source="step", status=status, fetched_at=FETCHED)


def test_non_articles_are_dropped_and_counted(pipeline: ExtractPipeline) -> None:
    site = build_site("https://step.example", ARTS[:6], "jannah", name="ستيب نيوز")
    pages = [(path, site[path].body.decode()) for path, kind in site.kinds.items()
             if kind in ("listing", "tag", "author", "search", "home", "about")]
    blocked = "<html><head><title>Just a moment...</title></head><body>wait</body></html>"
    cases = [*((html, site.url(path), 200) for path, html in pages),
             (blocked, "https://step.example/a", 200), (blocked, "https://step.example/b", 403),
             ("<html><body><p>قصير</p></body></html>", "https://step.example/c", 200),
             (pages[0][1], "https://step.example/d", 404), ("", "https://step.example/e", 200)]
    for html, url, status in cases:
        with pytest.raises(DropItem):
            run(pipeline, _item(html, url, status))
    stats = pipeline.stats.get_stats()
    # listing-like pages are non_article, or too_short when they carry little text
    assert stats["extract/dropped/non_article"] + stats["extract/dropped/too_short"] == \
        len(pages) + 2
    assert stats["extract/dropped/non_article"] >= 5
    assert stats["extract/dropped/blocked"] == 2
    assert stats["extract/dropped/unparsable"] == 1
    assert "extract/articles" not in stats


def test_articles_pass_with_the_source_overrides(pipeline: ExtractPipeline) -> None:
    site = build_site("https://step.example", ARTS[:6], "jannah", name="ستيب نيوز")
    art = ARTS[4]  # has subheadings (h3), which remove_selectors drops
    url = next(u for u, a in site.articles.items() if a.slug == art.slug)
    out = run(pipeline, _item(site[url.removeprefix(site.base_url)].body.decode(), url))
    assert isinstance(out, ArticleItem)
    assert out.title == art.title and out.published_at == art.published
    assert "مساعٍ للتهدئة" in art.paragraphs and "مساعٍ للتهدئة" not in out.body
    assert art.paragraphs[0] in out.body
    stats = pipeline.stats.get_stats()
    assert stats["extract/articles"] == 1 and stats["extract/furniture/pages_learned"] == 1


def test_only_articles_teach_furniture(pipeline: ExtractPipeline) -> None:
    """Listing pages repeat teasers; learning from them could eat an article's lead."""
    site = build_site("https://step.example", ARTS[:6], "jannah", name="ستيب نيوز")
    listings = [site[p].body.decode() for p, k in site.kinds.items() if k in ("tag", "home")]
    for n, html in enumerate(listings * 3):
        with pytest.raises(DropItem):
            run(pipeline, _item(html, f"https://step.example/tag/{n}/"))
    assert "extract/furniture/pages_learned" not in pipeline.stats.get_stats()
    assert sum(pipeline.learned["step"].counts.values()) == 0


def test_the_minimum_body_length_setting_reaches_extraction(tmp_path: Path) -> None:
    """EXTRACT_MIN_BODY_CHARS / EXTRACT_MIN_SHORT_BODY_CHARS reach extraction: a
    180-character wire report on an article page is an article at 120, `too_short`
    at 250."""
    config = parse_config({"storage": {"url": f"sqlite:///{tmp_path / 'a.db'}"},
                           "sources": [{"name": "wire", "start_urls": ["https://w.example/"]}]})
    text = ARTS[0].paragraphs[0][:180].strip()
    html = (f"<html lang='ar'><head><title>{ARTS[0].title}</title></head><body><article>"
            f"<h1>{ARTS[0].title}</h1><p>{text}</p></article></body></html>")
    item = PageItem(url="https://w.example/1", html=html, source="wire", fetched_at=FETCHED)
    for minimum, stored in ((120, True), (250, False)):
        crawler = rasad_crawler(config, "wire", EXTRACT_WORKERS=0,
                                EXTRACT_MIN_BODY_CHARS=minimum,
                                EXTRACT_MIN_SHORT_BODY_CHARS=minimum)
        pipe = ExtractPipeline.from_crawler(crawler)
        pipe.open_spider()
        try:
            if stored:
                assert run(pipe, item).body == text
            else:
                with pytest.raises(DropItem):
                    run(pipe, item)
                assert crawler.stats.get_value("extract/dropped/too_short") == 1
        finally:
            pipe.close_spider()
