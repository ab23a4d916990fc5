# ruff: noqa: E501  (page markup)
"""HELD-BACK families, written after the extraction code was settled (commit
"Zoo tests (one case per page...)" on branch issue-12x): never tuned on. Arc XP
(Fusion), ASP.NET WebForms, a Hugo static site, an Egyptian Bootstrap portal,
Elementor (WordPress page builder), Substack, a Word-exported page, and two
non-articles: search results and a podcast episode page."""

from __future__ import annotations

import json
from datetime import UTC

from tests.zoo.families.nonarticles import NOT, _cards, _doc, _others
from tests.zoo.kit import (
    FOLLOW,
    READ_ALSO,
    RIGHTS,
    Page,
    Story,
    ampm,
    esc,
    footer,
    gulf,
    hhmm,
    indic,
    jsonld,
    lev,
    links,
    nav,
    news_jsonld,
    og,
    page,
    ps,
    related,
    want,
    weekday,
)


def arc_fusion(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "agency", "person", None)[v % 4])
    base, site = f"https://aawsat{v}.example", "الشرق الأوسط"
    url = f"{base}/العالم-العربي/{4000000 + s.number}"
    elements = [{"type": "text", "content": p, "_id": f"E{i}"} for i, p in enumerate(s.paragraphs)]
    content = {"headlines": {"basic": s.title}, "content_elements": elements,
               "display_date": s.published.astimezone(UTC).isoformat(),
               "credits": {"by": [{"name": s.author}]} if s.author else {"by": []}}
    by = f'<div class="b-byline"><span class="c-byline__by">{esc(s.author)}</span></div>' if s.author else ""
    body = "".join(f'<p class="c-paragraph" data-el="text">{esc(p)}</p>' for p in s.paragraphs)
    body_html = body if v % 2 == 0 else '<div class="article-body-placeholder"></div>'
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(s.title)}</title>
{og(s, url, site)}<meta property="article:published_time" content="{s.published.astimezone(UTC).isoformat()}">
<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion||{{}};Fusion.arcSite="aawsat";Fusion.globalContent={json.dumps(content, ensure_ascii=False)};Fusion.deployment="1042";</script></head>
<body><div id="fusion-app" class="layout-section"><header class="c-header">{nav(base)}<div class="c-header__date">{weekday(s.published)} - {gulf(s.published)}</div></header>
<main class="b-article"><div class="b-article-header"><span class="c-overline">العالم العربي</span><h1 class="c-heading">{esc(s.title)}</h1>{by}
<time class="c-date" datetime="{s.published.isoformat()}">{gulf(s.published)} م ـ {hhmm(s.published)}</time></div>
<div class="b-share"><a href="#">فيسبوك</a><a href="#">إكس</a><a href="#">واتساب</a></div>
<article class="b-article-body">{body_html}</article>
<div class="b-tags"><span>مواضيع</span><a href="{base}/tags/a">سوريا</a></div>
<section class="b-related"><h2>أخبار ذات صلة</h2><ul>{links(related(s, base, 4, "/العالم-العربي/"))}</ul></section></main>
<footer class="c-footer">{RIGHTS} © {site}</footer></div></body></html>"""
    return page(f"arc-fusion-{v}", url, html, want(s, furniture=["مواضيع", "أخبار ذات صلة"]))


def aspnet(story: Story, v: int) -> Page:
    s = story.with_byline(("person", None, "desk", "agency")[v % 4])
    base, site = f"http://www.alkhaleej-news{v}.ae", "الخليج نيوز"
    url = f"{base}/Details.aspx?ArticleID={80000 + s.number}&Section=Local"
    text = "<br /><br />".join(esc(p) for p in s.paragraphs)
    printed = indic(f"{s.published:%d/%m/%Y}") + " " + indic(ampm(s.published))
    by = f'<span id="ctl00_ContentPlaceHolder1_lblWriter" class="writer">{esc(s.author)}</span>' if s.author else ""
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(s.title)} - {site}
</title></head>
<body><form name="aspnetForm" method="post" action="Details.aspx?ArticleID={80000 + s.number}" id="aspnetForm">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM0NjY4NTQ5Nw9kFgJmD2QWAgIDD2QWAgIBD2QWBAIBDw8WAh4EVGV4dAUbwqjZhNin2K8g2KfZhNiu2YTZitisZGQCAw8PFgIfAAUT" /></div>
<table id="ctl00_tblHeader" width="100%"><tr><td><a id="ctl00_lnkHome" href="Default.aspx">الرئيسية</a> | <a href="Section.aspx?id=1">محليات</a> | <a href="Section.aspx?id=2">عربي ودولي</a> | <a href="Section.aspx?id=3">اقتصاد</a></td></tr></table>
<div id="ctl00_pnlContent" class="content">
<h2><span id="ctl00_ContentPlaceHolder1_lblTitle" class="newsTitle">{esc(s.title)}</span></h2>
<span id="ctl00_ContentPlaceHolder1_lblDate" class="newsDate">{printed}</span> {by}
<div class="newsBody"><span id="ctl00_ContentPlaceHolder1_lblBody">{text}</span></div>
<a id="ctl00_ContentPlaceHolder1_lnkPrint" href="javascript:__doPostBack('ctl00$ContentPlaceHolder1$lnkPrint','')">طباعة</a> | <a id="ctl00_ContentPlaceHolder1_lnkSend" href="javascript:__doPostBack('ctl00$ContentPlaceHolder1$lnkSend','')">أرسل إلى صديق</a>
<div class="moreNews"><b>أخبار أخرى</b><ul>{links(related(s, base, 5, "/Details.aspx?ArticleID="))}</ul></div></div>
<div id="ctl00_footer">{RIGHTS} {site} 2010</div></form></body></html>"""
    return page(f"aspnet-{v}", url, html, want(s, furniture=["أرسل إلى صديق", "أخبار أخرى", RIGHTS]))


def hugo(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "person", None, "desk")[v % 4])
    base, site = f"https://raseef-sy{v}.org", "رصيف سوري"
    url = f"{base}/posts/{s.published:%Y-%m-%d}-{s.number}/"
    by = f'<span class="post-author">{esc(s.author)}</span> · ' if s.author else ""
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="generator" content="Hugo 0.121.1">
<title>{esc(s.title)} | {site}</title>{og(s, url, site)}<meta property="article:published_time" content="{s.published.isoformat()}"></head>
<body class="single"><header class="site-header"><a class="site-title" href="{base}/">{site}</a>{nav(base)}</header>
<main class="main"><article class="post-single"><header class="post-header"><div class="breadcrumbs"><a href="{base}/">الرئيسية</a>&nbsp;»&nbsp;<a href="{base}/posts/">المقالات</a></div>
<h1 class="post-title">{esc(s.title)}</h1><div class="post-meta">{by}<span title="{s.published.isoformat()}">{gulf(s.published)}</span> · {4 + v} دقائق</div></header>
<div class="post-content">{ps(s.paragraphs)}</div>
<footer class="post-footer"><ul class="post-tags"><li><a href="{base}/tags/syria/">سوريا</a></li></ul>
<nav class="paginav"><a class="prev" href="{related(s, base, 1, '/posts/')[0][0]}"><span class="title">« السابق</span><br><span>{esc(related(s, base, 1)[0][1])}</span></a></nav></footer></article></main>
<footer class="footer"><span>© 2024 <a href="{base}/">{site}</a></span> · <span>Powered by Hugo</span></footer></body></html>"""
    return page(f"hugo-{v}", url, html, want(s, furniture=["« السابق", "Powered by Hugo"]))


def egypt_portal(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "person", "agency", None)[v % 4])
    base, site = f"https://www.masrawy-news{v}.com", "مصر الآن"
    url = f"{base}/story/{s.published:%Y/%-m/%-d}/{s.number}"
    href, rtitle = related(s, base, 1, "/story/")[0]
    body = [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    body.insert(2, f'<p><strong>{READ_ALSO[(v + 1) % 5]}</strong>: <a href="{href}">{esc(rtitle)}</a></p>')
    by = f'<span class="writeBy">كتب - {esc(s.author)}</span>' if s.author_kind == "person" else ""
    src = f'<p class="source">المصدر: {esc(s.author)}</p>' if s.author_kind == "agency" else ""
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(s.title)} - {site}</title>{og(s, url, site)}
{news_jsonld(s, url, site) if v % 2 else ''}<link rel="stylesheet" href="/css/bootstrap.rtl.min.css"></head>
<body><nav class="navbar navbar-expand-lg">{nav(base)}</nav><div class="breakingNews"><span>عاجل</span><marquee>{esc(rtitle)}</marquee></div>
<div class="container"><div class="row"><div class="col-md-8"><div class="articleHeader"><h1>{esc(s.title)}</h1>
<div class="articleMeta">{by}<span class="newsStoryDate">{weekday(s.published)}، {s.published:%d} {gulf(s.published).split(' ', 1)[1]} {s.published:%I:%M} {'م' if s.published.hour >= 12 else 'ص'}</span></div></div>
<div class="articleImg"><img src="{base}/img/{s.number}.jpg" alt=""><span class="imgCaption">صورة أرشيفية</span></div>
<div id="articleBody" class="articleCont">{"".join(body)}{src}</div>
<div class="tags"><span>الكلمات المفتاحية</span><a href="{base}/tag/1">سوريا</a></div>
<div class="shareBar"><a href="#">شارك على فيسبوك</a> <a href="#">شارك على تويتر</a></div>
<div class="mostRead"><h3>الأكثر قراءة</h3><ul>{links(related(s, base, 5, "/story/"))}</ul></div></div>
<div class="col-md-4"><div class="sideNews"><h3>آخر الأخبار</h3><ul>{links(related(s, base, 5, "/story/"))}</ul></div></div></div></div>
{footer(site)}</body></html>"""
    return page(f"egypt-portal-{v}", url, html, want(s, time_known=True, furniture=[READ_ALSO[(v + 1) % 5], "الكلمات المفتاحية", "صورة أرشيفية"]))


def elementor(story: Story, v: int) -> Page:
    s = story.with_byline(("desk", "person", None, "person")[v % 4])
    base, site = f"https://www.levant-news{v}.com", "ليفانت نيوز"
    url = f"{base}/{s.slug[:40]}/"
    w = "elementor-widget"
    author = (f'<li class="elementor-icon-list-item elementor-repeater-item-1 elementor-inline-item" itemprop="author"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-author">{esc(s.author)}</span></li>') if s.author else ""
    html = f"""<!doctype html><html dir="rtl" lang="ar"><head><meta charset="UTF-8"><title>{esc(s.title)} - {site}</title>{og(s, url, site)}
<meta property="article:published_time" content="{s.published.isoformat()}"></head>
<body class="rtl post-template-default single single-post elementor-default elementor-template-full-width elementor-kit-5 elementor-page-1200">
<div data-elementor-type="header" data-elementor-id="10" class="elementor elementor-10 elementor-location-header"><section class="elementor-section elementor-top-section">{nav(base)}</section></div>
<div data-elementor-type="single-post" data-elementor-id="1200" class="elementor elementor-1200 elementor-location-single post-{s.number} post type-post status-publish">
<section class="elementor-section elementor-top-section elementor-element"><div class="elementor-container elementor-column-gap-default"><div class="elementor-column elementor-col-100 elementor-top-column"><div class="elementor-widget-wrap elementor-element-populated">
<div class="elementor-element {w} {w}-theme-post-title elementor-page-title {w}-heading"><div class="{w}-container"><h1 class="elementor-heading-title elementor-size-default">{esc(s.title)}</h1></div></div>
<div class="elementor-element {w} {w}-post-info"><div class="{w}-container"><ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">{author}
<li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">{lev(s.published)}</span></li>
<li class="elementor-icon-list-item elementor-inline-item" itemprop="commentCount"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-comments">لا توجد تعليقات</span></li></ul></div></div>
<div class="elementor-element {w} {w}-theme-post-content"><div class="{w}-container">{ps(s.paragraphs)}</div></div>
<div class="elementor-element {w} {w}-share-buttons"><div class="{w}-container"><div class="elementor-grid"><div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_facebook"><span class="elementor-share-btn__title">فيسبوك</span></div></div><div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_telegram"><span class="elementor-share-btn__title">تلغرام</span></div></div></div></div></div>
<div class="elementor-element {w} {w}-text-editor"><div class="{w}-container"><p>{FOLLOW}</p></div></div>
<div class="elementor-element {w} {w}-posts"><div class="{w}-container"><h2>قد يعجبك أيضاً</h2><ul>{links(related(s, base, 3, "/"))}</ul></div></div>
</div></div></div></section></div>
<div data-elementor-type="footer" class="elementor elementor-location-footer">{footer(site)}</div></body></html>"""
    return page(f"elementor-{v}", url, html, want(s, furniture=["لا توجد تعليقات", FOLLOW, "قد يعجبك أيضاً"]))


def substack(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "person", "desk", "person")[v % 4])
    base, site = f"https://syriaweekly{v}.substack.com", "نشرة سوريا الأسبوعية"
    url = f"{base}/p/{s.number}-{v}"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "url": url, "headline": s.title,
          "datePublished": s.published.astimezone(UTC).isoformat(), "author": [{"@type": "Person", "name": s.author}],
          "publisher": {"@type": "Organization", "name": site}}
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(s.title)} - {site}</title>{og(s, url, site)}{jsonld(ld)}</head>
<body><div id="entry"><div class="main-menu"><a class="navbar-title-link" href="{base}">{site}</a><button class="subscribe-btn">اشترك</button></div>
<div class="single-post-container"><article class="typography newsletter-post post"><div class="post-header"><h1 class="post-title published">{esc(s.title)}</h1>
<div class="post-meta"><div class="profile-hover-card-target"><a href="{base}/profile" class="pencraft">{esc(s.author or '')}</a></div><div class="pencraft pc-reset">{gulf(s.published)}</div></div></div>
<div class="available-content"><div dir="auto" class="body markup">{ps(s.paragraphs)}
<div class="subscription-widget-wrap"><div class="subscription-widget"><p class="cta-caption">شكراً لقراءتك نشرة سوريا الأسبوعية! اشترك مجاناً لتصلك المقالات الجديدة.</p><form><input type="email" placeholder="اكتب بريدك الإلكتروني..."><button>اشترك</button></form></div></div></div></div>
<div class="post-footer"><a class="post-ufi-button" href="#">إعجاب</a> <a href="#">مشاركة</a></div></article></div>
<div class="footer-wrap"><div class="footer">© 2024 {site} · الخصوصية · الشروط</div></div></div></body></html>"""
    return page(f"substack-{v}", url, html, want(s, furniture=["شكراً لقراءتك", "اشترك مجاناً"]))


def word_export(story: Story, v: int) -> Page:
    s = story.with_byline(("desk", None, "person", "desk")[v % 4])
    base = f"http://www.syndicate-lawyers{v}.sy"
    url = f"{base}/news/{s.published:%Y}/bayan{s.number}.htm"
    span = "<span lang=AR-SY style='font-size:14.0pt;font-family:\"Simplified Arabic\"'>"
    paras = "\n".join(f"<p class=MsoNormal dir=RTL style='text-align:justify;direction:rtl;unicode-bidi:embed'>{span}{esc(p)}</span></p>" for p in s.paragraphs)
    sign = (f"<p class=MsoNormal align=left dir=RTL style='text-align:left'><b>{span}{esc(s.author)}</span></b></p>") if s.author else ""
    html = f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<title>{esc(s.title)}</title><style><!-- p.MsoNormal {{margin:0cm;font-size:12.0pt}} --></style></head>
<body lang=EN-US style='tab-interval:36.0pt'><div class=WordSection1 dir=RTL>
<p class=MsoNormal align=center dir=RTL style='text-align:center'><b>{span}{esc(s.title)}</span></b></p>
<p class=MsoNormal align=center dir=RTL style='text-align:center'>{span}{weekday(s.published)} {lev(s.published)}</span></p>
<p class=MsoNormal dir=RTL><o:p>&nbsp;</o:p></p>
{paras}
{sign}
</div></body></html>"""
    return page(f"word-export-{v}", url, html, want(s, time_known=False))


def search_results(story: Story, v: int) -> Page:
    base, site = f"https://www.alsouria-search{v}.net", "السورية نت"
    query = ("حصار", "الحسكة", "مفاوضات", "درعا")[v % 4]
    url = f"{base}/?s={query}" + ("&paged=2" if v % 2 else "")
    body = (f'<header class="page-header"><h1 class="page-title">نتائج البحث عن: <span>{query}</span></h1></header>'
            f'<form class="search-form"><input type="search" value="{query}"><button>بحث</button></form>{_cards(_others(story, 7), base, v)}')
    return page(f"search-{v}", url, _doc(f"نتائج البحث عن «{query}» - {site}", "", body, base, site), NOT)


def podcast(story: Story, v: int) -> Page:
    base, site = f"https://www.radio-rozana{v}.com", "راديو روزنة"
    url = f"{base}/podcast/{story.number}-{v}"
    desc = story.paragraphs[0][:200]
    head = (f'<meta property="og:type" content="{"music.song" if v % 2 else "article"}">'
            + jsonld({"@context": "https://schema.org", "@type": "PodcastEpisode", "name": story.title,
                      "datePublished": story.published.isoformat(), "description": desc}))
    episodes = "".join(f'<li class="episode"><a href="{base}/podcast/{o.number}">{esc(o.title)}</a><span class="dur">24:1{o.number % 10}</span></li>' for o in _others(story, 6))
    body = (f'<div class="episode-page"><h1>{esc(story.title)}</h1><div class="ep-meta">الحلقة {12 + v} · {gulf(story.published)} · 24 دقيقة</div>'
            f'<audio controls src="{base}/audio/{story.number}.mp3"></audio><p class="ep-desc">{esc(desc)}</p>'
            f'<h2>حلقات أخرى</h2><ul>{episodes}</ul></div>')
    return page(f"podcast-{v}", url, _doc(f"{story.title} - {site}", head, body, base, site), NOT)
