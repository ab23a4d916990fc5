"""Arabic text normalisation, shared by matching, hashing and deduplication.

`normalize_arabic` folds the spelling variants Arabic news text uses for the
same word: alef/hamza forms, taa marbuta/haa, alef maqsura/yaa, diacritics,
tatweel, Arabic-Indic digits, punctuation and quotes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
# Zero-width joiners/non-joiners and bidi marks: invisible, dropped by some tools.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ى": "ي", "ئ": "ي", "ؤ": "و",
    "ی": "ي", "ک": "ك",  # Persian letter forms used in Arabic text
}
_DIGITS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
}
_FOLD = str.maketrans({**_LETTERS, **_DIGITS})
_DIGIT_RUN = re.compile("[\u0660-\u0669\u06f0-\u06f9]+")
_DIGIT_FOLD = str.maketrans(_DIGITS)
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SEPARATORS = re.compile(r"[\W_]+")  # punctuation and white space, in runs
_EDGE_PUNCT = ".,،؛;:!?؟\"'“”‘’«»()[]{}-–—…/|*"  # never part of a token


def fold_whitespace(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return " ".join(text.split())


def _fold(text: str) -> str:
    """`text.translate(_FOLD)`, several times faster on long Arabic text (a
    non-ASCII translate looks up every character)."""
    for old, new in _LETTERS.items():
        if old in text:
            text = text.replace(old, new)
    if _DIGIT_RUN.search(text):
        text = _DIGIT_RUN.sub(lambda m: m.group().translate(_DIGIT_FOLD), text)
    return text


def strip_invisible(text: str) -> str:
    """Drop zero-width (non-)joiners and bidi marks: "محله‌های" -> "محلههای"."""
    return _INVISIBLE.sub("", text)


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variants and digits but keep punctuation (for dates, bylines)."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return _fold(strip_invisible(text))


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants; punctuation becomes space; lower-case Latin."""
    if len(text) <= CACHED_CHARS:
        return _normalize_line(text)
    return _normalize(text)


# A page's lines are normalised by several checks in turn (title, furniture,
# bylines, dates): short texts are remembered; whole bodies are not.
CACHED_CHARS = 400


@lru_cache(maxsize=2048)
def _normalize_line(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = _fold(text)
    # = fold_whitespace(_PUNCT.sub(" ", text)), in one pass
    return _SEPARATORS.sub(" ", text).strip().lower()


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"  # as _DIACRITICS
_FORMS = "\ufb50-\ufdff\ufe70-\ufeff"  # presentation forms: NFKC may split them
_FORMS_RE = re.compile(f"[{_FORMS}]")
# One run of letters (diacritics allowed) with punctuation only at its edges.
_PLAIN_WORD = re.compile(
    rf"[^\w\s{_MARKS}{_FORMS}]*(?:[^\W_{_FORMS}]|[{_MARKS}])+[^\w\s{_MARKS}{_FORMS}]*")


def token_count(word: str) -> int:
    """How many tokens `normalize_arabic(word)` gives, fast for plain words."""
    if word.strip(_TATWEEL) and (
            (word.isalpha() and max(word) < "\ufb50") or _PLAIN_WORD.fullmatch(word)):
        return 1
    return len(normalize_arabic(word).split())


def token_counts(words: list[str]) -> list[int]:
    """`token_count` of every word, fast for a whole article: words of letters
    only give one token; only the others are normalised one by one."""
    if _FORMS_RE.search("".join(words)):
        return [token_count(w) for w in words]
    counts = [1] * len(words)
    for i, w in enumerate(words):
        if _TATWEEL in w:
            counts[i] = token_count(w)
        elif not w.isalpha():
            bare = w.strip(_EDGE_PUNCT)
            counts[i] = 0 if not bare else 1 if bare.isalpha() else token_count(w)
    return counts


def tokens(text: str) -> list[str]:
    """Normalised word tokens."""
    return normalize_arabic(text).split()
