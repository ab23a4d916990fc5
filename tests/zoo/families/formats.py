# ruff: noqa: E501  (page markup and Arabic text)
"""Article formats rather than CMSs: paginated articles (page 2 of 3), live blogs,
embedded posts and videos, inline galleries, short wire reports (120-250
characters), Hijri-plus-Gregorian datelines, Maghrebi outlets (their month names
and UTC+1) and pages dated only relatively ("منذ ساعتين")."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone

from tests.zoo.kit import (
    FETCHED,
    RIGHTS,
    Page,
    Story,
    ago,
    esc,
    fresh,
    gulf,
    hhmm,
    hijri,
    indic,
    jsonld,
    links,
    maghreb,
    nav,
    news_jsonld,
    og,
    page,
    ps,
    related,
    want,
    weekday,
)

WIRES = (
    "الحسكة-سانا: وصلت إلى مدينة الحسكة اليوم قافلة مساعدات إنسانية تضم 25 شاحنة محملة بالمواد الغذائية والطبية، مقدمة من الهلال الأحمر العربي السوري، لتوزيعها على الأسر المتضررة في الأحياء المحاصرة.",
    "أعلنت المؤسسة العامة للكهرباء عن برنامج تقنين جديد في ريف دمشق يبدأ غداً الأحد، بمعدل ثلاث ساعات وصل مقابل ثلاث ساعات قطع، بسبب نقص توريدات الغاز إلى محطات التوليد.",
    "قتل مدني وأصيب اثنان آخران بانفجار لغم أرضي في ريف درعا الشرقي صباح اليوم، بحسب ما أفاد به مراسلنا، في حادثة هي الثالثة من نوعها خلال الشهر الجاري.",
    "رفعت وزارة التجارة الداخلية سعر ليتر المازوت المدعوم إلى 2000 ليرة سورية اعتباراً من منتصف ليل اليوم، وفق قرار نشرته على معرفاتها الرسمية.",
    "أفرجت السلطات التركية عن 14 لاجئاً سورياً كانوا محتجزين في مركز ترحيل بولاية غازي عنتاب، بعد تدخل منظمات حقوقية، وفق ما ذكره ناشطون محليون.",
)
WIRE_TITLES = ("وصول قافلة مساعدات إنسانية إلى الحسكة", "برنامج تقنين جديد للكهرباء في ريف دمشق",
               "مقتل مدني بانفجار لغم في ريف درعا", "رفع سعر المازوت المدعوم", "الإفراج عن 14 لاجئاً سورياً في تركيا")


def _shell(site: str, base: str, head: str, main: str, *, aside: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>
<body><header class="site-header"><div class="logo"><a href="{base}/">{site}</a></div>{nav(base)}
<div class="ticker"><span>عاجل</span><ul>{links([(base + "/news/1", "انقطاع الطرق الرئيسية بسبب العاصفة الثلجية"), (base + "/news/2", "ارتفاع أسعار الخبز في الأسواق")])}</ul></div></header>
<div class="container"><main class="content">{main}</main><aside class="sidebar">{aside}</aside></div>
<footer class="footer"><p>{RIGHTS} © {site} 2024</p></footer></body></html>"""


def paginated(story: Story, v: int) -> Page:
    s = story.with_byline(("person", None, "desk", "person")[v % 4])
    base, site = f"https://www.alsouria-net{v}.com", "سوريا نت"
    third = max(1, len(s.paragraphs) // 3)
    part = s.paragraphs[third: 2 * third]
    url = (f"{base}/{s.slug[:40]}/2/", f"{base}/article/{s.number}?page=2", f"{base}/news/{s.number}.html?pg=2", f"{base}/{s.slug[:40]}/2/")[v % 4]
    pager = (f'<div class="page-links"><span class="page-links-title">الصفحات:</span> <a href="{base}/{s.slug[:40]}/" class="post-page-numbers">1</a> '
             f'<span class="post-page-numbers current" aria-current="page">2</span> <a href="{base}/{s.slug[:40]}/3/" class="post-page-numbers">3</a></div>'
             '<nav class="article-pager"><a rel="prev" href="?page=1">الصفحة السابقة</a> <a rel="next" href="?page=3">الصفحة التالية</a></nav>')
    byline = f'<div class="byline">بقلم: <a href="{base}/author/x">{esc(s.author)}</a></div>' if s.author else ""
    main = (f'<article class="post"><h1 class="post-title">{esc(s.title)}</h1><div class="post-meta"><span class="post-date">{weekday(s.published)} {gulf(s.published)}</span>{byline}</div>'
            f'<div class="post-pagination-note">هذه الصفحة 2 من 3</div><div class="post-body">{ps(part)}</div>{pager}</article>')
    head = f"<title>{esc(s.title)} - الصفحة 2 - {site}</title>{og(s, url, site)}{news_jsonld(s, url, site, with_time=False)}"
    html = _shell(site, base, head, main, aside=f"<h3>الأكثر قراءة</h3><ul>{links(related(s, base, 5))}</ul>")
    return page(f"paginated-{v}", url, html, want(s, time_known=False, paragraphs=part, furniture=["الصفحة السابقة", "الصفحة التالية", "هذه الصفحة 2 من 3", "الصفحات:"]))


def liveblog(story: Story, v: int) -> Page:
    s = story.with_byline(("desk", None, "desk", "agency")[v % 4])
    base, site = f"https://www.orient-live{v}.net", "أورينت"
    url = f"{base}/ar/live/{s.number}"
    entries = []
    for i, p in enumerate(s.paragraphs):
        when = s.published + timedelta(minutes=25 * (len(s.paragraphs) - 1 - i))
        entries.append(f'<div class="live-entry" id="entry-{i}"><div class="entry-time"><time datetime="{when.isoformat()}">{hhmm(when)}</time></div>'
                       f'<div class="entry-body"><p>{esc(p)}</p></div><div class="entry-share"><a href="#entry-{i}">شارك</a></div></div>')
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": s.title, "url": url, "datePublished": s.published.isoformat(),
          "coverageStartTime": s.published.isoformat(), "publisher": {"@type": "Organization", "name": site},
          "liveBlogUpdate": [{"@type": "BlogPosting", "headline": p[:60], "datePublished": s.published.isoformat()} for p in s.paragraphs[:2]]}
    if s.author:
        ld["author"] = {"@type": "Organization", "name": s.author}
    credit = f'<div class="live-credit">إعداد: {esc(s.author)}</div>' if s.author else ""
    main = (f'<div class="live-header"><span class="live-badge">مباشر</span><span class="live-update">تحديث مباشر</span><h1>{esc(s.title)}</h1>'
            f'<div class="live-meta">بدأت التغطية: {gulf(s.published)} {hhmm(s.published)}</div>{credit}'
            f'<div class="live-sort"><button>الأحدث أولاً</button><button>الأقدم أولاً</button></div></div><div class="live-feed">{"".join(entries)}</div>'
            '<button class="load-more">تحميل المزيد من التحديثات</button>')
    head = f"<title>{esc(s.title)} | تغطية مباشرة | {site}</title>{og(s, url, site)}{jsonld(ld)}"
    return page(f"liveblog-{v}", url, _shell(site, base, head, main), want(s, furniture=["تحديث مباشر", "الأحدث أولاً", "تحميل المزيد من التحديثات", "مباشر"]))


def embeds(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", None, "person")[v % 4])
    base, site = f"https://www.npa-syria{v}.com", "نورث برس"
    url = f"{base}/{20000 + s.number}/"
    tweet = "الدفاع المدني: فرقنا تعمل على إخماد حريق كبير اندلع في مخيم للنازحين شمال إدلب، ولا إصابات حتى الآن."
    blocks = [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    tw = (f'<blockquote class="twitter-tweet" data-lang="ar"><p lang="ar" dir="rtl">{tweet} <a href="https://t.co/x{v}">pic.twitter.com/x{v}AbC</a></p>'
          f'&mdash; الدفاع المدني السوري (@SyriaCivilDef) <a href="https://twitter.com/SyriaCivilDef/status/1{v}">{gulf(s.published - timedelta(days=3))}</a></blockquote>'
          '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>')
    yt = f'<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper"><iframe title="فيديو من موقع الحادثة" width="640" height="360" src="https://www.youtube.com/embed/ab{v}cd" frameborder="0" allowfullscreen></iframe></div></figure>'
    insta = ('<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/Cx1/" data-instgrm-version="14"><div><a href="https://www.instagram.com/p/Cx1/" target="_blank">'
             '<div>عرض هذا المنشور على Instagram</div></a><p><a href="https://www.instagram.com/p/Cx1/">‏تمت مشاركة منشور بواسطة ‏نورث برس‏ (@northpress)‏</a></p></div></blockquote>')
    fb = f'<div class="fb-post" data-href="https://www.facebook.com/page/posts/{v}" data-width="500"><blockquote cite="https://www.facebook.com/page/posts/{v}" class="fb-xfbml-parse-ignore"><a href="https://www.facebook.com/page/posts/{v}">منشور على فيسبوك</a></blockquote></div>'
    blocks.insert(1, tw)
    blocks.insert(3, (yt, insta, fb, yt)[v % 4])
    paragraphs = [s.paragraphs[0], tweet, *s.paragraphs[1:]]
    byline = f'<span class="author">{esc(s.author)}</span>' if s.author else ""
    main = (f'<article class="single"><h1 class="entry-title">{esc(s.title)}</h1><div class="entry-meta">{byline}<time class="entry-date" datetime="{s.published.isoformat()}">{gulf(s.published)}</time></div>'
            f'<div class="entry-content">{"".join(blocks)}</div></article>')
    head = f"<title>{esc(s.title)} - {site}</title>{og(s, url, site)}"
    return page(f"embeds-{v}", url, _shell(site, base, head, main), want(s, paragraphs=paragraphs, furniture=["عرض هذا المنشور على Instagram", "تمت مشاركة منشور بواسطة", "(@SyriaCivilDef)", "منشور على فيسبوك"]))


def gallery_inline(story: Story, v: int) -> Page:
    s = story.with_byline(("person", None, "agency", "desk")[v % 4])
    base, site = f"https://www.hawar-news{v}.com", "هاوار"
    url = f"{base}/ar/news/{30000 + s.number}"
    figs = "".join(f'<figure class="gallery-item"><a href="{base}/img/{s.number}-{k}.jpg"><img src="{base}/img/{s.number}-{k}-t.jpg" alt=""></a><figcaption class="wp-caption-text gallery-caption">مشهد من المدينة {k + 1}/4</figcaption></figure>' for k in range(4))
    gallery = f'<div id="gallery-1" class="gallery galleryid-{s.number} gallery-columns-4 gallery-size-thumbnail">{figs}</div><p class="gallery-count">4 صور</p>'
    blocks = [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    blocks.insert(len(blocks) // 2, gallery)
    sign = f'<p class="source">المصدر: {esc(s.author)}</p>' if s.author_kind == "agency" else ""
    byline = f'<div class="writer">{esc(s.author)}</div>' if s.author and s.author_kind != "agency" else ""
    main = (f'<div class="news-details"><h1>{esc(s.title)}</h1><div class="details-date">{indic(f"{s.published:%Y/%m/%d} - {hhmm(s.published)}")}</div>{byline}'
            f'<div class="details-text">{"".join(blocks)}{sign}</div></div>')
    head = f"<title>{esc(s.title)}</title>{og(s, url, site)}"
    return page(f"gallery-inline-{v}", url, _shell(site, base, head, main), want(s, furniture=["4 صور"]))


def wire_short(story: Story, v: int) -> Page:
    text, title = WIRES[v % len(WIRES)], WIRE_TITLES[v % len(WIRES)]
    s = replace(story, title=title, paragraphs=(text,)).with_byline(("agency", None, "agency", "desk")[v % 4])
    if v % 4 == 0:
        s = replace(s, author="سانا", credit="سانا")
    base, site = f"https://www.syria-news-agency{v}.sy", "وكالة الأنباء السورية الحرة"
    url = f"{base}/news/{40000 + s.number}"
    sign = f'<div class="news-source">المصدر: {esc(s.author)}</div>' if s.author_kind == "agency" and v % 4 else ""
    desk = f'<div class="news-writer">{esc(s.author)}</div>' if s.author_kind == "desk" else ""
    main = (f'<article class="news-item"><h1>{esc(title)}</h1><div class="news-time">{weekday(s.published)} {gulf(s.published)} - {hhmm(s.published)}</div>{desk}'
            f'<div class="news-text"><p>{esc(text)}</p>{sign}</div><div class="news-tags"><a href="{base}/tag/1">محليات</a></div></article>')
    head = f"<title>{esc(title)} | {site}</title>{og(s, url, site)}" + (news_jsonld(s, url, site) if v % 2 == 0 else "")
    html = _shell(site, base, head, main, aside=f"<h3>آخر الأخبار</h3><ul>{links(related(s, base, 6, '/news/'))}</ul>")
    return page(f"wire-short-{v}", url, html, want(s, furniture=[]))


def hijri_dateline(story: Story, v: int) -> Page:
    s = story.with_byline(("person", "desk", None, "agency")[v % 4])
    base, site = f"https://www.alyaum-sy{v}.com", "اليوم"
    url = f"{base}/articles/{50000 + s.number}"
    g = gulf(s.published) + " م"
    h = hijri(s.published)
    line = (f"{weekday(s.published)} {h} - {g}", f"{weekday(s.published)} {g} الموافق {h}",
            indic(f"{weekday(s.published)} {h} - {g}") + f" | {indic(hhmm(s.published))}", f"{g} - {h} - {hhmm(s.published)}")[v % 4]
    timed = v % 4 >= 2
    byline = f'<p class="article-author">{"بقلم" if s.author_kind == "person" else "المصدر"}: {esc(s.author)}</p>' if s.author else ""
    main = (f'<div class="article"><div class="article-date">{line}</div><h1 class="article-title">{esc(s.title)}</h1>{byline}'
            f'<div class="article-content">{ps(s.paragraphs)}</div><div class="article-tools"><a href="#">طباعة</a> <a href="#">حفظ</a> <a href="#">إرسال</a></div></div>')
    head = f"<title>{esc(s.title)} - {site}</title>{og(s, url, site)}"
    return page(f"hijri-{v}", url, _shell(site, base, head, main), want(s, time_known=timed, furniture=["طباعة"]))


def maghreb_outlet(story: Story, v: int) -> Page:
    """An Algerian/Tunisian outlet: Maghrebi month names, times in UTC+1 (the
    source's configured time zone)."""
    local = story.published.astimezone(timezone(timedelta(hours=1)))
    s = replace(story, published=local).with_byline(("person", None, "agency", "person")[v % 4])
    base, site = f"https://www.elkhabar-dz{v}.com", "الخبر"
    url = f"{base}/press/article/{60000 + s.number}/"
    printed = (f"{weekday(s.published)} {maghreb(s.published)} {hhmm(s.published)}", f"{maghreb(s.published)}",
               f"نشر في {maghreb(s.published)} على الساعة {hhmm(s.published)}", indic(maghreb(s.published)))[v % 4]
    timed = v % 4 in (0, 2)
    byline = f'<span class="auth">{esc(s.author)}</span>' if s.author else ""
    main = (f'<div class="main-article"><h1 class="title">{esc(s.title)}</h1><div class="infos">{byline}<span class="date">{printed}</span></div>'
            f'<div class="text">{ps(s.paragraphs)}</div><div class="share"><span>شارك المقال</span> <a href="#">فايسبوك</a> <a href="#">تويتر</a></div></div>')
    head = f"<title>{esc(s.title)} - {site}</title>{og(s, url, site)}"
    w = want(s, time_known=timed, furniture=["شارك المقال", "فايسبوك"])
    p = page(f"maghreb-{v}", url, _shell(site, base, head, main), w)
    p.expected["timezone"] = "+01:00"
    return p


def relative_dates(story: Story, v: int) -> Page:
    hours = (2, 0.67, 5, 49)[v % 4]
    s = fresh(story, hours).with_byline(("person", None, "desk", "person")[v % 4])
    base, site = f"https://www.shaam-net{v}.org", "شبكة شام"
    url = f"{base}/news/syria-news/{70000 + s.number}"
    printed = "منذ يومين" if hours > 48 else ago(FETCHED, s.published)
    byline = f'<span class="post-author">{esc(s.author)}</span>' if s.author else ""
    main = (f'<div class="news-page"><h1>{esc(s.title)}</h1><div class="news-info">{byline}<span class="news-date">{printed}</span></div>'
            f'<div class="news-body">{ps(s.paragraphs)}</div></div>')
    head = f"<title>{esc(s.title)} - {site}</title>{og(s, url, site)}"
    if hours > 48:
        day = (FETCHED.astimezone(s.published.tzinfo) - timedelta(days=2)).date().isoformat()
        w = want(s, time_known=False, day=day, fetched_at=FETCHED)
    else:
        w = want(s, fetched_at=FETCHED)
    return page(f"relative-{v}", url, _shell(site, base, head, main), w)
