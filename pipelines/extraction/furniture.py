"""Page furniture: lines that are never news, recognised after normalisation.

Phrases are compared on `normalize_arabic` text, so spelling variants (hamza,
tanween, diacritics, tatweel, punctuation) match without listing each one.
"""

from __future__ import annotations

import re

from crawler.text.normalize import normalize_arabic

# A line STARTING with one of these (after normalisation) is a link/teaser line.
LEAD_PHRASES = [
    "اقرا ايضا", "اقرا المزيد", "شاهد ايضا", "يهمك ايضا", "اقرا كذلك", "طالع ايضا",
    "مواضيع ذات صله", "مقالات ذات صله", "اخبار ذات صله", "ذات صله", "قد يهمك",
    "لمزيد من الاخبار", "تابعونا على", "تابعوا", "شارك هذا", "شارك المقال",
]
# A line EQUAL to one of these is furniture.
WHOLE_LINES = {
    "icon", "التغطيه الحيه", "حجم الخط", "a", "اترك تعليقا", "اترك تعليق", "اضف تعليق",
    "زر الذهاب الى الاعلى", "الذهاب الى الاعلى", "طباعه", "ارسل لصديق", "شارك", "غرد",
    "مشاركه", "التعليقات", "تعليقات", "اضافه تعليق جديد", "leave a comment", "share",
    "الشان السوري", "سلايد رئيسي", "عاجل", "الرئيسيه",
}
CONTAINS = [
    "لن يتم نشر عنوان بريدك الالكتروني", "الحقول الالزاميه مشار اليها",
    "جميع الحقوق محفوظه", "all rights reserved",
]
_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|svg)$", re.IGNORECASE)
_LEAD = re.compile(r"^(?:" + "|".join(re.escape(p) for p in LEAD_PHRASES) + r")(?:\s|$)")


def is_furniture(line: str) -> bool:
    raw = line.strip()
    if not raw or _IMAGE_FILE.match(raw) or raw in {"+A", "-A", "A+", "A-"}:
        return True
    norm = normalize_arabic(raw)
    if not norm:
        return True
    if norm in WHOLE_LINES or _LEAD.match(norm):
        return True
    return any(phrase in norm for phrase in CONTAINS)
