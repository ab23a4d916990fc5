"""Article versions: the text an article had before each edit Rasad saw.

When a known URL is fetched again and its text changed, the row in `articles`
is updated (`updated_at`) and the previous title and body are kept here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
)

from storage.schema import UTCDateTime, articles, metadata

article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    Column("published_date", Date, nullable=True),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("replaced_at", UTCDateTime, nullable=False),
)
Index("ix_article_versions_article_id", article_versions.c.article_id)


def keep_version(conn: Connection, article_id: int, replaced_at: datetime) -> None:
    """Copy the article's current text into `article_versions` before it is replaced."""
    row = conn.execute(
        select(articles.c.title, articles.c.body, articles.c.content_hash,
               articles.c.published_at, articles.c.published_date, articles.c.fetched_at)
        .where(articles.c.id == article_id)).one()
    conn.execute(insert(article_versions).values(
        article_id=article_id, title=row.title, body=row.body,
        content_hash=row.content_hash, published_at=row.published_at,
        published_date=row.published_date,
        fetched_at=row.fetched_at, replaced_at=replaced_at))
