"""Budgets (spiders/budget.py): the order links are spent in and the admission cap;
the limits closing a crawl are exercised by tests/faults (trap_pages_stay_in_budget)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scrapy import Request

from crawler.core.config import parse_config
from spiders import budget
from spiders.budget import BudgetMiddleware
from tests.crawlers import rasad_crawler

NOW = datetime(2024, 9, 20, tzinfo=UTC)


@dataclass(frozen=True)
class L:
    url: str
    published: datetime | None = None
    modified: datetime | None = None


def test_newer_first_within_a_tier_and_tiers_in_order() -> None:
    day = timedelta(days=1)
    order = [budget.priority(budget.START), budget.priority(budget.FRESH, NOW, NOW),
             budget.priority(budget.FRESH, NOW - 9 * day, NOW),
             budget.priority(budget.FRESH, None, NOW),
             budget.priority(budget.LISTING),
             budget.priority(budget.BULK, NOW + day, NOW),  # a date in the future: newest
             budget.priority(budget.BULK, NOW - 400 * day, NOW), budget.priority(budget.BULK)]
    assert order[0] > order[1] > order[2] > order[3] > order[4] > order[5] > order[6]
    assert order[6] == order[7]  # very old and undated share the last place


def test_links_are_taken_newest_first_and_capped() -> None:
    links = [L("a", NOW - timedelta(days=3)), L("b"), L("c", None, NOW),
             L("d", NOW - timedelta(days=1)), L("e")]
    assert [x.url for x in budget.newest_first(links, 0)] == ["c", "d", "a", "b", "e"]
    assert [x.url for x in budget.newest_first(links, 2)] == ["c", "d"]


def test_admission_is_capped_per_tier_so_a_sitemap_cannot_crowd_out_a_feed() -> None:
    config = parse_config({"crawl": {"max_pages": 3, "max_seconds": 0},
                           "sources": [{"name": "s", "start_urls": ["https://x.org/"]}]})
    crawler = rasad_crawler(config, "s")
    mw = BudgetMiddleware.from_crawler(crawler)
    mw.spider_opened()

    def article(n: int, tier: int) -> Request:
        return budget.mark(Request(f"https://x.org/{tier}/{n}", meta={"rasad_via": "x"}), tier)

    bulk = [mw.get_processed_request(article(n, budget.BULK), None) for n in range(10)]
    fresh = [mw.get_processed_request(article(n, budget.FRESH), None) for n in range(5)]
    discovery = mw.get_processed_request(Request("https://x.org/sitemap2.xml"), None)
    assert sum(r is not None for r in bulk) == 3 and sum(r is not None for r in fresh) == 3
    assert discovery is not None
    assert crawler.stats.get_value("budget/skipped/links") == 9
    assert crawler.stats.get_value("budget/limit/pages") == 3
    mw.spider_closed()


def test_a_source_s_own_budget_wins() -> None:
    config = parse_config({"crawl": {"max_pages": 3}, "sources": [
        {"name": "s", "start_urls": ["https://x.org/"], "max_pages": 7, "max_seconds": 0}]})
    crawler = rasad_crawler(config, "s")
    mw = BudgetMiddleware.from_crawler(crawler)
    mw.spider_opened()
    assert mw.limits["pages"] == 7 and mw.limits["seconds"] == 0
    assert mw._timer is None  # no time limit: no timer
    mw.spider_closed()
