"""What a start URL is (feed, sitemap, sitemap index, HTML) and the links in it.

Detected from the response body, never declared in the config. Feeds (RSS,
Atom, RDF) and sitemaps are parsed by `spiders/xmldoc.py` (hardened; a broken
document's good items are salvaged).
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from lxml import etree

from crawler.core.text.dates import parse_machine_date
from spiders.xmldoc import (
    FEED_ITEMS,
    SITEMAP_ITEMS,
    Parsed,
    iter_children,
    local,
    parse_items,
    text_of,
)

_ROOT = re.compile(rb"<\s*(?:[A-Za-z0-9_]+:)?(rss|feed|RDF|urlset|sitemapindex|html)\b", re.I)
_GZIP_MAGIC = b"\x1f\x8b"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_PUBLISHED = ("pubdate", "published", "issued", "date", "created")
_MODIFIED = ("updated", "modified")


@dataclass(frozen=True)
class Link:
    url: str
    published: datetime | None = None
    title: str | None = None
    modified: datetime | None = None  # feed <updated> / sitemap <lastmod>: when it changed
    news: bool = False  # from a news sitemap (<news:news>): fresh, like a feed item


def sniff_kind(body: bytes) -> str:
    """'feed', 'sitemap', 'sitemapindex', 'gzip' or 'html'."""
    head = body[:4096]
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    m = _ROOT.search(head)
    if not m:
        return "html"
    tag = m.group(1).decode().lower()
    return {"rss": "feed", "feed": "feed", "rdf": "feed", "urlset": "sitemap",
            "sitemapindex": "sitemapindex"}.get(tag, "html")


class CutDocument(ValueError):
    """A gzipped feed or sitemap whose stream ends early or is corrupt."""


def gunzip(body: bytes) -> bytes:
    """A gzipped document (at most MAX_SITEMAP_BYTES of it); CutDocument when cut."""
    try:
        with gzip.GzipFile(fileobj=BytesIO(body)) as f:
            return f.read(MAX_SITEMAP_BYTES)
    except (EOFError, OSError, zlib.error) as exc:
        raise CutDocument(f"gzip stream cut or corrupt: {exc}") from None


def _first(fields: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((fields[n] for n in names if fields.get(n)), None)


def _feed_url(item: etree._Element) -> str | None:
    """Atom <link href> (rel alternate), RSS <link>, a permalink <guid>, RDF about."""
    links = [el for el in item if local(el.tag) == "link"]
    for el in links:
        href = el.get("href")
        if href and el.get("rel", "alternate") == "alternate":
            return str(href)
    for el in links:
        if not el.get("href"):
            text = text_of(el, url=True)
            if text:
                return text
    for el in item:
        if local(el.tag) == "guid" and el.get("isPermaLink", "true").lower() != "false":
            guid = text_of(el, url=True)
            if guid.startswith(("http://", "https://")):
                return guid
    about = next((str(v) for k, v in item.attrib.items() if local(k) == "about"), None)
    return about or None


def _feed_link(item: etree._Element) -> Link | None:
    url = _feed_url(item)
    if not url:
        return None
    fields = {local(el.tag): text_of(el) for el in item if isinstance(el.tag, str)}
    modified = parse_machine_date(_first(fields, _MODIFIED))
    return Link(url=url.strip(), title=fields.get("title") or None, modified=modified,
                published=parse_machine_date(_first(fields, _PUBLISHED)) or modified)


def feed_links(body: bytes) -> Parsed[Link]:
    """The items of an RSS, Atom or RDF feed."""
    return parse_items(body, FEED_ITEMS, _feed_link)


def _sitemap_link(item: etree._Element) -> Link | None:
    loc = next((el for el in iter_children(item) if local(el.tag) == "loc"), None)
    url = text_of(loc, url=True) if loc is not None else ""
    if not url:
        return None
    fields = {local(el.tag): text_of(el) for el in iter_children(item) if el is not loc}
    date = fields.get("publication_date") or fields.get("lastmod")
    return Link(url=url, published=parse_machine_date(date),
                title=fields.get("title") or None,
                modified=parse_machine_date(fields.get("lastmod")),
                news="news" in fields or "publication_date" in fields)


def sitemap_links(body: bytes) -> Parsed[Link]:
    """<loc> of a urlset or a sitemapindex, with lastmod / news:publication_date."""
    return parse_items(body, SITEMAP_ITEMS, _sitemap_link)
