"""Publication date, most trusted source first: JSON-LD, meta, `<time>`, the
date printed on the page, the URL. (The feed/sitemap date is the caller's
last resort.) Every result is UTC and never in the future."""

from __future__ import annotations

from datetime import datetime, tzinfo

from lxml import etree
from lxml import html as lxml_html

from crawler.core.text.dates import (
    SYRIA_TZ,
    not_future,
    parse_machine_date,
    parse_page_date,
    parse_url_date,
)
from crawler.core.text.normalize import fold_whitespace
from crawler.core.text.pagekind import jsonld_objects, meta_content

DATE_META = ("article:published_time", "datePublished", "pubdate", "publishdate",
             "date", "DC.date.issued", "dc.date", "sailthru.date", "og:published_time")
# Elements whose class/id/itemprop says "I hold a date", outside site chrome.
_DATE_HOLDERS = etree.XPath(
    "//*[contains(translate(concat(@class,' ',@id,' ',@itemprop),"
    "'DATEPUBLISHTIM','datepublishtim'),'date') or "
    "contains(translate(concat(@class,' ',@id),'TIME','time'),'time') or "
    "contains(translate(concat(@class,' ',@id),'PUBLISH','publish'),'publish') or "
    "contains(translate(concat(@class,' ',@id),'STAMPCRE','stampcre'),'stmp') or "
    "contains(translate(concat(@class,' ',@id),'STAMPCRE','stampcre'),'stamp') or "
    "contains(translate(concat(@class,' ',@id),'STAMPCRE','stampcre'),'created') or "
    "contains(@class,'post-meta') or contains(@class,'entry-meta') or self::time]"
)
_CHROME_ANCESTORS = etree.XPath("ancestor::nav | ancestor::footer | ancestor::aside"
                                " | ancestor::*[@role='banner' or @role='navigation']")
_TIME_DATETIME = etree.XPath("//time/@datetime")
_H1 = etree.XPath("//h1")
# (XPath objects are compiled once: `doc.xpath(string)` compiles on every call,
# which costs as much as running these expressions on a typical page.)
_CHROME_WORDS = ("today", "topbar", "top-bar", "ticker", "breaking", "related", "comment")
MAX_DATE_TEXT = 120


def _machine(doc: lxml_html.HtmlElement, tz: tzinfo) -> tuple[datetime | None, str | None]:
    for obj in jsonld_objects(doc):
        found = not_future(parse_machine_date(str(obj.get("datePublished") or ""), tz))
        if found:
            return found, "jsonld"
    found = not_future(parse_machine_date(meta_content(doc, *DATE_META), tz))
    if found:
        return found, "meta"
    for value in _TIME_DATETIME(doc):
        found = not_future(parse_machine_date(str(value), tz))
        if found:
            return found, "time"
    return None, None


def _is_chrome(node: lxml_html.HtmlElement) -> bool:
    if _CHROME_ANCESTORS(node):
        return True
    for el in [node, *node.iterancestors()]:
        marks = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if any(word in marks for word in _CHROME_WORDS):
            return True
    return False


def visible_date(doc: lxml_html.HtmlElement, now: datetime | None = None,
                 tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """The date printed near the headline (the first dated holder after the h1)."""
    h1 = _H1(doc)
    order = {el: i for i, el in enumerate(doc.iter())} if h1 else {}
    start = order.get(h1[0], 0) if h1 else 0
    before: datetime | None = None
    for node in _DATE_HOLDERS(doc):
        text = fold_whitespace(node.text_content())
        if not text or len(text) > MAX_DATE_TEXT or _is_chrome(node):
            continue
        found = parse_page_date(text, now, tz)
        if found is None:
            continue
        if order.get(node, start) >= start:
            return found
        before = before or found
    return before


def extract_date(doc: lxml_html.HtmlElement, url: str = "", now: datetime | None = None,
                 tz: tzinfo = SYRIA_TZ) -> tuple[datetime | None, str | None]:
    """(UTC datetime, where it came from: jsonld | meta | time | page | url).

    Times without a zone are in `tz`, the source's time zone."""
    found, source = _machine(doc, tz)
    if found:
        return found, source
    found = visible_date(doc, now, tz)
    if found:
        return found, "page"
    found = parse_url_date(url, tz) if url else None
    return (found, "url") if found else (None, None)
