"""Per-source learned furniture, in memory: the per-page part of `storage/furniture.py`.

`LearnedFurniture.filter(lines)` drops lines already seen on at least
`min_pages` earlier pages of the source AND on at least `min_share` of all the
pages it has learned from; `learn(lines)` counts the page's lines. Lines are
normalised (`normalize_arabic`) before hashing, so spelling variants count as
one line. A news line that repeats on a few pages, or a background paragraph an
outlet reuses on a few percent of its stories, is never dropped: `min_pages` is
at least 3 (default 5) and `min_share` defaults to 20%.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache

from crawler.core.text.normalize import normalize_arabic

MIN_PAGES_FLOOR = 3
PAGES_KEY = "*pages*"  # the row holding how many pages were learned from


@lru_cache(maxsize=8192)  # filter() and learn() hash the same lines; templates recur
def line_hash(line: str) -> str:
    norm = normalize_arabic(line)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=10).hexdigest() if norm else ""


class LearnedFurniture:
    def __init__(self, counts: dict[str, int] | None = None, min_pages: int = 5,
                 min_share: float = 0.2) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.new: Counter[str] = Counter()  # learned in this run, not yet stored
        self.min_pages = max(min_pages, MIN_PAGES_FLOOR)
        self.min_share = min_share

    @property
    def pages(self) -> int:
        return self.counts[PAGES_KEY]

    def is_template(self, line: str) -> bool:
        seen = self.counts.get(line_hash(line), 0)
        return seen >= self.min_pages and seen >= self.min_share * self.pages

    def filter(self, lines: list[str]) -> list[str]:
        return [line for line in lines if not self.is_template(line)]

    def learn(self, lines: list[str]) -> None:
        for h in ({line_hash(line) for line in lines} - {""}) | {PAGES_KEY}:
            self.counts[h] += 1
            self.new[h] += 1
