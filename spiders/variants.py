"""URL variants of one article are fetched once per run.

A downloader middleware over article requests, deciding when a request is
about to be fetched (not when it was queued, so what was learned meanwhile
counts; retries pass):

- **Known variants.** A request whose URL key (`crawler.core.text.urls.url_key`:
  tracking parameters, session ids, AMP/print/mobile twins, scheme, `www.`)
  was already fetched in this run is dropped: a feed's `?utm_source=rss`
  link and the sitemap's clean one cost one fetch.
- **Learned noise.** Parameters the rules cannot know (`?sid=` on every link,
  a cache buster) are learned from what the pages say: when URLs that differ
  only in the value of one query parameter gave the same article text
  (`item_scraped`) at least `NOISE_EVIDENCE` times, and never a different
  text, that parameter is noise on that host for the rest of the run and is
  left out of the key. The archive folds such copies into one row anyway
  (`storage/sametext.py`); this saves the fetches.

Memory is bounded: at most `MAX_KEYS` fetched keys and `MAX_STEMS` observed
URLs per run. Stats: variants/skipped, variants/noise_params.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.core.text.urls import canonical_url, url_key

NOISE_EVIDENCE = 3
MAX_KEYS = 100_000
MAX_STEMS = 20_000


@dataclass
class Evidence:
    same: int = 0  # another value of the parameter gave the same text
    different: int = 0  # ... a different text: the parameter matters


def _digest(body: str) -> str:
    return hashlib.blake2b(" ".join(body.split()).encode("utf-8"), digest_size=16).hexdigest()


class NoiseParams:
    """Per host: query parameters whose value does not change the text."""

    def __init__(self) -> None:
        self.evidence: dict[tuple[str, str], Evidence] = {}
        self.noise: dict[str, set[str]] = {}
        # (host, parameter, URL without it) -> (its value, the text's digest)
        self.stems: OrderedDict[tuple[str, str, str], tuple[str, str]] = OrderedDict()

    def fold(self, url: str) -> str:
        if not self.noise or "?" not in url:
            return url_key(url)  # the common case, cached and shared with the archive
        parts = urlsplit(canonical_url(url))
        noisy = self.noise.get(parts.netloc)
        if noisy and parts.query:
            kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                    if k not in noisy]
            url = parts._replace(query=urlencode(kept)).geturl()
        return url_key(url)

    def observe(self, url: str, body: str) -> list[str]:
        """Learn from one article; returns the parameters found to be noise just now."""
        if "?" not in url:
            return []
        parts = urlsplit(canonical_url(url))
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        digest, found = _digest(body), []
        for i, (name, value) in enumerate(pairs):
            rest = urlencode(pairs[:i] + pairs[i + 1:])
            stem = (parts.netloc, name, f"{parts.path}?{rest}")
            seen = self.stems.get(stem)
            self._remember(stem, (value, digest))
            if seen is None or seen[0] == value:
                continue
            ev = self.evidence.setdefault((parts.netloc, name), Evidence())
            if seen[1] == digest:
                ev.same += 1
            else:
                ev.different += 1
            if ev.same >= NOISE_EVIDENCE and not ev.different and \
                    name not in self.noise.get(parts.netloc, set()):
                self.noise.setdefault(parts.netloc, set()).add(name)
                found.append(name)
            elif ev.different:
                self.noise.get(parts.netloc, set()).discard(name)
        return found

    def _remember(self, stem: tuple[str, str, str], value: tuple[str, str]) -> None:
        self.stems[stem] = value
        self.stems.move_to_end(stem)
        if len(self.stems) > MAX_STEMS:
            self.stems.popitem(last=False)


class VariantsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.params = NoiseParams()
        self.fetched: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> VariantsMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        return mw

    def item_scraped(self, item: Any) -> None:
        body = getattr(item, "body", None)
        url = getattr(item, "requested_url", None) or getattr(item, "fetched_url", None)
        if not body or not url:
            return
        for name in self.params.observe(url, body):
            self._inc("variants/noise_params")
            self.crawler.spider.logger.info(  # type: ignore[union-attr]
                "query parameter %r on %s does not change the text: ignored this run",
                name, urlsplit(url).netloc)

    def process_request(self, request: Request, spider: Any = None) -> None:
        """Drop an article request whose variant was fetched already (not a retry)."""
        if "rasad_via" not in request.meta or request.meta.get("retry_times"):
            return
        key = self.params.fold(request.url)
        if key in self.fetched:
            self._inc("variants/skipped")
            raise IgnoreRequest(f"a variant of this URL was fetched already: {request.url}")
        if len(self.fetched) < MAX_KEYS:
            self.fetched.add(key)

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
