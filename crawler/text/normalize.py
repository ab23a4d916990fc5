"""Arabic text normalisation, shared by matching, hashing and deduplication.

`normalize_arabic` folds the spelling variants Arabic news text uses for the
same word: alef/hamza forms, taa marbuta/haa, alef maqsura/yaa, diacritics,
tatweel, Arabic-Indic digits, punctuation and quotes.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
# Zero-width joiners/non-joiners and bidi marks: invisible, dropped by some tools.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ى": "ي", "ئ": "ي", "ؤ": "و",
    "ی": "ي", "ک": "ك",  # Persian letter forms used in Arabic text
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
})
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)


def fold_whitespace(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _WS.sub(" ", text).strip()


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variants and digits but keep punctuation (for dates, bylines)."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return _INVISIBLE.sub("", text).translate(_FOLD)


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants; punctuation becomes space; lower-case Latin."""
    text = _PUNCT.sub(" ", fold_arabic(text))
    return fold_whitespace(text).lower()


def tokens(text: str) -> list[str]:
    """Normalised word tokens."""
    return normalize_arabic(text).split()
