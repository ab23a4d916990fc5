"""Page -> article: the extraction library behind the extract pipeline and
`rasad extract`. Pure functions; no Scrapy, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from crawler.text.language import detect_language
from crawler.text.pagekind import article_signals, is_blocked, listing_signals, parse_html
from pipelines.extraction.body import extract_body
from pipelines.extraction.meta import (
    extract_author,
    extract_canonical,
    extract_date,
    extract_title,
)

MIN_BODY_CHARS = 250


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


def _drop_title_lines(body: str, title: str) -> str:
    """The headline is stored in `title`, not repeated at the top of `body`."""
    lines = body.split("\n")
    while lines and title and lines[0].strip() == title.strip():
        lines.pop(0)
    return "\n".join(lines)


def extract_page(html: str, url: str, *, status: int = 200,
                 hint_published: datetime | None = None) -> Extracted:
    """Extract one page. `kind` says whether it is an article and, if not, why."""
    doc = parse_html(html)
    if doc is None:
        return Extracted(url, "", "", None, None, None, None, "unparsable")
    if is_blocked(status, doc):
        return Extracted(url, "", "", None, None, None, None, "blocked")
    title = extract_title(doc)
    body = _drop_title_lines(extract_body(html, url), title)
    published, date_source = extract_date(doc)
    if published is None and hint_published is not None:
        published, date_source = hint_published.astimezone(UTC), "feed"
    lang_hint = (doc.get("lang") or "").strip() or None
    result = Extracted(
        url=extract_canonical(doc, url), title=title, body=body,
        published_at=published, date_source=date_source, author=extract_author(doc),
        language=detect_language(body, hint=lang_hint), kind="article",
    )
    if len(body) < MIN_BODY_CHARS:
        result.kind = "too_short"
    elif listing_signals(doc, url) > article_signals(doc):
        result.kind = "non_article"
    return result
