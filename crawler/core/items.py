"""Items that flow spiders -> pipelines -> storage.

`PageItem` is what the spider fetched; the extract pipeline turns it into an
`ArticleItem`; the match pipeline attaches `matches`; the store pipeline saves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class PageItem:
    url: str  # the URL the page was fetched from (after redirects)
    html: str  # decoded page text
    source: str  # the configured source name
    status: int = 200
    fetched_at: datetime | None = None
    via: str = "listing"  # feed | sitemap | listing | direct
    hint_published: datetime | None = None  # date the feed/sitemap gave
    hint_title: str | None = None
    requested_url: str | None = None


@dataclass
class ArticleItem:
    url: str  # canonical URL
    source: str
    title: str
    body: str  # clean text, paragraphs separated by "\n"
    language: str
    fetched_at: datetime
    published_at: datetime | None = None  # UTC; None when the page gives only a day
    date_source: str | None = None  # jsonld|meta|microdata|time|page|htmldate|url|feed
    published_date: date | None = None  # the outlet's calendar day
    date_precision: str | None = None  # minute | hour | day
    author: str | None = None  # the byline as printed
    author_kind: str | None = None  # person | desk | agency
    credit: str | None = None  # the news agency credited for the text
    fetched_url: str | None = None
    requested_url: str | None = None  # before redirects (e.g. a ?p=123 shortlink)
    matches: list[Any] = field(default_factory=list)  # crawler.core.rules.matcher.Match
    stored: str | None = None  # set by the store: new | updated | unchanged
