"""Onboarding an outlet (`rasad try-source URL`): find its feeds, sitemaps and
listings from a home page or any start URL, and extract a sample of its articles.

Fetches with the standard library, one request at a time and obeying robots.txt;
stores nothing and sends nothing. Where entry points are looked for: the start
URL itself (a feed or sitemap is used as it is), its `<link rel="alternate">`
feeds, the `Sitemap:` lines of robots.txt, and the paths CMSs publish them at
(`PROBES`). The sample comes from the best entry point found (a feed, then a
news sitemap, a sitemap, the start page as a listing).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from crawler.core.text.pagekind import article_url, parse_html
from spiders.discovery import Link, feed_links, gunzip, sitemap_links, sniff_kind

PROBES = ("/feed/", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml",
          "/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/sitemap-news.xml")
MAX_BYTES = 10 * 1024 * 1024
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+json", "text/xml", "application/xml")
_RANK = {"feed": 0, "news sitemap": 1, "sitemap": 2, "sitemap index": 3, "listing": 4}


class FetchError(Exception):
    """The start URL cannot be used; str() is a one-line message naming it."""


@dataclass
class Page:
    url: str  # after redirects
    status: int
    content_type: str | None
    body: bytes


@dataclass
class Entry:
    """A way into the outlet: a feed, a sitemap (index) or a listing page."""

    url: str
    kind: str  # feed | news sitemap | sitemap | sitemap index | listing
    how: str  # how it was found
    links: list[Link] = field(default_factory=list)

    @property
    def newest(self) -> datetime | None:
        dates = [d for link in self.links if (d := link.published or link.modified)]
        return max(dates) if dates else None


class Fetcher:
    """GET with an honest User-Agent, a timeout, a pause between requests and robots.txt."""

    def __init__(self, user_agent: str, timeout: float, delay: float) -> None:
        self.user_agent, self.timeout, self.delay = user_agent, timeout, delay
        self._robots: dict[str, RobotFileParser | None] = {}
        self._last = 0.0

    def get(self, url: str) -> Page:
        """The page (any HTTP status); FetchError when nothing answers."""
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                   "Accept-Language": "ar,en;q=0.5"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                return Page(resp.geturl(), resp.status, resp.headers.get("Content-Type"),
                            resp.read(MAX_BYTES))
        except urllib.error.HTTPError as exc:
            return Page(exc.geturl() or url, exc.code, exc.headers.get("Content-Type"), b"")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"{url}: cannot fetch: {reason}") from None

    def robots(self, url: str) -> RobotFileParser | None:
        origin = _origin(url)
        if origin not in self._robots:
            parser = None
            try:
                page = self.get(origin + "/robots.txt")
                if page.status == 200:
                    parser = RobotFileParser()
                    parser.parse(page.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                pass
            self._robots[origin] = parser
        return self._robots[origin]

    def allowed(self, url: str) -> bool:
        parser = self.robots(url)
        return parser is None or parser.can_fetch(self.user_agent, url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def machine_entry(page: Page, how: str) -> Entry | None:
    """A feed or sitemap at `page`, with its links; None when it is neither."""
    if page.status != 200 or not page.body:
        return None
    body = page.body
    kind = sniff_kind(body)
    if kind == "gzip":
        body = gunzip(body)
        kind = sniff_kind(body)
    if kind == "feed":
        return Entry(page.url, "feed", how, feed_links(body).items)
    if kind in ("sitemap", "sitemapindex"):
        links = sitemap_links(body).items
        if kind == "sitemapindex":
            return Entry(page.url, "sitemap index", how, links)
        news = b"sitemap-news" in body or b"/schemas/sitemap-news/" in body
        return Entry(page.url, "news sitemap" if news else "sitemap", how, links)
    return None


def listing_entry(page: Page, text: str, how: str) -> Entry:
    """The start page as a listing: its in-site links that look like articles."""
    doc = parse_html(text)
    host = urlsplit(page.url).hostname
    seen: dict[str, Link] = {}
    for element, _attr, href, _pos in doc.iterlinks() if doc is not None else ():
        if element.tag != "a":
            continue
        url = urljoin(page.url, href).split("#")[0]
        if urlsplit(url).hostname == host and url != page.url and url not in seen \
                and article_url(url):
            seen[url] = Link(url, title=(element.text_content() or "").strip() or None)
    return Entry(page.url, "listing", how, list(seen.values()))


def alternate_feeds(page: Page, text: str) -> list[str]:
    doc = parse_html(text)
    if doc is None:
        return []
    out = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and kind in _FEED_TYPES and link.get("href"):
            out.append(urljoin(page.url, link.get("href").strip()))
    return out


def best(entries: list[Entry]) -> Entry | None:
    """The entry to sample articles from: the richest of the best kind."""
    usable = [e for e in entries if e.links]
    return min(usable, key=lambda e: (_RANK[e.kind], -len(e.links))) if usable else None


@dataclass
class Discovery:
    start: Page
    entries: list[Entry]
    missed: list[str] = field(default_factory=list)  # "path (why)", for what found nothing


def discover(fetcher: Fetcher, url: str) -> Discovery:
    """Every feed, sitemap and listing reachable from `url` (FetchError when the
    start URL itself cannot be fetched or answers an HTTP error)."""
    from crawler.core.text.encoding import decode_html

    page = fetcher.get(url)
    if page.status >= 400:
        raise FetchError(f"{url}: HTTP {page.status}")
    found = Discovery(page, [])
    entry = machine_entry(page, "the start URL")
    if entry is not None:
        found.entries.append(entry)
    else:
        text = decode_html(page.body, page.content_type)[0]
        robots = fetcher.robots(page.url)
        candidates = [(u, "link rel=alternate") for u in alternate_feeds(page, text)]
        candidates += [(u, "robots.txt Sitemap:") for u in (robots.site_maps() or [])
                       ] if robots is not None else []
        candidates += [(_origin(page.url) + p, f"probed {p}") for p in PROBES]
        _probe(fetcher, candidates, found)
        listing = listing_entry(page, text, "the start URL")
        if listing.links:
            found.entries.append(listing)
    _open_indexes(fetcher, found)
    return found


def _probe(fetcher: Fetcher, candidates: list[tuple[str, str]], found: Discovery) -> None:
    seen = {found.start.url}
    for url, how in candidates:
        if url in seen:
            continue
        seen.add(url)
        where = url.removeprefix(_origin(found.start.url))
        if not fetcher.allowed(url):
            found.missed.append(f"{where} (robots.txt disallows it)")
            continue
        try:
            page = fetcher.get(url)
        except FetchError as exc:
            found.missed.append(f"{where} ({str(exc).removeprefix(url + ': ')})")
            continue
        entry = machine_entry(page, how)
        if entry is None:
            found.missed.append(f"{where} (" + (f"HTTP {page.status}" if page.status != 200
                                                else "neither a feed nor a sitemap") + ")")
        elif entry.url not in {e.url for e in found.entries}:
            found.entries.append(entry)
        seen.add(page.url)


def _open_indexes(fetcher: Fetcher, found: Discovery) -> None:
    """A sitemap index lists sitemaps: its newest (a news or posts one first) is read."""
    for index in [e for e in found.entries if e.kind == "sitemap index"]:
        known = {e.url for e in found.entries}
        children = sorted(index.links, key=lambda link: (
            not any(w in link.url for w in ("news", "post", "article")), -_when(link)))
        for link in children[:1]:
            if link.url in known or not fetcher.allowed(link.url):
                continue
            try:
                entry = machine_entry(fetcher.get(link.url), f"in {index.url}")
            except FetchError as exc:
                found.missed.append(str(exc))
                continue
            if entry is not None and entry.kind != "sitemap index":
                found.entries.append(entry)


def sample(entry: Entry, n: int) -> list[Link]:
    """The newest `n` links of an entry point (a listing's in page order)."""
    links = list(entry.links)
    if entry.kind != "listing":
        links.sort(key=_when, reverse=True)  # stable: undated ones keep their order
    return links[:n]


def _when(link: Link) -> float:
    moment = link.published or link.modified
    return moment.timestamp() if moment is not None else 0.0
