"""Page -> article: the extraction library behind the extract pipeline and
`rasad extract`. Pure functions; no Scrapy, no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from lxml import html as lxml_html

from crawler.core.text.language import detect_language
from crawler.core.text.normalize import normalize_arabic
from crawler.core.text.pagekind import (
    article_evidence,
    article_signals,
    is_blocked,
    is_error_page,
    listing_signals,
    media_signals,
    parse_html,
)
from pipelines.extraction.authors import Byline
from pipelines.extraction.body import extract_body
from pipelines.extraction.credits import kind_of
from pipelines.extraction.dating import feed_date, htmldate_day
from pipelines.extraction.meta import (
    extract_author,
    extract_canonical,
    extract_date,
    extract_title,
)
from pipelines.extraction.options import ExtractOptions

__all__ = ["DEFAULT_OPTIONS", "ExtractOptions", "Extracted", "LineFilter", "extract_page"]

# Given the body lines, returns the ones to keep (per-source learned furniture).
LineFilter = Callable[[list[str]], list[str]]


@dataclass
class Extracted:
    url: str
    title: str
    body: str
    published_at: datetime | None  # UTC; only when the page gives a time of day
    date_source: str | None
    author: str | None  # the byline as printed (a person, a desk or an agency)
    language: str | None
    kind: str  # article | non_article | too_short | blocked | unparsable
    published_date: date | None = None  # the outlet's calendar day
    date_precision: str | None = None  # minute | hour | day
    author_kind: str | None = None  # person | desk | agency
    credit: str | None = None  # news agencies credited for the text
    min_body: int = 0  # the body length this page needed to be an article
    strategy: str | None = None  # what found the body (main, tables, br, jsonld, json...)
    # why a page that is not stored may still be an article (pagekind.article_evidence)
    evidence: frozenset[str] = frozenset()

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    def as_json(self) -> dict[str, str | None]:
        return {
            "url": self.url, "title": self.title, "body": self.body,
            "published_date": self.published_date.isoformat() if self.published_date
            else None,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "date_precision": self.date_precision, "date_source": self.date_source,
            "author": self.author, "author_kind": self.author_kind, "credit": self.credit,
            "language": self.language, "kind": self.kind, "strategy": self.strategy,
        }


TITLE_PART_SHARE = 0.6


def _drop_title_lines(lines: list[str], title: str) -> list[str]:
    """The headline is stored in `title`, not repeated in `body`: drop lines equal to
    it, or most of it (the headline without its "خاص||" prefix): a run of whole
    title words covering at least 60% of them. Subheadings reusing a few title
    words stay."""
    head = f" {normalize_arabic(title)} "
    head_words = len(head.split())
    if not head_words:
        return lines

    def is_title(line: str) -> bool:
        norm = normalize_arabic(line)
        return bool(norm) and f" {norm} " in head and \
            len(norm.split()) >= TITLE_PART_SHARE * head_words

    return [line for line in lines if not is_title(line)]


DEFAULT_OPTIONS = ExtractOptions()


def _edge_byline(lines: list[str]) -> tuple[Byline, list[str]]:
    """A desk or agency signing the text on its own line, first or last ("قسم
    الأخبار", "وكالات"): the byline, not body text."""
    for index in (0, -1) if lines else ():
        if kind_of(lines[index]) != "person":
            rest = lines[1:] if index == 0 else lines[:-1]
            return Byline.of(lines[index]), rest
    return Byline(), lines
SHORT_REPORT_WORDS = 12  # a short report holds at least one sentence this long
_SENTENCE_END = (".", "؟", "?", "!", "\"", "”", "»", ")")


def _minimum(doc: lxml_html.HtmlElement, lines: list[str], options: ExtractOptions) -> int:
    """The body length this page needs: `min_short_body_chars` for a short report
    (a wire item) on a page that says it is one article, is no video or gallery
    page, and whose text is written in sentences; `min_body_chars` otherwise."""
    if article_signals(doc) and not media_signals(doc) and any(
            len(line.split()) >= SHORT_REPORT_WORDS and line.rstrip().endswith(_SENTENCE_END)
            for line in lines):
        return min(options.min_short_body_chars, options.min_body_chars)
    return options.min_body_chars


def extract_page(html: str, url: str, options: ExtractOptions = DEFAULT_OPTIONS, *,
                 status: int = 200, hint_published: datetime | None = None,
                 now: datetime | None = None,
                 line_filter: LineFilter | None = None) -> Extracted:
    """Extract one page. `kind` says whether it is an article and, if not, why.

    `options` carries every knob (a source's overrides and time zone, the
    minimum body length, trafilatura's settings); the rest are facts about this
    fetch: its HTTP `status`, the feed's date (`hint_published`), the fetch time
    `now` (for "منذ 3 ساعات"). `line_filter` drops per-source learned furniture.
    """
    doc = parse_html(html)
    refused = _refusal(doc, status)
    if doc is None or refused is not None:
        return Extracted(url, "", "", None, None, None, None, refused or "unparsable")
    title = extract_title(doc)
    dated, date_source = extract_date(doc, url, now, options.tz)
    if dated is None and hint_published is not None:
        # (a page that prints only its day keeps it: the time is the page's to give)
        dated, date_source = feed_date(hint_published, options.tz), "feed"
    byline = extract_author(doc, url)
    canonical = extract_canonical(doc, url)
    listing = listing_signals(doc, url) > article_signals(doc)
    lang_hint = (doc.get("lang") or "").strip() or None
    found, strategy = extract_body(doc, options, byline.name, title)
    lines = _drop_title_lines(found, title)
    if byline.name is None:
        byline, lines = _edge_byline(lines)
    if line_filter is not None:
        lines = line_filter(lines)
    body = "\n".join(lines)
    result = Extracted(
        url=canonical, title=title, body=body,
        published_at=dated.at if dated else None, date_source=date_source,
        author=byline.name, language=detect_language(body, hint=lang_hint), kind="article",
        published_date=dated.day if dated else None,
        date_precision=dated.precision if dated else None, strategy=strategy,
        author_kind=byline.kind, credit=byline.credit,
    )
    result.min_body = _minimum(doc, lines, options)
    if len(body) < result.min_body:
        result.kind = "too_short"
    elif listing:
        result.kind = "non_article"
    elif date_source in (None, "url", "feed") and options.htmldate_fallback:
        _htmldate(result, html, url, options)
    if not result.is_article:
        result.evidence = article_evidence(doc, url)
    return result


def _refusal(doc: lxml_html.HtmlElement | None, status: int) -> str | None:
    """Why a page is no article before anything is extracted from it, or None."""
    if doc is None:
        return "unparsable"
    if is_blocked(status, doc):
        return "blocked"
    return "non_article" if is_error_page(status, doc) else None


def _htmldate(result: Extracted, html: str, url: str, options: ExtractOptions) -> None:
    """When the page holds no date Rasad reads, htmldate's reading of it comes
    before the URL's and the feed's (asked for articles only: it is the costly step)."""
    found = htmldate_day(html, url, options.tz)
    if found is not None:
        result.published_at, result.published_date = found.at, found.day
        result.date_precision, result.date_source = found.precision, "htmldate"
