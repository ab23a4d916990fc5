"""Per-source learned furniture, in memory: the per-page part of `storage/furniture.py`.

`LearnedFurniture.filter(lines)` drops lines already seen on at least
`min_pages` earlier pages of the source AND on at least `min_share` of all the
pages it has learned from; `learn(lines)` counts the page's lines. Lines are
normalised (`normalize_arabic`) before hashing, so spelling variants count as
one line. A news line that repeats on a few pages, or a background paragraph an
outlet reuses on a few percent of its stories, is never dropped: `min_pages` is
at least 3 (default 5) and `min_share` defaults to 20%.

Only distinct articles teach: a text already learned from (the same lines, in
order, under another URL: a session id, a tracking parameter) is not counted
again, so copies of one article can never make its paragraphs look like
template. The memory is bounded: at most `max_lines` line counts are kept per
source (`prune`: the most frequent stay, ties going to lines of this run), and
the texts learned from are remembered for the last `TEXTS_REMEMBERED` articles.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from functools import lru_cache

from crawler.core.text.normalize import normalize_arabic

MIN_PAGES_FLOOR = 3
PAGES_KEY = "*pages*"  # the row holding how many pages were learned from
TEXTS_REMEMBERED = 4096


@lru_cache(maxsize=8192)  # filter() and learn() hash the same lines; templates recur
def line_hash(line: str) -> str:
    norm = normalize_arabic(line)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=10).hexdigest() if norm else ""


def text_digest(lines: list[str]) -> str:
    """The identity of a text for learning: its lines, whitespace-insensitive."""
    joined = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


class LearnedFurniture:
    def __init__(self, counts: dict[str, int] | None = None, min_pages: int = 5,
                 min_share: float = 0.2, max_lines: int = 0) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.new: Counter[str] = Counter()  # learned in this run, not yet stored
        self.min_pages = max(min_pages, MIN_PAGES_FLOOR)
        self.min_share = min_share
        self.max_lines = max_lines  # 0: unbounded
        self.texts: OrderedDict[str, None] = OrderedDict()
        self.forgotten: set[str] = set()  # stored lines pruned in this run (rows to delete)

    @property
    def pages(self) -> int:
        return self.counts[PAGES_KEY]

    def is_template(self, line: str) -> bool:
        seen = self.counts.get(line_hash(line), 0)
        return seen >= self.min_pages and seen >= self.min_share * self.pages

    def filter(self, lines: list[str]) -> list[str]:
        return [line for line in lines if not self.is_template(line)]

    def learn(self, lines: list[str]) -> bool:
        """Count the page's lines; False (nothing counted) when this text taught already."""
        digest = text_digest(lines)
        if digest in self.texts:
            self.texts.move_to_end(digest)
            return False
        self.texts[digest] = None
        if len(self.texts) > TEXTS_REMEMBERED:
            self.texts.popitem(last=False)
        for h in ({line_hash(line) for line in lines} - {""}) | {PAGES_KEY}:
            self.counts[h] += 1
            self.new[h] += 1
        if self.max_lines and len(self.counts) > 2 * self.max_lines:
            self.prune()  # during a long crawl too
        return True

    def unlearn(self, lines: list[str]) -> None:
        """Take back what `learn(lines)` counted (the text stays known as learned)."""
        for h in ({line_hash(line) for line in lines} - {""}) | {PAGES_KEY}:
            for counter in (self.counts, self.new):
                if counter.get(h, 0) > 1:
                    counter[h] -= 1
                else:
                    counter.pop(h, None)

    def prune(self) -> None:
        """Forget all but the `max_lines` most frequent lines (ties: this run's stay);
        those stored before this run are added to `forgotten`."""
        if not self.max_lines or len(self.counts) - 1 <= self.max_lines:
            return
        ranked = sorted((h for h in self.counts if h != PAGES_KEY),
                        key=lambda h: (self.counts[h], h in self.new), reverse=True)
        for h in ranked[self.max_lines:]:
            if self.counts[h] > self.new.get(h, 0):
                self.forgotten.add(h)
            del self.counts[h]
            self.new.pop(h, None)
