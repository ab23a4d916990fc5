# ruff: noqa: E501  (page markup)
"""Pages where scripts and structured data matter: AMP (the AMP plugin's reader
template), Next.js with the body in the HTML and in `__NEXT_DATA__`, Next.js with
the body only in `__NEXT_DATA__` (BBC-style block model), Nuxt 3 (SSR HTML plus
the `__NUXT_DATA__` payload) and pages whose body is only in JSON-LD `articleBody`."""

from __future__ import annotations

import json
from typing import Any

from tests.zoo.kit import (
    RIGHTS,
    Page,
    Story,
    esc,
    gulf,
    hhmm,
    jsonld,
    links,
    nav,
    news_jsonld,
    og,
    page,
    ps,
    related,
    stories,
    want,
)


def _script_json(data: Any, attrs: str) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f"<script {attrs}>{text}</script>"


def amp(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "agency", "person", "desk")[v % 4])
    base, site = f"https://www.alhal{v}.net", "الحل نت"
    canonical = f"{base}/{s.published:%Y/%m/%d}/{s.number}/"
    url = canonical + "amp/"
    half = len(s.paragraphs) // 2
    html = f"""<!doctype html><html amp lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<script async src="https://cdn.ampproject.org/v0.js"></script><script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
<title>{esc(s.title)} &#8211; {site}</title><link rel="canonical" href="{canonical}">
{news_jsonld(s, canonical, site)}
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><style amp-custom>.amp-wp-header{{background:#0a5}}</style></head>
<body class="amp-wp-rtl"><header id="top" class="amp-wp-header"><div><a href="{base}/"><amp-img src="{base}/logo.png" width="32" height="32" class="amp-wp-site-icon"></amp-img><span class="amp-site-title">{site}</span></a>
<button class="amp-wp-canonical-link" on="tap:sidebar.toggle">القائمة</button></div></header>
<amp-sidebar id="sidebar" layout="nodisplay" side="right">{nav(base)}</amp-sidebar>
<article class="amp-wp-article"><header class="amp-wp-article-header"><h1 class="amp-wp-title">{esc(s.title)}</h1>
{f'<div class="amp-wp-meta amp-wp-byline"><amp-img src="{base}/avatar.png" alt="{esc(s.author)}" width="24" height="24" layout="fixed"></amp-img><span class="amp-wp-author author vcard">{esc(s.author)}</span></div>' if s.author else ''}
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{s.published.isoformat()}">منذ 3 سنوات</time></div></header>
<figure class="amp-wp-article-featured-image wp-caption"><amp-img width="1024" height="576" src="{base}/wp-content/uploads/{s.number}.jpg" class="attachment-large size-large wp-post-image amp-wp-enforced-sizes" layout="intrinsic"></amp-img></figure>
<div class="amp-wp-article-content">{ps(s.paragraphs[:half])}
<amp-ad width="300" height="250" type="adsense" data-ad-client="ca-pub-1" data-ad-slot="2"><div fallback>إعلان</div></amp-ad>
{ps(s.paragraphs[half:])}
<amp-social-share type="facebook" width="40" height="40"></amp-social-share><amp-social-share type="whatsapp" width="40" height="40"></amp-social-share></div>
<footer class="amp-wp-article-footer"><div class="amp-wp-meta amp-wp-tax-category">الفئات: <a href="{base}/category/news/" rel="category tag">أخبار</a></div>
<div class="amp-wp-meta amp-wp-tax-tag">الوسوم: <a href="{base}/tag/a/" rel="tag">الرقة</a></div>
<div class="amp-wp-meta amp-wp-comments-link"><a href="{canonical}#respond">اترك تعليقاً</a></div></footer></article>
<footer class="amp-wp-footer"><div><h2>{site}</h2><a href="#top" class="back-to-top">العودة إلى الأعلى</a></div></footer></body></html>"""
    return page(f"amp-{v}", url, html, want(s, furniture=["الفئات", "الوسوم", "العودة إلى الأعلى", "اترك تعليقاً", "منذ 3 سنوات"]))


def _teasers(s: Story, base: str) -> list[dict[str, str]]:
    others = [o for o in stories() if o.slug != s.slug][:4]
    return [{"title": o.title, "summary": o.paragraphs[0][:220], "href": f"{base}/news/{o.number}"} for o in others]


def nextjs_html(story: Story, v: int) -> Page:
    s = story.with_byline(("person", None, "desk", "person")[v % 4])
    base, site = f"https://www.syria-direct{v}.org", "سوريا على طول"
    url = f"{base}/ar/news/{s.number}"
    data = {"props": {"pageProps": {"article": {"id": s.number, "title": s.title, "publishedAt": s.published.isoformat(),
            "author": {"name": s.author} if s.author else None, "content": [{"type": "paragraph", "text": p} for p in s.paragraphs]},
            "related": _teasers(s, base)}, "__N_SSP": True}, "page": "/[lang]/news/[id]", "query": {"lang": "ar", "id": str(s.number)},
            "buildId": "k2Jx9aQ", "isFallback": False, "gssp": True, "locale": "ar", "scriptLoader": []}
    teasers = "".join(f'<li class="RelatedList_item__Qx1p"><a href="{t["href"]}"><h3 class="RelatedList_title__9aZ2">{esc(t["title"])}</h3><p>{esc(t["summary"])}</p></a></li>' for t in _teasers(s, base)[:3])
    byline = f'<p class="ArticleMeta_author__p0Zq1">{esc(s.author)}</p>' if s.author else ""
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>
<title>{esc(s.title)} | {site}</title>{og(s, url, site)}<meta property="article:published_time" content="{s.published.isoformat()}"/>
<link rel="preload" href="/_next/static/css/a1b2c3.css" as="style"/><link rel="stylesheet" href="/_next/static/css/a1b2c3.css" data-n-g=""/>
<noscript data-n-css=""></noscript><script defer="" nomodule="" src="/_next/static/chunks/polyfills-c67a75d1b6f99dc8.js"></script></head>
<body><div id="__next"><div class="Layout_wrapper__8Hq2k"><header class="Header_header__Vb4Ht"><a class="Header_logo__1xqJb" href="/ar">{site}</a>{nav(base)}</header>
<main class="Layout_main__lpP2x"><article class="Article_article__kV0s3"><h1 class="Article_title__2Ws9E">{esc(s.title)}</h1>
<div class="ArticleMeta_meta__Zr4a8">{byline}<time dateTime="{s.published.isoformat()}">{gulf(s.published)}، {hhmm(s.published)}</time></div>
<div class="ArticleBody_body__3xkQ2">{ps(s.paragraphs, "ArticleBody_paragraph__Y0c4m")}</div>
<div class="ShareBar_bar__mC3Rl"><button>فيسبوك</button><button>تويتر</button><button>نسخ الرابط</button></div></article>
<aside class="RelatedList_wrap__u2Dp0"><h2>اقرأ أيضاً</h2><ul>{teasers}</ul></aside></main>
<footer class="Footer_footer__dW7yQ"><p>{RIGHTS} © {site}</p></footer></div></div>
{_script_json(data, 'id="__NEXT_DATA__" type="application/json"')}
<script src="/_next/static/chunks/webpack-59c5c889f52620d6.js" defer=""></script></body></html>"""
    return page(f"nextjs-html-{v}", url, html, want(s, furniture=["نسخ الرابط", "اقرأ أيضاً", RIGHTS]))


def nextjs_json(story: Story, v: int) -> Page:
    """BBC-style: the server sends a skeleton; the body is only in __NEXT_DATA__ blocks."""
    s = story.with_byline(("person", None, "person", "desk")[v % 4])
    base, site = f"https://www.bbc{v}.example", "بي بي سي نيوز عربي"
    url = f"{base}/arabic/articles/c{s.number}x{v}q"

    def text_block(text: str) -> dict[str, Any]:
        return {"type": "text", "model": {"blocks": [{"type": "paragraph", "model": {"text": text, "blocks": [
            {"type": "fragment", "model": {"text": text, "attributes": []}}]}}]}}
    blocks: list[dict[str, Any]] = [{"type": "headline", "model": {"blocks": [text_block(s.title)]}}]
    if s.author:
        blocks.append({"type": "byline", "model": {"blocks": [{"type": "contributor", "model": {"blocks": [{"type": "name", "model": {"blocks": [text_block(s.author)]}}]}}]}})
    blocks += [text_block(p) for p in s.paragraphs]
    ms = int(s.published.timestamp() * 1000)
    data = {"props": {"pageProps": {"pageData": {"content": {"model": {"blocks": blocks}},
            "metadata": {"id": f"urn:bbc:optimo:asset:c{s.number}", "locator": f"urn:bbc:optimo:asset:c{s.number}", "firstPublished": ms, "lastPublished": ms,
                         "language": "ar", "type": "article"},
            "promo": {"headlines": {"seoHeadline": s.title}, "summary": s.paragraphs[0][:160]},
            "secondaryColumn": {"topStories": _teasers(s, base), "features": _teasers(s, base)[:2]}},
            "service": "arabic", "status": 200}}, "page": "/[service]/articles/[id]", "buildId": "Z9pQ", "isFallback": False, "gssp": True}
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl" class="no-js"><head><meta charSet="utf-8"/><title>{esc(s.title)} - {site}</title>
{og(s, url, site)}{jsonld({"@context": "http://schema.org", "@type": "ReportageNewsArticle", "url": url, "headline": s.title, "datePublished": s.published.isoformat(), "publisher": {"@type": "NewsMediaOrganization", "name": site}})}</head>
<body><div id="__next"><header role="banner" class="bbc-1ff36h2"><a href="{base}/arabic" class="bbc-1rvcd6q">{site}</a><nav>{nav(base)}</nav></header>
<main role="main" class="bbc-fa0wmp"><div class="bbc-1151pbn"><h1 id="content" class="bbc-1tk77pb">{esc(s.title)}</h1>
<time datetime="{s.day}" class="bbc-1dafq0j">{gulf(s.published)}</time><div class="bbc-skeleton" aria-busy="true"></div></div></main>
<footer class="bbc-1vz2qi3"><p>© 2024 بي بي سي. بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية.</p></footer></div>
{_script_json(data, 'id="__NEXT_DATA__" type="application/json"')}</body></html>"""
    return page(f"nextjs-json-{v}", url, html, want(s, furniture=["بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية"]))


def nuxt(story: Story, v: int) -> Page:
    s = story.with_byline(("desk", "person", None, "person")[v % 4])
    base, site = f"https://www.enab-news{v}.net", "عنب نيوز"
    url = f"{base}/news/{s.number}"
    body_html = "".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)
    teasers = _teasers(s, base)
    payload: list[Any] = [["ShallowReactive", 1], {"data": 2, "state": 9}, ["ShallowReactive", 3], {"article": 4, "related": 8},
                          {"title": 5, "body": 6, "author": 7}, s.title, body_html, s.author or "", [t["summary"] for t in teasers], {}]
    byline = f'<span class="article-author">{esc(s.author)}</span>' if s.author else ""
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl" data-capo=""><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(s.title)} - {site}</title>{og(s, url, site)}<link rel="modulepreload" as="script" crossorigin href="/_nuxt/entry.B1x2c3.js"></head>
<body><div id="__nuxt"><div class="layout-default"><header class="site-header"><nuxt-link class="logo" to="/">{site}</nuxt-link>{nav(base)}</header>
<main class="page-article"><article class="article" data-v-5f2a1c><h1 class="article-title" data-v-5f2a1c>{esc(s.title)}</h1>
<div class="article-meta" data-v-5f2a1c>{byline}<span class="article-date">{gulf(s.published)} - {hhmm(s.published)}</span></div>
<div class="article-content" data-v-5f2a1c>{body_html}</div></article>
<section class="related" data-v-8c1d2e><h2>أخبار ذات صلة</h2><ul>{links([(t["href"], t["title"]) for t in teasers])}</ul></section></main>
<footer class="site-footer">{RIGHTS} © {site}</footer></div></div>
<div id="teleports"></div>{_script_json(payload, 'type="application/json" data-nuxt-data="nuxt-app" data-ssr="true" id="__NUXT_DATA__"')}
<script>window.__NUXT__={{}};window.__NUXT__.config={{public:{{}},app:{{baseURL:"/",buildId:"a1b2"}}}}</script></body></html>"""
    return page(f"nuxt-{v}", url, html, want(s, furniture=["أخبار ذات صلة", RIGHTS]))


def jsonld_only(story: Story, v: int) -> Page:
    """The HTML holds the headline, the lead (or nothing) and a script-filled container;
    the full text is only in JSON-LD `articleBody`."""
    s = story.with_byline(("person", "agency", None, "desk")[v % 4])
    base, site = f"https://www.alghad-sy{v}.com", "الغد السوري"
    url = f"{base}/article/{6000 + s.number}"
    lead = f'<p class="lead">{esc(s.paragraphs[0])}</p>' if v % 2 == 0 else ""
    sep = ("\n", "\r\n\r\n", " ", "\n\n")[v % 4]
    ld: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title, "mainEntityOfPage": {"@type": "WebPage", "@id": url},
                          "datePublished": s.published.isoformat(), "articleBody": sep.join(s.paragraphs), "inLanguage": "ar",
                          "publisher": {"@type": "Organization", "name": site, "logo": {"@type": "ImageObject", "url": f"{base}/logo.png"}}}
    if s.author:
        ld["author"] = [{"@type": "Person" if s.author_kind == "person" else "Organization", "name": s.author}]
    teasers = "".join(f'<div class="card"><a href="{h}"><h3>{esc(t)}</h3></a></div>' for h, t in related(s, base, 6, "/article/"))
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(s.title)} | {site}</title>
{og(s, url, site)}{jsonld(ld)}<script src="/static/js/app.8f3a.js" defer></script></head>
<body><header class="top">{nav(base)}</header>
<div class="container"><div class="article-page"><h1 class="headline">{esc(s.title)}</h1>
<div class="meta"><span class="date">{gulf(s.published)} {hhmm(s.published)}</span></div>{lead}
<div id="article-body" class="article-body" data-src="/api/articles/{6000 + s.number}"><div class="spinner">جار التحميل...</div></div>
<noscript>يرجى تفعيل جافاسكربت لعرض المقال كاملاً</noscript></div>
<section class="more"><h2>المزيد من الأخبار</h2><div class="cards">{teasers}</div></section></div>
<footer>{RIGHTS} © {site}</footer></body></html>"""
    return page(f"jsonld-only-{v}", url, html, want(s, furniture=["جار التحميل", "يرجى تفعيل جافاسكربت", "المزيد من الأخبار", RIGHTS]))
