"""URL layout of a demo site and the views its pages are drawn from.

    tv      /<encoded-slug>                 Drupal, root-level Arabic slugs
    jannah  /YYYY/MM/DD/<encoded-slug>/     WordPress permalinks with the date
    sy24    /archives/<id>                  WordPress numeric permalinks

Every template shares /category/news/ (+ /page/N/), /tag/<x>/, /author/<x>/,
/about/, /private/<slug>/ and the feeds; the search page is /?s=<q> on
WordPress and /search/node?keys=<q> on Drupal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from crawler.app.demo.corpus import Article
from crawler.app.demo.markup import excerpt
from crawler.app.demo.views import ArticleView, Link, ListingView, Teaser

CATEGORY_PATH = "/category/news/"
CATEGORY_LABELS = {"tv": "سوريا", "jannah": "الشأن السوري", "sy24": "أخبار"}
MISSING_SLUG = "خبر-حذف-بعد-نشره"


@dataclass(frozen=True)
class Entry:
    """An article placed on the site: its path and post/node number."""

    article: Article
    path: str
    node_id: int


def encode(segment: str) -> str:
    """Percent-encode one path segment (UTF-8, upper-case hex, as WordPress does)."""
    return quote(segment.replace(" ", "-"), safe="")


def article_path(template: str, article: Article, node_id: int) -> str:
    if template == "tv":
        return f"/{encode(article.slug)}"
    if template == "jannah":
        return f"/{article.published:%Y/%m/%d}/{encode(article.slug)}/"
    return f"/archives/{node_id}"


def missing_path(template: str, entries: Sequence[Entry]) -> str:
    """A path in the article pattern that no page answers (the feed links to it)."""
    if template == "sy24":
        return f"/archives/{max((e.node_id for e in entries), default=10000) + 7}"
    newest = entries[0].article.published if entries else None
    if template == "jannah" and newest is not None:
        return f"/{newest:%Y/%m/%d}/{encode(MISSING_SLUG)}/"
    return f"/{encode(MISSING_SLUG)}"


def tag_path(tag: str) -> str:
    return f"/tag/{encode(tag)}/"


def author_path(author: str) -> str:
    return f"/author/{encode(author)}/"


def listing_path(page: int) -> str:
    return CATEGORY_PATH if page == 1 else f"{CATEGORY_PATH}page/{page}/"


def search_path(template: str, query: str) -> str:
    if template == "tv":
        return f"/search/node?keys={quote(query)}"
    return f"/?s={quote(query)}"


def image_path(template: str, entry: Entry) -> str:
    name = entry.article.image or f"{entry.node_id}.jpg"
    name = name if "." in name else f"{name}.jpg"
    when = entry.article.published
    if template == "tv":
        return f"/sites/default/files/styles/large/public/{when:%Y-%m}/{encode(name)}"
    return f"/wp-content/uploads/{when:%Y/%m}/{encode(name)}"


def place(template: str, articles: Sequence[Article]) -> list[Entry]:
    """Entries newest first; node ids grow with publication time (oldest = 10001)."""
    oldest_first = sorted(articles, key=lambda a: (a.published, a.slug))
    entries = []
    seen: set[str] = set()
    for rank, article in enumerate(oldest_first, start=10001):
        if article.slug in seen:
            raise ValueError(f"duplicate slug {article.slug!r}")
        seen.add(article.slug)
        entries.append(Entry(article, article_path(template, article, rank), rank))
    entries.reverse()
    return entries


class Views:
    """Builds the views of one site; `href` turns a path into what its links show."""

    def __init__(self, template: str, base_url: str, href: Callable[[str], str]) -> None:
        self.template = template
        self.base_url = base_url
        self.href = href
        self.category = Link(href(CATEGORY_PATH), CATEGORY_LABELS[template])

    def link(self, entry: Entry) -> Link:
        return Link(self.href(entry.path), entry.article.title)

    def teaser(self, entry: Entry) -> Teaser:
        return Teaser(self.link(entry), entry.article.published, excerpt(entry.article),
                      self.href(image_path(self.template, entry)))

    def article(self, entries: Sequence[Entry], index: int) -> ArticleView:
        entry = entries[index]
        item = entry.article
        count = len(entries)
        related = tuple(
            self.link(entries[(index + step) % count]) for step in (1, 2, 3) if step < count
        )
        older = entries[index + 1] if index + 1 < count else None
        newer = entries[index - 1] if index > 0 else None
        return ArticleView(
            article=item,
            url=self.base_url + entry.path,
            node_id=entry.node_id,
            image_src=self.href(image_path(self.template, entry)),
            related=related,
            tags=tuple(Link(self.href(tag_path(tag)), tag) for tag in item.tags),
            category=self.category,
            author=Link(self.href(author_path(item.author)), item.author) if item.author else None,
            previous=self.link(older) if older else None,
            following=self.link(newer) if newer else None,
        )

    def category_page(self, chunk: Sequence[Entry], page: int, last: int) -> ListingView:
        numbers = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
        return ListingView(
            kind="listing",
            heading=self.category.text,
            url=self.base_url + listing_path(page),
            teasers=tuple(self.teaser(entry) for entry in chunk),
            pages=tuple(Link(self.href(listing_path(n)), str(n)) for n in numbers if last > 1),
            current=page,
            previous=Link(self.href(listing_path(page - 1)), "السابق") if page > 1 else None,
            following=Link(self.href(listing_path(page + 1)), "التالي") if page < last else None,
        )

    def collection(self, kind: str, heading: str, path: str, entries: Sequence[Entry],
                   intro: str = "") -> ListingView:
        """Home, tag, author or search page: one page of teasers, no pagination."""
        return ListingView(kind=kind, heading=heading, url=self.base_url + path,
                           teasers=tuple(self.teaser(entry) for entry in entries), intro=intro)
