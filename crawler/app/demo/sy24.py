"""The "sy24" template: a plain WordPress theme (SY24 / Enab Baladi / Nedaa Post mix).

Body as direct `<p>` children of `div.content-article` (a nested box inside it
holds a "read more" link that is not article text), a "شارك" / "غرد" share box,
previous/next post links and an English "Leave a Comment" form. The date is only
machine-readable: `<time datetime>` always, `article:published_time` on even ids.
`<html lang="ar">` even for the Persian and English posts.
"""

from __future__ import annotations

from datetime import datetime

from crawler.app.demo.markup import (
    anchor,
    body_blocks,
    document,
    esc,
    excerpt,
    link_list,
    meta_name,
    meta_property,
    slash_date,
)
from crawler.app.demo.views import ArticleView, Chrome, SiteInfo


def page_title(site: SiteInfo, text: str) -> str:
    return f"{site.name} - {text}"


def short_date(when: datetime) -> str:
    return slash_date(when)


def header(site: SiteInfo) -> str:
    return f"""<header id="masthead" class="site-header">
<div class="top-bar"><a href="https://www.facebook.com/sy24.pro">Facebook</a> <a href="https://twitter.com/sy24_pro">Twitter</a></div>
<div class="site-branding">
<a class="custom-logo-link" href="{esc(site.home_href)}" rel="home">{esc(site.name)}</a></div>
<nav id="site-navigation" class="main-navigation">{link_list(site.nav, "primary-menu")}</nav>
<form role="search" method="get" class="search-form" action="{esc(site.home_href)}">
<input type="search" class="search-field" name="s" placeholder="بحث …"></form>
<div class="hot-tags">وسوم رائجة: {anchor(site.trending_search)}</div>
</header>"""


def footer(site: SiteInfo) -> str:
    return f"""<footer id="colophon" class="site-footer">
<div class="footer-widgets"><section class="widget"><h2 class="widget-title">آخر المقالات</h2>
{link_list(site.ticker)}</section></div>
<div class="site-info"><a href="{esc(site.about_href)}">من نحن</a> |
<a href="{esc(site.feed_href)}">RSS</a> |
© {site.today.year} {esc(site.name)}. جميع الحقوق محفوظة.</div>
</footer>"""


def _content(view: ArticleView) -> str:
    blocks = body_blocks(view.article.paragraphs, "")
    if view.related:
        box = (f'<div class="inline-related"><p>اقرأ أيضاً: {anchor(view.related[0])}</p></div>')
        blocks.insert(min(3, len(blocks)), box)
    return "\n".join(blocks)


def _post_nav(view: ArticleView) -> str:
    parts = []
    for link, side, rel, label in ((view.previous, "nav-previous", "prev", "المقال السابق"),
                                   (view.following, "nav-next", "next", "المقال التالي")):
        if link is not None:
            parts.append(f'<div class="{side}"><a href="{esc(link.href)}" rel="{rel}">'
                         f'<span class="meta-nav">{label}</span> {esc(link.text)}</a></div>')
    title = '<h2 class="screen-reader-text">تصفح المقالات</h2>'
    return (f'<nav class="navigation post-navigation">{title}'
            f'<div class="nav-links">{"".join(parts)}</div></nav>')


def _comments() -> str:
    return """<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Comment</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<p class="comment-form-comment"><textarea id="comment" name="comment" placeholder="Comment">
</textarea></p>
<p class="comment-form-author"><input id="author" name="author" type="text" placeholder="Name*"></p>
<p class="comment-form-email"><input id="email" name="email" type="email" placeholder="Email*"></p>
<p class="form-submit"><input name="submit" type="submit" class="submit" value="Post Comment"></p>
</form></div></div>"""


def _entry(view: ArticleView) -> str:
    item = view.article
    author = anchor(view.author, "url fn n") if view.author else ""
    byline = f'<span class="byline">{author}</span> ' if author else ""
    caption = f'<p class="wp-caption-text">{esc(item.caption)}</p>' if item.caption else ""
    tags = " ".join(anchor(tag, rel="tag") for tag in view.tags)
    url = esc(view.url)
    classes = f"post-{view.node_id} post type-post status-publish has-post-thumbnail"
    return f"""<article id="post-{view.node_id}" class="{classes}">
<header class="entry-header">
<div class="cat-links">{anchor(view.category, rel="category tag")}</div>
<h1 class="entry-title">{esc(item.title)}</h1>
<div class="entry-meta">{byline}<span class="posted-on">
<time class="entry-date published"
datetime="{item.published.isoformat()}">{slash_date(item.published)}</time></span></div>
</header>
<div class="post-thumbnail"><img src="{esc(view.image_src)}" alt="" loading="lazy">{caption}</div>
<div class="content-article">
{_content(view)}
</div>
<div class="share-box"><span class="share-title">شارك</span>
<a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={url}">فيسبوك</a>
<a class="tw" href="https://twitter.com/intent/tweet?url={url}">غرد</a>
<a class="wa" href="https://api.whatsapp.com/send?text={url}">واتساب</a></div>
<div class="tags-box"><span>الوسوم:</span> {tags}</div>
</article>"""


def article(site: SiteInfo, view: ArticleView) -> str:
    item = view.article
    head = [
        f"<title>{esc(page_title(site, item.title))}</title>",
        meta_name("description", excerpt(item)),
        f'<link rel="canonical" href="{esc(view.url)}">',
        meta_property("og:type", "article"),
        meta_property("og:title", item.title),
        meta_property("og:url", view.url),
    ]
    if view.node_id % 2 == 0:
        head.append(meta_property("article:published_time", item.published.isoformat()))
    body = f"""<div id="page" class="site">
{header(site)}
<main id="main" class="site-main">
{_entry(view)}
{_post_nav(view)}
<div class="related-posts"><h3>قد يعجبك أيضاً</h3>{link_list(view.related)}</div>
{_comments()}
</main>
{footer(site)}
</div>"""
    return document(lang="ar", dir_="rtl", head=head, body=body,
                    body_class=f"post-template-default single single-post postid-{view.node_id}")


CHROME = Chrome(name="sy24", article=article, page_title=page_title, header=header,
                footer=footer, short_date=short_date, relative_links=False)
