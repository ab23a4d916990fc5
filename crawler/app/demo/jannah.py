"""The "jannah" template: a Step News-like WordPress page on the TieLabs Jannah theme.

Body in `#the-post .entry-content`, with the theme's furniture around and inside
it: category chips, "مواضيع ذات صِلة :" and "شاهد أيضاً :" lines within the
content, share buttons, "مقالات ذات صلة", the comment form and the
"زر الذهاب إلى الأعلى" button; `15 مايو، 2022` dates and a JSON-LD NewsArticle.
The top bar shows today's date, which is not the article's.
"""

from __future__ import annotations

from datetime import datetime

from crawler.app.demo.markup import (
    anchor,
    body_blocks,
    document,
    esc,
    excerpt,
    jannah_date,
    json_ld,
    link_list,
    long_date,
    meta_name,
    meta_property,
)
from crawler.app.demo.views import ArticleView, Chrome, Link, SiteInfo

CLICKBAIT = (
    "مشهد مخيف.. رأى شبح شقيقه يتجول حول المنزل بعد وفاته",
    "لن تصدق ماذا وجد عامل نظافة داخل حقيبة مهملة في الشارع",
    "فيديو.. طفل يفاجئ والدته بتصرف غير متوقع أمام الضيوف",
    "عادة يومية بسيطة تحميك من أمراض القلب.. تعرف عليها",
)
SHARE = ("فيسبوك", "تويتر", "لينكدإن", "واتساب", "تيلقرام", "مشاركة عبر البريد", "طباعة")


def page_title(site: SiteInfo, text: str) -> str:
    return f"{text} – {site.name}"


def short_date(when: datetime) -> str:
    return jannah_date(when)


def header(site: SiteInfo) -> str:
    ticker = "".join(f"<li class=\"news-item\">{anchor(link)}</li>" for link in site.ticker)
    return f"""<header id="theme-header" class="theme-header header-layout-3 main-nav-dark">
<nav id="top-nav" class="top-nav"><div class="topbar-today-date">{long_date(site.today)}</div>
<div class="breaking"><span class="breaking-title">عاجل</span>
<ul id="breaking-news-in-header" class="breaking-news">{ticker}</ul></div></nav>
<div class="logo-row"><a class="logo" href="{esc(site.home_href)}" rel="home">{esc(site.name)}</a>
</div>
<nav id="main-nav" class="main-nav">{link_list(site.nav, "menu")}
<form id="search" class="search-bar" action="{esc(site.home_href)}" method="get">
<input name="s" type="text" placeholder="بحث عن"></form>
<span class="trending">{anchor(site.trending_search)}</span></nav>
</header>"""


def footer(site: SiteInfo) -> str:
    return f"""<footer id="footer" class="site-footer dark-skin">
<div class="footer-widget-area"><div class="widget"><h4 class="widget-title">آخر الأخبار</h4>
{link_list(site.ticker)}</div></div>
<div id="site-info" class="site-info">
<p>جميع الحقوق محفوظة لـ {esc(site.name)} © {site.today.year}</p>
<ul class="social-icons"><li><a href="https://www.facebook.com/STEPNEWSAGENCY">فيسبوك</a></li>
<li><a href="https://t.me/stepagency">تيلقرام</a></li></ul>
<ul class="footer-menu"><li><a href="{esc(site.about_href)}">من نحن</a></li></ul></div>
</footer>
<a id="go-to-top" class="go-to-top-button" href="#go-to-tie-body"><span class="tie-icon-angle-up">
</span>
<span class="screen-reader-text">زر الذهاب إلى الأعلى</span></a>"""


def _byline(view: ArticleView) -> str:
    if view.author is None:
        return ""
    word = "بقلم" if view.node_id % 2 else "كتب:"
    return (f'<span class="meta-item meta-author-wrapper"><span class="meta-author">{word} '
            f'{anchor(view.author, "author-name")}</span></span>')


def _entry_header(site: SiteInfo, view: ArticleView) -> str:
    item = view.article
    return f"""<header class="entry-header-outer">
<nav id="breadcrumb"><a href="{esc(site.home_href)}">الرئيسية</a>
<em class="delimiter">/</em>{anchor(view.category)}</nav>
<div class="entry-header"><span class="post-cat-wrap">{anchor(view.category, "post-cat tie-cat-12")}
<a class="post-cat tie-cat-3" href="{esc(site.home_href)}">سلايد رئيسي</a></span>
<h1 class="post-title entry-title">{esc(item.title)}</h1>
<div class="single-post-meta post-meta clearfix">{_byline(view)}
<span class="date meta-item tie-icon">{jannah_date(item.published)}</span>
<div class="tie-alignright"><span class="meta-views meta-item">{view.node_id % 900 + 120}</span>
<span class="meta-reading-time meta-item">دقيقتان</span></div></div></div>
</header>
<div class="featured-area"><figure class="single-featured-image">
<img src="{esc(view.image_src)}" alt="{esc(item.title)}" width="780" height="470">
<figcaption class="single-caption-text">{esc(item.caption or item.title)}</figcaption></figure>
</div>"""


def _content(view: ArticleView) -> str:
    blocks = body_blocks(view.article.paragraphs, "h3")
    if view.related:
        topic = f"<p><strong>مواضيع ذات صِلة : {anchor(view.related[0])}</strong></p>"
        blocks.insert(len(blocks) // 2 + 1, topic)
        bait = Link(view.related[-1].href, CLICKBAIT[view.node_id % len(CLICKBAIT)])
        blocks.append(f"<p><strong>شاهد أيضاً : {anchor(bait)}</strong></p>")
    return "\n".join(blocks)


def _bottom(view: ArticleView) -> str:
    tags = "".join(anchor(tag, rel="tag") for tag in view.tags)
    share = "".join(f'<a class="share-btn" href="#">{esc(label)}</a>' for label in SHARE)
    return f"""<div class="post-bottom-meta post-bottom-tags">
<div class="post-bottom-meta-title">الوسوم</div>
<span class="tagcloud">{tags}</span></div>
<div id="share-buttons-bottom" class="share-buttons share-buttons-bottom">
<div class="share-links">{share}</div></div>"""


def _components(view: ArticleView) -> str:
    related = "".join(
        f'<div class="related-item"><h3 class="post-title">{anchor(link)}</h3></div>'
        for link in view.related
    )
    return f"""<div class="post-components">
<div id="related-posts" class="container-wrapper"><div class="mag-box-title">
<h3>مقالات ذات صلة</h3></div>
<div class="related-posts-list">{related}</div></div>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان بريدك الإلكتروني.</span>
<span class="required-field-message">الحقول الإلزامية مشار إليها بـ <span class="required">*</span>
</span></p>
<p class="comment-form-comment"><label for="comment">التعليق *</label>
<textarea id="comment" name="comment"></textarea></p>
<p class="comment-form-author"><label for="author">الاسم *</label>
<input id="author" name="author" type="text"></p>
<p class="comment-form-email"><label for="email">البريد الإلكتروني *</label>
<input id="email" name="email" type="email"></p>
<p class="form-submit">
<input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق"></p>
</form></div></div></div>"""


def _ld(site: SiteInfo, view: ArticleView) -> str:
    item = view.article
    data: dict[str, object] = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "url": view.url,
        "datePublished": item.published.isoformat(),
        "dateModified": item.published.isoformat(),
        "articleSection": view.category.text,
        "keywords": ",".join(tag.text for tag in view.tags),
        "image": {"@type": "ImageObject", "url": view.image_src},
        "publisher": {"@type": "Organization", "name": site.name},
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.url},
    }
    if view.author is not None:
        data["author"] = {"@type": "Person", "name": view.author.text, "url": view.author.href}
    return json_ld(data)


def article(site: SiteInfo, view: ArticleView) -> str:
    item = view.article
    head = [
        f"<title>{esc(page_title(site, item.title))}</title>",
        meta_name("description", excerpt(item)),
        f'<link rel="canonical" href="{esc(view.url)}">',
        f'<link rel="shortlink" href="{esc(site.base_url)}/?p={view.node_id}">',
        f'<link rel="alternate" type="application/rss+xml" href="{esc(site.feed_href)}">',
        meta_property("og:locale", "ar_AR"),
        meta_property("og:type", "article"),
        meta_property("og:title", item.title),
        meta_property("og:url", view.url),
        meta_property("og:site_name", site.name),
        _ld(site, view),
    ]
    body = f"""<div id="tie-container" class="site tie-container"><div id="tie-wrapper">
{header(site)}
<div id="content" class="site-content container"><div class="tie-row main-content-row">
<div class="main-content tie-col-md-8" role="main">
<article id="the-post" class="container-wrapper post-content tie-standard">
{_entry_header(site, view)}
<div class="entry-content entry clearfix">
{_content(view)}
</div>
{_bottom(view)}
</article>
{_components(view)}
</div>
<aside class="sidebar tie-col-md-4"><div class="widget"><h4 class="widget-title">الأكثر قراءة</h4>
{link_list(site.most_read)}</div></aside>
</div></div>
{footer(site)}
</div></div>"""
    return document(lang="ar", dir_="rtl", head=head, body=body,
                    body_class=f"post-template-default single single-post postid-{view.node_id}")


CHROME = Chrome(name="jannah", article=article, page_title=page_title, header=header,
                footer=footer, short_date=short_date, relative_links=False)
