# ruff: noqa: E501  (page markup)
"""HELD-BACK families, second batch: written after commit "Embedded data:
objects assigned in scripts..." (branch issue-12x) and never tuned on. The
WordPress Astra theme, TYPO3's news extension (tx_news) and a light mobile
edition (m.) of a news site."""

from __future__ import annotations

from tests.zoo.kit import (
    COMMENT_FORM,
    RIGHTS,
    Page,
    Story,
    comment_form,
    esc,
    footer,
    gulf,
    hhmm,
    indic,
    lev,
    links,
    nav,
    og,
    page,
    ps,
    related,
    want,
    weekday,
)


def astra(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", None, "agency")[v % 4])
    base, site = f"https://www.aksalser{v}.com", "أخبار السوريين"
    url = f"{base}/news/{s.published:%Y/%m/%d}/{s.number}/"
    by = (f'<span class="posted-by vcard author" itemtype="https://schema.org/Person" itemscope itemprop="author"> بواسطة '
          f'<a class="url fn n" href="{base}/author/x/" rel="author" itemprop="url"><span class="author-name" itemprop="name">{esc(s.author)}</span></a></span>') if s.author else ""
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8"><title>{esc(s.title)} &#8211; {site}</title>{og(s, url, site)}
{'<meta property="article:published_time" content="' + s.published.isoformat() + '">' if v % 2 == 0 else ''}</head>
<body itemtype="https://schema.org/Blog" itemscope class="rtl post-template-default single single-post ast-single-post ast-right-sidebar astra-4.6.4">
<a class="skip-link screen-reader-text" href="#content">تخطى إلى المحتوى</a>
<div class="hfeed site" id="page"><header class="site-header header-main-layout-1 ast-primary-menu-enabled" id="masthead"><div class="main-header-bar-wrap">{nav(base)}</div></header>
<div id="content" class="site-content"><div class="ast-container"><div id="primary" class="content-area primary"><main id="main" class="site-main">
<article class="post-{s.number} post type-post status-publish format-standard hentry category-news ast-article-single" id="post-{s.number}" itemtype="https://schema.org/CreativeWork" itemscope>
<div class="ast-post-format- single-layout-1"><header class="entry-header"><h1 class="entry-title" itemprop="headline">{esc(s.title)}</h1>
<div class="entry-meta"><span class="cat-links"><a href="{base}/category/news/" rel="category tag">أخبار</a></span> / {by} / <span class="posted-on"><span class="published" itemprop="datePublished">{gulf(s.published)}</span></span></div></header>
<div class="entry-content clear" itemprop="text">{ps(s.paragraphs)}</div></div></article>
<nav class="navigation post-navigation" aria-label="المقالات"><div class="nav-links"><div class="nav-previous"><a title="{esc(related(s, base, 1)[0][1])}" href="{related(s, base, 1)[0][0]}" rel="prev"><span class="ast-post-nav">&larr; السابق</span></a></div></div></nav>
<div id="comments" class="comments-area">{comment_form()}</div>
</main></div><div class="widget-area secondary" id="secondary"><div class="sidebar-main"><aside class="widget"><h2 class="widget-title">مقالات حديثة</h2><ul>{links(related(s, base, 5, "/news/"))}</ul></aside></div></div></div></div>
{footer(site)}</div></body></html>"""
    return page(f"astra-{v}", url, html, want(s, time_known=v % 2 == 0, furniture=["← السابق", *COMMENT_FORM]))


def typo3_news(story: Story, v: int) -> Page:
    s = story.with_byline(("person", None, "desk", "person")[v % 4])
    base, site = f"https://www.sy-ngo{v}.org", "منظمة الإغاثة السورية"
    url = f"{base}/ar/news/detail/{s.slug[:30]}"
    by = f'<span class="news-list-author" itemprop="author" itemscope itemtype="http://schema.org/Person">بقلم <span itemprop="name">{esc(s.author)}</span></span>' if s.author else ""
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="utf-8"><!-- This website is powered by TYPO3 - inspiring people to share! -->
<title>{esc(s.title)}: {site}</title><meta name="generator" content="TYPO3 CMS">{og(s, url, site)}</head>
<body id="p12"><div class="page"><header>{nav(base)}</header><main><div id="c41" class="frame frame-default frame-type-news_newsdetail frame-layout-0">
<div class="news news-single"><div class="article" itemscope="itemscope" itemtype="http://schema.org/Article">
<div class="header"><h1 itemprop="headline">{esc(s.title)}</h1></div>
<div class="footer"><p><span class="news-list-date"><time itemprop="datePublished" datetime="{s.published:%Y-%m-%d}">{indic(f'{s.published:%d.%m.%Y}')}</time></span> {by}</p></div>
<div class="news-img-wrap"><div class="outer"><div class="mediaelement mediaelement-image"><img src="{base}/fileadmin/{s.number}.jpg" alt=""></div><p class="news-img-caption">أرشيف المنظمة</p></div></div>
<div class="news-text-wrap" itemprop="articleBody">{ps(s.paragraphs)}</div>
<div class="news-related-wrap"><div class="news-related news-related-news"><h4>أخبار ذات صلة</h4><ul>{links(related(s, base, 3, "/ar/news/detail/"))}</ul></div></div>
<div class="news-backlink-wrap"><a href="{base}/ar/news">عودة</a></div></div></div></div></main>
<footer><p>{RIGHTS} © {site}</p></footer></div></body></html>"""
    return page(f"typo3-news-{v}", url, html, want(s, time_known=False, furniture=["أرشيف المنظمة", "أخبار ذات صلة", "عودة"]))


def mobile_lite(story: Story, v: int) -> Page:
    s = story.with_byline(("agency", "person", None, "desk")[v % 4])
    base, site = f"https://m.alwatan-sy{v}.net", "الوطن"
    url = f"{base}/details/{s.number}"
    text = "".join(f"{esc(p)}<br/><br/>" for p in s.paragraphs)
    by = f'<div class="m-src">{"المصدر: " if s.author_kind == "agency" else ""}{esc(s.author)}</div>' if s.author else ""
    printed = f"{lev(s.published)} - {hhmm(s.published)}" if v % 2 == 0 else f"{weekday(s.published)} {lev(s.published)}"
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{esc(s.title)}</title>
<link rel="canonical" href="https://www.alwatan-sy{v}.net/archives/{s.number}"></head>
<body><div class="m-top"><a href="{base}/">الوطن</a> <a href="{base}/menu">☰</a></div>
<div class="m-article"><h1 class="m-title">{esc(s.title)}</h1><div class="m-date">{printed}</div>
<div class="m-body">{text}</div>{by}
<div class="m-share"><a href="whatsapp://send?text={esc(url)}">واتساب</a> <a href="tg://msg?text={esc(url)}">تلغرام</a></div>
<a class="m-full" href="https://www.alwatan-sy{v}.net/archives/{s.number}">النسخة الكاملة</a></div>
<div class="m-more"><h3>المزيد</h3><ul>{links(related(s, base, 4, "/details/"))}</ul></div>
<div class="m-foot">{RIGHTS} - {site}</div></body></html>"""
    return page(f"mobile-lite-{v}", url, html, want(s, time_known=v % 2 == 0, furniture=["النسخة الكاملة", "واتساب"]))
