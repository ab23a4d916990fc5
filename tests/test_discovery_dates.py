"""Feeds and sitemaps: the dates incremental crawling reads (spiders/incremental.py)."""

from __future__ import annotations

from spiders.discovery import feed_links, sitemap_links


def test_sitemap_lastmod_and_feed_updated_are_kept_apart_from_publication() -> None:
    sitemap = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
      <loc>https://x.org/a</loc><lastmod>2024-08-10T09:00:00+00:00</lastmod>
      <news:news><news:publication_date>2024-08-09T13:00:00+00:00</news:publication_date>
      </news:news></url></urlset>"""
    [link] = sitemap_links(sitemap).items
    assert (link.published.day, link.modified.day, link.news) == (9, 10, True)
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>e</title><link href="https://x.org/b"/><id>b</id>
      <published>2024-08-09T13:00:00Z</published><updated>2024-08-11T08:00:00Z</updated>
      </entry></feed>"""
    [entry] = feed_links(feed).items
    assert (entry.published.day, entry.modified.day) == (9, 11)
