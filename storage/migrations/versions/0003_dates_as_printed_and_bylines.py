"""Dates as printed and bylines (issue 12).

`articles` gains `published_date` (the outlet's calendar day, indexed),
`date_precision` (`minute`, `hour`, `day`), `author_kind` (`person`, `desk`,
`agency`) and `credit` (the agency credited for the text); `article_versions`
gains `published_date`. From now on `published_at` is set only when the page
gives a time of day.

Backfill of the rows already there: `published_date` is the day of
`published_at` in Syria time (UTC+3, the default source time zone). Earlier
versions stored a page that printed only a day as local midnight in UTC (21:00
the day before): a `published_at` of exactly 21:00:00 UTC is taken for such a
day alone, so it becomes `date_precision = 'day'` with `published_at` NULL and
`published_date` the day the page printed; any other value keeps its time
(`date_precision = 'minute'`). (Sources configured with another time zone had
their midnights at another UTC hour: those rows keep their time.) Rows without
a date stay without one. Bylines are not re-read: `author_kind` and `credit`
stay NULL on old rows. No row is lost; downgrade drops the columns.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SYRIA = timedelta(hours=3)
BATCH = 1000


def _naive_utc(value: Any) -> datetime | None:
    if value is None:
        return None
    # (SQLite hands back text)
    found: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.astimezone(UTC).replace(tzinfo=None) if found.tzinfo else found


def _backfill(table: str, precision: bool) -> None:
    conn = op.get_bind()
    t = sa.table(table, sa.column("id", sa.Integer()), sa.column("published_at"),
                 sa.column("published_date", sa.Date()),
                 *([sa.column("date_precision", sa.String())] if precision else []))
    timed, days = [], []
    for row in conn.execute(sa.select(t.c.id, t.c.published_at)
                            .where(t.c.published_at.is_not(None))):
        at = _naive_utc(row.published_at)
        assert at is not None
        local = at + SYRIA
        if local.time() == datetime.min.time():
            days.append({"b_id": row.id, "b_day": local.date()})
        else:
            timed.append({"b_id": row.id, "b_day": local.date()})
    where = t.c.id == sa.bindparam("b_id")
    extra = {"date_precision": "minute"} if precision else {}
    for start in range(0, len(timed), BATCH):
        conn.execute(sa.update(t).where(where)
                     .values(published_date=sa.bindparam("b_day"), **extra),
                     timed[start:start + BATCH])
    extra = {"date_precision": "day"} if precision else {}
    for start in range(0, len(days), BATCH):
        conn.execute(sa.update(t).where(where)
                     .values(published_date=sa.bindparam("b_day"), published_at=None, **extra),
                     days[start:start + BATCH])


NEW_COLUMNS: dict[str, list[sa.Column[Any]]] = {
    "articles": [sa.Column("published_date", sa.Date(), nullable=True),
                 sa.Column("date_precision", sa.String(8), nullable=True),
                 sa.Column("author_kind", sa.String(16), nullable=True),
                 sa.Column("credit", sa.Text(), nullable=True)],
    "article_versions": [sa.Column("published_date", sa.Date(), nullable=True)],
}


def upgrade() -> None:
    # (an archive that already has them, made by this schema and recorded as
    # older, keeps them: nothing is added twice and its rows are not re-dated)
    inspector = sa.inspect(op.get_bind())
    for table, columns in NEW_COLUMNS.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        if "published_date" in have:
            continue
        for column in columns:
            op.add_column(table, column)
        if table == "articles":
            op.create_index("ix_articles_published_date", "articles", ["published_date"])
        _backfill(table, precision=table == "articles")


def downgrade() -> None:
    op.drop_index("ix_articles_published_date", table_name="articles")
    with op.batch_alter_table("article_versions") as batch:
        batch.drop_column("published_date")
    with op.batch_alter_table("articles") as batch:
        for column in ("credit", "author_kind", "date_precision", "published_date"):
            batch.drop_column(column)
