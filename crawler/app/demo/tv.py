"""The "tv" template: a Syria TV-like Drupal page.

Furniture modelled on SITES.md: breaking ticker ("عاجل"), "التغطية الحية" live link
with an icon-font ligature, `2024.08.09 | 16:02 دمشق` dates, a "الحسكة - خاص"
dateline, the media name and caption under the picture, the "+A حجم الخط -A"
widget and "اقرأ أيضا:" links between body paragraphs.
"""

from __future__ import annotations

from datetime import datetime

from crawler.app.demo.markup import (
    anchor,
    body_blocks,
    direction,
    document,
    esc,
    excerpt,
    levantine_date,
    link_list,
    meta_name,
    meta_property,
    tv_date,
)
from crawler.app.demo.views import ArticleView, Chrome, SiteInfo


def page_title(site: SiteInfo, text: str) -> str:
    return f"{text} | {site.name}"


def short_date(when: datetime) -> str:
    return levantine_date(when)


def header(site: SiteInfo) -> str:
    ticker = "".join(f"<li>{anchor(link)}</li>" for link in site.ticker)
    return f"""<header class="site-header" role="banner">
<div class="region-top"><a class="logo" href="{esc(site.home_href)}" rel="home">{esc(site.name)}</a>
<a class="live-link" href="/live/"><i class="icon">icon</i><span>التغطية الحية</span></a>
<form class="search-block" action="/search/node" method="get">
<input name="keys" type="search" placeholder="ابحث"></form>
<div class="trending">الأكثر بحثاً: {anchor(site.trending_search)}</div></div>
<nav class="main-menu" role="navigation">{link_list(site.nav, "menu")}</nav>
<div class="breaking-news"><span class="breaking-label">عاجل</span><ul class="ticker">{ticker}</ul>
</div>
</header>"""


def footer(site: SiteInfo) -> str:
    return f"""<footer class="site-footer" role="contentinfo">
<div class="footer-menu"><ul><li><a href="{esc(site.about_href)}">من نحن</a></li>
<li><a href="{esc(site.about_href)}#contact">اتصل بنا</a></li>
<li><a href="{esc(site.feed_href)}">RSS</a></li></ul></div>
<div class="social"><a href="https://www.facebook.com/syrtele">فيسبوك</a> <a href="https://x.com/syr_television">إكس</a>
<a href="https://www.youtube.com/@syriatv">يوتيوب</a></div>
<p class="copyright">جميع الحقوق محفوظة © {site.today.year} {esc(site.name)}</p>
</footer>"""


def _body(view: ArticleView) -> str:
    blocks = body_blocks(view.article.paragraphs, "h3")
    read_also = [f'<p>اقرأ أيضا: {anchor(link)}</p>' for link in view.related[:3]]
    spots = [2, len(blocks) // 2 + 1, len(blocks) - 1] if len(blocks) >= 6 else [1]
    for offset, (spot, block) in enumerate(zip(spots, read_also, strict=False)):
        blocks.insert(spot + offset, block)
    return "\n".join(blocks)


def _figure(view: ArticleView) -> str:
    article = view.article
    name = article.image or f"{view.node_id}.jpg"
    caption = f'<div class="media-caption">{esc(article.caption)}</div>' if article.caption else ""
    return (f'<figure class="article-image"><img src="{esc(view.image_src)}" alt="" '
            f'width="780" height="440"><div class="media-name">{esc(name)}</div>'
            f"{caption}</figure>")


def _meta_lines(view: ArticleView) -> str:
    article = view.article
    lines = [f'<div class="article-date">{tv_date(article.published)}</div>']
    if view.author:
        lines.append(f'<div class="field--name-field-author">{anchor(view.author)}</div>')
    return "\n".join(lines)


def _main(site: SiteInfo, view: ArticleView) -> str:
    article = view.article
    dateline = f"{article.place} - خاص" if article.place and article.language == "ar" else ""
    tags = "".join(f"<li>{anchor(tag)}</li>" for tag in view.tags)
    return f"""<main class="main-content" role="main">
<div class="breadcrumb"><a href="{esc(site.home_href)}">الرئيسية</a> / {anchor(view.category)}</div>
<article class="node node--type-article node--view-mode-full" data-nid="{view.node_id}">
<h1 class="page-title">{esc(article.title)}</h1>
{_meta_lines(view)}
{_figure(view)}
<div class="article-dateline">{esc(dateline)}</div>
<div class="font-size-widget"><button class="font-up">+A</button><span>حجم الخط</span>
<button class="font-down">-A</button></div>
<div class="field field--name-body field--type-text-with-summary text-formatted">
{_body(view)}
</div>
<div class="tags-box"><h4>الكلمات المفتاحية</h4><ul>{tags}</ul></div>
<div class="share-links">مشاركة: <a href="https://www.facebook.com/sharer/sharer.php?u={esc(view.url)}">فيسبوك</a>
<a href="https://x.com/intent/tweet?url={esc(view.url)}">إكس</a> <a href="https://wa.me/?text={esc(view.url)}">واتساب</a></div>
</article>
<section class="related-news"><h2>أخبار ذات صلة</h2>{link_list(view.related)}</section>
<aside class="most-read"><h2>الأكثر قراءة</h2>{link_list(site.most_read)}</aside>
</main>"""


def article(site: SiteInfo, view: ArticleView) -> str:
    item = view.article
    title = page_title(site, item.title)
    head = [
        f"<title>{esc(title)}</title>",
        meta_name("description", excerpt(item)),
        f'<link rel="canonical" href="{esc(view.url)}">',
        f'<link rel="shortlink" href="/node/{view.node_id}">',
        f'<link rel="alternate" type="application/rss+xml" title="{esc(site.name)}" '
        f'href="{esc(site.feed_href)}">',
        meta_property("og:site_name", site.name),
        meta_property("og:type", "article"),
        meta_property("og:url", view.url),
        meta_property("og:title", title),
        meta_property("og:image", site.base_url + view.image_src),
        meta_property("article:published_time", item.published.isoformat()),
        meta_property("article:section", view.category.text),
    ]
    body = "\n".join([header(site), _main(site, view), footer(site)])
    return document(lang=item.language, dir_=direction(item.language), head=head, body=body,
                    body_class="path-node page-node-type-article")


CHROME = Chrome(name="tv", article=article, page_title=page_title, header=header,
                footer=footer, short_date=short_date, relative_links=True)
