"""crawl_runs: pages that looked like articles, and why those not stored were lost.

Source health (alerts/sourcehealth.py) calls a source broken when a run fetched
pages that looked like articles but stored none, or far fewer than usual; each
run now records how many there were (`article_like`) and why the ones not
stored were lost (`lost`, e.g. {"too_short": 22, "language": 3}). Earlier runs
get 0 and NULL: unknown, so they never count towards a source's usual share.
A column already there (an archive that a development build made with
create_all, then upgraded from "no revision") is left as it is.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("crawl_runs")}
    new: list[sa.Column[Any]] = [
        sa.Column("article_like", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lost", sa.JSON(), nullable=True)]
    with op.batch_alter_table("crawl_runs") as batch_op:
        for column in new:
            if column.name not in have:
                batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch_op:
        batch_op.drop_column("lost")
        batch_op.drop_column("article_like")
