"""URL variants fetched once per run (spiders/variants.py): noise parameters are
learned from identical texts, never from parameters that change the text."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.core.config import parse_config
from spiders.variants import NOISE_EVIDENCE, NoiseParams, VariantsMiddleware
from tests.crawlers import rasad_crawler

TEXT_A, TEXT_B = "نص الخبر الأول كاملا", "نص خبر آخر مختلف تماما"


def test_a_parameter_whose_values_give_one_text_becomes_noise() -> None:
    params = NoiseParams()
    found: list[str] = []
    for i in range(NOISE_EVIDENCE + 1):
        found += params.observe(f"https://x.org/a?id=7&sid={i}x", TEXT_A)
    assert found == ["sid"]
    assert params.fold("https://x.org/a?sid=zz&id=7") == params.fold("https://x.org/a?id=7")
    assert params.fold("https://x.org/a?id=8") != params.fold("https://x.org/a?id=7")


def test_a_parameter_that_changes_the_text_never_becomes_noise() -> None:
    params = NoiseParams()
    params.observe("https://x.org/article.php?id=1", TEXT_A)
    params.observe("https://x.org/article.php?id=2", TEXT_B)  # counter-evidence first
    for i in range(3, 10):
        assert params.observe(f"https://x.org/article.php?id={i}", TEXT_A) == []
    assert "id" not in params.noise.get("x.org", set())


def test_the_middleware_fetches_one_variant_per_key_and_lets_retries_through() -> None:
    config = parse_config({"sources": [{"name": "s", "start_urls": ["https://x.org/"]}]})
    mw = VariantsMiddleware.from_crawler(rasad_crawler(config, "s"))
    meta = {"rasad_via": "feed"}
    mw.process_request(Request("https://x.org/a?utm_source=rss", meta=meta))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://www.x.org/a/", meta=meta))
    mw.process_request(Request("https://x.org/a", meta={**meta, "retry_times": 1}))
    mw.process_request(Request("https://x.org/sitemap.xml"))  # discovery: never dropped
    mw.process_request(Request("https://x.org/sitemap.xml"))
    assert mw.crawler.stats.get_value("variants/skipped") == 1
