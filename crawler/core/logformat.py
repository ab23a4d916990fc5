"""Log lines for unattended runs: one line per event.

Scrapy logs a dropped item with its whole repr (for Rasad, the page's HTML) on
the next lines; Rasad's drop messages already name the reason and the URL, and
every drop is counted in the stats, so the line stops there. Routine drops
(not an article, another language) are raised at INFO by the pipelines; failures
(extraction, storage, blocked pages) stay at WARNING.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.logformatter import LogFormatter, LogFormatterResult


class OneLineLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any,
                spider: Spider) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        return result
