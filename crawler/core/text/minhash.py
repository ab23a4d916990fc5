"""Near-duplicate fingerprints of article text: shingles, MinHash, LSH bands.

Text is normalised with `crawler.core.text.normalize` first, so spelling variants
(hamza forms, ة/ه, diacritics, digits) do not hide a copy. A document is the set
of its word 3-grams; `fingerprint()` gives its MinHash band keys (LSH), which
the archive stores and looks up by index; `resemblance()` verifies a candidate
with exact set arithmetic on the shingles.

Parameters: 144 permutations in 48 bands of 3 rows: two texts whose shingle
Jaccard is 0.5 share a band with probability 0.998, at 0.4 0.96, at 0.2 0.32,
at 0.1 0.05 (unrelated reports rarely even become candidates).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasketch import MinHash

from crawler.core.text.normalize import tokens

SHINGLE_WORDS = 3
NUM_PERM = 144
BANDS = 48
ROWS = NUM_PERM // BANDS
SEED = 20240809  # fixed: band keys are persisted and must not change between runs
SCHEME = "affine32"  # named explicitly for the same reason (datasketch >= 2)


@lru_cache(maxsize=1)
def _permutations() -> object:
    # datasketch is imported on first use: it loads scipy (~0.4 s), which only the
    # process that stores articles needs, not every process that imports storage
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The set of normalised word k-grams (the whole text when it is shorter)."""
    words = tokens(text)
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def minhash(shingle_set: set[str]) -> MinHash:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
    return m


def _signed64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def band_keys(m: MinHash) -> list[int]:
    """One signed 64-bit key per band (band number folded in), for an indexed lookup."""
    import numpy as np

    values = np.asarray(m.hashvalues, dtype=np.uint64)
    return [_signed64(bytes([band]) + values[band * ROWS:(band + 1) * ROWS].tobytes())
            for band in range(BANDS)]


def fingerprint(text: str) -> list[int]:
    """LSH band keys of `text` (empty for a text without words)."""
    return fingerprint_of(shingles(text))


def fingerprint_of(shingle_set: set[str]) -> list[int]:
    """LSH band keys of a text's shingles."""
    return band_keys(minhash(shingle_set)) if shingle_set else []


@dataclass(frozen=True)
class Resemblance:
    jaccard: float  # |A ∩ B| / |A ∪ B|
    containment: float  # |A ∩ B| / min(|A|, |B|): a copy cut short still scores high

    @property
    def same_report(self) -> bool:
        """Whether two texts carry the same report (thresholds measured in
        tests/test_neardup.py on labelled same/different-story pairs)."""
        return self.containment >= CONTAINMENT_MIN and self.jaccard >= JACCARD_MIN


CONTAINMENT_MIN = 0.5
JACCARD_MIN = 0.25


def resemblance(a: set[str], b: set[str]) -> Resemblance:
    return overlap(len(a & b), len(a), len(b))


def overlap(common: int, size_a: int, size_b: int) -> Resemblance:
    """The resemblance of two sets from their sizes and how many items they share."""
    if not size_a or not size_b:
        return Resemblance(0.0, 0.0)
    return Resemblance(common / (size_a + size_b - common), common / min(size_a, size_b))
