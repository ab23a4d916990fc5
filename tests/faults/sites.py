"""Hostile sites for the fault suite: real article pages (the demo corpus, rendered
by a demo template) served well, beside whatever the fault serves badly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from crawler.app.demo import build_site, load_articles
from crawler.app.demo.corpus import Article
from crawler.app.demo.feeds import FeedItem, rss, urlset
from crawler.app.demo.site import Resource
from tests.faults.hostile import HostileServer, Route, serve

PageRoute = Callable[[Resource], Route]  # how a fault serves an article page

ARABIC = [a for a in load_articles() if a.language == "ar"]
NOW = datetime.now(UTC).replace(microsecond=0)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class FaultSite:
    """Article pages of one demo template on a hostile server. `good` holds the
    articles a crawl must store whole; every other row it stores is junk."""

    def __init__(self, server: HostileServer, template: str = "tv", skip: int = 0) -> None:
        self.server = server
        self.built = build_site(server.base_url, ARABIC, template, name="hostile")
        self.pages = list(self.built.articles.items())
        self.good: dict[str, Article] = {}
        self._used = skip  # articles another site of the scene uses
        server.routes["/robots.txt"] = serve(Resource.text("User-agent: *\nAllow: /\n"))

    def take(self) -> tuple[str, Article, Resource]:
        """The next unused article page: (URL, article, its page)."""
        url, article = self.pages[self._used]
        self._used += 1
        return url, article, self.built[path_of(url)]

    def add_good(self, how: PageRoute = serve) -> str:
        """An article the crawl must store: its page served by `how(page)` (well, by
        default; a fault that lets it through in the end otherwise)."""
        url, article, page = self.take()
        self.server.routes[path_of(url)] = how(page)
        self.good[url] = article
        return url

    def add_bad(self, how: PageRoute) -> str:
        """An article page served by `how(page)` so that it never gets through."""
        url, _, page = self.take()
        self.server.routes[path_of(url)] = how(page)
        return url

    def goods(self, n: int) -> list[str]:
        return [self.add_good() for _ in range(n)]

    def feed(self, urls: Sequence[str], path: str = "/feed.xml") -> str:
        items = [FeedItem(url, f"خبر {i}", NOW - timedelta(hours=i), "موجز")
                 for i, url in enumerate(urls)]
        self.server.routes[path] = serve(Resource.xml(
            rss("موقع معادٍ", self.server.base_url, self.server.url(path), items),
            "application/rss+xml; charset=utf-8"))
        return self.server.url(path)

    def sitemap(self, urls: Iterable[str], path: str = "/sitemap.xml",
                dated: bool = True) -> str:
        entries = [(url, NOW - timedelta(days=i) if dated else None)
                   for i, url in enumerate(urls)]
        self.server.routes[path] = serve(Resource.xml(urlset(entries)))
        return self.server.url(path)


def write_config(tmp: Path, database_url: str, sources: dict[str, list[str]],
                 extra: str = "", **crawl: object) -> Path:
    """A config for the fault crawls: no delay, no AutoThrottle, a short timeout."""
    settings = {"download_delay": 0, "concurrency_per_domain": 4, "autothrottle": "false",
                "timeout": 3, **crawl}
    lines = ["[storage]", f'url = "{database_url}"', "[crawl]"]
    lines += [f"{k} = {v}" for k, v in settings.items()]
    for name, urls in sources.items():
        quoted = ", ".join(f'"{u}"' for u in urls)
        lines += ["[[sources]]", f'name = "{name}"', f"start_urls = [{quoted}]"]
    config = tmp / "rasad.toml"
    config.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return config
