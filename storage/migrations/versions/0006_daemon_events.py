"""daemon_events: crawl worker replacements of `rasad schedule` in continuous mode.

A new table (storage/daemonevents.py): one row per worker replaced (hang,
memory, max_tasks, run_timeout, crashed), read by `rasad status`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "daemon_events" in sa.inspect(op.get_bind()).get_table_names():
        return  # made by a development build with create_all
    op.create_table(
        "daemon_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.Column("rss_mb", sa.Float(), nullable=False),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daemon_events")),
    )
    op.create_index("ix_daemon_events_at", "daemon_events", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_daemon_events_at", table_name="daemon_events")
    op.drop_table("daemon_events")
