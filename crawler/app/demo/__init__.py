"""A realistic local news site: corpus, page templates, site builder and HTTP server.

Used by `rasad demo`, by the test suite (real crawls against real local servers)
and by `bench/` (generated sites of thousands of articles).
"""

from __future__ import annotations

from crawler.app.demo.corpus import Article, generate_articles, load_articles, private_article
from crawler.app.demo.server import RequestRecord, SiteServer
from crawler.app.demo.site import Resource, Site, build_site
from crawler.app.demo.templates import DEFAULT_NAMES, TEMPLATES

__all__ = [
    "DEFAULT_NAMES",
    "TEMPLATES",
    "Article",
    "RequestRecord",
    "Resource",
    "Site",
    "SiteServer",
    "build_site",
    "generate_articles",
    "load_articles",
    "private_article",
]
