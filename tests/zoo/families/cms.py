# ruff: noqa: E501  (page markup)
"""Other CMSs: Blogger (the classic widget layout), Joomla 4 (Cassiopeia's
com_content article), Drupal 7 (node + field markup with RDFa) and Drupal 10
(Olivero), Ghost (Casper)."""

from __future__ import annotations

from datetime import UTC

from tests.zoo.kit import (
    GULF,
    LEV,
    RIGHTS,
    Page,
    Story,
    ampm,
    esc,
    gulf,
    hhmm,
    jsonld,
    links,
    nav,
    og,
    page,
    ps,
    related,
    want,
    weekday,
)


def blogger(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", "person", None)[v % 4])
    blog = f"https://hasaka-news{v}.blogspot.com"
    url = f"{blog}/{s.published:%Y/%m}/blog-post_{s.published.day}.html"
    if v % 2 == 0:
        body = "\n".join(f'<div dir="rtl" style="text-align: right;">{esc(p)}</div><div dir="rtl" style="text-align: right;"><br /></div>' for p in s.paragraphs)
    else:
        body = '<div dir="rtl" style="text-align: right;" trbidi="on">' + "<br />\n<br />\n".join(esc(p) for p in s.paragraphs) + "</div>"
    author = (f"<span class='post-author vcard'>مرسلة بواسطة <span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'>"
              f"<a class='g-profile' href='https://www.blogger.com/profile/1{s.number}' rel='author' title='author profile'><span itemprop='name'>{esc(s.author)}</span></a></span></span>") if s.author else ""
    share = "".join(f"<a class='goog-inline-block share-button sb-{k}' href='#' target='_blank' title='{t}'><span class='share-button-link-text'>{t}</span></a>" for k, t in (("email", "إرسال بالبريد الإلكتروني"), ("blog", "كتابة مدونة حول هذه المشاركة"), ("twitter", "المشاركة على X"), ("facebook", "‏المشاركة في Facebook")))
    html = f"""<!DOCTYPE html>
<html class='v2' dir='rtl' lang='ar' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head><meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/><meta content='blogger' name='generator'/>
<link href='{url}' rel='canonical'/><meta content='{url}' property='og:url'/><meta content='{esc(s.title)}' property='og:title'/>
<title>أخبار الحسكة: {esc(s.title)}</title></head>
<body class='loading variant-simplysimple'>
<div class='content'><div class='content-outer'><header><div class='header-outer'><div class='Header widget' id='Header1'><div id='header-inner'><div class='titlewrapper'><h1 class='title'><a href='{blog}/'>أخبار الحسكة</a></h1></div><div class='descriptionwrapper'><p class='description'><span>مدونة إخبارية من الجزيرة السورية</span></p></div></div></div></div></header>
<div class='main-outer'><div class='main-inner columns-2'><div class='column-center-outer'><div class='column-center-inner'><div class='main section' id='main'><div class='widget Blog' data-version='1' id='Blog1'><div class='blog-posts hfeed'>
<div class="date-outer"><h2 class='date-header'><span>{weekday(s.published)}، {gulf(s.published)}</span></h2>
<div class="date-posts"><div class='post-outer'><div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='1{s.number}' itemprop='blogId'/><meta content='2{s.number}' itemprop='postId'/><a name='2{s.number}'></a>
<h3 class='post-title entry-title' itemprop='name'>{esc(s.title)}</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-2{s.number}' itemprop='description articleBody'>
{body}
<div style='clear: both;'></div></div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'>{author}
<span class='post-timestamp'>في <meta content='{url}' itemprop='url'/><a class='timestamp-link' href='{url}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{s.published.isoformat()}'>{ampm(s.published)}</abbr></a></span>
<span class='post-comment-link'><a class='comment-link' href='{url}#comment-form'>ليست هناك تعليقات:</a></span>
<div class='post-share-buttons goog-inline-block'>{share}</div></div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>التسميات: <a href='{blog}/search/label/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1' rel='tag'>أخبار</a></span></div></div></div>
<div class='comments' id='comments'><a name='comments'></a><h4>ليست هناك تعليقات:</h4><div class='comment-form'><a name='comment-form'></a><h4 id='comment-post-message'>إرسال تعليق</h4></div></div>
</div></div></div></div>
<div class='blog-pager' id='blog-pager'><span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='{blog}/p/newer.html' title='رسالة أحدث'>رسالة أحدث</a></span><span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{blog}/p/older.html' title='رسالة أقدم'>رسالة أقدم</a></span><a class='home-link' href='{blog}/'>الصفحة الرئيسية</a></div>
<div class='post-feeds'><div class='feed-links'>الاشتراك في: <a class='feed-link' href='{blog}/feeds/2{s.number}/comments/default' type='application/atom+xml'>تعليقات الرسالة (Atom)</a></div></div>
</div></div></div></div></div>
<div class='column-right-outer'><div class='sidebar section' id='sidebar-right-1'><div class='widget BlogArchive' id='BlogArchive1'><h2>أرشيف المدونة</h2><ul class='hierarchy'>{links(related(s, blog, 4, "/p/"))}</ul></div></div></div></div></div>
<footer><div class='footer-outer'>{RIGHTS}. يتم التشغيل بواسطة <a href='https://www.blogger.com'>Blogger</a>.</div></footer></div></div></body></html>"""
    return page(f"blogger-{v}", url, html, want(s, furniture=["مرسلة بواسطة", "التسميات", "إرسال بالبريد الإلكتروني", "ليست هناك تعليقات", "إرسال تعليق"]))


def joomla4(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", None, "agency")[v % 4])
    base, site = f"https://www.alkhabar-sy{v}.com", "الخبر السوري"
    url = f"{base}/index.php/news/{300 + s.number}-{s.slug[:30]}"
    month = f"{LEV[s.published.month - 1]}/{GULF[s.published.month - 1]}" if v % 2 else GULF[s.published.month - 1]
    printed = f"{s.published:%d} {month} {s.published.year}"
    author = (f'<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person"><span class="icon-user icon-fw" aria-hidden="true"></span>'
              f'كتب بواسطة: <span itemprop="name">{esc(s.author)}</span></dd>') if s.author else ""
    html = f"""<!DOCTYPE html><html lang="ar-aa" dir="rtl"><head><meta charset="utf-8"><meta name="generator" content="Joomla! - Open Source Content Management">
<title>{esc(s.title)} - {site}</title>{og(s, url, site)}</head>
<body class="site com_content view-article layout-blog no-task itemid-101 has-sidebar-right">
<header class="header container-header full-width"><div class="grid-child"><div class="navbar-brand"><a class="brand-logo" href="{base}/"><span title="{site}">{site}</span></a></div></div>
<div class="grid-child container-nav">{nav(base)}<div class="mod-finder"><form class="mod-finder js-finder-searchform form-search" action="/index.php/component/finder/search"><label class="visually-hidden">بحث</label><input type="text" placeholder="بحث ..."></form></div></div></header>
<div class="site-grid"><div class="grid-child container-component">
<nav class="mod-breadcrumbs__wrapper" aria-label="Breadcrumbs"><ol class="mod-breadcrumbs breadcrumb px-3 py-2"><li class="mod-breadcrumbs__here float-start">أنت هنا: &#160;</li><li class="mod-breadcrumbs__item breadcrumb-item"><a href="{base}/" class="pathway"><span>الرئيسية</span></a></li><li class="mod-breadcrumbs__item breadcrumb-item active"><span>أخبار</span></li></ol></nav>
<main><div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article"><meta itemprop="inLanguage" content="ar-AA">
<div class="page-header"><h1 itemprop="headline">{esc(s.title)}</h1></div>
<dl class="article-info text-muted"><dt class="article-info-term">التفاصيل</dt>{author}
<dd class="category-name"><span class="icon-folder-open icon-fw" aria-hidden="true"></span>الفئة: <a href="{base}/index.php/news" itemprop="genre">أخبار محلية</a></dd>
<dd class="published"><span class="icon-calendar icon-fw" aria-hidden="true"></span><time datetime="{s.published.isoformat()}" itemprop="datePublished">نشر بتاريخ: {printed}</time></dd>
<dd class="hits"><span class="icon-eye icon-fw" aria-hidden="true"></span><meta itemprop="interactionCount" content="UserPageVisits:{400 + v}">الزيارات: {400 + v}</dd></dl>
<div itemprop="articleBody" class="com-content-article__body">
{ps(s.paragraphs)}
</div>
<ul class="tags list-inline"><li class="list-inline-item tag-3 tag-list0"><a href="{base}/index.php/tags/a" class="btn btn-sm btn-info">الحسكة</a></li></ul>
<nav class="pagenavigation" aria-label="تصفح الصفحة"><span class="pagination ms-0"><a class="btn btn-sm btn-secondary previous" href="{related(s, base, 1)[0][0]}" rel="prev"><span class="visually-hidden">المقال السابق: {esc(related(s, base, 1)[0][1])}</span><span class="icon-chevron-right" aria-hidden="true"></span> <span aria-hidden="true">السابق</span></a></span></nav>
</div></main></div>
<div class="grid-child container-sidebar-right"><div class="sidebar-right card"><h3 class="card-header">آخر الأخبار</h3><div class="card-body"><ul class="mod-articleslatest latestnews mod-list">{links(related(s, base, 4, "/index.php/news/"))}</ul></div></div></div></div>
<footer class="container-footer footer full-width"><div class="grid-child">{RIGHTS} © {site}</div></footer>
<a href="#top" id="back-top" class="back-to-top-link" aria-label="العودة للأعلى"><span class="icon-arrow-up icon-fw" aria-hidden="true"></span></a></body></html>"""
    return page(f"joomla4-{v}", url, html, want(s, furniture=["التفاصيل", "الزيارات", "نشر بتاريخ", "أنت هنا", RIGHTS]))


def drupal7(story: Story, v: int) -> Page:
    s = story.with_byline(("person", None, "desk", "person")[v % 4])
    base, site = f"https://www.syria-tv{v}.org", "سوريا اليوم"
    url = f"{base}/node/{8000 + s.number}"
    who = (f'<span class="username" xml:lang="" about="/user/{s.number}" typeof="sioc:UserAccount" property="foaf:name" datatype="">{esc(s.author)}</span>') if s.author else ""
    submitted = (f'<div class="submitted"><span property="dc:date dc:created" content="{s.published.isoformat()}" datatype="xsd:dateTime" rel="sioc:has_creator">'
                 + (f"أرسلها {who} في " if who else "") + f"{weekday(s.published)}, {s.published:%m/%d/%Y} - {hhmm(s.published)}</span></div>")
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar" version="XHTML+RDFa 1.0" dir="rtl">
<head profile="http://www.w3.org/1999/xhtml/vocab"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="Generator" content="Drupal 7 (http://drupal.org)" /><link rel="canonical" href="/node/{8000 + s.number}" /><link rel="shortlink" href="/node/{8000 + s.number}" />
<title>{esc(s.title)} | {site}</title></head>
<body class="html not-front not-logged-in one-sidebar sidebar-first page-node page-node- page-node-{8000 + s.number} node-type-article i18n-ar">
<div id="skip-link"><a href="#main-content" class="element-invisible element-focusable">التجاوز إلى المحتوى الرئيسي</a></div>
<div id="page-wrapper"><div id="page"><div id="header"><div class="section clearfix"><a href="/" title="الرئيسية" rel="home" id="logo"><img src="/sites/default/files/logo.png" alt="الرئيسية" /></a>
<div id="name-and-slogan"><div id="site-name"><strong><a href="/" title="الرئيسية" rel="home"><span>{site}</span></a></strong></div></div>
<div id="main-menu" class="navigation">{nav(base)}</div></div></div>
<div id="main-wrapper" class="clearfix"><div id="main" class="clearfix">
<div id="breadcrumb"><h2 class="element-invisible">أنت هنا</h2><div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="/news">أخبار</a></div></div>
<div id="content" class="column"><div class="section"><a id="main-content"></a>
<h1 class="title" id="page-title">{esc(s.title)}</h1>
<div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">
<div id="node-{8000 + s.number}" class="node node-article node-promoted clearfix" about="/node/{8000 + s.number}" typeof="sioc:Item foaf:Document">
<span property="dc:title" content="{esc(s.title)}" class="rdf-meta element-hidden"></span>
{submitted}
<div class="content clearfix"><div class="field field-name-field-image field-type-image field-label-hidden"><div class="field-items"><div class="field-item even" rel="og:image rdfs:seeAlso" resource="/sites/default/files/{s.number}.jpg"><img typeof="foaf:Image" src="/sites/default/files/{s.number}.jpg" alt="" /></div></div></div>
<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">{ps(s.paragraphs)}</div></div></div>
<div class="field field-name-field-tags field-type-taxonomy-term-reference field-label-above"><div class="field-label">الوسوم:&nbsp;</div><div class="field-items"><div class="field-item even" rel="dc:subject"><a href="/taxonomy/term/{v + 1}" typeof="skos:Concept" property="rdfs:label skos:prefLabel" datatype="">درعا</a></div></div></div></div>
<ul class="links inline"><li class="comment_forbidden first last"><span><a href="/user/login?destination=node/{8000 + s.number}%23comment-form">تسجيل الدخول</a> لإرسال تعليقات</span></li></ul>
</div></div></div></div></div></div>
<div id="sidebar-first" class="column sidebar"><div class="section"><div class="region region-sidebar-first column sidebar"><div class="block block-views"><h2>الأكثر قراءة</h2><div class="content"><ul>{links(related(s, base, 4, "/node/"))}</ul></div></div></div></div></div>
</div></div>
<div id="footer-wrapper"><div class="section"><div id="footer" class="clearfix"><div class="region region-footer">{RIGHTS} © {site}</div></div></div></div></div></div></body></html>"""
    return page(f"drupal7-{v}", url, html, want(s, furniture=["الوسوم:", "لإرسال تعليقات", "أنت هنا", RIGHTS]))


def drupal10(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", None, "agency")[(v + 1) % 4])
    base, site = f"https://www.levant24-{v}.net", "ليفانت 24"
    url = f"{base}/ar/news/{s.slug[:40]}"
    meta = f'<meta property="article:published_time" content="{s.published.isoformat()}" />' if v % 2 == 0 else ""
    printed = f"{weekday(s.published)} {gulf(s.published)}" + (f" - {hhmm(s.published)}" if v % 2 == 0 else "")
    author = (f'<span class="node__author">بواسطة <span class="field field--name-uid field--type-entity-reference field--label-hidden"><span>{esc(s.author)}</span></span></span>') if s.author else ""
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8" /><meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" /><link rel="canonical" href="{url}" />{meta}<title>{esc(s.title)} | {site}</title></head>
<body class="path-node page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">التجاوز إلى المحتوى الرئيسي</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas><div id="page-wrapper" class="page-wrapper"><div id="page">
<header id="header" class="site-header" data-drupal-selector="site-header" role="banner"><div class="site-header__fixable"><div class="site-header__initial"><button class="sticky-header-toggle" aria-label="Sticky header"></button></div>
<div id="site-header__inner" class="site-header__inner"><div class="container site-header__inner__container"><div id="block-olivero-site-branding" class="site-branding"><div class="site-branding__inner"><div class="site-branding__text"><div class="site-branding__name"><a href="/ar" title="الرئيسية" rel="home">{site}</a></div></div></div></div>
<div class="header-nav-overlay" data-drupal-selector="header-nav-overlay"></div><div class="mobile-buttons"><button class="mobile-nav-button"><span class="mobile-nav-button__label">القائمة الرئيسية</span></button></div>
<div id="header-nav" class="header-nav"><nav id="block-olivero-main-menu" class="primary-nav block block-menu navigation menu--main" role="navigation"><h2 class="visually-hidden block__title">القائمة الرئيسية</h2>{nav(base)}</nav></div></div></div></div></header>
<div id="main-wrapper" class="layout-main-wrapper layout-container"><div id="main" class="layout-main"><div class="main-content"><a id="main-content" tabindex="-1"></a>
<div class="region region--content grid-full layout--pass--content-medium" id="content">
<div id="block-olivero-page-title" class="block block-core block-page-title-block"><h1 class="title page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(s.title)}</span></h1></div>
<div id="block-olivero-content" class="block block-system block-system-main-block">
<article data-history-node-id="{s.number}" class="node node--type-article node--promoted node--view-mode-full">
<header class="">
<div class="node__meta">{author}<span class="node__meta-date">{printed}</span></div></header>
<div class="node__content"><div class="field field--name-field-image field--type-image field--label-hidden field__item"><img loading="lazy" src="/sites/default/files/{s.number}.jpg" alt="" /></div>
<div class="text-content clearfix field field--name-body field--type-text-with-summary field--label-hidden field__item">{ps(s.paragraphs)}</div>
<div class="field field--name-field-tags field--type-entity-reference field--label-above field--tags"><h3 class="field__label field--tags__label">الوسوم</h3><ul class="links field__items field--tags__items"><li class="field--tags__item"><a href="/ar/taxonomy/term/{v + 2}" hreflang="ar">حمص</a></li></ul></div>
<section data-drupal-selector="comments" class="comments"><h2 class="comments__title">التعليقات</h2></section></div></article></div></div></div></div>
<div class="region region--content-below"><div class="block block-views"><h2 class="block__title">آخر الأخبار</h2><ul>{links(related(s, base, 4, "/ar/news/"))}</ul></div></div></div>
<footer class="site-footer"><div class="site-footer__inner container">{RIGHTS} © {site} <span>مدعوم من Drupal</span></div></footer></div></div></div></body></html>"""
    return page(f"drupal10-{v}", url, html, want(s, time_known=v % 2 == 0, furniture=["الوسوم", "التعليقات", RIGHTS]))


def ghost(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", "person", "person")[v % 4])
    base, site = f"https://www.aljumhuriya{v}.net", "الجمهورية"
    url = f"{base}/ar/{s.slug[:40]}/"
    utc = s.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    ld = {"@context": "https://schema.org", "@type": "Article", "publisher": {"@type": "Organization", "name": site, "url": base},
          "author": {"@type": "Person", "name": s.author, "url": f"{base}/author/x/"}, "headline": s.title, "url": url,
          "datePublished": utc, "dateModified": utc, "mainEntityOfPage": url}
    cards = "".join(f'<article class="post-card post"><a class="post-card-image-link" href="{h}"></a><div class="post-card-content"><a class="post-card-content-link" href="{h}"><header class="post-card-header"><h2 class="post-card-title">{esc(t)}</h2></header></a><footer class="post-card-meta"><time class="post-card-meta-date">{gulf(s.published)}</time><span class="post-card-meta-length">4 دقائق قراءة</span></footer></div></article>' for h, t in related(s, base, 3, "/ar/"))
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8" /><meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{esc(s.title)}</title><link rel="canonical" href="{url}">{og(s, url, site)}
<meta property="article:published_time" content="{utc}"><meta name="generator" content="Ghost 5.82">{jsonld(ld)}</head>
<body class="post-template tag-news is-head-left-logo has-cover">
<div class="viewport"><header id="gh-head" class="gh-head outer"><div class="gh-head-inner inner"><div class="gh-head-brand"><a class="gh-head-logo" href="{base}/">{site}</a></div><nav class="gh-head-menu">{nav(base)}</nav>
<div class="gh-head-actions"><div class="gh-head-members"><a class="gh-head-link" href="#/portal/signin" data-portal="signin">تسجيل الدخول</a><a class="gh-head-button" href="#/portal/signup" data-portal="signup">اشترك</a></div></div></div></header>
<div class="site-content"><main id="site-main" class="site-main">
<article class="article post tag-news">
<header class="article-header gh-canvas"><section class="article-tag"><a href="{base}/tag/news/">أخبار</a></section>
<h1 class="article-title">{esc(s.title)}</h1>
<div class="article-byline"><section class="article-byline-content"><ul class="author-list"><li class="author-list-item"><a href="{base}/author/x/" class="author-avatar author-profile-image"></a></li></ul>
<div class="article-byline-meta"><h4 class="author-name"><a href="{base}/author/x/">{esc(s.author or '')}</a></h4>
<div class="byline-meta-content"><time class="byline-meta-date" datetime="{s.day}">{gulf(s.published)}</time><span class="byline-reading-time"><span class="bull">&bull;</span> {3 + v} دقائق قراءة</span></div></div></section></div>
<figure class="article-image"><img src="{base}/content/images/{s.number}.jpg" alt="{esc(s.title)}" /><figcaption><span style="white-space: pre-wrap;">تصوير: وكالات</span></figcaption></figure></header>
<section class="gh-content gh-canvas">
{ps(s.paragraphs)}
</section></article></main>
<section class="footer-cta outer"><div class="inner"><h2 class="footer-cta-title">اشترك في النشرة البريدية للجمهورية</h2><a class="footer-cta-button" href="#/portal" data-portal><div class="footer-cta-input">أدخل بريدك الإلكتروني</div><span>اشترك</span></a></div></section>
<aside class="read-more-wrap outer"><div class="read-more inner"><div class="post-feed">{cards}</div></div></aside></div>
<footer class="site-footer outer"><div class="inner"><section class="copyright"><a href="{base}/">{site}</a> &copy; 2024</section><nav class="site-footer-nav"><ul>{links([(base + "/about/", "عن الموقع")])}</ul></nav><div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a></div></div></footer></div>
</body></html>"""
    return page(f"ghost-{v}", url, html, want(s, furniture=["دقائق قراءة", "تصوير: وكالات", "اشترك في النشرة البريدية للجمهورية"]))
