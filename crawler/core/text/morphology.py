"""Light Arabic morphology over `normalize_arabic` text: clitics, suffixes and
lexeme families, for matching words in any inflection without a full analyser.

A word is found inside a normalised token as `prefix + stem + suffix`, where the
allowed prefixes and suffixes depend on the stem's kind:

- `noun`: proclitics و ف + ب ل ك + the article ال (ل+ال written لل), then
  number/case endings and pronoun suffixes (حصارها، المحاصرين، بالحصار).
- `perfect`: a verb's past stem: و ف, then subject and object suffixes
  (حاصرت، حاصروها).
- `imperfect`: a verb's present stem: و ف ل س, then one of ي ت ن ا, then
  subject and object suffixes (يحاصر، تحاصرون، سيتوسط).

`family(word)` expands a verbal noun into its lexeme family by the classic
patterns (ف ع ل stand for the root letters): `حصار` (فعال, verb form III) gives
حاصر، يحاصر، محاصرة، محاصر. Look-alikes that share letters but not the pattern
(حصر، حصري، حصاد، محاصيل، وسط، متوسط، توسيع) are not generated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Literal

Kind = Literal["noun", "perfect", "imperfect"]
ARTICLE = "ال"


def _noun_prefixes() -> frozenset[str]:
    out = set()
    for conj, prep, art in product(("", "و", "ف"), ("", "ب", "ل", "ك"), ("", ARTICLE)):
        out.add(conj + ("لل" if prep == "ل" and art else prep + art))
    return frozenset(out)


_PRONOUNS = ("", "ه", "ها", "هما", "هم", "هن", "ك", "كما", "كم", "كن", "ي", "نا", "ني")
_NOUN_ENDINGS = ("", "ا", "ه", "ات", "ان", "ين", "ون", "و", "ي", "يه", "يات", "يين")
_VERB_ENDINGS = ("", "ت", "تا", "تم", "تن", "نا", "وا", "و", "ا", "ن", "ون", "ين", "ان")

NOUN_PREFIXES = _noun_prefixes()
PERFECT_PREFIXES = frozenset({"", "و", "ف"})
IMPERFECT_PREFIXES = frozenset(
    c + p + person for c, p, person in
    product(("", "و", "ف"), ("", "ل", "س"), ("ي", "ت", "ن", "ا")))
NOUN_SUFFIXES = frozenset(e + p for e, p in product(_NOUN_ENDINGS, _PRONOUNS))
VERB_SUFFIXES = frozenset(e + p for e, p in product(_VERB_ENDINGS, _PRONOUNS))
# A stem ending in taa marbuta (normalised to ه) writes it ت before a suffix
# (محاصرة + ها = محاصرتها) and drops it in the plural (قافلة -> قافلات): such a
# "bound" stem is the word without its ه, followed by one of these.
BOUND_SUFFIXES = frozenset(
    ending + p for ending, p in product(("ت", "ات", "تان", "تين"), _PRONOUNS)
    if ending != "ت" or p)

PREFIXES: dict[str, frozenset[str]] = {
    "noun": NOUN_PREFIXES, "perfect": PERFECT_PREFIXES, "imperfect": IMPERFECT_PREFIXES,
    "bound": NOUN_PREFIXES,
}
SUFFIXES: dict[str, frozenset[str]] = {
    "noun": NOUN_SUFFIXES, "perfect": VERB_SUFFIXES, "imperfect": VERB_SUFFIXES,
    "bound": BOUND_SUFFIXES,
}


@dataclass(frozen=True)
class Form:
    """One stem to look for, and how it may be inflected."""

    stem: str
    kind: str  # noun | perfect | imperfect | bound


def word_forms(word: str, kinds: Iterable[str] = ("noun",)) -> list[Form]:
    """The stems of one normalised word: the article is optional (الحصار finds
    حصار), and a final ه (taa marbuta) becomes ت before a suffix or ات in the plural."""
    stem = word[2:] if word.startswith(ARTICLE) and len(word) > 4 else word
    out: list[Form] = []
    for kind in kinds:
        out.append(Form(stem, kind))
        if kind == "noun" and stem.endswith("ه") and len(stem) > 3:
            out.append(Form(stem[:-1], "bound"))
    return out


# -- lexeme families -----------------------------------------------------------
# head pattern -> the forms of its family: (pattern, kind). ف ع ل are the root.
FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    # form III verbal nouns: حصار، محاصرة -> حاصر، يحاصر، محاصر، تحاصر (form VI)
    "فعال": (("فعال", "noun"), ("مفاعله", "noun"), ("مفاعل", "noun"),
             ("فاعل", "perfect"), ("فاعل", "imperfect"), ("تفاعل", "perfect"),
             ("تفاعل", "imperfect")),
    "مفاعله": (("مفاعله", "noun"), ("مفاعل", "noun"), ("فاعل", "perfect"),
               ("فاعل", "imperfect"), ("تفاعل", "perfect"), ("تفاعل", "imperfect"),
               ("تفاعل", "noun")),
    # form II verbal nouns: تطويق -> طوق (verb), يطوق، مطوق، مطوقة
    "تفعيل": (("تفعيل", "noun"), ("مفعل", "noun"), ("فعل", "imperfect")),
    # form I nouns of office: وساطة -> وسيط، وسطاء، توسط، يتوسط (form V)
    "فعاله": (("فعاله", "noun"), ("فعيل", "noun"), ("فعلاء", "noun"),
              ("تفعل", "perfect"), ("تفعل", "imperfect"), ("تفعل", "noun")),
}
ROOT_LETTERS = "فعل"


def _fit(pattern: str, word: str) -> str | None:
    """The root letters when `word` fits `pattern`, else None."""
    if len(pattern) != len(word):
        return None
    root = ["", "", ""]
    for p, w in zip(pattern, word, strict=True):
        if p in ROOT_LETTERS:
            root[ROOT_LETTERS.index(p)] = w
        elif p != w:
            return None
    return "".join(root)


def _apply(pattern: str, root: str) -> str:
    return "".join(root[ROOT_LETTERS.index(c)] if c in ROOT_LETTERS else c for c in pattern)


def family(word: str) -> list[Form] | None:
    """The lexeme family of a normalised verbal noun, or None when no pattern fits."""
    stem = word[2:] if word.startswith(ARTICLE) and len(word) > 4 else word
    for head, forms in FAMILIES.items():
        root = _fit(head, stem)
        if root is None:
            continue
        out: list[Form] = []
        for pattern, kind in forms:
            out.extend(word_forms(_apply(pattern, root), (kind,)))
        return list(dict.fromkeys(out))
    return None
