"""What a start URL is (feed, sitemap, sitemap index, HTML) and the links in it.

Detected from the response body, never declared in the config.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

import feedparser
from lxml import etree

from crawler.core.text.dates import parse_machine_date

_ROOT = re.compile(rb"<\s*(?:[A-Za-z0-9_]+:)?(rss|feed|RDF|urlset|sitemapindex|html)\b", re.I)
_GZIP_MAGIC = b"\x1f\x8b"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Link:
    url: str
    published: datetime | None = None
    title: str | None = None
    modified: datetime | None = None  # feed <updated> / sitemap <lastmod>: when it changed


def sniff_kind(body: bytes) -> str:
    """'feed', 'sitemap', 'sitemapindex' or 'html'."""
    head = body[:4096]
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    m = _ROOT.search(head)
    if not m:
        return "html"
    tag = m.group(1).decode().lower()
    return {"rss": "feed", "feed": "feed", "rdf": "feed", "urlset": "sitemap",
            "sitemapindex": "sitemapindex"}.get(tag, "html")


def gunzip(body: bytes) -> bytes:
    with gzip.GzipFile(fileobj=BytesIO(body)) as f:
        return f.read(MAX_SITEMAP_BYTES)


def feed_links(body: bytes) -> Iterator[Link]:
    parsed = feedparser.parse(body)
    for entry in parsed.entries:
        url = entry.get("link")
        if not url:
            continue
        date = entry.get("published") or entry.get("updated")
        yield Link(url=url.strip(), published=parse_machine_date(date), title=entry.get("title"),
                   modified=parse_machine_date(entry.get("updated")))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def sitemap_links(body: bytes) -> Iterator[Link]:
    """<loc> of a urlset or a sitemapindex, with lastmod / news:publication_date."""
    try:
        events = etree.iterparse(BytesIO(body), events=("end",), recover=True,
                                 resolve_entities=False, no_network=True, huge_tree=False)
        for _, elem in events:
            if _local(elem.tag) not in ("url", "sitemap"):
                continue
            fields = {_local(el.tag): (el.text or "").strip() for el in elem.iter()}
            if fields.get("loc"):
                date = fields.get("publication_date") or fields.get("lastmod")
                yield Link(url=fields["loc"], published=parse_machine_date(date),
                           title=fields.get("title") or None,
                           modified=parse_machine_date(fields.get("lastmod")))
            elem.clear()
    except etree.XMLSyntaxError:
        return
