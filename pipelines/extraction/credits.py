"""Who a byline names (a person, a desk or a news agency) and which agency a page
credits for its text: "المصدر: وكالات", a "الحسكة-سانا:" dateline opening the
text, "(رويترز)". Vocabulary is data (names of agencies and desk words), not
per-site rules."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from crawler.core.text.normalize import fold_arabic, fold_whitespace, normalize_arabic

# News agencies as bylines print them (normalised when the module loads).
AGENCIES = [
    "سانا", "وكالات", "وكالة", "رويترز", "فرانس برس", "أ ف ب", "ا ف ب", "أ.ف.ب", "الأناضول",
    "د ب أ", "أ ب", "أسوشيتد برس", "سبوتنيك", "نوفوستي", "تاس", "شينخوا", "واس", "وام",
    "قنا", "كونا", "بترا", "أ ش أ", "إرنا", "وفا", "سبأ", "هاوار", "نورث برس",
    "afp", "reuters", "ap", "dpa", "anadolu", "agencies", "xinhua",
]
# A byline whose first word is one of these names a desk, not a person.
DESK_WORDS = ["فريق", "هيئة", "أسرة", "قسم", "مكتب", "المكتب", "غرفة", "وحدة", "التحرير",
              "القسم", "editorial", "newsroom", "staff", "desk"]
_AGENCIES = {normalize_arabic(a) for a in AGENCIES}
_DESK_WORDS = {normalize_arabic(w) for w in DESK_WORDS}
_AGENCY_RE = "|".join(sorted((re.escape(fold_arabic(a).lower()) for a in AGENCIES),
                             key=len, reverse=True))
# After fold_arabic: "المصدر: وكالات", "الحسكه-سانا:" (a dateline), "(رويترز)".
_CREDIT = re.compile(
    rf"^(?:المصدر\s*[:：]?\s*|(?:\S+\s){{0,2}}\S+\s*[-–ـ/]\s*)(?P<agency>(?:وكاله(?:\s[^\s:：]+){{1,3}}|{_AGENCY_RE}))"
    rf"(?:\s*[:：]|$|\s)|^\((?P<paren>{_AGENCY_RE})\)$")
_CREDIT_HOLDERS = etree.XPath("//p | //div[not(*)] | //span | //b | //strong | //td[not(*)]")
MAX_CREDIT_TEXT = 400


def is_agency(name: str) -> bool:
    norm = normalize_arabic(name)
    return norm in _AGENCIES or (norm.startswith("وكاله ") and len(norm.split()) <= 4)


def is_desk(name: str) -> bool:
    words = normalize_arabic(name).split()
    return bool(words) and words[0] in _DESK_WORDS and len(words) <= 4


def kind_of(name: str) -> str:
    """person | desk | agency."""
    return "agency" if is_agency(name) else "desk" if is_desk(name) else "person"


def credit_in(text: str) -> str | None:
    """The agency a short text credits, as printed, or None."""
    text = fold_whitespace(text)
    folded = fold_arabic(text).lower()
    match = _CREDIT.match(folded)
    if not match or len(folded) != len(text):
        return None
    name = "agency" if match.group("agency") else "paren"
    return text[match.start(name):match.end(name)]  # as printed (folding keeps offsets)


def page_credit(doc: lxml_html.HtmlElement, site_names: set[str]) -> str | None:
    """The first agency the page credits for its text (not the site itself)."""
    for node in _CREDIT_HOLDERS(doc):
        text = fold_whitespace(node.text_content())
        if not text or len(text) > MAX_CREDIT_TEXT:
            continue
        found = credit_in(text[:80])
        if found and normalize_arabic(found) not in site_names:
            return found
    return None
