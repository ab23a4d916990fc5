# ruff: noqa: E501  (HTML templates: lines are page markup)
"""Two article templates Rasad's demo never uses, for the extraction dev corpus.

"enab": an Enab Baladi-like WordPress page: body `div.content-article > p`, an
inline "إقرأ أيضاً" related block, category chips, share/subscribe/follow calls,
a views counter, image credit, "بقلم" byline, visible date only (Levantine
months, Arabic-Indic digits or relative "منذ"), title with " - <site>" suffix.

"sana": an old SANA-like page in windows-1256 / ISO-8859-6 (declared right,
wrong or not at all): body `div.entry > p`, "طباعة / أرسل لصديق", "شاهد أيضاً :"
links, tags line, "كتب:"/"إعداد:"/"تحرير:" bylines, `الثلاثاء , 17 سبتمبر 2024`
dates, title prefixed "سانا | " or suffixed " – وكالة سانا".
"""

from __future__ import annotations

from datetime import datetime
from html import escape

LEV = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
       "تشرين الأول", "تشرين الثاني", "كانون الأول")
GULF = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
        "أكتوبر", "نوفمبر", "ديسمبر")
DAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _links(items: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in items)


def enab_page(*, title: str, paragraphs: list[str], author: str | None, date_html: str,
              url: str, related: list[tuple[str, str]], variant: int) -> str:
    body = [_p(p) for p in paragraphs]
    read_also = ("إقرأ أيضاً:", "اقرأ أيضًا", "يهمك أيضاً")[variant % 3]
    block = (f'<div class="related-inline"><p class="ra-title">{read_also}</p>'
             f"<ul>{_links(related[:3])}</ul></div>")
    body.insert(2, block)
    body.insert(len(body) - 1, f'<p><a href="{escape(related[-1][0])}">'
                f"{escape(related[-1][1])}</a></p>")
    byline = f'<p class="author-line">بقلم: <a href="/author/x/">{escape(author)}</a></p>' \
        if author else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title)} - عنب بلدي</title>
<meta property="og:title" content="{escape(title)} - عنب بلدي">
<meta property="og:site_name" content="عنب بلدي">
<meta property="og:type" content="article">
<link rel="canonical" href="{escape(url)}">
</head><body class="single single-post">
<header class="site-header"><a class="logo" href="/">عنب بلدي</a>
<nav><ul>{_links([("/category/news/", "أخبار سوريا"), ("/category/economy/", "اقتصاد"),
                  ("/category/reports/", "تقارير"), ("/category/sport/", "رياضة")])}</ul></nav>
<div class="header-date">{DAYS[variant % 7]} ١ كانون الثاني ٢٠٢٠</div></header>
<div class="wrap"><main id="main">
<div class="post-cats"><a href="/category/news/">أخبار سوريا</a> <a href="/category/x/">سياسة</a></div>
<h1 class="post-title">{escape(title)}</h1>
<div class="post-info"><span class="post-date">{date_html}</span>
<span class="views">عدد القراءات: {1200 + variant * 37}</span></div>
<figure class="wp-caption"><img src="/wp-content/uploads/{variant}.jpg" alt="">
<figcaption>صورة تعبيرية (عنب بلدي)</figcaption></figure>
<div class="content-article">
{byline}
{chr(10).join(body)}
<p>تابعونا على تلغرام: <a href="https://t.me/enabbaladi">t.me/enabbaladi</a></p>
<div class="share-box"><span>شارك هذا المقال</span> <a href="https://facebook.com/sharer">فيسبوك</a>
<a href="https://twitter.com/intent">تويتر</a> <a href="https://wa.me/">واتساب</a></div>
<p class="newsletter">اشترك في نشرتنا البريدية ليصلك كل جديد</p>
</div>
<div class="tags"><span>الكلمات المفتاحية:</span> <a href="/tag/a/">الحسكة</a> <a href="/tag/b/">قسد</a></div>
<section class="related-posts"><h3>مقالات متعلقة</h3><ul>{_links(related)}</ul></section>
<div id="comments"><h3>اترك تعليقاً</h3><form class="comment-form"><textarea></textarea>
<p>لن يتم نشر عنوان بريدك الإلكتروني.</p></form></div>
</main>
<aside class="sidebar"><h3>الأكثر قراءة</h3><ul>{_links(related[::-1])}</ul></aside></div>
<footer class="site-footer"><p>جميع الحقوق محفوظة © عنب بلدي 2024</p>
<ul>{_links([("/about/", "من نحن"), ("/contact/", "اتصل بنا")])}</ul></footer>
</body></html>"""


def enab_dates(published: datetime, variant: int) -> str:
    """Visible date in one of the forms Enab Baladi-like pages print."""
    if variant % 2 == 0:
        text = f"{DAYS[published.weekday()]} {published.day} {LEV[published.month - 1]} " \
               f"{published.year} - {published:%H:%M}"
        return text.translate(INDIC)
    return "منذ 3 ساعات"


def sana_page(*, title: str, paragraphs: list[str], author: str | None, published: datetime,
              url: str, related: list[tuple[str, str]], variant: int, charset: str | None,
              show_date: bool = True) -> str:
    byword = ("كتب:", "إعداد:", "تحرير:", "متابعة:")[variant % 4]
    byline = f'<p class="writer"><strong>{byword} {escape(author)}</strong></p>' \
        if author else ""
    head_title = f"سانا | {title}" if variant % 2 else f"{title} – وكالة سانا"
    declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' \
        if charset else ""
    date = f"{DAYS[published.weekday()]} , {published.day} {GULF[published.month - 1]} " \
           f"{published.year}" if show_date else ""
    body = "\n".join(_p(p) for p in paragraphs[:2]) + \
        f'\n<p>شاهد أيضاً : <a href="{escape(related[0][0])}">{escape(related[0][1])}</a></p>\n' + \
        "\n".join(_p(p) for p in paragraphs[2:])
    return f"""<html dir="rtl"><head>{declared}
<title>{escape(head_title)}</title>
<meta name="keywords" content="سانا, سوريا, أخبار">
<meta name="application-name" content="سانا">
</head><body>
<table width="100%"><tr><td class="top"><a href="/">الرئيسية</a> | <a href="/?cat=1">محلي</a> |
<a href="/?cat=2">سياسة</a> | <a href="/?cat=3">اقتصاد</a> | <a href="/?cat=4">رياضة</a></td></tr></table>
<div id="content"><div class="post">
<div class="postmeta"><span class="cat"><a href="/?cat=1">محلي</a></span>
<span class="date">{date}</span></div>
<h2 class="title">{escape(title)}</h2>
<div class="entry">
{body}
{byline}
<p class="tools"><a href="#" onclick="print()">طباعة</a> | <a href="/send">أرسل لصديق</a></p>
<p class="counter">عدد المشاهدات : {400 + variant * 11}</p>
</div>
<div class="tags">كلمات مفتاحية: <a href="/?tag=1">حصار</a>, <a href="/?tag=2">الحسكة</a></div>
<div class="related"><h3>أخبار ذات صلة</h3><ul>{_links(related)}</ul></div>
</div></div>
<div id="footer">جميع الحقوق محفوظة للوكالة العربية السورية للأنباء - سانا 2024</div>
</body></html>"""


def nedaa_page(*, title: str, paragraphs: list[str], author: str | None, published: datetime,
               url: str, related: list[tuple[str, str]], variant: int) -> str:
    """A Nedaa Post-like Botble page: share box "شارك"/"غرد", tag box, opinion
    disclaimer, previous/next post, English "Leave a Comment"; date `Y/m/d` only."""
    body = "\n".join(_p(p) for p in paragraphs)
    by = f'<span class="post-author"><a href="/author/x">{escape(author)}</a></span>' \
        if author else ""
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="UTF-8">
<title>{escape(title)} - نداء بوست</title>
<meta property="og:site_name" content="نداء بوست">
<meta property="og:type" content="article">
<link rel="canonical" href="{escape(url)}"></head>
<body><div class="top-header"><span class="today">{published:%Y/%m/%d}</span>
<ul class="menu">{_links([("/", "الرئيسية"), ("/category/syria", "سوريا"), ("/category/opinion", "رأي")])}</ul></div>
<div class="container"><div class="col-md-8"><div class="post-details">
<h1 class="post-title">{escape(title)}</h1>
<div class="post-meta">{by}<span class="post-date"><i class="fa fa-clock"></i> {published:%Y/%m/%d}</span></div>
<div class="share-box"><a href="https://facebook.com/sharer">شارك</a> <a href="https://twitter.com/share">غرد</a></div>
<div class="post-body">
{body}
<p class="disclaimer">المقالات المنشورة تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الموقع</p>
</div>
<div class="tags-box"><span>الوسوم:</span> <a href="/tag/a">سوريا</a> <a href="/tag/b">الحسكة</a></div>
<div class="post-navigation"><a class="prev" href="{escape(related[0][0])}">المقال السابق: {escape(related[0][1])}</a>
<a class="next" href="{escape(related[1][0])}">المقال التالي: {escape(related[1][1])}</a></div>
<div class="comments"><h4>Leave a Comment</h4><form><textarea name="c"></textarea></form></div>
</div></div>
<div class="col-md-4 sidebar"><h4>الأكثر قراءة</h4><ul>{_links(related)}</ul></div></div>
<footer><p>© {published.year} نداء بوست. جميع الحقوق محفوظة</p></footer>
</body></html>"""


def jazeera_page(*, title: str, paragraphs: list[str], published: datetime, url: str,
                 related: list[tuple[str, str]], variant: int) -> str:
    """An Al Jazeera-like page: JSON-LD date, an inline "اقرأ أيضا" `.more-on` block
    of links inside the body, "المصدر : الجزيرة + وكالات", a multi-part <title>."""
    blocks = [_p(p) for p in paragraphs]
    more = (f'<div class="more-on"><h2 class="more-on__title">اقرأ أيضا</h2>'
            f'<ul class="more-on__list">{_links(related[:3])}</ul></div>')
    blocks.insert(min(2, len(blocks)), more)
    data = ('{"@context":"https://schema.org","@type":"NewsArticle","headline":'
            f'"{escape(title)}","datePublished":"{published.isoformat()}",'
            '"publisher":{"@type":"Organization","name":"الجزيرة نت"}}')
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title)} | أخبار | الجزيرة نت</title>
<script type="application/ld+json">{data}</script>
<link rel="canonical" href="{escape(url)}"></head>
<body><header class="site-header" role="banner"><nav><ul>{_links([("/news/", "أخبار"), ("/politics/", "سياسة")])}</ul></nav></header>
<main id="main-content-area"><header class="article-header"><div class="topics"><a href="/where/syria/">سوريا</a></div>
<h1>{escape(title)}</h1></header>
<div class="article-info-block"><div class="date-simple"><span>{published.day} {GULF[published.month - 1]} {published.year}</span></div></div>
<div class="wysiwyg wysiwyg--all-content">
{chr(10).join(blocks)}
<p>المصدر : الجزيرة + وكالات</p>
</div>
<div class="article-share"><span>شارك</span></div>
<section class="more-articles"><h2>المزيد من سياسة</h2><ul>{_links(related)}</ul></section>
</main><footer><p>© 2024 شبكة الجزيرة الإعلامية</p></footer></body></html>"""
