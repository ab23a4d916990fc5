# ruff: noqa: E501  (page markup and Arabic text)
"""What every zoo family shares: the stories it publishes, date formats as outlets
print them, furniture lines outlets put around a body, and the expected values.

A family is a function `(story, variant) -> Page`. The page's expected JSON says
what a perfect extractor returns: title, body paragraphs, the outlet's calendar
day, whether a time of day is printed (and which), the byline as printed, the
agency credit, and the furniture lines placed on the page (none may reach the body).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from crawler.app.demo import load_articles

LEV = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
       "تشرين الأول", "تشرين الثاني", "كانون الأول")
GULF = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
        "أكتوبر", "نوفمبر", "ديسمبر")
MAGHREB = ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
           "أكتوبر", "نوفمبر", "ديسمبر")
DAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
HIJRI = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
         "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FETCHED = datetime(2024, 9, 20, 9, 0, tzinfo=UTC)  # the fetch time of every zoo page

PEOPLE = ("ريم الحسن", "عبد الكريم العلي", "سامر العبد الله", "محمد الأحمد", "هلا سليمان",
          "نور الدين الخطيب", "لينا حداد", "ياسر العمر")
DESKS = ("فريق التحرير", "هيئة التحرير", "قسم الأخبار", "المكتب الإعلامي")
AGENCIES = ("سانا", "وكالات", "رويترز", "الأناضول", "فرانس برس")


@dataclass(frozen=True)
class Story:
    """One report as a zoo outlet publishes it."""
    title: str
    paragraphs: tuple[str, ...]
    published: datetime  # aware, in the outlet's time (+03:00)
    slug: str
    number: int
    author: str | None = None
    author_kind: str | None = None  # person | desk | agency
    credit: str | None = None  # agency credited for the text

    @property
    def day(self) -> str:
        return self.published.date().isoformat()

    def with_byline(self, kind: str | None, pick: int = 0) -> Story:
        """The same story signed by a person, a desk, an agency, or no one."""
        if kind is None:
            return replace(self, author=None, author_kind=None, credit=None)
        pool = {"person": PEOPLE, "desk": DESKS, "agency": AGENCIES}[kind]
        name = pool[(self.number + pick) % len(pool)]
        return replace(self, author=name, author_kind=kind,
                       credit=name if kind == "agency" else None)


def stories() -> list[Story]:
    """The demo corpus's Arabic reports (five of them the real seed reports)."""
    out = []
    for i, art in enumerate(a for a in load_articles() if a.language == "ar"):
        out.append(Story(art.title, art.paragraphs, art.published, art.slug, i))
    return out


def pick(family_index: int, count: int) -> list[Story]:
    """`count` different stories for a family, spread over the corpus."""
    pool = stories()
    return [pool[(family_index * 7 + k * 5) % len(pool)] for k in range(count)]


@dataclass
class Page:
    name: str
    url: str
    html: str
    expected: dict[str, Any]
    encoding: str = "utf-8"

    def raw(self) -> bytes:
        return self.html.encode(self.encoding, errors="xmlcharrefreplace")


@dataclass(frozen=True)
class Family:
    name: str
    split: str  # dev | heldout
    make: Callable[[Story, int], Page]
    variants: int = 4
    picks: int = 0  # index into the corpus rotation
    doc: str = ""


@dataclass
class Want:
    """Expected values; turned into the page's JSON by `expected`."""
    title: str
    paragraphs: Sequence[str]
    day: str | None  # the outlet's calendar day, YYYY-MM-DD
    time: datetime | None = None  # the printed time, when one is printed
    author: str | None = None
    author_kind: str | None = None
    credit: str | None = None
    furniture: list[str] = field(default_factory=list)
    kind: str = "article"
    fetched_at: datetime | None = None


def want(story: Story, *, time_known: bool = True, furniture: Sequence[str] = (),
         paragraphs: Sequence[str] | None = None, **changes: Any) -> Want:
    w = Want(title=story.title, paragraphs=list(paragraphs or story.paragraphs),
             day=story.day, time=story.published if time_known else None,
             author=story.author, author_kind=story.author_kind, credit=story.credit,
             furniture=list(furniture))
    return replace(w, **changes)


def expected(url: str, w: Want) -> dict[str, Any]:
    if w.kind != "article":
        return {"url": url, "kind": w.kind, "furniture": w.furniture}
    data: dict[str, Any] = {
        "url": url, "kind": "article", "title": w.title, "paragraphs": list(w.paragraphs),
        "published_date": w.day, "time_known": w.time is not None,
        "published": w.time.astimezone(UTC).isoformat() if w.time else None,
        "author": w.author, "author_kind": w.author_kind, "credit": w.credit,
        "language": "ar", "furniture": w.furniture,
    }
    if w.fetched_at is not None:
        data["fetched_at"] = w.fetched_at.isoformat()
    return data


def page(name: str, url: str, html: str, w: Want, encoding: str = "utf-8") -> Page:
    return Page(name, url, html, expected(url, w), encoding)


# --- markup helpers ------------------------------------------------------------
def esc(text: str) -> str:
    return escape(text, quote=True)


def ps(paragraphs: Sequence[str], cls: str = "", attrs: str = "") -> str:
    extra = (f' class="{cls}"' if cls else "") + (f" {attrs}" if attrs else "")
    return "\n".join(f"<p{extra}>{esc(p)}</p>" for p in paragraphs)


def links(items: Sequence[tuple[str, str]], li_cls: str = "") -> str:
    cls = f' class="{li_cls}"' if li_cls else ""
    return "".join(f'<li{cls}><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in items)


def related(story: Story, base: str, n: int = 5, path: str = "/archives/") -> list[tuple[str, str]]:
    pool = [s for s in stories() if s.slug != story.slug]
    start = story.number % len(pool)
    picked = (pool[start:] + pool[:start])[:n]
    return [(f"{base}{path}{1000 + s.number * 13}", s.title) for s in picked]


def jsonld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def news_jsonld(story: Story, url: str, site: str, *, with_time: bool = True,
                body: bool = False, kind: str = "NewsArticle") -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": kind, "headline": story.title,
        "mainEntityOfPage": url,
        "datePublished": story.published.isoformat() if with_time else story.day,
        "publisher": {"@type": "Organization", "name": site},
    }
    if story.author:
        data["author"] = {"@type": "Organization" if story.author_kind != "person" else "Person",
                          "name": story.author}
    if body:
        data["articleBody"] = "\n\n".join(story.paragraphs)
    return jsonld(data)


def og(story: Story, url: str, site: str, kind: str = "article", title_suffix: str = "") -> str:
    return (f'<meta property="og:title" content="{esc(story.title + title_suffix)}">'
            f'<meta property="og:type" content="{kind}">'
            f'<meta property="og:site_name" content="{esc(site)}">'
            f'<meta property="og:url" content="{esc(url)}">'
            f'<meta property="og:description" content="{esc(story.paragraphs[0][:150])}">')


# --- dates as printed ----------------------------------------------------------
def lev(d: datetime) -> str:
    return f"{d.day} {LEV[d.month - 1]} {d.year}"


def gulf(d: datetime) -> str:
    return f"{d.day} {GULF[d.month - 1]} {d.year}"


def maghreb(d: datetime) -> str:
    return f"{d.day} {MAGHREB[d.month - 1]} {d.year}"


def weekday(d: datetime) -> str:
    return DAYS[d.weekday()]


def indic(text: str) -> str:
    return text.translate(INDIC)


def hhmm(d: datetime) -> str:
    return f"{d:%H:%M}"


def ampm(d: datetime) -> str:
    """`2:30 م`."""
    hour = d.hour % 12 or 12
    return f"{hour}:{d:%M} {'م' if d.hour >= 12 else 'ص'}"


def hijri(d: datetime) -> str:
    """A plausible Hijri date printed beside the Gregorian one (the day is not
    checked against the calendar: extractors must date by the Gregorian part)."""
    days = (d.date() - datetime(2021, 2, 3).date()).days
    month = (5 + days // 30) % 12
    year = 1442 + (5 + days // 30) // 12
    return f"{(21 + days) % 29 + 1} {HIJRI[month]} {year} هـ"


def ago(fetched: datetime, published: datetime) -> str:
    """Relative dates: "منذ ساعتين", "منذ 5 ساعات", "منذ 40 دقيقة"."""
    minutes = int((fetched - published).total_seconds() // 60)
    if minutes < 60:
        return f"منذ {minutes} دقيقة"
    hours = minutes // 60
    return {1: "منذ ساعة", 2: "منذ ساعتين"}.get(hours, f"منذ {hours} ساعات")


def fresh(story: Story, hours_before: float) -> Story:
    """The story re-dated to `hours_before` the fetch time (relative-date pages)."""
    when = (FETCHED - timedelta(hours=hours_before)).astimezone(story.published.tzinfo)
    return replace(story, published=when.replace(second=0, microsecond=0))


# --- furniture outlets put near the body (from the seeds and SITES.md) ---------
READ_ALSO = ("اقرأ أيضاً", "إقرأ أيضا:", "اقرأ أيضًا", "يهمك أيضاً", "شاهد أيضاً")
SHARE = ("شارك", "فيسبوك", "تويتر", "واتساب", "تلغرام")
COMMENT_FORM = ("اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *")
BACK_TO_TOP = "زر الذهاب إلى الأعلى"
FOLLOW = "تابعونا على تلغرام لمتابعة آخر الأخبار"
RIGHTS = "جميع الحقوق محفوظة"
FONT_SIZE = ("+A", "حجم الخط", "-A")


def nav(base: str) -> str:
    items = [("/", "الرئيسية"), ("/news/", "أخبار"), ("/politics/", "سياسة"),
             ("/economy/", "اقتصاد"), ("/reports/", "تقارير"), ("/sport/", "رياضة")]
    return f'<nav class="main-nav"><ul>{links([(base + h, t) for h, t in items])}</ul></nav>'


def share_row(cls: str = "share-buttons") -> str:
    items = "".join(f'<a href="https://share.example/{i}" class="share-{i}">{t}</a>'
                    for i, t in enumerate(SHARE))
    return f'<div class="{cls}">{items}</div>'


def comment_form() -> str:
    return (f'<div id="respond" class="comment-respond"><h3 id="reply-title">{COMMENT_FORM[0]}</h3>'
            f'<form class="comment-form"><p class="comment-notes">{COMMENT_FORM[1]}</p>'
            '<textarea name="comment"></textarea><input type="submit" value="إرسال التعليق"></form></div>')


def footer(site: str, year: int = 2024) -> str:
    return (f'<footer class="site-footer"><p>{RIGHTS} © {esc(site)} {year}</p>'
            f'<ul>{links([("/about", "من نحن"), ("/contact", "اتصل بنا"), ("/privacy", "سياسة الخصوصية")])}</ul></footer>')


def html_doc(head: str, body: str, *, lang: str = "ar", charset: str | None = "utf-8",
             body_attrs: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="rtl">\n<head>\n{meta}\n{head}\n</head>\n'
            f"<body {body_attrs}>\n{body}\n</body>\n</html>\n")
