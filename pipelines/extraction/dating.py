"""Publication date, most trusted source first: JSON-LD, meta, microdata/RDFa,
`<time datetime>`, the date printed on the page, htmldate's reading of the page,
the URL. (The feed/sitemap date is the caller's last resort.)

Every result is a `Dated`: the outlet's calendar day (in the source's time
zone) and, only when the page gives one, the time of day as a UTC instant. A
source that gives only the day takes its time from the page's printed date
when that is on the same day. Nothing in the future is returned.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from lxml import etree
from lxml import html as lxml_html

from crawler.core.text.dates import (
    SYRIA_TZ,
    Dated,
    is_date_text,
    not_future_dated,
    read_machine_date,
    read_page_date,
    read_url_date,
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
# Microdata and RDFa on page elements (Blogger's <abbr itemprop=datePublished
# title=...>, Drupal 7's <span property="dc:date dc:created" content=...>).
_MICRODATA = etree.XPath(
    "//*[not(self::meta)][@itemprop='datePublished' or contains(@property,'dc:created')"
    " or contains(@property,'datePublished') or @property='article:published_time']")
_CHROME_ANCESTORS = etree.XPath("ancestor::nav | ancestor::footer | ancestor::aside"
                                " | ancestor::*[@role='banner' or @role='navigation']")
_TIME_DATETIME = etree.XPath("//time/@datetime")
_H1 = etree.XPath("//h1")
# (XPath objects are compiled once: `doc.xpath(string)` compiles on every call,
# which costs as much as running these expressions on a typical page.)
_CHROME_WORDS = ("today", "topbar", "top-bar", "ticker", "breaking", "related", "comment")
MAX_DATE_TEXT = 120


def _machine(doc: lxml_html.HtmlElement, tz: tzinfo) -> tuple[Dated | None, str | None]:
    for obj in jsonld_objects(doc):
        found = not_future_dated(read_machine_date(str(obj.get("datePublished") or ""), tz))
        if found:
            return found, "jsonld"
    found = not_future_dated(read_machine_date(meta_content(doc, *DATE_META), tz))
    if found:
        return found, "meta"
    for node in _MICRODATA(doc):
        value = node.get("content") or node.get("datetime") or node.get("title") or ""
        found = not_future_dated(read_machine_date(value, tz))
        if found:
            return found, "microdata"
    for value in _TIME_DATETIME(doc):
        found = not_future_dated(read_machine_date(str(value), tz))
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


# Short texts that may be a bare date line on pages that mark nothing up.
_SHORT_TEXTS = etree.XPath("//*[self::font or self::td or self::p or self::span or self::div"
                           " or self::small or self::b or self::i][not(*)]")
MAX_BARE_DATE = 60


def bare_date_line(doc: lxml_html.HtmlElement, now: datetime | None = None,
                   tz: tzinfo = SYRIA_TZ) -> Dated | None:
    """On a page without date markup: the first short element holding nothing but
    a date ("الأربعاء 3 فبراير 2021", "٠٣/٠٢/٢٠٢١"), outside site chrome."""
    for node in _SHORT_TEXTS(doc):
        text = fold_whitespace(node.text_content())
        if not text or len(text) > MAX_BARE_DATE or not is_date_text(text):
            continue
        if not _is_chrome(node):
            found = read_page_date(text, now, tz)
            if found is not None:
                return found
    return None


def visible_date(doc: lxml_html.HtmlElement, now: datetime | None = None,
                 tz: tzinfo = SYRIA_TZ) -> Dated | None:
    """The date printed near the headline (the first dated holder after the h1)."""
    h1 = _H1(doc)
    order = {el: i for i, el in enumerate(doc.iter())} if h1 else {}
    start = order.get(h1[0], 0) if h1 else 0
    before: Dated | None = None
    for node in _DATE_HOLDERS(doc):
        text = fold_whitespace(node.text_content())
        if not text or len(text) > MAX_DATE_TEXT or _is_chrome(node):
            continue
        found = read_page_date(text, now, tz)
        if found is None:
            continue
        if order.get(node, start) >= start:
            return found
        before = before or found
    return before


def extract_date(doc: lxml_html.HtmlElement, url: str = "", now: datetime | None = None,
                 tz: tzinfo = SYRIA_TZ) -> tuple[Dated | None, str | None]:
    """(date, where it came from: jsonld | meta | microdata | time | page | url).
    Times without a zone are in `tz`, the source's time zone. (htmldate, asked
    only for articles, comes before the URL: `extract_page`.)"""
    found, source = _machine(doc, tz)
    if found is not None:
        if found.at is None:  # the day alone: the page may print the time
            found = found.with_time(visible_date(doc, now, tz))
        return found, source
    found = visible_date(doc, now, tz) or bare_date_line(doc, now, tz)
    if found is not None:
        return found, "page"
    found = read_url_date(url, tz) if url else None
    return (found, "url") if found else (None, None)


def htmldate_day(html: str, url: str, tz: tzinfo = SYRIA_TZ) -> Dated | None:
    """htmldate's original publication date (day precision), or None."""
    from htmldate import find_date

    try:
        value = find_date(html, url=url or None, original_date=True, extensive_search=True,
                          outputformat="%Y-%m-%d")
    except Exception:  # htmldate must never stop an extraction
        return None
    return not_future_dated(read_machine_date(value, tz), tz=tz) if value else None


def feed_date(hint: datetime, tz: tzinfo = SYRIA_TZ) -> Dated:
    """A feed's or sitemap's date: a value at exactly midnight in `tz` is a day
    alone (a sitemap's `<lastmod>2024-08-09</lastmod>`)."""
    local = hint.astimezone(tz)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return Dated(local.date(), None, "day")
    return Dated.instant(hint, tz)
