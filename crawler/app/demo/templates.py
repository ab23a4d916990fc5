"""Page templates of the demo site: one entry point per kind of page.

Three article templates modelled on SITES.md ("tv", "jannah", "sy24"); each also
dresses the shared non-article pages (listings, tags, authors, search, about)
in its own header and footer. All functions are pure: data in, HTML str out.
"""

from __future__ import annotations

from crawler.app.demo import jannah, pages, sy24, tv
from crawler.app.demo.views import ArticleView, Chrome, ListingView, SiteInfo, StaticView

CHROMES: dict[str, Chrome] = {"tv": tv.CHROME, "jannah": jannah.CHROME, "sy24": sy24.CHROME}
TEMPLATES = tuple(CHROMES)
DEFAULT_NAMES = {"tv": "تلفزيون سوريا", "jannah": "ستيب نيوز", "sy24": "منصة SY24"}


def chrome(template: str) -> Chrome:
    """The template called `template`; ValueError names the known ones."""
    try:
        return CHROMES[template]
    except KeyError:
        raise ValueError(f"unknown template {template!r}; known: {', '.join(TEMPLATES)}") from None


def page_title(site: SiteInfo, text: str) -> str:
    """`text` with the site name added the way the template's `<title>` does it."""
    return chrome(site.template).page_title(site, text)


def render_article(site: SiteInfo, view: ArticleView) -> str:
    return chrome(site.template).article(site, view)


def render_listing(site: SiteInfo, view: ListingView) -> str:
    """Home, category page, tag, author or search-results page."""
    return pages.listing(chrome(site.template), site, view)


def render_static(site: SiteInfo, view: StaticView) -> str:
    """About ("من نحن") or live-stream page."""
    return pages.static(chrome(site.template), site, view)
