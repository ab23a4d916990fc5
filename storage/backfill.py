"""One-time indexing of articles stored before URL keys and LSH bands existed.

Run when an archive is upgraded (storage/migrate.py), in the upgrade's
transaction; recorded in `rasad_meta` (`dedup_index`) so it runs once. Articles
are read and indexed in batches, so memory stays flat.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from storage import neardup, urlkeys
from storage.schema import articles, meta
from storage.upsert import insert_ignoring

KEY = "dedup_index"
VERSION = "1"
BATCH = 500


def backfill(conn: Connection) -> int:
    """Index every article that has no band keys yet; returns how many."""
    if conn.execute(select(meta.c.value).where(meta.c.key == KEY)).scalar() == VERSION:
        return 0
    done, last_id = 0, 0
    while True:
        rows = conn.execute(
            select(articles.c.id, articles.c.url, articles.c.body)
            .where(articles.c.id > last_id)
            .where(~select(neardup.article_bands.c.article_id)
                   .where(neardup.article_bands.c.article_id == articles.c.id).exists())
            .order_by(articles.c.id).limit(BATCH)).all()
        for row in rows:
            urlkeys.remember(conn, row.id, urlkeys.keys_of([row.url]))
            neardup.index_article(conn, row.id, neardup.fingerprint(row.body))
        done += len(rows)
        if len(rows) < BATCH:
            break
        last_id = rows[-1].id
    conn.execute(insert_ignoring(conn, meta), {"key": KEY, "value": VERSION})
    return done
