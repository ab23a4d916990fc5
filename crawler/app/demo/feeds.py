"""Machine-readable entry points of a demo site: robots.txt, RSS 2.0, sitemaps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str
    published: datetime
    description: str
    language: str = "ar"
    author: str | None = None
    category: str = ""


def _x(text: str) -> str:
    return escape(text, quote=False)


def robots_txt(base_url: str, sitemaps: Sequence[str], wordpress: bool) -> str:
    lines = ["User-agent: *", "Disallow: /private/"]
    if wordpress:
        lines += ["Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php"]
    else:
        lines += ["Disallow: /admin/", "Disallow: /user/login"]
    lines.append("")
    lines += [f"Sitemap: {base_url}{path}" for path in sitemaps]
    return "\n".join(lines) + "\n"


def _rss_item(item: FeedItem) -> str:
    creator = f"<dc:creator><![CDATA[{item.author}]]></dc:creator>" if item.author else ""
    category = f"<category>{_x(item.category)}</category>" if item.category else ""
    return (
        f"<item><title>{_x(item.title)}</title><link>{_x(item.url)}</link>"
        f'<guid isPermaLink="true">{_x(item.url)}</guid>'
        f"<pubDate>{format_datetime(item.published)}</pubDate>{creator}{category}"
        f"<description>{_x(item.description)}</description></item>"
    )


def rss(title: str, site_url: str, feed_url: str, items: Sequence[FeedItem]) -> str:
    """An RSS 2.0 channel, items in the given order."""
    built = max((item.published for item in items), default=None)
    last_build = f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>" if built else ""
    body = "\n".join(_rss_item(item) for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{_x(title)}</title><link>{_x(site_url)}</link>"
        f'<atom:link href="{escape(feed_url)}" rel="self" type="application/rss+xml"/>'
        f"<description>آخر الأخبار من {_x(title)}</description><language>ar</language>"
        f"{last_build}\n{body}\n</channel>\n</rss>\n"
    )


def sitemap_index(entries: Sequence[tuple[str, datetime | None]]) -> str:
    rows = "\n".join(
        f"<sitemap><loc>{_x(url)}</loc>{_lastmod(when)}</sitemap>" for url, when in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
        f"{rows}\n</sitemapindex>\n"
    )


def urlset(entries: Sequence[tuple[str, datetime | None]]) -> str:
    rows = "\n".join(f"<url><loc>{_x(url)}</loc>{_lastmod(when)}</url>" for url, when in entries)
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">'
    return f"{head}\n{rows}\n</urlset>\n"


def news_sitemap(publication: str, items: Sequence[FeedItem]) -> str:
    """A Google News sitemap (`news:publication_date`, `news:title`)."""
    rows = "\n".join(
        f"<url><loc>{_x(item.url)}</loc><news:news><news:publication>"
        f"<news:name>{_x(publication)}</news:name><news:language>{item.language}</news:language>"
        f"</news:publication><news:publication_date>{item.published.isoformat()}"
        f"</news:publication_date><news:title>{_x(item.title)}</news:title></news:news></url>"
        for item in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" '
        f'xmlns:news="{NEWS_NS}">\n{rows}\n</urlset>\n'
    )


def _lastmod(when: datetime | None) -> str:
    return f"<lastmod>{when.isoformat()}</lastmod>" if when else ""
