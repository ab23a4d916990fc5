"""Which seeding a request descends from, for the shared duplicate filter.

In distributed mode the scheduler seeds each source's start requests once per
cycle (crawler/app/seeding.py stamps them `rasad_cycle`: the seeding's time).
This spider middleware hands the stamp down to every request found from a
response (child sitemaps, listing and pagination pages, articles), so the
shared duplicate filter (spiders/dupefilter.py) can tell the cycles apart:
discovery pages are fetched once per cycle (every seeding reads the sitemaps
and listings afresh), article pages once per re-crawl window.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

CYCLE = "rasad_cycle"  # request meta: the seeding (its Unix time) the request descends from


class CycleMiddleware(BaseSpiderMiddleware):
    def get_processed_request(self, request: Request, response: Response | None
                              ) -> Request | None:
        if response is not None and CYCLE not in request.meta and CYCLE in response.meta:
            request.meta[CYCLE] = response.meta[CYCLE]
        return request
