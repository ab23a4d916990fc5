"""Arabic-aware matching of all alert rules at once.

Every stem of every rule term goes into ONE Aho-Corasick automaton
(pyahocorasick). An article is normalised once (`normalize_arabic`) and scanned
once; each stem found inside a token is kept only when the rest of the token is
an allowed prefix and suffix for that stem (`crawler.core.text.morphology`). Only the
rules owning a stem that was found are then evaluated (phrases, NEAR, any /
all / none), so the cost of a match grows with the text and the hits, not with
the number of rules.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

import ahocorasick

from crawler.core.rules.rules import Rule
from crawler.core.text.morphology import PREFIXES, SUFFIXES
from crawler.core.text.normalize import normalize_arabic, token_counts
from crawler.core.text.terms import Term, Word

SNIPPET_BEFORE = 12  # words of context before the first match
SNIPPET_AFTER = 18
SNIPPET_CHARS = 240
SNIPPET_CHUNK = 64  # words mapped to tokens at a time, up to the match
TOKEN_CACHE = 200_000  # distinct tokens remembered between articles


@dataclass(frozen=True)
class Match:
    rule: str
    terms: tuple[str, ...]
    snippet: str


_UNSEEN = object()


class _Scan:
    """The hits of one article: token positions per atom, terms evaluated lazily."""

    def __init__(self, atom_positions: dict[int, list[int]],
                 terms: list[_CompiledTerm]) -> None:
        self.atoms = atom_positions
        self.terms = terms
        self._firsts: dict[int, int | None] = {}
        self._words: dict[tuple[int, ...], set[int]] = {}

    def word(self, atoms: tuple[int, ...]) -> set[int]:
        found = self._words.get(atoms)
        if found is None:
            found = set()
            for a in atoms:
                if a in self.atoms:
                    found.update(self.atoms[a])
            self._words[atoms] = found
        return found

    def first(self, term_id: int) -> int | None:
        """The token where the term first occurs, or None."""
        at = self._firsts.get(term_id, _UNSEEN)
        if at is _UNSEEN:
            at = self._firsts[term_id] = self.terms[term_id].first(self)
        return at  # type: ignore[return-value]


class _CompiledTerm:
    def __init__(self, term: Term, atoms_of: dict[Word, tuple[int, ...]]) -> None:
        self.source = term.source
        self.near = term.near
        self.parts = [[atoms_of[w] for w in p.words] for p in term.parts]
        single = self.near is None and len(self.parts[0]) == 1
        self.single: tuple[int, ...] | None = self.parts[0][0] if single else None

    @staticmethod
    def _starts(scan: _Scan, words: list[tuple[int, ...]]) -> set[int]:
        starts = scan.word(words[0])
        for offset in range(1, len(words)):
            if not starts:
                break
            at = scan.word(words[offset])
            starts = {s for s in starts if s + offset in at}
        return starts

    def first(self, scan: _Scan) -> int | None:
        if self.single is not None:
            atoms = scan.atoms
            found = [atoms[a][0] for a in self.single if a in atoms]  # lists are sorted
            return min(found) if found else None
        one = self._starts(scan, self.parts[0])
        if not one:
            return None
        if self.near is None:
            return min(one)
        two = self._starts(scan, self.parts[1])
        len1, len2, n = len(self.parts[0]), len(self.parts[1]), self.near
        near = [min(a, b) for a in one for b in two
                if max(b - (a + len1 - 1), a - (b + len2 - 1)) <= n]
        return min(near) if near else None


@dataclass
class _CompiledRule:
    rule: Rule
    any: list[int]
    all: list[int]
    none: list[int]

    def __post_init__(self) -> None:
        self.any_set = frozenset(self.any)
        self.none_set = frozenset(self.none)


class Matcher:
    """All rules compiled into one automaton; `match` is safe to call repeatedly."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._automaton = ahocorasick.Automaton()
        self._terms: list[_CompiledTerm] = []
        self._rules: list[_CompiledRule] = []
        self._atom_rules: list[set[int]] = []  # atom -> rules a hit on it may fire
        self._atom_terms: list[set[int]] = []  # atom -> terms whose first word carries it
        self._cache: dict[str, tuple[int, ...]] = {}  # token -> atoms it carries
        self._term_ids: dict[str, int] = {}
        self._atoms_of: dict[Word, tuple[int, ...]] = {}
        self._atom_ids: dict[tuple[str, str], int] = {}
        self._stems: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for rule in rules:
            self._add_rule(rule)
        for stem, entries in self._stems.items():
            self._automaton.add_word(stem, (len(stem), tuple(entries)))
        if self._stems:
            self._automaton.make_automaton()

    def _add_rule(self, rule: Rule) -> None:
        idx = len(self._rules)
        lists = [[self._term_id(t) for t in terms] for terms in (rule.any, rule.all, rule.none)]
        self._rules.append(_CompiledRule(rule, *lists))
        for tid in lists[0] + lists[1]:  # a term needs its first word
            for atom in self._terms[tid].parts[0][0]:
                self._atom_rules[atom].add(idx)

    def _term_id(self, term: Term) -> int:
        for word in (w for p in term.parts for w in p.words):
            if word not in self._atoms_of:
                self._atoms_of[word] = tuple(self._atom(f.stem, f.kind) for f in word.forms)
        if term.source not in self._term_ids:
            tid = self._term_ids[term.source] = len(self._terms)
            compiled = _CompiledTerm(term, self._atoms_of)
            self._terms.append(compiled)
            for atom in compiled.parts[0][0]:  # a term needs its first word
                self._atom_terms[atom].add(tid)
        return self._term_ids[term.source]

    def _atom(self, stem: str, kind: str) -> int:
        """One (stem, kind) pair: the unit the automaton finds."""
        key = (stem, kind)
        if key not in self._atom_ids:
            self._atom_ids[key] = len(self._atom_ids)
            self._stems[stem].append((self._atom_ids[key], kind))
            self._atom_rules.append(set())
            self._atom_terms.append(set())
        return self._atom_ids[key]

    def _analyse(self, token: str) -> tuple[int, ...]:
        """The atoms one normalised token carries, with allowed affixes."""
        found = []
        for end, (length, entries) in self._automaton.iter(token):
            start = end - length + 1
            prefix, suffix = token[:start], token[end + 1:]
            for atom, kind in entries:
                if prefix in PREFIXES[kind] and suffix in SUFFIXES[kind]:
                    found.append(atom)
        return tuple(found)

    def _scan(self, text: str) -> dict[int, list[int]]:
        """Atom id -> token indexes where it occurs. Each distinct token is
        analysed once and remembered (news vocabulary repeats)."""
        cache = self._cache
        if len(cache) > TOKEN_CACHE:
            cache.clear()
        found: dict[int, list[int]] = {}
        for i, token in enumerate(text.split(" ")):
            atoms = cache.get(token)
            if atoms is None:
                atoms = cache[token] = self._analyse(token)
            for atom in atoms:
                if atom in found:
                    found[atom].append(i)
                else:
                    found[atom] = [i]
        return found

    def candidates(self, title: str, body: str) -> list[int]:
        """Indexes of the rules that one of the article's stems may fire."""
        if len(self._automaton) == 0:
            return []
        atoms = self._scan(normalize_arabic(f"{title}\n{body}"))
        return sorted({r for a in atoms for r in self._atom_rules[a]})

    def match(self, title: str, body: str, *, source: str | None = None,
              language: str | None = None) -> list[Match]:
        if not self._terms or len(self._automaton) == 0:
            return []
        text = normalize_arabic(f"{title}\n{body}")
        atoms = self._scan(text)
        candidates = sorted({r for a in atoms for r in self._atom_rules[a]})
        # only terms whose first word occurs can be found: the others are not tried
        present = set().union(*(self._atom_terms[a] for a in atoms))
        scan = _Scan(atoms, self._terms)
        snippets = _Snippets(f"{title}\n{body}")
        out: list[Match] = []
        for idx in candidates:
            cr = self._rules[idx]
            if cr.rule.sources and source not in cr.rule.sources:
                continue
            if cr.rule.languages and language not in cr.rule.languages:
                continue
            hits = self._evaluate(cr, scan, present)
            if hits:
                hits.sort()
                terms = tuple(dict.fromkeys(t for _, t in hits))
                out.append(Match(cr.rule.name, terms, snippets.around(hits[0][0])))
        return out

    @staticmethod
    def _evaluate(cr: _CompiledRule, scan: _Scan, present: set[int]
                  ) -> list[tuple[int, str]] | None:
        first, terms = scan.first, scan.terms
        hits: list[tuple[int, str]] = []
        for tid in cr.all:
            at = first(tid) if tid in present else None
            if at is None:
                return None
            hits.append((at, terms[tid].source))
        for tid in present & cr.any_set:
            at = first(tid)
            if at is not None:
                hits.append((at, terms[tid].source))
        if cr.any and len(hits) == len(cr.all):
            return None
        for tid in present & cr.none_set:
            if first(tid) is not None:
                return None
        return hits


class _Snippets:
    """Original (unnormalised) words around a normalised token, for people to
    read; the token -> word map is built once per article, when first needed."""

    def __init__(self, original: str) -> None:
        self.words = original.split()
        self._ends: list[int] = []  # tokens up to and including word i
        self._around: dict[int, str] = {}

    def word_of(self, token_index: int) -> int:
        ends, words = self._ends, self.words
        while len(ends) < len(words) and (not ends or ends[-1] <= token_index):
            chunk = words[len(ends):len(ends) + SNIPPET_CHUNK]
            running = accumulate(token_counts(chunk), initial=ends[-1] if ends else 0)
            next(running)  # the initial value itself
            ends.extend(running)
        return min(len(words) - 1, bisect_right(ends, token_index))

    def around(self, token_index: int) -> str:
        if token_index not in self._around:
            self._around[token_index] = self._around_word(self.word_of(token_index))
        return self._around[token_index]

    def _around_word(self, at: int) -> str:
        text = " ".join(self.words[max(0, at - SNIPPET_BEFORE):at + SNIPPET_AFTER])
        return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
