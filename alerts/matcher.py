"""Arabic-aware matching of alert rules against article text.

Text and terms are compared after `normalize_arabic`; a term word matches a
token carrying proclitics (و ف ب ل ك ال لل) and pronoun/number suffixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from alerts.rules import Rule
from crawler.text.normalize import normalize_arabic

_PROCLITICS = r"(?:[وف])?(?:[بلك])?(?:ال|لل)?"
_SUFFIXES = r"(?:ها|هما|هم|هن|ه|ك|كم|نا|ي|ا|ات|ين|ون|ان)?"
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class Match:
    rule: str
    terms: tuple[str, ...]
    snippet: str


def _word_pattern(word: str) -> str:
    return _PROCLITICS + re.escape(word) + _SUFFIXES


def _term_regex(term: str) -> re.Pattern[str]:
    words = normalize_arabic(term).split()
    body = r"\s+".join(_word_pattern(w) for w in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


class _CompiledRule:
    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.any = [(t, _term_regex(t)) for t in rule.any]
        self.all = [(t, _term_regex(t)) for t in rule.all]
        self.none = [(t, _term_regex(t)) for t in rule.none]

    def match(self, text: str) -> tuple[list[str], int] | None:
        if any(rx.search(text) for _, rx in self.none):
            return None
        hits: list[tuple[int, str]] = []
        for term, rx in self.all:
            m = rx.search(text)
            if m is None:
                return None
            hits.append((m.start(), term))
        any_hits = [(m.start(), t) for t, rx in self.any if (m := rx.search(text))]
        if self.any and not any_hits:
            return None
        hits.extend(any_hits)
        hits.sort()
        return [t for _, t in hits], hits[0][0]


class Matcher:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = [_CompiledRule(r) for r in rules]

    def match(self, title: str, body: str, *, source: str | None = None,
              language: str | None = None) -> list[Match]:
        text = normalize_arabic(f"{title}\n{body}")
        out: list[Match] = []
        for cr in self._rules:
            if cr.rule.sources and source not in cr.rule.sources:
                continue
            if cr.rule.languages and language not in cr.rule.languages:
                continue
            found = cr.match(text)
            if found is None:
                continue
            terms, _ = found
            snippet = _snippet(f"{title}\n{body}", dict(cr.any + cr.all)[terms[0]])
            out.append(Match(cr.rule.name, tuple(dict.fromkeys(terms)), snippet))
        return out


def _snippet(original: str, rx: re.Pattern[str]) -> str:
    """The original (unnormalised) words around the first match, for people to read.

    Normalisation keeps word order, so the match's word index in the normalised
    text locates it among the original words; only a small window is re-normalised.
    """
    words = original.split()
    norm_text = normalize_arabic(original)
    found = rx.search(norm_text)
    guess = norm_text[: found.start()].count(" ") if found else 0
    lo_scan, hi_scan = max(0, guess - 12), min(len(words), guess + 12)
    at = guess
    for i in range(lo_scan, hi_scan):
        if rx.match(" ".join(normalize_arabic(w) for w in words[i:i + 6])):
            at = i
            break
    text = " ".join(words[max(0, at - 12):at + 18])
    return text[: SNIPPET_CHARS + 80]
