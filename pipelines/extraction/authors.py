"""Author: JSON-LD, meta, author markup, then Arabic bylines ("بقلم", "كتب",
"إعداد", "مراسل/مراسلة", "تحرير"). The site's own name and boilerplate are
never an author."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.core.text.normalize import fold_arabic, fold_whitespace, normalize_arabic
from crawler.core.text.pagekind import jsonld_objects, meta_content

MAX_AUTHOR_CHARS = 60
MAX_AUTHOR_WORDS = 6
# After `fold_arabic`. "بقلم"/"by" always open a byline; the other words also
# start news sentences ("تحرير الرهائن", "كتب ناشطون"), so they need ":" or "-".
BYLINE = re.compile(
    r"^\s*(?:(?:بقلم|by)\s*[:：\-–]?|(?:كتب|كتبت|كتبه|اعداد|تحرير|متابعه|مراسل|مراسله)"
    r"\s*[:：\-–])\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)


def byline_name(line: str) -> str | None:
    """"كتب: ريم الحسن" -> "ريم الحسن" (original spelling); None if not a byline."""
    match = BYLINE.match(fold_arabic(line))
    if not match:
        return None
    words = line.split()
    return " ".join(words[len(words) - len(match.group("name").split()):])


# Words that show a "name" is boilerplate, a desk or the site itself.
NOT_NAMES = {"admin", "administrator", "editor", "المحرر", "التحرير", "هيئه التحرير",
             "فريق التحرير", "خاص", "وكالات", "مصادر", "الموقع", "staff", "unknown"}
_IN_FORM_OR_COMMENT = etree.XPath("ancestor::form | ancestor::*[contains(@class,'comment')]")
_BYLINE_HOLDERS = etree.XPath("//p | //span | //div[not(*)] | //strong")
# "حسام أبو العلا - القاهرة": a one-word dateline after the name.
_PLACE_SUFFIX = re.compile(r"\s+[-–—]\s*\S+\s*$")


def _jsonld_author(doc: lxml_html.HtmlElement) -> list[str]:
    names = []
    for obj in jsonld_objects(doc):
        author = obj.get("author")
        for a in author if isinstance(author, list) else [author]:
            name = a.get("name") if isinstance(a, dict) else a
            if isinstance(name, str):
                names.append(name)
    return names


def _site_names(doc: lxml_html.HtmlElement) -> set[str]:
    names = {meta_content(doc, "og:site_name") or "", meta_content(doc, "application-name") or ""}
    for obj in jsonld_objects(doc):
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            names.add(pub["name"])
    return {normalize_arabic(n) for n in names if n.strip()}


def _is_site(text: str, site_names: set[str]) -> bool:
    norm = normalize_arabic(text)
    return bool(norm) and any(norm == s or norm in s or s in norm for s in site_names if s)


def clean_author(raw: str | None, site_names: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    """The person's name from a byline or field, or None if it is not a name."""
    if not raw:
        return None
    text = fold_whitespace(raw)
    text = byline_name(text) or text
    if text.startswith("(") and text.endswith(")"):
        return None  # "(أبوظبي - البيان)": a dateline, not a person
    suffix = _PLACE_SUFFIX.search(text)
    if suffix and _is_site(suffix.group(), site_names):
        return None  # "دمشق - سانا": place and agency
    text = _PLACE_SUFFIX.sub("", text).strip(" :-–|،,()")
    norm = normalize_arabic(text)
    if (not norm or text.startswith("http") or len(text) > MAX_AUTHOR_CHARS
            or len(norm.split()) > MAX_AUTHOR_WORDS or norm in NOT_NAMES
            or _is_site(norm, site_names)
            or any(ch.isdigit() for ch in norm)):
        return None
    return text


def _is_author_markup(node: lxml_html.HtmlElement) -> bool:
    """rel/itemprop "author", or a class naming an author, byline or writer."""
    if node.get("rel") == "author" or node.get("itemprop") == "author":
        return True
    css = node.get("class")
    return bool(css) and ("author" in css.lower() or "byline" in css or "writer" in css)


def _markup_authors(doc: lxml_html.HtmlElement) -> list[str]:
    found = []
    # one pass in Python: an XPath testing every element's class costs twice as much
    for node in filter(_is_author_markup, doc.iter(etree.Element)):
        if _IN_FORM_OR_COMMENT(node):
            continue
        text = fold_whitespace(node.text_content())
        if text and len(text) <= MAX_AUTHOR_CHARS + 12:
            found.append(text)
    return found


def _byline_lines(doc: lxml_html.HtmlElement) -> list[str]:
    found = []
    for node in _BYLINE_HOLDERS(doc):
        text = fold_whitespace(node.text_content())
        if text and len(text) <= MAX_AUTHOR_CHARS + 12 and byline_name(text):
            found.append(text)
    return found


def _host_names(url: str) -> set[str]:
    """'www.akhbarelyom.com' -> {'akhbarelyom'}: a site's own name is not an author."""
    host = (urlsplit(url).hostname or "").lower()
    return {label for label in host.split(".") if len(label) > 3 and label != "www"}


def extract_author(doc: lxml_html.HtmlElement, url: str = "") -> str | None:
    sites = _site_names(doc) | _host_names(url)
    # most trusted first, each looked at only when the ones before fail
    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: _jsonld_author(doc),
        lambda: [meta_content(doc, "author", "article:author", "dc.creator",
                              "sailthru.author") or ""],
        lambda: _markup_authors(doc),
        lambda: _byline_lines(doc),
    )
    for source in sources:
        for raw in source():
            name = clean_author(raw, sites)
            if name:
                return name
    return None
