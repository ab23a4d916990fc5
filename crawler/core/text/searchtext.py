"""Search tokens: the one form of each word the archive's full-text index holds,
and the forms a query word is looked up by, both from the alert matcher's rules.

A text is indexed as `index_text`: `normalize_arabic` (diacritics, tatweel,
alef/yaa/taa-marbuta forms, punctuation) and then each word without its
proclitics, the longest of the matcher's (و ف + ب ل ك + ال, ل+ال written لل)
that leaves at least `MIN_STEM` letters: بفكِّ -> فك، وللحصار -> حصار.

A query word is looked up as every index form a word the matcher would match
can have (`lookup_forms`): its stem written after each proclitic the matcher
allows, stripped as the index strips it, and found as the start of an indexed
word (so suffixes, حصارها، المحاصرين, match too). A stem that begins with
letters that look like a proclitic (وساطة: و + ساطة?) is looked up both ways.
"""

from __future__ import annotations

from functools import lru_cache

from crawler.core.text.morphology import (
    BOUND_SUFFIXES,
    NOUN_PREFIXES,
    PREFIXES,
    Form,
)
from crawler.core.text.normalize import normalize_arabic

MIN_STEM = 2  # letters an index form keeps: فك (بفك) is a word, ك (بك) is not
_PROCLITICS = sorted(NOUN_PREFIXES - {""}, key=len, reverse=True)
_LONG = "\x00\x00"  # stands for a suffix long enough that any proclitic is stripped


@lru_cache(maxsize=65536)
def index_form(token: str) -> str:
    """One normalised token as indexed: without its longest proclitic that
    leaves `MIN_STEM` letters."""
    for clitic in _PROCLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= MIN_STEM:
            return token[len(clitic):]
    return token


def index_tokens(text: str) -> list[str]:
    """The index forms of a text's words, in order."""
    return [index_form(t) for t in normalize_arabic(text).split()]


def index_text(title: str, body: str) -> str:
    """What the full-text index holds for an article: its title and body as index forms."""
    return " ".join(index_tokens(title) + index_tokens(body))


def _stripped(word: str) -> set[str]:
    """Index forms of `word` followed by nothing or by a suffix (as a prefix of
    the indexed token)."""
    short = index_form(word)
    long_ = index_form(word + _LONG)[: -len(_LONG)]
    return {short, long_}


def lookup_forms(forms: tuple[Form, ...]) -> tuple[str, ...]:
    """The index-form prefixes that find every word the matcher matches for
    `forms` (one query word's stems and kinds, see `crawler.core.rules`)."""
    found: set[str] = set()
    for form in forms:
        clitics = PREFIXES.get(form.kind, NOUN_PREFIXES)
        if form.kind == "bound":  # taa marbuta written ت before a suffix, ات in the plural
            stems = {form.stem + s[:2] if s.startswith("ات") else form.stem + "ت"
                     for s in BOUND_SUFFIXES}
        else:
            stems = {form.stem}
        for stem in stems:
            for clitic in clitics:
                found |= _stripped(clitic + stem)
    found = {f for f in found if len(f) >= MIN_STEM}
    # a form another one begins is redundant: both are looked up as prefixes
    return tuple(sorted(f for f in found
                        if not any(o != f and f.startswith(o) for o in found)))


def is_hit(token: str, prefixes: tuple[str, ...]) -> bool:
    """Whether a normalised token is found by a query word's `lookup_forms`."""
    form = index_form(token)
    return any(form.startswith(p) for p in prefixes)
