"""Language identification: deterministic, on the cleaned body; Persian, Urdu and
Sorani in Arabic script never pass as Arabic; short texts do not crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.app.demo import load_articles
from crawler.core.text.encoding import decode_html
from crawler.core.text.language import detect_language
from pipelines.extraction import extract_page

NEGATIVES = Path(__file__).parent / "extraction_corpus" / "realpages" / "negatives"
ARABIC = load_articles()[4].body
PERSIAN = load_articles()[19].body
URDU = ("وزیر اعظم نے آج اسلام آباد میں ایک اہم اجلاس کی صدارت کی جس میں ملک کی معاشی "
        "صورتحال پر تفصیلی غور کیا گیا اور مہنگائی کم کرنے کے لیے اقدامات کا جائزہ لیا گیا۔")
SORANI = ("ئەمڕۆ لە شاری هەولێر کۆبوونەوەیەک بۆ گفتوگۆکردن لەسەر دۆخی ئابووری هەرێمی "
          "کوردستان ئەنجامدرا و بەرپرسان داوایان کرد کە مووچەی فەرمانبەران بە زووترین کات "
          "دابەش بکرێت.")
ENGLISH = load_articles()[20].body


@pytest.mark.parametrize(("text", "expected"), [
    (ARABIC, "ar"), (PERSIAN, "fa"), (URDU, "ur"), (SORANI, "ckb"), (ENGLISH, "en"),
])
def test_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_deterministic() -> None:
    mixed = "حصار " * 3 + "siege " * 3 + "محاصره " * 3
    assert len({detect_language(mixed) for _ in range(20)}) == 1


@pytest.mark.parametrize("text", ["", "   ", "حصار", "قسد", "١٢٣", "!!!", "a"])
def test_short_texts_give_no_language(text: str) -> None:
    assert detect_language(text) is None


def test_html_lang_is_only_a_hint() -> None:
    assert detect_language(ARABIC, hint="fa") == "ar"
    assert detect_language(PERSIAN, hint="ar") == "fa"
    assert detect_language(ARABIC, hint="ar-SY") == "ar"


def test_arabic_quoting_a_persian_name_stays_arabic() -> None:
    text = ARABIC[:1500] + " وقال المسؤول الإيراني پرویز إن"
    assert detect_language(text) == "ar"


def test_only_a_bounded_prefix_is_read() -> None:
    assert len(ARABIC) > 2000
    assert detect_language(ARABIC + " " + PERSIAN * 20) == "ar"


@pytest.mark.parametrize("page", sorted(NEGATIVES.glob("*.html")), ids=lambda p: p.stem)
def test_real_persian_and_urdu_pages_are_not_arabic(page: Path) -> None:
    html, _ = decode_html(page.read_bytes())
    result = extract_page(html, "https://news.example/x")
    assert result.language != "ar"
    assert result.language in ("fa", "ur", None) or not result.is_article
