"""Page -> article: the extraction library behind the extract pipeline and
`rasad extract`. Pure functions; no Scrapy, no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from crawler.core.text.language import detect_language
from crawler.core.text.normalize import normalize_arabic
from crawler.core.text.pagekind import (
    article_evidence,
    article_signals,
    is_blocked,
    is_error_page,
    listing_signals,
    parse_html,
)
from pipelines.extraction.body import extract_body
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
    published_at: datetime | None
    date_source: str | None
    author: str | None
    language: str | None
    kind: str  # article | non_article | too_short | blocked | unparsable
    # why a page that is not stored may still be an article (pagekind.article_evidence)
    evidence: frozenset[str] = frozenset()

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    def as_json(self) -> dict[str, str | None]:
        return {
            "url": self.url, "title": self.title, "body": self.body,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "date_source": self.date_source, "author": self.author,
            "language": self.language, "kind": self.kind,
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
    if doc is None:
        return Extracted(url, "", "", None, None, None, None, "unparsable")
    if is_blocked(status, doc):
        return Extracted(url, "", "", None, None, None, None, "blocked")
    if is_error_page(status, doc):
        return Extracted(url, "", "", None, None, None, None, "non_article")
    title = extract_title(doc)
    published, date_source = extract_date(doc, url, now, options.tz)
    author = extract_author(doc, url)
    canonical = extract_canonical(doc, url)
    listing = listing_signals(doc, url) > article_signals(doc)
    lang_hint = (doc.get("lang") or "").strip() or None
    lines = _drop_title_lines(extract_body(doc, options, author), title)
    if line_filter is not None:
        lines = line_filter(lines)
    body = "\n".join(lines)
    if published is None and hint_published is not None:
        published, date_source = hint_published.astimezone(UTC), "feed"
    result = Extracted(
        url=canonical, title=title, body=body,
        published_at=published, date_source=date_source, author=author,
        language=detect_language(body, hint=lang_hint), kind="article",
    )
    if len(body) < options.min_body_chars:
        result.kind = "too_short"
    elif listing:
        result.kind = "non_article"
    if not result.is_article:
        result.evidence = article_evidence(doc, url)
    return result
