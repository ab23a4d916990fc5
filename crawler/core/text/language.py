"""Deterministic language identification for Arabic-script news text.

Letters decide first, on a bounded prefix of the cleaned body: letters Arabic
does not use but Persian, Urdu and Kurdish (Sorani) do make those languages
(they never pass as Arabic); a text in Arabic script with the letters only
Arabic writes (ة ى ي ك) and none of the others is Arabic. Everything else
(Latin script, mixed, other Arabic-script languages) goes to langdetect,
seeded (it is random otherwise), with `<html lang>` only as a hint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0

PREFIX_CHARS = 2000  # letters counted for the script vote
DETECT_CHARS = 600  # what langdetect reads: its cost grows with the text, its answer does not
MIN_CHARS = 20
# Letters absent from Arabic orthography: پ چ ژ گ ی ک ے ہ ں ٹ ڈ ڑ ۆ ێ ڵ ڕ ە
_PERSIAN = set("پچژگیک")
_URDU = set("ےہںٹڈڑھ")
_SORANI = set("ۆێڵڕە")
# Written by Arabic, written differently (ه ی ی ک) by Persian, Urdu and Sorani.
_ARABIC_ONLY = set("ةىيك")
ARABIC_SCRIPT_SHARE = 0.8  # of all letters
ARABIC_ONLY_SHARE = 0.02  # of Arabic-script letters
MIN_LETTERS_BY_SCRIPT = 200  # shorter texts: the letters say too little, ask langdetect


def _script_vote(text: str) -> str | None:
    counts = Counter(text)  # C-speed; the sums below run over alphabets, not the text
    letters = sum(n for c, n in counts.items() if "\u0600" <= c <= "\u06ff")
    if letters < MIN_CHARS:
        return None

    def share(chars: Iterable[str]) -> float:
        return sum(counts[c] for c in chars) / letters

    # Sorani and Urdu also use the Persian letters, so their own letters decide first.
    for lang, alphabet in (("ckb", _SORANI), ("ur", _URDU), ("fa", _PERSIAN)):
        if share(alphabet) > 0.005:
            return lang
    # Other extended letters (Pashto, Sindhi, Uyghur, Jawi...): let langdetect say.
    if share(c for c in counts if "\u0672" <= c <= "\u06d5" or "\u06ee" <= c <= "\u06ff") \
            > 0.005:
        return None
    all_letters = sum(n for c, n in counts.items() if c.isalpha())
    if (letters >= max(MIN_LETTERS_BY_SCRIPT, ARABIC_SCRIPT_SHARE * all_letters)
            and share(_ARABIC_ONLY) > ARABIC_ONLY_SHARE):
        return "ar"
    return None


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code (ckb for Sorani), or None when the text is too short to tell."""
    sample = text[:PREFIX_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if (vote := _script_vote(sample)) is not None:
        return vote
    try:
        ranked = detect_langs(sample[:DETECT_CHARS])
    except LangDetectException:
        return None
    best = str(ranked[0].lang)
    if hint:
        short = hint.split("-")[0].lower()
        for cand in ranked:
            if cand.lang == short and cand.prob > 0.3:
                return short
    return best
