# ruff: noqa: E501  (page markup)
"""Pages from before CSS layouts: layout tables with `<br>`-separated text,
`<font>`/`<center>` markup, Joomla 1.5's `contentpaneopen` tables, print views
and a windows-1256 page that declares UTF-8."""

from __future__ import annotations

from tests.zoo.kit import (
    RIGHTS,
    Page,
    Story,
    esc,
    gulf,
    hhmm,
    indic,
    lev,
    links,
    page,
    related,
    want,
    weekday,
)

BYLINES = ("person", None, "desk", "agency")


def _menu(base: str) -> str:
    items = [("/index.php", "الصفحة الرئيسية"), ("/news.php", "الأخبار المحلية"),
             ("/arab.php", "أخبار عربية"), ("/world.php", "أخبار دولية"), ("/articles.php", "مقالات"),
             ("/archive.php", "الأرشيف")]
    return "<br>\n".join(f'<a href="{base}{h}" class="menu">{t}</a>' for h, t in items)


def table_br(story: Story, v: int) -> Page:
    """An outlet on a 2000s layout table: text in one cell, paragraphs split by <br><br>."""
    s = story.with_byline(BYLINES[v % 4])
    base = f"http://www.alfurat-news{v}.com"
    url = f"{base}/news.php?id={4000 + s.number}"
    text = "<br><br>\n".join(esc(p) for p in s.paragraphs)
    dated = f"{weekday(s.published)} {lev(s.published)}" + (f" - الساعة {hhmm(s.published)}" if v % 2 else "")
    sign = {"person": f"بقلم: {s.author}", "desk": f"{s.author}", "agency": f"المصدر: {s.author}"}.get(s.author_kind or "", "")
    rel = "".join(f'<tr><td class="rel">&raquo; <a href="{h}">{esc(t)}</a></td></tr>' for h, t in related(s, base, 4, "/news.php?id="))
    html = f"""<html dir="rtl"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(s.title)} - الفرات نيوز</title>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">
<table width="780" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="2"><img src="/images/top_banner.gif" width="780" height="90" alt="الفرات نيوز"></td></tr>
<tr><td colspan="2" bgcolor="#003366"><marquee direction="right"><font color="#FFFFFF">عاجل: انقطاع الكهرباء عن أحياء في المدينة | افتتاح معرض الكتاب</font></marquee></td></tr>
<tr><td width="160" valign="top" bgcolor="#EEEEEE">{_menu(base)}</td>
<td width="620" valign="top">
<table width="100%" border="0" cellpadding="4">
<tr><td class="title"><font size="4" color="#990000"><b>{esc(s.title)}</b></font></td></tr>
<tr><td class="date"><font size="1" color="#666666">{dated}</font></td></tr>
<tr><td class="text" align="justify">{text}<br><br>
{f'<b>{esc(sign)}</b>' if sign else ''}</td></tr>
<tr><td><a href="print.php?id={4000 + s.number}">طباعة</a> | <a href="send.php">أرسل لصديق</a> | عدد القراءات: {300 + v * 17}</td></tr>
</table>
<table width="100%"><tr><td class="hd"><b>أخبار ذات صلة</b></td></tr>{rel}</table>
</td></tr>
<tr><td colspan="2" align="center"><font size="1">{RIGHTS} &copy; الفرات نيوز 2009</font></td></tr>
</table></body></html>"""
    return page(f"table-br-{v}", url, html, want(s, time_known=bool(v % 2), furniture=["طباعة | أرسل لصديق", "عدد القراءات", RIGHTS, "أخبار ذات صلة"]))


def font_center(story: Story, v: int) -> Page:
    """`<center>`, `<font>` and unclosed `<p>`: a 1990s-style page still online."""
    s = story.with_byline(("person", None, "agency", None)[v % 4])
    base = f"http://www.sawt-alsham{v}.net"
    url = f"{base}/news/{s.published:%Y%m%d}-{s.number}.htm"
    blocks = []
    for i, p in enumerate(s.paragraphs):
        blocks.append(f"<p>{esc(p)}" if i % 3 == 0 else f"{esc(p)}<br><br>")
    date = indic(f"{s.published:%d/%m/%Y}") if v % 2 else f"{weekday(s.published)} {gulf(s.published)}"
    sign = f'<p align="left"><font size="2"><i>{"كتب: " if s.author_kind == "person" else "المصدر: "}{esc(s.author)}</i></font>' if s.author else ""
    html = f"""<HTML><HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8">
<TITLE>صوت الشام - {esc(s.title)}</TITLE></HEAD>
<BODY BGCOLOR="#FFFFF0" TEXT="#000000" LINK="#000080">
<CENTER><IMG SRC="/img/logo.jpg" ALT="صوت الشام"><BR>
<FONT FACE="Arial" SIZE="2"><A HREF="/">الرئيسية</A> - <A HREF="/news/">الأخبار</A> - <A HREF="/maqalat/">مقالات</A> - <A HREF="/contact.htm">راسلونا</A></FONT></CENTER>
<HR WIDTH="90%">
<CENTER><FONT FACE="Traditional Arabic" SIZE="6" COLOR="#800000"><B>{esc(s.title)}</B></FONT></CENTER>
<P ALIGN="center"><FONT FACE="Arial" SIZE="2" COLOR="#808080">{date}</FONT>
<BLOCKQUOTE><FONT FACE="Simplified Arabic" SIZE="4">
{chr(10).join(blocks)}
{sign}
</FONT></BLOCKQUOTE>
<HR WIDTH="90%">
<CENTER><FONT SIZE="2"><A HREF="/news/">المزيد من الأخبار</A> | <A HREF="/">عودة إلى الصفحة الرئيسية</A></FONT><BR>
<FONT SIZE="1">{RIGHTS} لموقع صوت الشام 2003 - 2024</FONT></CENTER>
</BODY></HTML>"""
    return page(f"font-center-{v}", url, html, want(s, time_known=False, furniture=["المزيد من الأخبار", "عودة إلى الصفحة الرئيسية", RIGHTS]))


def joomla15_table(story: Story, v: int) -> Page:
    """Joomla 1.5 ("contentpaneopen" tables): a ministry press release in a layout table."""
    s = story.with_byline(("desk", "person", None, "desk")[v % 4])
    base = f"http://www.moi-sy{v}.gov"
    url = f"{base}/index.php?option=com_content&view=article&id={700 + s.number}&Itemid=58"
    date = f"{weekday(s.published)}, {s.published:%d} {('كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول')[s.published.month - 1]} {s.published.year} {hhmm(s.published)}"
    author = f'<tr><td width="70%" valign="top" colspan="2"><span class="small">كتب {esc(s.author)}</span>&nbsp;&nbsp;</td></tr>' if s.author else ""
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ar-aa" lang="ar-aa" dir="rtl">
<head><meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="generator" content="Joomla! 1.5 - Open Source Content Management" />
<title>{esc(s.title)}</title></head>
<body>
<table class="maintable" width="100%"><tr><td class="leftcol" valign="top">
<table width="100%" class="moduletable_menu"><tr><td><ul class="menu">{links([(base + "/", "الرئيسية"), (base + "/index.php?option=com_content&view=category&id=3", "أخبار الوزارة"), (base + "/index.php?option=com_contact", "اتصل بنا")])}</ul></td></tr></table>
</td><td valign="top" class="maincol">
<div class="breadcrumbs"><a href="{base}/" class="pathway">الرئيسية</a> <img src="/templates/x/images/arrow.png" alt="" /> <a href="#" class="pathway">أخبار الوزارة</a></div>
<table class="contentpaneopen">
<tr><td class="contentheading" width="100%">{esc(s.title)}</td>
<td align="right" width="100%" class="buttonheading"><a href="{url}&tmpl=component&print=1" title="طباعة"><img src="/images/M_images/printButton.png" alt="طباعة" /></a></td>
<td align="right" width="100%" class="buttonheading"><a href="/index.php?option=com_mailto" title="البريد الإلكتروني"><img src="/images/M_images/emailButton.png" alt="البريد الإلكتروني" /></a></td></tr>
</table>
<table class="contentpaneopen">
{author}
<tr><td valign="top" class="createdate">{date}</td></tr>
<tr><td valign="top">{paras}</td></tr>
<tr><td colspan="2" align="left" class="modifydate">آخر تحديث {weekday(s.published)}, {s.published:%d} {('كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول')[s.published.month - 1]} {s.published.year} {hhmm(s.published)}</td></tr>
</table>
<span class="article_separator">&nbsp;</span>
</td></tr></table>
<div id="footer">{RIGHTS} © 2012 وزارة الإعلام</div>
</body></html>"""
    return page(f"joomla15-table-{v}", url, html, want(s, furniture=["آخر تحديث", RIGHTS]))


def print_view(story: Story, v: int) -> Page:
    """A print version (`?print=1`): the article with a logo, its URL and a notice."""
    s = story.with_byline(("person", "agency", None, "person")[v % 4])
    base = f"https://www.alwatan-sy{v}.com"
    url = f"{base}/archives/{5000 + s.number}?print=1"
    date = f"{gulf(s.published)} {hhmm(s.published)}" if v % 2 == 0 else lev(s.published)
    by = f'<div class="print-author">{"بقلم" if s.author_kind == "person" else "المصدر"}: {esc(s.author)}</div>' if s.author else ""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(s.title)} | الوطن أونلاين</title><meta name="robots" content="noindex">
<link rel="canonical" href="{base}/archives/{5000 + s.number}">
<link rel="stylesheet" href="/print.css" media="print"></head>
<body onload="window.print()" class="print-page">
<div class="print-header"><img src="/logo-print.png" alt="الوطن أونلاين"><span>الوطن أونلاين</span>
<a href="javascript:window.print()" class="print-btn">اطبع هذه الصفحة</a></div>
<h1 class="print-title">{esc(s.title)}</h1>
<div class="print-date">{date}</div>
{by}
<div class="print-content">{body}</div>
<div class="print-footer"><p>رابط المقال: {base}/archives/{5000 + s.number}</p>
<p>{RIGHTS} لصحيفة الوطن 2024</p></div>
</body></html>"""
    return page(f"print-{v}", url, html, want(s, time_known=v % 2 == 0, furniture=["اطبع هذه الصفحة", "رابط المقال", RIGHTS]))


def misdeclared(story: Story, v: int) -> Page:
    """A windows-1256 page whose <meta> (and server) says UTF-8, or ISO-8859-6 called latin-1."""
    s = story.with_byline(("person", None, "agency", "person")[v % 4])
    base = f"http://www.qasioun-press{v}.net"
    url = f"{base}/details.php?id={900 + s.number}"
    charset, encoding = (("utf-8", "windows-1256"), ("iso-8859-1", "windows-1256"),
                         ("utf-8", "windows-1256"), ("iso-8859-1", "iso-8859-6"))[v % 4]
    by = f'<div class="writer">{"الكاتب" if s.author_kind == "person" else "المصدر"}: {esc(s.author)}</div>' if s.author else ""
    html = f"""<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>قاسيون برس :: {esc(s.title)}</title></head>
<body><div id="top"><a href="/">قاسيون برس</a> | <a href="/cat.php?id=1">أخبار سورية</a> | <a href="/cat.php?id=2">تقارير</a></div>
<div id="content"><h2 class="news_title">{esc(s.title)}</h2>
<div class="news_date">تاريخ النشر: {s.published:%Y-%m-%d} {hhmm(s.published)}</div>
{by}
<div class="news_text">{"".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)}</div>
<div class="tools"><a href="print.php">طباعة الخبر</a> <a href="send.php">أرسل لصديق</a></div>
</div><div id="bottom">{RIGHTS} - قاسيون برس</div></body></html>"""
    return page(f"misdeclared-{v}", url, html, want(s, furniture=["طباعة الخبر", RIGHTS]),
                encoding=encoding)
