"""Per-source learned furniture, in memory: the per-page part of `storage/furniture.py`.

`LearnedFurniture.filter(lines)` drops lines already seen on at least
`min_pages` earlier pages of the source; `learn(lines)` counts the page's lines.
Lines are normalised (`normalize_arabic`) before hashing, so spelling variants
count as one line. A news line that merely repeats on a few pages is never
dropped: `min_pages` is at least 3 (default 5).
"""

from __future__ import annotations

import hashlib
from collections import Counter

from crawler.text.normalize import normalize_arabic

MIN_PAGES_FLOOR = 3


def line_hash(line: str) -> str:
    norm = normalize_arabic(line)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=10).hexdigest() if norm else ""


class LearnedFurniture:
    def __init__(self, counts: dict[str, int] | None = None, min_pages: int = 5) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.new: Counter[str] = Counter()  # learned in this run, not yet stored
        self.min_pages = max(min_pages, MIN_PAGES_FLOOR)

    def is_template(self, line: str) -> bool:
        return self.counts.get(line_hash(line), 0) >= self.min_pages

    def filter(self, lines: list[str]) -> list[str]:
        return [line for line in lines if not self.is_template(line)]

    def learn(self, lines: list[str]) -> None:
        for h in {line_hash(line) for line in lines} - {""}:
            self.counts[h] += 1
            self.new[h] += 1
