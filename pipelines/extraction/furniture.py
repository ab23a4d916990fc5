"""Page furniture: lines that are never news, recognised after normalisation.

Phrases are compared on `normalize_arabic` text (the lists below are normalised
when the module loads), so spelling variants (hamza, tanween, diacritics,
tatweel, alef maqsura, taa marbuta, punctuation) match without listing each one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from crawler.core.text.dates import DATE_WORDS, parse_page_date
from crawler.core.text.normalize import normalize_arabic
from pipelines.extraction.authors import byline_name

# A line STARTING with one of these is a link/teaser/call line.
LEAD_PHRASES = [
    "اقرأ أيضا", "اقرأ المزيد", "اقرأ كذلك", "شاهد أيضا", "شاهد المزيد",
    "يهمك أيضا", "قد يهمك", "طالع أيضا", "يمكنك أيضا قراءة", "للمزيد اقرأ",
    "مواضيع ذات صلة", "مقالات ذات صلة", "أخبار ذات صلة", "ذات صلة", "مقالات متعلقة",
    "مواضيع متعلقة", "أخبار متعلقة", "المزيد من الأخبار", "لمزيد من الأخبار",
    "تابعونا على", "تابعونا عبر", "تابعنا على", "تابعنا عبر", "انضموا إلى",
    "انضم إلى قناة", "اشترك في", "اشترك الآن", "للاشتراك", "حمل تطبيق", "حملوا تطبيق",
    "شارك هذا", "شارك المقال", "شارك الخبر", "شارك على", "رابط مختصر", "نسخ الرابط",
    "الكلمات المفتاحية", "كلمات مفتاحية", "Read more", "Related",
]
# Lead phrases that a news sentence could also start with: only on short lines.
SHORT_LEAD_PHRASES = ["الوسوم", "وسوم", "تصنيفات", "التصنيف", "مصدر الصورة", "صورة تعبيرية",
                      "تصوير", "الصورة من", "تابعوا", "المصدر", "صورة أرشيفية", "صورة من"]
MAX_LEAD_WORDS = 40
MAX_SHORT_LEAD_WORDS = 8
# A line EQUAL to one of these is furniture.
WHOLE_LINES = [
    "icon", "التغطية الحية", "حجم الخط", "a", "اترك تعليقا", "اترك تعليق", "أضف تعليق",
    "زر الذهاب إلى الأعلى", "الذهاب إلى الأعلى", "طباعة", "أرسل لصديق", "شارك", "غرد",
    "مشاركة", "التعليقات", "تعليقات", "إضافة تعليق جديد", "leave a comment", "share",
    "الشأن السوري", "سلايد رئيسي", "عاجل", "الرئيسية", "طباعة أرسل لصديق", "print",
    "فيسبوك", "تويتر", "واتساب", "تلغرام", "إكس", "لينكد إن", "البريد الإلكتروني",
    "اقرأ أيضا", "شاهد أيضا", "المزيد", "إعلان", "advertisement", "الأكثر قراءة",
]
# A line CONTAINING one of these is furniture.
CONTAINS = [
    "لن يتم نشر عنوان بريدك الإلكتروني", "الحقول الإلزامية مشار إليها",
    "جميع الحقوق محفوظة", "all rights reserved", "لا تعبر عن رأي", "لا تعبر بالضرورة عن",
    "تعبر عن رأي كاتبها", "مراجعة التعليقات قبل نشرها", "إرشادات الاستخدام",
    "تسجيل الدخول لإرسال تعليق", "سجل دخولك لإضافة تعليق", "يجب تسجيل الدخول",
]
_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|svg)$", re.IGNORECASE)
_COUNTER = re.compile(r"(?:^|\s)(?:عدد )?(?:المشاهدات|مشاهدات|مشاهده|القراءات|قراءات|قراءه|"
                      r"الزيارات|زياره|views|reads|صور|صوره|photos|فيديوهات)(?:\s|$)")
# The credit line of an embedded post: "pic.twitter.com/…", "— Name (@handle) 3 فبراير 2021".
_EMBED_CREDIT = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)"
                           r"|\s*(?:[—–-]\s*)?[^().!؟\n]{1,60}\(@\w{1,30}\)[^\n]{0,40}$")


def strip_embed_credit(line: str) -> str:
    """A line without an embedded post's credit (the quoted post stays)."""
    return _EMBED_CREDIT.sub("", line).strip() if "@" in line or "t.co" in line \
        or "twitter.com" in line else line
MAX_COUNTER_WORDS = 6
MAX_DATE_LINE_WORDS = 8
_FAR_FUTURE = datetime(9000, 1, 1, tzinfo=UTC)  # "now" for date-only lines: any date counts
MAX_DATELINE_WORDS = 4  # "الحسكة - خاص", "ريف دمشق ـ خاص"
MAX_BYLINE_WORDS = 7


def _norm_all(phrases: list[str]) -> list[str]:
    return sorted({normalize_arabic(p) for p in phrases}, key=len, reverse=True)


def _lead(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in _norm_all(phrases))
                      + r")(?:\s|$)")


_LEAD, _SHORT_LEAD = _lead(LEAD_PHRASES), _lead(SHORT_LEAD_PHRASES)
_WHOLE = set(_norm_all(WHOLE_LINES))
_CONTAINS = _norm_all(CONTAINS)


def _is_meta_line(raw: str, norm: str) -> bool:
    """View counters ("عدد المشاهدات : 400") and bylines ("كتب: فلان")."""
    words = norm.split()
    if len(words) <= MAX_COUNTER_WORDS and _COUNTER.search(norm) and any(
            w.isdigit() for w in words):
        return True
    return len(words) <= MAX_BYLINE_WORDS and byline_name(raw) is not None


def _is_date_or_dateline(raw: str, norm: str) -> bool:
    """A line that is only a date ("2021.01.19 | 11:17 دمشق"), a number ("66") or
    a dateline ("الحسكة - خاص")."""
    words = norm.split()
    if not any(ch.isalpha() for ch in norm):
        return True
    if len(words) <= MAX_DATELINE_WORDS and words[-1] == "خاص":
        return True
    if len(words) > MAX_DATE_LINE_WORDS or parse_page_date(raw, _FAR_FUTURE) is None:
        return False
    return all(w.isdigit() or w in DATE_WORDS for w in words)


def is_furniture(line: str, author: str | None = None) -> bool:
    raw = line.strip()
    if not raw or _IMAGE_FILE.match(raw) or raw in {"+A", "-A", "A+", "A-"}:
        return True
    norm = normalize_arabic(raw)
    if not norm or norm in _WHOLE or _is_meta_line(raw, norm) or _is_date_or_dateline(raw, norm):
        return True
    words = len(norm.split())
    if (words <= MAX_LEAD_WORDS and _LEAD.match(norm)) or (
            words <= MAX_SHORT_LEAD_WORDS and _SHORT_LEAD.match(norm)):
        return True
    if author and norm == normalize_arabic(author):
        return True
    return any(phrase in norm for phrase in _CONTAINS)
