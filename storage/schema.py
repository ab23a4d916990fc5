"""The archive schema (SQLAlchemy Core): portable across SQLite and PostgreSQL.

Users write SQL against these tables; the README documents every column and a
docs test keeps it complete. Later modules add tables to the same `metadata`.
Every change here needs a migration (storage/migrations/, see
docs/ARCHITECTURE.md): a test fails while the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    CursorResult,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in and out, on every backend: `timestamp with time zone` on
    PostgreSQL, naive UTC on SQLite (which has no time zones)."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(DateTime(timezone=dialect.name == "postgresql"))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the archive; use aware UTC datetimes")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect
                             ) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT gave its row."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


meta = Table(
    "rasad_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("first_article_id", Integer, nullable=True),
    Column("first_source", String(128), nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    Column("date_source", String(32), nullable=True),
    Column("author", Text, nullable=True),
    Column("language", String(16), nullable=False),
    Column("source", String(128), nullable=False, index=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=True, index=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=True),
)
Index("ix_articles_published_at", articles.c.published_at)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),  # stable id sent to receivers
    Column("rule", String(128), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("matched", JSON, nullable=False),  # list of the terms that matched
    Column("snippet", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("rule", "story_id", name="uq_alerts_rule_story"),
)

def delivery_state_columns() -> list[Column[Any]]:
    """A delivery's channel and state, the same in every outbox (alerts, source
    health): what `record_attempt` and storage/leases.py read and write."""
    return [
        Column("channel", String(512), nullable=False),
        Column("status", String(16), nullable=False, default="pending"),  # pending|sent|dead
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Column("last_attempt_at", UTCDateTime, nullable=True),
        Column("next_attempt_at", UTCDateTime, nullable=True),
        Column("sent_at", UTCDateTime, nullable=True),
    ]


deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False),
    *delivery_state_columns(),
    UniqueConstraint("alert_id", "channel", name="uq_deliveries_alert_channel"),
)
Index("ix_deliveries_status", deliveries.c.status)


def record_attempt(conn: Connection, table: Table, delivery_id: int, *, ok: bool,
                   error: str | None, now: datetime, next_attempt_at: datetime | None,
                   dead: bool) -> None:
    """One delivery attempt on an outbox table (`deliveries`, `health_deliveries`):
    sent, parked as dead, or scheduled again. Only a pending delivery changes."""
    c = table.c
    values: dict[str, Any] = {"attempts": c.attempts + 1, "last_attempt_at": now,
                              "last_error": None if ok else (error or "failed")[:2000]}
    if ok:
        values.update(status="sent", sent_at=now, next_attempt_at=None)
    elif dead:
        values.update(status="dead", next_attempt_at=None)
    else:
        values.update(next_attempt_at=next_attempt_at)
    conn.execute(update(table).where(c.id == delivery_id, c.status == "pending")
                 .values(**values))
