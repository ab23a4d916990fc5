# ruff: noqa: E501  (page markup)
"""Pages that must NOT be stored: tag archives, author pages, section listings
(teasers with summaries), video pages (a player and a caption-length
description) and photo galleries (pictures with captions)."""

from __future__ import annotations

from tests.zoo.kit import (
    RIGHTS,
    Page,
    Story,
    Want,
    esc,
    gulf,
    links,
    nav,
    page,
    related,
    stories,
)

NOT = Want(title="", paragraphs=[], day=None, kind="non_article")


def _others(s: Story, n: int) -> list[Story]:
    pool = [o for o in stories() if o.slug != s.slug]
    start = s.number % len(pool)
    return (pool[start:] + pool[:start])[:n]


def _doc(title: str, head: str, body: str, base: str, site: str) -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(title)}</title>{head}</head>
<body class="archive"><header class="site-header"><a class="logo" href="{base}/">{site}</a>{nav(base)}</header>
<main id="main" class="site-main">{body}</main><aside class="sidebar"><h3>الأكثر قراءة</h3><ul>{links([(base + "/p/1", "خبر الأكثر قراءة الأول"), (base + "/p/2", "خبر الأكثر قراءة الثاني")])}</ul></aside>
<footer class="site-footer">{RIGHTS} © {site}</footer></body></html>"""


def _cards(items: list[Story], base: str, v: int) -> str:
    out = []
    for o in items:
        out.append(f'<article class="post type-post card"><a class="thumb" href="{base}/archives/{o.number}"><img src="{base}/img/{o.number}.jpg" alt=""></a>'
                   f'<h2 class="entry-title"><a href="{base}/archives/{o.number}">{esc(o.title)}</a></h2><div class="meta"><time datetime="{o.published.isoformat()}">{gulf(o.published)}</time></div>'
                   f'<div class="entry-summary"><p>{esc(o.paragraphs[0][:240 - 20 * (v % 3)])}…</p></div><a class="more-link" href="{base}/archives/{o.number}">اقرأ المزيد</a></article>')
    return "".join(out)


def tag_page(story: Story, v: int) -> Page:
    base, site = f"https://www.enabbaladi{v}.net", "عنب بلدي"
    tag = ("الحسكة", "قسد", "درعا", "الحصار")[v % 4]
    url = f"{base}/tag/{tag}/" + ("page/2/" if v % 2 else "")
    head = (f'<meta property="og:type" content="{"website" if v % 2 == 0 else "object"}"><meta property="og:title" content="{tag} الأرشيف - {site}">'
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"CollectionPage","name":"' + tag + '"}</script>' if v % 3 else "")
    body = f'<header class="page-header"><h1 class="page-title">الوسم: <span>{tag}</span></h1></header>{_cards(_others(story, 8), base, v)}<nav class="pagination"><a href="{base}/tag/{tag}/page/3/">التالي</a></nav>'
    return page(f"tag-{v}", url, _doc(f"{tag} الأرشيف - {site}", head, body, base, site), NOT)


def author_page(story: Story, v: int) -> Page:
    base, site = f"https://www.syria-tv{v}.com", "سوريا اليوم"
    name = ("ريم الحسن", "سامر العبد الله", "هلا سليمان", "ياسر العمر")[v % 4]
    url = f"{base}/author/{('reem', 'samer', 'hala', 'yaser')[v % 4]}"
    bio = f"{name} صحفية سورية مقيمة في غازي عنتاب، تكتب عن الشأن الاقتصادي والإنساني في الشمال السوري منذ عام 2015، وعملت مراسلة لعدة مؤسسات إعلامية عربية."
    head = '<meta property="og:type" content="profile">' if v % 2 == 0 else ""
    body = (f'<div class="author-box"><img src="{base}/avatar.jpg" alt=""><h1 class="author-name">{name}</h1><p class="author-bio">{esc(bio)}</p>'
            f'<ul class="author-social">{links([("https://twitter.com/x", "تويتر"), ("https://facebook.com/x", "فيسبوك")])}</ul></div>'
            f'<h2 class="section-title">مقالات الكاتب</h2>{_cards(_others(story, 6), base, v)}')
    return page(f"author-{v}", url, _doc(f"{name} - {site}", head, body, base, site), NOT)


def section_listing(story: Story, v: int) -> Page:
    base, site = f"https://www.shaam{v}.org", "شبكة شام"
    url = (f"{base}/news/syria-news?page={v + 1}", f"{base}/category/politics/", f"{base}/news/", f"{base}/section/economy?page=2")[v % 4]
    items = _others(story, 10)
    lis = "".join(f'<li class="news-item"><h3><a href="{base}/news/{o.number}">{esc(o.title)}</a></h3><span class="date">{gulf(o.published)}</span><p>{esc(o.paragraphs[0][:200])}</p></li>' for o in items)
    body = f'<h1 class="section-title">أخبار سورية</h1><ul class="news-list">{lis}</ul><div class="pager"><a href="?page=1">السابق</a> <a href="?page=3">التالي</a></div>'
    return page(f"listing-{v}", url, _doc(f"أخبار سورية - {site}", "", body, base, site), NOT)


def video_page(story: Story, v: int) -> Page:
    base, site = f"https://www.syria-tv-video{v}.com", "تلفزيون الشام"
    url = f"{base}/video/{80000 + story.number}"
    desc = f"{story.paragraphs[0][:180 + 20 * v]}"
    head = (f'<meta property="og:type" content="video.other"><meta property="og:title" content="{esc(story.title)}"><meta property="og:video" content="{base}/v/{story.number}.mp4">' if v % 2 == 0
            else f'<meta property="og:type" content="article"><script type="application/ld+json">{{"@context":"https://schema.org","@type":"VideoObject","name":"{esc(story.title)}","uploadDate":"{story.published.isoformat()}","thumbnailUrl":"{base}/t.jpg","contentUrl":"{base}/v.mp4"}}</script>')
    related_videos = "".join(f'<li class="video-card"><a href="{base}/video/{o.number}"><img src="{base}/t/{o.number}.jpg" alt=""><span class="duration">03:1{o.number % 10}</span><h3>{esc(o.title)}</h3></a></li>' for o in _others(story, 6))
    body = (f'<div class="video-page"><div class="player"><video controls poster="{base}/p.jpg" src="{base}/v/{story.number}.mp4"></video></div>'
            f'<h1 class="video-title">{esc(story.title)}</h1><div class="video-meta"><span>{gulf(story.published)}</span> <span class="views">1.2 ألف مشاهدة</span></div>'
            f'<div class="video-description"><p>{esc(desc)}</p></div><h2>فيديوهات ذات صلة</h2><ul class="videos">{related_videos}</ul></div>')
    return page(f"video-{v}", url, _doc(f"{story.title} - فيديو - {site}", head, body, base, site), NOT)


def photo_gallery(story: Story, v: int) -> Page:
    base, site = f"https://www.zaman-gallery{v}.net", "زمان الوصل"
    url = (f"{base}/gallery/{90000 + story.number}", f"{base}/photos/{story.number}/", f"{base}/album/{story.number}.html", f"{base}/gallery/{90000 + story.number}")[v % 4]
    caps = [p.split("،")[0][:90] for p in story.paragraphs[:8]]
    figs = "".join(f'<figure class="gallery-item"><img src="{base}/g/{story.number}-{k}.jpg" alt=""><figcaption>{esc(c)}</figcaption></figure>' for k, c in enumerate(caps))
    head = f'<meta property="og:type" content="article"><meta property="og:title" content="{esc(story.title)}">' if v % 2 else '<meta property="og:type" content="website">'
    body = (f'<div class="gallery-page"><h1>بالصور: {esc(story.title)}</h1><div class="gallery-meta">{gulf(story.published)} - تصوير: زمان الوصل</div>'
            f'<div class="gallery-grid">{figs}</div><div class="gallery-nav"><a href="#">الصورة السابقة</a> <a href="#">الصورة التالية</a></div>'
            f'<h2>ألبومات أخرى</h2><ul>{links(related(story, base, 4, "/gallery/"))}</ul></div>')
    return page(f"gallery-{v}", url, _doc(f"بالصور: {story.title} - {site}", head, body, base, site), NOT)
