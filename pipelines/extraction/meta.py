"""Article metadata: title, publication date, author, canonical URL."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawler.text.dates import not_future, parse_machine_date
from crawler.text.normalize import fold_whitespace
from crawler.text.pagekind import jsonld_objects, meta_content
from crawler.text.urls import canonical_url, same_site

_TITLE_SEPARATORS = re.compile(r"\s+[|–—:\-«»]{1,2}\s+")


def _text(doc: lxml_html.HtmlElement, xpath: str) -> str:
    found = doc.xpath(xpath)
    return fold_whitespace(found[0].text_content()) if found else ""


def extract_title(doc: lxml_html.HtmlElement) -> str:
    """The headline without the site name glued to it."""
    h1 = _text(doc, "//h1")
    og = meta_content(doc, "og:title") or ""
    head = _text(doc, "//title")
    for candidate in (og, head):
        if h1 and candidate and h1 in candidate:
            return h1
    best = og or head or h1
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(best) if p.strip()]
    if len(parts) > 1:
        return max(parts, key=len)
    return fold_whitespace(best)


def extract_date(doc: lxml_html.HtmlElement) -> tuple[datetime | None, str | None]:
    """(UTC datetime, where it came from), most trusted source first."""
    for obj in jsonld_objects(doc):
        found = parse_machine_date(str(obj.get("datePublished") or ""))
        if found and not_future(found):
            return found, "jsonld"
    value = meta_content(doc, "article:published_time", "datePublished", "pubdate",
                         "publishdate", "date", "DC.date.issued")
    found = not_future(parse_machine_date(value))
    if found:
        return found, "meta"
    for value in doc.xpath("//time/@datetime"):
        found = not_future(parse_machine_date(str(value)))
        if found:
            return found, "time"
    return None, None


def _jsonld_author(doc: lxml_html.HtmlElement) -> str | None:
    for obj in jsonld_objects(doc):
        author = obj.get("author")
        for a in author if isinstance(author, list) else [author]:
            name = a.get("name") if isinstance(a, dict) else a
            if isinstance(name, str) and name.strip():
                return fold_whitespace(name)
    return None


def extract_author(doc: lxml_html.HtmlElement) -> str | None:
    site = (meta_content(doc, "og:site_name") or "").strip()
    for name in (_jsonld_author(doc), meta_content(doc, "author", "article:author")):
        if name and name != site and not name.startswith("http") and len(name) < 80:
            return name
    return None


def extract_canonical(doc: lxml_html.HtmlElement, url: str) -> str:
    """rel=canonical / og:url when it points to the same site, else the fetched URL;
    either way in the clean form of `crawler.text.urls.canonical_url`."""
    for value in doc.xpath('//link[@rel="canonical"]/@href') + [meta_content(doc, "og:url")]:
        if not value:
            continue
        absolute = urljoin(url, str(value).strip())
        if urlsplit(absolute).scheme not in ("http", "https") or not same_site(absolute, url):
            continue
        if urlsplit(absolute).path.strip("/") or not urlsplit(url).path.strip("/"):
            return canonical_url(absolute)  # (a canonical naming the home page is a CMS bug)
    return canonical_url(url)
