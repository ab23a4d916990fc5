"""Near-duplicate lookup persisted in the archive: the LSH index is a table.

`article_bands` holds one row per (article, LSH band key). Finding the stories a
new text may belong to is one indexed `IN` query over its 48 band keys, so its
cost does not grow with the archive and no index is held in RAM. Candidates are
verified on their text (`crawler.core.text.minhash.resemblance`) before a new
article joins their story.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
)

from crawler.core.text.minhash import Resemblance, fingerprint, overlap, shingles
from storage.schema import articles, metadata

MAX_CANDIDATES = 5  # verified per new article, most shared bands first (a copy shares the most)

article_bands = Table(
    "article_bands",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("band_key", BigInteger, nullable=False),
)
Index("ix_article_bands_band_key", article_bands.c.band_key)
Index("ix_article_bands_article_id", article_bands.c.article_id)


@dataclass(frozen=True)
class NearMatch:
    article_id: int
    story_id: int
    resemblance: Resemblance


_SHARED = func.count().label("shared")
_CANDIDATES = (select(article_bands.c.article_id, _SHARED)
               .where(article_bands.c.band_key.in_(bindparam("keys", expanding=True)))
               .where(article_bands.c.article_id != bindparam("exclude"))
               .group_by(article_bands.c.article_id)
               .order_by(_SHARED.desc(), article_bands.c.article_id)
               .limit(bindparam("limit")))
_BODIES = select(articles.c.id, articles.c.story_id, articles.c.content_hash,
                 articles.c.body).where(
    articles.c.id.in_(bindparam("ids", expanding=True)))


def candidates(conn: Connection, keys: Sequence[int], exclude: int | None = None,
               limit: int = MAX_CANDIDATES) -> list[int]:
    """Articles sharing at least one band key, most shared first."""
    if not keys:
        return []
    rows = conn.execute(_CANDIDATES, {"keys": list(set(keys)),
                                      "exclude": -1 if exclude is None else exclude,
                                      "limit": limit})
    return [int(r.article_id) for r in rows]


ShingleIds = np.ndarray  # a text's shingle hashes, sorted and unique (int64)


class ShingleSets:
    """Recently seen texts' shingle sets, compact, for verifying candidates.

    Each set is kept as a sorted array of the shingles' 64-bit hashes (~1 KB a
    text), keyed by the text's content hash. Copies of one report arrive close
    together (a wire story, then its rewrites), so the texts a new article is
    verified against are mostly among the last few thousand stored: their
    shingles are not recomputed from the stored body every time.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._sets: OrderedDict[str, ShingleIds] = OrderedDict()

    @staticmethod
    def of(shingle_set: set[str]) -> ShingleIds:
        return np.unique(np.fromiter(map(hash, shingle_set), dtype=np.int64,
                                     count=len(shingle_set)))

    def get(self, digest: str, body: str) -> ShingleIds:
        found = self._sets.get(digest)
        if found is None:
            return self.put(digest, self.of(shingles(body)))
        self._sets.move_to_end(digest)
        return found

    def put(self, digest: str, ids: ShingleIds) -> ShingleIds:
        self._sets[digest] = ids
        if len(self._sets) > self.size:
            self._sets.popitem(last=False)
        return ids


def find_story(conn: Connection, mine: ShingleIds, keys: Sequence[int], sets: ShingleSets,
               exclude: int | None = None) -> NearMatch | None:
    """The best verified near-duplicate already in the archive of the text whose
    shingle hashes are `mine` and LSH band keys `keys`, or None."""
    ids = candidates(conn, keys, exclude)
    if not ids:
        return None
    best: NearMatch | None = None
    for row in conn.execute(_BODIES, {"ids": ids}):
        theirs = sets.get(row.content_hash, row.body)
        score = overlap(len(np.intersect1d(mine, theirs, assume_unique=True)),
                        len(mine), len(theirs))
        if not score.same_report or row.story_id is None:
            continue
        if best is None or score.jaccard > best.resemblance.jaccard:
            best = NearMatch(int(row.id), int(row.story_id), score)
    return best


_INSERT = insert(article_bands)


def index_article(conn: Connection, article_id: int, keys: Sequence[int],
                  new: bool = False) -> None:
    """(Re)write the band keys of one article (`new`: it has none yet)."""
    if not new:
        conn.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
    if keys:
        conn.execute(_INSERT, [{"article_id": article_id, "band_key": k} for k in set(keys)])


__all__ = ["ShingleSets", "article_bands", "candidates", "find_story", "fingerprint",
           "index_article"]
