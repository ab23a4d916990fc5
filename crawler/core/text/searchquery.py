"""The syntax of `rasad search` queries, parsed into a tree the archive turns
into SQLite FTS5 or PostgreSQL tsquery syntax (storage/search.py), and the
snippets that show where an article matched.

    حصار درعا            both words (AND is the default)
    "فك الحصار"          a phrase: the words in this order, next to each other
    حصار OR طوق          either
    حصار NOT درعا        the first without the second
    (حصار OR طوق) درعا   parentheses group
    حصار*                the word's lexeme family, as in rules (حاصر، يحاصر…)

Each word is found with any proclitics and suffixes and in any spelling
variant the alert matcher accepts (crawler/core/text/searchtext.py). A query
that cannot be parsed is a `QueryError` whose str() is one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.core.text.normalize import normalize_arabic
from crawler.core.text.searchtext import is_hit, lookup_forms
from crawler.core.text.terms import TermError, Word, parse_word

MAX_VARIANTS = 256  # a phrase's spelling combinations: more is refused, not truncated
_QUOTES = "\"“”«»"
_LEXER = re.compile(rf"\s*(?:([{_QUOTES}])|(\()|(\))|([^\s(){_QUOTES}]+))")
KEYWORDS = ("AND", "OR", "NOT")


class QueryError(ValueError):
    """A search query that cannot be parsed; str() is the one-line reason."""


@dataclass(frozen=True)
class Terms:
    """A word (one element) or a phrase: each element is the index-form
    prefixes one written word is found by."""

    words: tuple[tuple[str, ...], ...]
    written: str


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]
    excluded: tuple[Node, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


Node = Terms | All | AnyOf


def _lex(query: str) -> Iterator[tuple[str, str]]:
    pos = 0
    while pos < len(query):
        if not query[pos:].strip():
            return
        m = _LEXER.match(query, pos)
        assert m is not None  # every non-space character starts one of the groups
        if m.group(1):
            end = min((i for i in (query.find(q, m.end()) for q in _QUOTES) if i >= 0),
                      default=-1)
            if end < 0:
                raise QueryError(f"unclosed quote in {query!r}")
            yield "phrase", query[m.end():end]
            pos = end + 1
            continue
        if m.group(2):
            yield "(", "("
        elif m.group(3):
            yield ")", ")"
        else:
            word = m.group(4)
            yield ("op", word) if word in KEYWORDS else ("word", word)
        pos = m.end()


def _word_forms(raw: str) -> list[Word]:
    try:
        return parse_word(raw, raw)
    except TermError:
        if raw.endswith("*") and "*" not in raw[:-1]:
            # no lexeme family fits: every word is found by its start anyway
            return parse_word(raw[:-1], raw)
        raise


def _terms(text: str, written: str) -> Terms | None:
    words: list[tuple[str, ...]] = []
    for raw in text.split():
        try:
            parsed = _word_forms(raw)
        except TermError as exc:
            if not normalize_arabic(raw.rstrip("*")):
                continue  # punctuation alone: nothing to look up
            raise QueryError(str(exc)) from None
        for word in parsed:
            forms = lookup_forms(word.forms)
            if not forms:
                raise QueryError(f"{raw!r} is too short to search for")
            words.append(forms)
    if not words:
        return None
    return Terms(tuple(words), written)


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = list(_lex(query))
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        node = self.any_()
        if self.peek() is not None:
            raise QueryError(f"unexpected {self.peek()[1]!r} in {self.query!r}")  # type: ignore[index]
        if node is None:
            raise QueryError(f"nothing to search for in {self.query!r}")
        return node

    def any_(self) -> Node | None:
        parts = [self.all_()]
        while self.peek() == ("op", "OR"):
            self.take()
            parts.append(self.all_())
        if len(parts) == 1:
            return parts[0]
        if any(p is None for p in parts):
            raise QueryError(f"OR needs something on each side in {self.query!r}")
        return AnyOf(tuple(p for p in parts if p is not None))

    def all_(self) -> Node | None:
        parts: list[Node] = []
        excluded: list[Node] = []
        while (tok := self.peek()) is not None and tok[0] != ")" and tok != ("op", "OR"):
            negate = tok == ("op", "NOT")
            if tok[0] == "op":
                self.take()
                nxt = self.peek()
                if nxt is None or nxt[0] == ")" or nxt == ("op", "OR") or (
                        negate and nxt[0] == "op"):
                    raise QueryError(f"{tok[1]} needs something after it in {self.query!r}")
                if not negate:
                    continue  # AND is the default; AND NOT is NOT
            node = self.unit()
            if node is not None:
                (excluded if negate else parts).append(node)
        if excluded and not parts:
            raise QueryError(f"NOT needs something to exclude from, as in "
                             f"حصار NOT درعا, in {self.query!r}")
        if not parts:
            return None
        if len(parts) == 1 and not excluded:
            return parts[0]
        return All(tuple(parts), tuple(excluded))

    def unit(self) -> Node | None:
        kind, value = self.take()
        if kind == "(":
            node = self.any_()
            if self.peek() is None or self.peek()[0] != ")":  # type: ignore[index]
                raise QueryError(f"unclosed '(' in {self.query!r}")
            self.take()
            return node
        if kind == ")":
            raise QueryError(f"unmatched ')' in {self.query!r}")
        return _terms(value, value)


def parse_query(query: str) -> Node:
    """Parse a search query; `QueryError` (one line) when it cannot be."""
    if not query.strip():
        raise QueryError("empty search query")
    return _Parser(query).parse()


def positive_words(node: Node) -> list[tuple[str, ...]]:
    """The lookup forms of every word the query looks for (not those it excludes)."""
    if isinstance(node, Terms):
        return list(node.words)
    out: list[tuple[str, ...]] = []
    for part in node.parts:
        out.extend(positive_words(part))
    return out


# -- snippets -------------------------------------------------------------------
SNIPPET_WORDS = 30
_WORD = re.compile(r"\S+")


def _hits(text: str, spans: list[tuple[int, int]], node: Node) -> list[int]:
    wanted = positive_words(node)
    return [i for i, (a, b) in enumerate(spans)
            if any(is_hit(t, forms) for t in normalize_arabic(text[a:b]).split()
                   for forms in wanted)]


def has_hit(text: str, node: Node) -> bool:
    """Whether any word of `text` is one the query looks for."""
    return bool(_hits(text, [(m.start(), m.end()) for m in _WORD.finditer(text)], node))


def snippet(text: str, node: Node, *, words: int = SNIPPET_WORDS,
            mark: tuple[str, str] = ("«", "»")) -> str:
    """About `words` words of `text` around its first hit, each hit between the
    `mark`s (pass ("", "") for plain text); the text's start when nothing hits."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    hits = _hits(text, spans, node)
    first = hits[0] if hits else 0
    start = max(0, first - words // 3)
    end = min(len(spans), start + words)
    shown = set(hits)
    out = []
    for i in range(start, end):
        a, b = spans[i]
        out.append(f"{mark[0]}{text[a:b]}{mark[1]}" if i in shown else text[a:b])
    return ("…" if start > 0 else "") + " ".join(out) + ("…" if end < len(spans) else "")
