"""robots.txt as RFC 9309 says: in place of Scrapy's RobotsTxtMiddleware.

Scrapy allows everything when robots.txt cannot be had. RFC 9309 (section
2.3.1) says otherwise, and so does this middleware, per host and run:

- 2xx: the rules are obeyed; only the first 500 KiB are parsed (2.5).
- 4xx ("unavailable"): no rules, everything allowed. Redirects are followed
  by the redirect middleware; a chain that never ends counts as unavailable.
- 5xx and 429 after the retries, or no answer at all (refused, reset, timed
  out, cut short) ("unreachable"): nothing is allowed. The host is not crawled
  this run; it is counted (`robots/unavailable`, which `rasad status` shows
  as the error kind `robots_unavailable`) and logged once, in one line.

The parser is Scrapy's (ROBOTSTXT_PARSER, Protego by default) with Scrapy's
user agent rules (ROBOTSTXT_USER_AGENT, else the User-Agent). Stats: Scrapy's
robotstxt/* and robots/unavailable, robots/unavailable/<why>, robots/skipped
(requests not made because their host's robots.txt was unreachable).

A process that crawls again and again (the continuous worker of `rasad
schedule`) keeps each host's robots.txt for ROBOTSTXT_CACHE_SECONDS (RFC 9309
2.4 allows caching up to 24 hours) across its crawls: its later crawls of the
host count `robots/cached` instead of fetching it again. Only an answer with
rules (2xx) or without (4xx) is kept; an unreachable host is asked again next
crawl.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 2.5: at least 500 KiB must be parsed
DOWNLOAD_PRIORITY = 10_000  # before any page of the host


class Unreachable:
    """Stands in for the rules of a host whose robots.txt could not be had."""

    def __init__(self, why: str) -> None:
        self.why = why

    def allowed(self, url: str, user_agent: str | bytes) -> bool:
        return False


Rules = RobotParser | Unreachable | None  # None: no rules, everything allowed

# netloc -> (when fetched, monotonic; the robots.txt body, None: no rules): kept
# across the crawls of one process when ROBOTSTXT_CACHE_SECONDS > 0. The body,
# not the parser: a parser holds its crawler's spider.
_CACHE: dict[str, tuple[float, bytes | None]] = {}


def bounded(body: bytes, limit: int = MAX_ROBOTS_BYTES) -> bytes:
    """The first `limit` bytes, cut after the last whole line."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    return head[:head.rfind(b"\n") + 1] or head


def unreachable_why(status: int) -> str | None:
    """Why an answer with `status` makes the host unreachable, or None."""
    return f"http_{status}" if status >= 500 or status == 429 else None


class RobotsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.user_agent: str | bytes = (crawler.settings.get("ROBOTSTXT_USER_AGENT")
                                        or crawler.settings.get("USER_AGENT"))
        self.parser_class = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        self.hosts: dict[str, Rules | Deferred[Rules]] = {}
        self.cache_seconds = crawler.settings.getfloat("ROBOTSTXT_CACHE_SECONDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get("dont_obey_robotstxt") or not request.url.startswith("http"):
            return
        rules = await self.rules(request)
        if rules is None:
            return
        agent = request.headers.get(b"User-Agent") or self.user_agent
        if rules.allowed(request.url, agent):
            return
        if isinstance(rules, Unreachable):
            self._inc("robots/skipped")
            raise IgnoreRequest(f"robots.txt unreachable ({rules.why}): host not crawled")
        self._inc("robotstxt/forbidden")
        raise IgnoreRequest("Forbidden by robots.txt")

    async def rules(self, request: Request) -> Rules:
        parts = urlsplit(request.url)
        netloc = parts.netloc
        if netloc not in self.hosts:
            waiting: Deferred[Rules] = Deferred()
            self.hosts[netloc] = waiting
            try:
                hit, rules = self._cached(netloc)
                if not hit:
                    rules = await self._fetch(f"{parts.scheme}://{netloc}/robots.txt", netloc)
            except Exception:  # a parser failure must not leave the host's requests waiting
                logger.exception("robots.txt of %s could not be read", netloc)
                rules = None
            self.hosts[netloc] = rules
            waiting.callback(rules)
        found = self.hosts[netloc]
        if isinstance(found, Deferred):
            return await maybe_deferred_to_future(found)
        return found

    async def _fetch(self, url: str, netloc: str) -> Rules:
        self._inc("robotstxt/request_count")
        request = Request(url, priority=DOWNLOAD_PRIORITY, callback=NO_CALLBACK,
                          meta={"dont_obey_robotstxt": True})
        try:
            assert self.crawler.engine is not None
            response = await self.crawler.engine.download_async(request)
        except IgnoreRequest:
            return None  # e.g. a redirect chain that never ends: unavailable, allowed
        except Exception as exc:  # refused, reset, timed out, cut short: unreachable
            return self._unreachable(netloc, getattr(exc, "error_kind", type(exc).__name__))
        return self._parse(response, netloc)

    def _cached(self, netloc: str) -> tuple[bool, Rules]:
        """(True, the host's rules) kept from an earlier crawl of this process, or
        (False, None) when none are kept."""
        kept = _CACHE.get(netloc) if self.cache_seconds > 0 else None
        if kept is None or time.monotonic() - kept[0] > self.cache_seconds:
            return False, None
        self._inc("robots/cached")
        if kept[1] is None:
            return True, None
        parser: RobotParser = build_from_crawler(self.parser_class, self.crawler, kept[1])
        return True, parser

    def _keep(self, netloc: str, body: bytes | None) -> None:
        if self.cache_seconds > 0:
            _CACHE[netloc] = (time.monotonic(), body)

    def _parse(self, response: Response, netloc: str) -> Rules:
        self._inc("robotstxt/response_count")
        self._inc(f"robotstxt/response_status_count/{response.status}")
        why = unreachable_why(response.status)
        if why is not None:
            return self._unreachable(netloc, why)
        if response.status >= 300:
            self._keep(netloc, None)
            return None  # 4xx, or a redirect not followed: no rules
        if len(response.body) > MAX_ROBOTS_BYTES:
            self._inc("robots/truncated")
        body = bounded(response.body)
        self._keep(netloc, body)
        parser: RobotParser = build_from_crawler(self.parser_class, self.crawler, body)
        return parser

    def _unreachable(self, netloc: str, why: str) -> Unreachable:
        self._inc("robots/unavailable")
        self._inc(f"robots/unavailable/{why}")
        logger.warning("robots.txt of %s unreachable (%s): the host is not crawled this run "
                       "(RFC 9309)", netloc, why)
        return Unreachable(why)

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
