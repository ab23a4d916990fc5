"""What a template needs to draw a page: plain frozen records with resolved links.

`site.py` builds these (it knows the URL layout); the template modules only draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from crawler.app.demo.corpus import Article


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class SiteInfo:
    """Site-wide furniture: name, menus, the breaking ticker, the "now" of the site."""

    name: str
    base_url: str
    template: str
    nav: tuple[Link, ...]
    ticker: tuple[Link, ...]  # newest headlines ("عاجل")
    most_read: tuple[Link, ...]
    trending_search: Link  # a search results page linked from the header
    feed_href: str
    home_href: str
    about_href: str
    today: datetime  # the newest article's date: top bars show it


@dataclass(frozen=True)
class ArticleView:
    article: Article
    url: str  # absolute canonical URL
    node_id: int  # post / node number, increasing with publication time
    image_src: str
    related: tuple[Link, ...]  # other articles: "اقرأ أيضا", related lists
    tags: tuple[Link, ...]
    category: Link
    author: Link | None
    previous: Link | None = None  # older article
    following: Link | None = None  # newer article


@dataclass(frozen=True)
class Teaser:
    link: Link
    published: datetime
    excerpt: str
    image_src: str


@dataclass(frozen=True)
class ListingView:
    """A page listing teasers: home, category page N, tag, author or search results."""

    kind: str  # "home" | "listing" | "tag" | "author" | "search"
    heading: str
    url: str
    teasers: tuple[Teaser, ...]
    pages: tuple[Link, ...] = ()  # numbered page links; text of the current one
    current: int = 1
    previous: Link | None = None
    following: Link | None = None
    intro: str = ""


@dataclass(frozen=True)
class StaticView:
    """A text page that is not news: "من نحن", the live-stream page."""

    kind: str
    heading: str
    url: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Chrome:
    """One template: its article page and the furniture shared with its other pages."""

    name: str
    article: Callable[[SiteInfo, ArticleView], str]
    page_title: Callable[[SiteInfo, str], str]
    header: Callable[[SiteInfo], str]
    footer: Callable[[SiteInfo], str]
    short_date: Callable[[datetime], str]
    relative_links: bool  # Drupal-style "/path" hrefs instead of absolute URLs
