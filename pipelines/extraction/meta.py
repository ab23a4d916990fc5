"""Article metadata: title, publication date, author, canonical URL."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.core.text.normalize import fold_whitespace, normalize_arabic
from crawler.core.text.pagekind import jsonld_objects, meta_content, title_text
from crawler.core.text.urls import canonical_url, same_site
from pipelines.extraction.authors import extract_author
from pipelines.extraction.dating import extract_date

__all__ = ["extract_author", "extract_canonical", "extract_date", "extract_title"]

_SEPARATOR = re.compile(r"\s+[|–—:\-«»•·]{1,2}\s+|\s*\|\s*")
MAX_SITE_WORDS = 6
_HEADINGS = tuple(etree.XPath(x) for x in (
    "//h1", "//*[self::h2 or self::h3][contains(@class,'title')]", "//*[@itemprop='headline']"))
_CANONICAL = etree.XPath('//link[@rel="canonical"]/@href')


def _headings(doc: lxml_html.HtmlElement) -> list[str]:
    out: list[str] = []
    for xpath in _HEADINGS:
        out.extend(fold_whitespace(h.text_content()) for h in xpath(doc))
    return [h for h in out if h]


def _site_names(doc: lxml_html.HtmlElement) -> list[str]:
    names = [meta_content(doc, "og:site_name"), meta_content(doc, "application-name")]
    for obj in jsonld_objects(doc):
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            names.append(pub["name"])
    return [n.strip() for n in names if n and n.strip()]


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Remove a site name glued before or after the headline with a separator."""
    parts = [p for p in _SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return fold_whitespace(title)
    sites = {normalize_arabic(s) for s in site_names}
    first, last = parts[0].strip(), parts[-1].strip()

    def is_site(part: str) -> bool:
        norm = normalize_arabic(part)
        return bool(norm) and any(norm in s or s in norm for s in sites if s)

    piped = re.search(r"\|\s*" + re.escape(last) + r"\s*$", title) is not None
    guess = len(last.split()) <= (MAX_SITE_WORDS if piped else 3)
    if is_site(last) or (not sites and guess and len(last) < len(title) - len(last)):
        return fold_whitespace(title[: title.rfind(last)].rstrip(" |–—:-«»•·"))
    if is_site(first):
        return fold_whitespace(title[title.find(first) + len(first):].lstrip(" |–—:-«»•·"))
    return fold_whitespace(title)


def extract_title(doc: lxml_html.HtmlElement) -> str:
    """The headline without the site name glued to it: the longest heading found in
    og:title or <title> (a logo in <h1> is not it), else those stripped."""
    og = fold_whitespace(meta_content(doc, "og:title") or "")
    head = fold_whitespace(title_text(doc))
    sites = {normalize_arabic(s) for s in _site_names(doc)}
    headings = [h for h in _headings(doc) if len(h) > 8 and normalize_arabic(h) not in sites]
    for candidate in (og, head):
        found = [h for h in headings if candidate and h in candidate]
        if found and (len(max(found, key=len)) > len(candidate) / 3):
            return max(found, key=len)
    best = og or head or (headings[0] if headings else "")
    return strip_site_name(best, _site_names(doc))


def extract_canonical(doc: lxml_html.HtmlElement, url: str) -> str:
    """rel=canonical / og:url when it points to the same site, else the fetched URL;
    either way in the clean form of `crawler.core.text.urls.canonical_url`."""
    for value in _CANONICAL(doc) + [meta_content(doc, "og:url")]:
        if not value:
            continue
        absolute = urljoin(url, str(value).strip())
        if urlsplit(absolute).scheme not in ("http", "https") or not same_site(absolute, url):
            continue
        if urlsplit(absolute).path.strip("/") or not urlsplit(url).path.strip("/"):
            return canonical_url(absolute)  # (a canonical naming the home page is a CMS bug)
    return canonical_url(url)
