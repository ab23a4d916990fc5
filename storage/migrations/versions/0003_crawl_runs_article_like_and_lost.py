"""crawl_runs: pages that looked like articles, and why those not stored were lost.

Source health (alerts/sourcehealth.py) calls a source broken when a run fetched
pages that looked like articles but stored none, or far fewer than usual; each
run now records how many there were (`article_like`) and why the ones not
stored were lost (`lost`, e.g. {"too_short": 22, "language": 3}). Earlier runs
get 0 and NULL: unknown, so they never count towards a source's usual share.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch_op:
        batch_op.add_column(sa.Column("article_like", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.add_column(sa.Column("lost", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch_op:
        batch_op.drop_column("lost")
        batch_op.drop_column("article_like")
