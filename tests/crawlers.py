"""Real Scrapy crawler objects with Rasad's settings, for testing one component."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.core import settings as rasad_settings
from crawler.core.addon import CONFIG_OBJECT
from crawler.core.config import RasadConfig
from spiders.news import NewsSpider


class _Overrides:
    """An add-on run after Rasad's: the test's own settings win."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings or {}

    def update_settings(self, settings: Any) -> None:
        wanted = settings["RASAD_TEST_OVERRIDES"]
        settings.setdict(wanted.settings, priority="cmdline")


def rasad_crawler(config: RasadConfig, source: str | None = None,
                  **settings: Any) -> Crawler:
    """A crawler as `rasad crawl` builds it: Rasad's default settings, `config`
    applied by the add-on, then `settings` on top; with `source`, its spider is
    built for that source (components read per-source options from it)."""
    values = {k: getattr(rasad_settings, k) for k in dir(rasad_settings) if k.isupper()}
    # `settings` over the add-on's values, as `scrapy -s` would be
    overrides = {"RASAD_TEST_OVERRIDES": _Overrides(settings)}
    crawler = get_crawler(NewsSpider, {**values, CONFIG_OBJECT: config, **overrides,
                                       "ADDONS": {**values["ADDONS"], _Overrides: 1}})
    if source is not None:
        crawler.spider = crawler._create_spider(source=source)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    return crawler
