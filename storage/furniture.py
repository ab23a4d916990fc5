"""Per-source learned furniture: how many pages of a source carried each line.

A line (normalised, hashed) that recurs on many pages of the same source is
template, not news. The extract pipeline loads a source's counts when the crawl
opens and writes what it learned when it closes: no SQL on the per-page path.
The number of lines kept per source is bounded (EXTRACT_FURNITURE_MAX_LINES):
the most frequent are loaded, and the lines the learner forgot are deleted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sqlalchemy import Column, Engine, Integer, String, Table, delete, select

from storage.schema import metadata
from storage.upsert import insert_or_update

furniture_lines = Table(
    "furniture_lines",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("line_hash", String(32), primary_key=True),
    Column("pages", Integer, nullable=False),
)


def load_line_counts(engine: Engine, source: str, limit: int = 0) -> dict[str, int]:
    """The source's line counts, the `limit` most frequent (0: all). The row counting
    the pages learned from is the most frequent of all, so it is always loaded."""
    q = select(furniture_lines.c.line_hash, furniture_lines.c.pages).where(
        furniture_lines.c.source == source)
    if limit > 0:
        q = q.order_by(furniture_lines.c.pages.desc()).limit(limit + 1)
    with engine.connect() as conn:
        return {row.line_hash: int(row.pages) for row in conn.execute(q)}


def add_line_counts(engine: Engine, source: str, increments: Mapping[str, int]) -> None:
    """Add `increments` (line hash -> new pages) to the stored counts, in one statement
    (an upsert: two crawls adding to one line both count)."""
    if not increments:
        return
    table = furniture_lines
    with engine.begin() as conn:
        conn.execute(
            insert_or_update(conn, table, ["source", "line_hash"],
                             lambda new: {"pages": table.c.pages + new.pages}),
            [{"source": source, "line_hash": h, "pages": n} for h, n in increments.items()])


def forget_lines(engine: Engine, source: str, hashes: Collection[str]) -> None:
    """Delete the counts of lines the learner no longer keeps (in one transaction)."""
    ordered = sorted(hashes)
    if not ordered:
        return
    table = furniture_lines
    with engine.begin() as conn:
        for i in range(0, len(ordered), 500):
            conn.execute(delete(table).where(table.c.source == source,
                                             table.c.line_hash.in_(ordered[i:i + 500])))
