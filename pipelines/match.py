"""Match pipeline: attaches the alert rules an article matches.

Setting: MATCH_RULES (the add-on sets the built-in packs and the config's rules).

Stats: match/matched/<rule>.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Matcher


class MatchPipeline:
    def __init__(self, stats: StatsCollector, matcher: Matcher) -> None:
        self.stats = stats
        self.matcher = matcher

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MatchPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, Matcher(crawler.settings.getlist("MATCH_RULES")))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.matches = self.matcher.match(item.title, item.body, source=item.source,
                                          language=item.language)
        for m in item.matches:
            self.stats.inc_value(f"match/matched/{m.rule}")
        return item
