"""Deterministic language identification for Arabic-script news text.

langdetect is seeded (it is random otherwise) and run on a bounded prefix of
the cleaned body. Letters that Arabic does not use but Persian, Urdu and
Kurdish (Sorani) do are counted first, so those languages never pass as Arabic.
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0

PREFIX_CHARS = 2000
MIN_CHARS = 20
# Letters absent from Arabic orthography: پ چ ژ گ ی ک ے ہ ں ٹ ڈ ڑ ۆ ێ ڵ ڕ ە
_PERSIAN = set("پچژگیک")
_URDU = set("ےہںٹڈڑھ")
_SORANI = set("ۆێڵڕە")
# Letters other Arabic-script languages (Pashto, Sindhi, Uyghur, Kurdish...) add.
_OTHER_SCRIPT = set("ټځڅډړږښګڼۍېٹڈڑںےہۆۈۋێڵڕەپچژگیک")
# Taa marbuta and alef maqsura: frequent in Arabic, rare elsewhere.
_ARABIC_MARKERS = set("ةى")


def _script_vote(text: str) -> str | None:
    letters = [c for c in text if "\u0600" <= c <= "\u06ff"]
    if len(letters) < MIN_CHARS:
        return None
    # Sorani and Urdu also use the Persian letters, so their own letters decide first.
    for lang, alphabet in (("ckb", _SORANI), ("ur", _URDU), ("fa", _PERSIAN)):
        if sum(c in alphabet for c in letters) / len(letters) > 0.005:
            return lang
    return None


def _plainly_arabic(text: str) -> bool:
    """Arabic script throughout, Arabic-only letters present, no other-language
    letters: Arabic, without paying for langdetect (the common case)."""
    letters = [c for c in text if c.isalpha()]
    arabic = [c for c in letters if "\u0600" <= c <= "\u06ff"]
    if len(letters) < 200 or len(arabic) < 0.9 * len(letters):
        return False
    if any(c in _OTHER_SCRIPT for c in arabic):
        return False
    return sum(c in _ARABIC_MARKERS for c in arabic) > 0.01 * len(arabic)


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code (ckb for Sorani), or None when the text is too short to tell."""
    sample = text[:PREFIX_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if (vote := _script_vote(sample)) is not None:
        return vote
    if _plainly_arabic(sample):
        return "ar"
    try:
        ranked = detect_langs(sample)
    except LangDetectException:
        return None
    best = ranked[0].lang
    if hint:
        short = hint.split("-")[0].lower()
        for cand in ranked:
            if cand.lang == short and cand.prob > 0.3:
                return short
    return best
