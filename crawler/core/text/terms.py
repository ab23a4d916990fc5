"""The syntax of rule terms, parsed once when a rule is loaded.

    حصار          a word, with any proclitics (و ف ب ل ك ال لل) and suffixes
    حصار*         the word's lexeme family (حاصر، يحاصر، محاصرة، المحاصرين…)
    فك الحصار     a phrase: consecutive words, each with its clitics
    قسد NEAR/5 النظام   both sides (words or phrases), either order, at most
                  5 words apart

Words are compared after `normalize_arabic`, so spelling variants (أ/ا، ة/ه،
ى/ي، diacritics, tatweel) never matter. `TermError` says what is wrong in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.core.text.morphology import FAMILIES, Form, family, word_forms
from crawler.core.text.normalize import normalize_arabic

MAX_NEAR = 50
_NEAR = re.compile(r"^NEAR(?:/(.*))?$", re.IGNORECASE)
_BAD_CHAR = re.compile(r"[^\w\s*/\u0600-\u06ff\"'“”«»،,.\-]")


class TermError(ValueError):
    """A rule term that cannot be parsed; str() is the one-line reason."""


@dataclass(frozen=True)
class Word:
    text: str  # normalised
    forms: tuple[Form, ...]


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Term:
    source: str  # as the user wrote it
    parts: tuple[Phrase, ...]  # one, or two joined by NEAR
    near: int | None = None


def _word(raw: str, term: str) -> list[Word]:
    is_family = raw.endswith("*")
    body = raw[:-1] if is_family else raw
    if "*" in body:
        raise TermError(f"{term!r}: '*' may only end a word (a lexeme family), as in حصار*")
    norm = normalize_arabic(body).split()
    if not norm:
        raise TermError(f"{term!r}: {raw!r} has no letters")
    if not is_family:
        return [Word(w, tuple(word_forms(w))) for w in norm]
    if len(norm) != 1:
        raise TermError(f"{term!r}: a lexeme family must be one word, not {raw!r}")
    forms = family(norm[0])
    if forms is None:
        known = "، ".join(FAMILIES)
        raise TermError(f"{term!r}: no lexeme family pattern fits {body!r} "
                        f"(patterns: {known}); list its forms instead")
    return [Word(norm[0] + "*", tuple(forms))]


def parse_word(raw: str, term: str) -> list[Word]:
    """One written word (حصار، بفك، حصار*) as the matcher looks it up; several
    words when normalising splits it (فك-الحصار). `term` names it in errors."""
    return _word(raw, term)


def _phrase(tokens: list[str], term: str) -> Phrase:
    if not tokens:
        raise TermError(f"{term!r}: NEAR needs a word or phrase on each side")
    words: list[Word] = []
    for tok in tokens:
        words.extend(_word(tok, term))
    return Phrase(tuple(words))


def _near_distance(arg: str | None, term: str) -> int:
    if arg is None or not arg.isdigit():
        raise TermError(f"{term!r}: NEAR needs a distance in words, e.g. NEAR/5")
    n = int(arg)
    if not 1 <= n <= MAX_NEAR:
        raise TermError(f"{term!r}: NEAR distance must be 1 to {MAX_NEAR}, not {n}")
    return n


def parse_term(term: str) -> Term:
    """Parse one term of a rule's `any`, `all` or `none` list."""
    if not isinstance(term, str) or not term.strip():
        raise TermError("empty term")
    bad = _BAD_CHAR.search(term)
    if bad:
        raise TermError(f"{term!r}: unexpected character {bad.group()!r}")
    sides: list[list[str]] = [[]]
    near: int | None = None
    for tok in term.split():
        m = _NEAR.match(tok)
        if m is None:
            if "/" in tok:
                raise TermError(f"{term!r}: unexpected '/' in {tok!r} (did you mean NEAR/5?)")
            sides[-1].append(tok)
            continue
        if near is not None:
            raise TermError(f"{term!r}: only one NEAR per term; use `all` for more")
        near = _near_distance(m.group(1), term)
        sides.append([])
    parts = tuple(_phrase(side, term) for side in sides)
    return Term(term, parts, near)
