"""Search tokens: the one form of each word the archive's full-text index holds,
and the forms a query word is looked up by, both from the alert matcher's rules.

A text is indexed as `index_text`: `normalize_arabic` (diacritics, tatweel,
alef/yaa/taa-marbuta forms, punctuation) and then each word without its
proclitics, the longest of the matcher's (و ف + ب ل ك + ال, ل+ال written لل)
that leaves at least `MIN_STEM` letters: بفكِّ -> فك، وللحصار -> حصار.

A query word is looked up as every index form a word the matcher would match
can have: its stem written after each proclitic the matcher allows, stripped
as the index strips it (`lookup_forms`), followed by each suffix the matcher
allows (`SUFFIXES`: حصارها، المحاصرين). A stem that begins with letters that
look like a proclitic (وساطة: و + ساطة?) is looked up both ways.
"""

from __future__ import annotations

from functools import lru_cache

from crawler.core.text.morphology import (
    BOUND_SUFFIXES,
    NOUN_PREFIXES,
    NOUN_SUFFIXES,
    PREFIXES,
    VERB_SUFFIXES,
    Form,
)
from crawler.core.text.normalize import normalize_arabic

MIN_STEM = 2  # letters an index form keeps: فك (بفك) is a word, ك (بك) is not
_PROCLITICS = sorted(NOUN_PREFIXES - {""}, key=len, reverse=True)
_LONG = "\x00\x00"  # stands for a suffix long enough that any proclitic is stripped
# What may follow a looked-up form in an indexed word: every suffix the matcher
# allows (nouns, verbs, and a taa marbuta stem's ending after its ت / ات).
SUFFIXES = frozenset(NOUN_SUFFIXES | VERB_SUFFIXES
                     | {b[2:] if b.startswith("ات") else b[1:] for b in BOUND_SUFFIXES})


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
    """The index forms, up to a suffix, of every word the matcher matches for
    `forms` (one query word's stems and kinds, see `crawler.core.rules`)."""
    found: set[str] = set()
    for form in forms:
        clitics = PREFIXES.get(form.kind, NOUN_PREFIXES)
        if form.kind == "bound":  # taa marbuta written ت before a suffix, ات in the plural
            stems = {form.stem + "ت", form.stem + "ات"}
        else:
            stems = {form.stem}
        for stem in stems:
            for clitic in clitics:
                found |= _stripped(clitic + stem)
    return tuple(sorted(f for f in found if len(f) >= MIN_STEM))


def expansions(forms: tuple[str, ...]) -> set[str]:
    """Every indexed word `lookup_forms` stand for: each form with each suffix."""
    return {f + s for f in forms for s in SUFFIXES}


def is_hit(token: str, forms: tuple[str, ...]) -> bool:
    """Whether a normalised token is one of the words `lookup_forms` stand for."""
    word = index_form(token)
    return any(word.startswith(f) and word[len(f):] in SUFFIXES for f in forms)
