"""Arabic full-text search index (issue 15).

Adds `article_search`, the index `rasad search` reads (storage/search.py):
on SQLite an FTS5 table (rowid = `articles.id`, the title and body as index
forms: normalised, proclitics stripped as the alert matcher strips them), on
PostgreSQL a table of stored `tsvector`s under a GIN index; the index's
vocabulary `article_search_terms` (query words are looked up in it); and the triggers
that drop the entry of an article deleted, or whose title or body is changed
outside Rasad. Every article already there is indexed here (batches of
storage.search.REBUILD_BATCH, in the upgrade's transaction). No row of any
other table changes; downgrade drops the index and its triggers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from storage import search

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    search.create_index(conn)
    search.rebuild(conn)


def downgrade() -> None:
    search.drop_index(op.get_bind())
