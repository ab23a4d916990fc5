"""A whole demo news site in memory: `build_site()` maps URL paths to `Resource`s.

See `crawler.app.demo.layout` for the URL layout. Besides the articles a site has a
home page, paginated category pages (5 per page), tag and author pages, a search
page, "من نحن", robots.txt (Disallow: /private/), an RSS feed at /feed/ with one
link to a missing article (404), a sitemap index and a Google News sitemap, and a
draft under /private/ that only a listing links to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from crawler.app.demo import feeds, layout
from crawler.app.demo.corpus import Article, private_article
from crawler.app.demo.layout import Entry, Views
from crawler.app.demo.markup import excerpt
from crawler.app.demo.pages import about_paragraphs, live_paragraphs
from crawler.app.demo.templates import chrome, render_article, render_listing, render_static
from crawler.app.demo.views import Link, SiteInfo, StaticView

PER_PAGE = 5
FEED_SIZE = 20
NEWS_SITEMAP_SIZE = 50
SITEMAP_CHUNK = 1000
COLLECTION_SIZE = 20
SEARCH_QUERY = "حصار"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Resource:
    """One HTTP answer: status, Content-Type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def html(cls, text: str, status: int = 200) -> Resource:
        return cls(status, HTML, text.encode("utf-8"))

    @classmethod
    def xml(cls, text: str, content_type: str = "application/xml; charset=utf-8") -> Resource:
        return cls(200, content_type, text.encode("utf-8"))

    @classmethod
    def text(cls, text: str, status: int = 200) -> Resource:
        return cls(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Resource:
        return cls(status, HTML, b"", {"Location": location})


@dataclass(frozen=True, eq=False)
class Site(Mapping[str, Resource]):
    """path (with query, percent-encoded) -> Resource, plus what the site holds."""

    base_url: str
    name: str
    template: str
    routes: dict[str, Resource]
    kinds: dict[str, str]  # path -> "article" | "listing" | "tag" | "feed" | ...
    articles: dict[str, Article]  # absolute URL -> article, every public article
    private_url: str
    missing_url: str

    def __getitem__(self, path: str) -> Resource:
        return self.routes[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.routes)

    def __len__(self) -> int:
        return len(self.routes)

    def url(self, path: str) -> str:
        return self.base_url + path

    def paths(self, kind: str) -> list[str]:
        return [path for path, known in self.kinds.items() if known == kind]

    @property
    def feed_url(self) -> str:
        return self.url("/feed/")

    @property
    def sitemap_url(self) -> str:
        return self.url("/sitemap.xml")

    @property
    def news_sitemap_url(self) -> str:
        return self.url("/news-sitemap.xml")

    @property
    def listing_url(self) -> str:
        return self.url(layout.CATEGORY_PATH)


class _Builder:
    def __init__(self, base_url: str, template: str, name: str) -> None:
        self.base = base_url.rstrip("/")
        self.template = template
        self.name = name
        self.relative = chrome(template).relative_links
        self.views = Views(template, self.base, self.href)
        self.routes: dict[str, Resource] = {}
        self.kinds: dict[str, str] = {}

    def href(self, path: str) -> str:
        return path if self.relative else self.base + path

    def add(self, path: str, kind: str, resource: Resource) -> None:
        self.routes[path] = resource
        self.kinds[path] = kind

    def info(self, entries: Sequence[Entry]) -> SiteInfo:
        tags = _top_tags(entries, 3)
        nav = (Link(self.href("/"), "الرئيسية"), self.views.category,
               *(Link(self.href(layout.tag_path(tag)), tag) for tag in tags),
               Link(self.href("/about/"), "من نحن"))
        search = layout.search_path(self.template, SEARCH_QUERY)
        return SiteInfo(
            name=self.name, base_url=self.base, template=self.template, nav=nav,
            ticker=tuple(self.views.link(e) for e in entries[:3]),
            most_read=tuple(self.views.link(e) for e in entries[3:8]),
            trending_search=Link(self.href(search), SEARCH_QUERY),
            feed_href=self.href("/feed/"), home_href=self.href("/"),
            about_href=self.href("/about/"), today=entries[0].article.published,
        )

    def articles(self, site: SiteInfo, entries: Sequence[Entry]) -> dict[str, Article]:
        public = {}
        for index, entry in enumerate(entries):
            view = self.views.article(entries, index)
            self.add(entry.path, "article", Resource.html(render_article(site, view)))
            public[view.url] = entry.article
        return public

    def private(self, site: SiteInfo, entries: Sequence[Entry]) -> Entry:
        draft = private_article()
        entry = Entry(draft, f"/private/{layout.encode(draft.slug)}/", 1)
        view = self.views.article([entry, *entries[:3]], 0)
        self.add(entry.path, "private", Resource.html(render_article(site, view)))
        return entry

    def listings(
        self, site: SiteInfo, entries: Sequence[Entry], draft: Entry, per_page: int
    ) -> None:
        last = max(1, -(-len(entries) // per_page))
        for page in range(1, last + 1):
            chunk = list(entries[(page - 1) * per_page: page * per_page])
            if page == 1:
                chunk.append(draft)
            view = self.views.category_page(chunk, page, last)
            html = render_listing(site, view)
            self.add(layout.listing_path(page), "listing", Resource.html(html))

    def collections(self, site: SiteInfo, entries: Sequence[Entry]) -> None:
        by_tag: dict[str, list[Entry]] = defaultdict(list)
        by_author: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            for tag in entry.article.tags:
                by_tag[tag].append(entry)
            if entry.article.author:
                by_author[entry.article.author].append(entry)
        for tag, tagged in by_tag.items():
            self._collection(site, "tag", f"الوسم: {tag}", layout.tag_path(tag), tagged)
        for author, written in by_author.items():
            self._collection(site, "author", f"مقالات {author}", layout.author_path(author),
                             written, intro=f"{author}، صحفي ومراسل متعاون مع {self.name}.")
        self._collection(site, "home", "آخر الأخبار", "/", entries[:10])
        found = [e for e in entries if SEARCH_QUERY in f"{e.article.title} {e.article.body}"]
        self._collection(site, "search", f"نتائج البحث عن: {SEARCH_QUERY}",
                         layout.search_path(self.template, SEARCH_QUERY), found)

    def _collection(self, site: SiteInfo, kind: str, heading: str, path: str,
                    entries: Sequence[Entry], intro: str = "") -> None:
        view = self.views.collection(kind, heading, path, entries[:COLLECTION_SIZE], intro)
        self.add(path, kind, Resource.html(render_listing(site, view)))

    def statics(self, site: SiteInfo) -> None:
        about = StaticView("about", "من نحن", self.base + "/about/", about_paragraphs(self.name))
        self.add("/about/", "about", Resource.html(render_static(site, about)))
        if self.template == "tv":
            live = StaticView("live", "البث المباشر", self.base + "/live/",
                              live_paragraphs(self.name))
            self.add("/live/", "live", Resource.html(render_static(site, live)))

    def machine(self, entries: Sequence[Entry], missing: str, feed_size: int) -> None:
        items = [self._item(entry) for entry in entries]
        gone = feeds.FeedItem(self.base + missing, "خبر حُذف بعد نشره", entries[0].article.published,
                              "هذا الخبر لم يعد متاحاً.")
        feed_items = [*items[:1], gone, *items[1:feed_size]]
        self.add("/feed/", "feed", Resource.xml(
            feeds.rss(self.name, self.base + "/", self.base + "/feed/", feed_items),
            "application/rss+xml; charset=utf-8"))
        chunks = [items[i:i + SITEMAP_CHUNK] for i in range(0, len(items), SITEMAP_CHUNK)] or [[]]
        index = []
        for number, chunk in enumerate(chunks, start=1):
            path = "/sitemap-posts.xml" if number == 1 else f"/sitemap-posts-{number}.xml"
            rows = [(item.url, item.published) for item in chunk]
            self.add(path, "sitemap", Resource.xml(feeds.urlset(rows)))
            index.append((self.base + path, chunk[0].published if chunk else None))
        pages = [(self.base + "/", None), (self.base + "/about/", None)]
        self.add("/sitemap-pages.xml", "sitemap", Resource.xml(feeds.urlset(pages)))
        index.append((self.base + "/sitemap-pages.xml", None))
        self.add("/sitemap.xml", "sitemap", Resource.xml(feeds.sitemap_index(index)))
        self.add("/news-sitemap.xml", "sitemap",
                 Resource.xml(feeds.news_sitemap(self.name, items[:NEWS_SITEMAP_SIZE])))
        robots = feeds.robots_txt(self.base, ["/sitemap.xml", "/news-sitemap.xml"],
                                  wordpress=not self.relative)
        self.add("/robots.txt", "robots", Resource.text(robots))

    def _item(self, entry: Entry) -> feeds.FeedItem:
        item = entry.article
        return feeds.FeedItem(self.base + entry.path, item.title, item.published, excerpt(item),
                              item.language, item.author, self.views.category.text)


def build_site(
    base_url: str,
    articles: Sequence[Article],
    template: str,
    *,
    name: str,
    per_page: int = PER_PAGE,
    feed_size: int = FEED_SIZE,
) -> Site:
    """Render every page of a site serving `articles` at `base_url` in `template`."""
    if not articles:
        raise ValueError("build_site needs at least one article")
    builder = _Builder(base_url, template, name)
    entries = layout.place(template, articles)
    site = builder.info(entries)
    public = builder.articles(site, entries)
    draft = builder.private(site, entries)
    builder.listings(site, entries, draft, per_page)
    builder.collections(site, entries)
    builder.statics(site)
    missing = layout.missing_path(template, entries)
    builder.machine(entries, missing, feed_size)
    return Site(base_url=builder.base, name=name, template=template, routes=builder.routes,
                kinds=builder.kinds, articles=public, private_url=builder.base + draft.path,
                missing_url=builder.base + missing)


def _top_tags(entries: Sequence[Entry], count: int) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        for tag in entry.article.tags:
            counts[tag] += 1
    return sorted(counts, key=lambda tag: (-counts[tag], tag))[:count]
