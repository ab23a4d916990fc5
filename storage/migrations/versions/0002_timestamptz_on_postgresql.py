"""PostgreSQL: every time column becomes `timestamp with time zone`.

The archive always stored UTC; on PostgreSQL the columns were `timestamp
without time zone`, so SQL users had to know that. Each value is read as UTC
(`AT TIME ZONE 'UTC'`): the same instants, now typed. SQLite keeps its text
datetimes (UTC): nothing to do there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME_COLUMNS = {
    "stories": ["first_seen_at"],
    "articles": ["published_at", "first_seen_at", "fetched_at", "updated_at"],
    "article_versions": ["published_at", "fetched_at", "replaced_at"],
    "alerts": ["created_at"],
    "deliveries": ["last_attempt_at", "next_attempt_at", "sent_at"],
    "health_events": ["detected_at", "resolved_at"],
    "health_deliveries": ["last_attempt_at", "next_attempt_at", "sent_at"],
    "delivery_leases": ["expires_at"],
    "crawl_runs": ["started_at", "ended_at"],
    "fetch_state": ["checked_at"],
}


def _retype(to: str) -> None:
    """Both ways, a value is read and written as UTC."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in TIME_COLUMNS.items():  # one rewrite per table
        op.execute(f"ALTER TABLE {table} " + ", ".join(
            f"ALTER COLUMN {c} TYPE {to} USING {c} AT TIME ZONE 'UTC'" for c in columns))


def upgrade() -> None:
    _retype("timestamp with time zone")


def downgrade() -> None:
    _retype("timestamp without time zone")
