"""Cheap page-kind signals on parsed HTML, shared by the spider and extraction.

General signals only (structured data, CMS URL conventions, link density), no
per-site lists: Rasad must recognise articles on outlets it has never seen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from lxml import etree
from lxml import html as lxml_html

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting",
                 "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle"}
LISTING_PATH = re.compile(
    r"/(tag|tags|category|categories|author|authors|section|topics?|search|page|archive)/"
    r"|/(about|about-us|contact|contact-us|privacy|terms)(/|$)|[?&](s|q|page|paged)=",
    re.IGNORECASE,
)
BLOCKED_TITLES = re.compile(
    r"just a moment|attention required|access denied|are you a robot|ddos-guard"
    r"|checking your browser|security check|captcha|403 forbidden",
    re.IGNORECASE,
)


# Error pages ("soft 404s" served with status 200 included), after normalize_arabic.
ERROR_TITLES = re.compile(
    r"^(?:404|410|500|not found)$|\b(?:error|خطا)\s*(?:404|410|500)\b"
    r"|\b404\b.{0,20}(?:not found|غير موجوده)|page not found|internal server error"
    r"|الصفحه (?:المطلوبه )?غير موجوده|الصفحه التي تبحث عنها|لم يتم العثور علي الصفحه",
    re.IGNORECASE,
)


# Compiled once: `doc.xpath(string)` compiles the expression on every call.
_JSONLD = etree.XPath('//script[@type="application/ld+json"]')
_ARTICLES = etree.XPath("//article")
_HEADLINE_LINKS = etree.XPath("//h2//a[@href] | //h3//a[@href] | //h4//a[@href]")
_H1 = etree.XPath("//h1")
_TITLE_TEXT = etree.XPath("//title//text()")
_CLOUDFLARE = etree.XPath('//*[@id="cf-wrapper"]')


def title_text(doc: lxml_html.HtmlElement) -> str:
    """The text of the page's <title> (all of them, joined by spaces)."""
    return " ".join(_TITLE_TEXT(doc))


# lxml refuses a str that starts with an XML declaration naming an encoding
# (XHTML's `<?xml version="1.0" encoding="utf-8"?>`): the text is decoded already.
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def parse_html(text: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except Exception:  # lxml raises several types on empty/garbled input
        return None


@dataclass(frozen=True)
class _Facts:
    metas: dict[str, list[str]]  # name/property/itemprop -> non-empty contents, in page order
    jsonld: list[dict[str, Any]]


# Title, date, author, canonical URL and page kind all read a page's <meta> and
# JSON-LD: they are collected once per parsed page (weakly keyed: gone with it).
_FACTS: WeakKeyDictionary[lxml_html.HtmlElement, _Facts] = WeakKeyDictionary()


def _facts(doc: lxml_html.HtmlElement) -> _Facts:
    facts = _FACTS.get(doc)
    if facts is None:
        facts = _Facts(_collect_metas(doc), list(_collect_jsonld(doc)))
        _FACTS[doc] = facts
    return facts


def _collect_metas(doc: lxml_html.HtmlElement) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for node in doc.iter("meta"):
        content = (node.get("content") or "").strip()
        if not content:
            continue
        for key in {node.get("property"), node.get("name"), node.get("itemprop")}:
            if key is not None:
                metas.setdefault(key, []).append(content)
    return metas


def _collect_jsonld(doc: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for node in _JSONLD(doc):
        try:
            data = json.loads(node.text_content() or "null")
        except ValueError:
            continue
        stack = [data]
        while stack:
            cur = stack.pop()
            if isinstance(cur, list):
                stack.extend(cur)
            elif isinstance(cur, dict):
                if "@graph" in cur:
                    stack.append(cur["@graph"])
                yield cur


def jsonld_objects(doc: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in the page, flattening @graph and lists."""
    return iter(_facts(doc).jsonld)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def meta_content(doc: lxml_html.HtmlElement, *names: str) -> str | None:
    """Content of the first named <meta> (property=, name= or itemprop=), in `names` order."""
    metas = _facts(doc).metas
    for name in names:
        if name in metas:
            return metas[name][0]
    return None


def article_signals(doc: lxml_html.HtmlElement) -> int:
    """How many independent signals say 'this page is one article'."""
    score = 0
    if (meta_content(doc, "og:type") or "").lower() == "article":
        score += 1
    if any(_types(o) & ARTICLE_TYPES for o in jsonld_objects(doc)):
        score += 1
    if meta_content(doc, "article:published_time", "datePublished"):
        score += 1
    if len(_ARTICLES(doc)) == 1:
        score += 1
    return score


# URL shapes of article pages on CMSs of every kind: a date in the path, a
# numeric id of 4+ digits (path segment or id-like query parameter), or a slug
# of 3+ words (Arabic slugs included, raw or percent-encoded).
_ARTICLE_URL = re.compile(
    r"/(?:19|20)\d\d[/-][01]?\d(?:[/-]|$)|/\d{4,}(?:[/._-]|$)"
    r"|[?&](?:p|id|nid|aid|article_?id|news_?id|story_?id)=\d{3,}"
    r"|/[^/?#]+(?:[-_][^/?#_-]+){2,}/?(?:\.[a-z]{2,5})?(?:$|\?)",
    re.IGNORECASE,
)
_BODY_TEXT = etree.XPath("//body//text()[not(ancestor::script) and not(ancestor::style)"
                         " and not(ancestor::noscript)]")
ARTICLE_TEXT_CHARS = 1000  # visible text of a page that has an article's length


def _indexes(url: str) -> bool:
    """A home, listing, tag, search or static page, by its URL."""
    parts = urlsplit(url)
    return (parts.path.strip("/") == "" and not parts.query) or bool(
        LISTING_PATH.search(parts.path + "?" + parts.query))


def article_url(url: str) -> bool:
    """The URL has an article's shape (see `_ARTICLE_URL`) and no listing's."""
    parts = urlsplit(url)
    return not _indexes(url) and bool(
        _ARTICLE_URL.search(parts.path + ("?" + parts.query if parts.query else "")))


def article_evidence(doc: lxml_html.HtmlElement, url: str) -> frozenset[str]:
    """What says a page is an article, whatever extraction made of it: `og:type`,
    `jsonld` (an article type), `published` (article:published_time meta), `url`
    (an article-shaped URL) and `length` (the visible text of an article's length).
    Home, listing, tag, search and static pages (by URL) have none."""
    if _indexes(url):
        return frozenset()
    found = set()
    if (meta_content(doc, "og:type") or "").lower() == "article":
        found.add("og:type")
    if any(_types(o) & ARTICLE_TYPES for o in jsonld_objects(doc)):
        found.add("jsonld")
    if meta_content(doc, "article:published_time", "datePublished"):
        found.add("published")
    if article_url(url):
        found.add("url")
    if sum(len(t.strip()) for t in _BODY_TEXT(doc)) >= ARTICLE_TEXT_CHARS:
        found.add("length")
    return frozenset(found)


def looks_like_article(evidence: frozenset[str] | set[str], listed: bool = False) -> bool:
    """Structured data says "article", or an article's URL (or a feed or sitemap
    listing it: `listed`) and an article's length do."""
    if evidence & {"og:type", "jsonld", "published"}:
        return True
    return "length" in evidence and ("url" in evidence or (listed and bool(evidence)))


def listing_signals(doc: lxml_html.HtmlElement, url: str) -> int:
    """How many signals say 'this page lists or indexes other pages'."""
    score = 0
    if LISTING_PATH.search(urlsplit(url).path + ("?" + urlsplit(url).query)):
        score += 1
    og_type = (meta_content(doc, "og:type") or "").lower()
    if og_type and og_type != "article":
        score += 1  # the page says it is a website/profile/section, not an article
    if len(_ARTICLES(doc)) >= 3:
        score += 1
    headline_links = _HEADLINE_LINKS(doc)
    if len(headline_links) >= 6:
        score += 1
    if any(_types(o) & {"collectionpage", "itemlist", "searchresultspage", "profilepage"}
           for o in jsonld_objects(doc)):
        score += 1
    return score


MEDIA_TYPES = {"videoobject", "imagegallery", "mediagallery", "audioobject", "podcastepisode"}
_PLAYERS = etree.XPath("//video | //audio")


def media_signals(doc: lxml_html.HtmlElement) -> int:
    """How many signals say 'this page is a video, audio or photo gallery page'."""
    score = 0
    if (meta_content(doc, "og:type") or "").lower().startswith(("video", "music")):
        score += 1
    if any(_types(o) & MEDIA_TYPES for o in jsonld_objects(doc)):
        score += 1
    if _PLAYERS(doc):
        score += 1
    return score


def is_error_page(status: int, doc: lxml_html.HtmlElement | None) -> bool:
    """An HTTP error, or a page whose title or only heading says "not found"."""
    if status >= 400:
        return True
    if doc is None:
        return False
    from crawler.core.text.normalize import normalize_arabic

    heads = [title_text(doc)] + [h.text_content() for h in _H1(doc)[:1]]
    return any(ERROR_TITLES.search(normalize_arabic(text)) for text in heads if text.strip())


def is_blocked(status: int, doc: lxml_html.HtmlElement | None) -> bool:
    if status in (401, 403, 406, 429, 503):
        return True
    if doc is None:
        return False
    return bool(BLOCKED_TITLES.search(title_text(doc))) or bool(_CLOUDFLARE(doc))
