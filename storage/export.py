"""Articles streamed out of the archive for `rasad export`: one row at a time
from a server-side cursor (PostgreSQL) or SQLite's stepping cursor, in id
order, so memory stays constant however large the archive."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select

from storage import query
from storage.schema import articles

# The exported columns, in order (README, "Export"): `articles` columns, the
# story the article belongs to, and its text last.
COLUMNS = ("id", "url", "source", "title", "published_at", "published_date",
           "date_precision", "author", "credit", "language", "story_id",
           "first_seen_at", "updated_at", "body")
BATCH = 500  # rows fetched from the database at a time


def export_rows(engine: Engine, filters: query.Filters, batch: int = BATCH
                ) -> Iterator[dict[str, Any]]:
    """Every article the filters cover, oldest stored first, one dict at a time."""
    q = query.apply(select(*(articles.c[name] for name in COLUMNS)), filters)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            q.order_by(articles.c.id))
        for row in result:
            yield dict(row._mapping)
