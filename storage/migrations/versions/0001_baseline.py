"""Baseline: the archive as Rasad made it before migrations (create_all, commit af6cdfa).

On an empty database this creates every table. On an archive made before
migrations existed (no `alembic_version`) it creates only what is missing:
`create_all` never altered an existing table, so archives in the wild lack the
tables and columns added after they were made (`article_urls.redirect`,
`crawl_runs.known`, `delivery_leases.outbox`, ...). Missing tables are created,
missing columns added (with a default for the rows already there) and missing
indexes built; no row is lost. `rasad_meta.schema_version` (written, never
read) goes: the revision is Alembic's now.

The tables are frozen here as they were at the baseline: later changes to
storage/schema.py come in later revisions, never by editing this one.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# What rows already in a table get in a NOT NULL column added to it.
FILL: dict[tuple[str, str], Any] = {
    ("article_urls", "redirect"): sa.false(),
    ("crawl_runs", "known"): sa.text("0"),
}


def _id() -> sa.Column[Any]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _when(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def _ref(name: str, target: str, index: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=False, index=index)


def _delivery_state() -> list[sa.Column[Any]]:
    return [sa.Column("channel", sa.String(512), nullable=False),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("last_error", sa.Text(), nullable=True),
            _when("last_attempt_at", True), _when("next_attempt_at", True),
            _when("sent_at", True)]


def _articles(m: sa.MetaData) -> None:
    sa.Table("rasad_meta", m, sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text(), nullable=False))
    sa.Table("stories", m, _id(), sa.Column("first_article_id", sa.Integer(), nullable=True),
             sa.Column("first_source", sa.String(128), nullable=False), _when("first_seen_at"))
    art = sa.Table(
        "articles", m, _id(),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False), _when("published_at", True),
        sa.Column("date_source", sa.String(32), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("source", sa.String(128), nullable=False, index=True),
        sa.Column("story_id", sa.Integer(), sa.ForeignKey("stories.id"), nullable=True,
                  index=True),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        _when("first_seen_at"), _when("fetched_at"), _when("updated_at", True))
    sa.Index("ix_articles_published_at", art.c.published_at)
    bands = sa.Table("article_bands", m, _ref("article_id", "articles.id"),
                     sa.Column("band_key", sa.BigInteger(), nullable=False))
    sa.Index("ix_article_bands_band_key", bands.c.band_key)
    sa.Index("ix_article_bands_article_id", bands.c.article_id)
    sa.Table("article_urls", m, sa.Column("url_key", sa.String(600), primary_key=True),
             _ref("article_id", "articles.id", index=True),
             sa.Column("redirect", sa.Boolean(), nullable=False))
    versions = sa.Table(
        "article_versions", m, _id(), _ref("article_id", "articles.id"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        _when("published_at", True), _when("fetched_at"), _when("replaced_at"))
    sa.Index("ix_article_versions_article_id", versions.c.article_id)


def _outboxes(m: sa.MetaData) -> None:
    sa.Table("alerts", m, _id(), sa.Column("key", sa.String(64), nullable=False, unique=True),
             sa.Column("rule", sa.String(128), nullable=False),
             _ref("article_id", "articles.id", index=True), _ref("story_id", "stories.id"),
             sa.Column("matched", sa.JSON(), nullable=False),
             sa.Column("snippet", sa.Text(), nullable=False), _when("created_at"),
             sa.UniqueConstraint("rule", "story_id", name="uq_alerts_rule_story"))
    deliveries = sa.Table(
        "deliveries", m, _id(), _ref("alert_id", "alerts.id"), *_delivery_state(),
        sa.UniqueConstraint("alert_id", "channel", name="uq_deliveries_alert_channel"))
    sa.Index("ix_deliveries_status", deliveries.c.status)
    events = sa.Table(
        "health_events", m, _id(),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        _when("detected_at"), _when("resolved_at", True))
    sa.Index("ix_health_events_source", events.c.source, events.c.kind)
    sa.Table("health_deliveries", m, _id(), _ref("event_id", "health_events.id"),
             *_delivery_state(),
             sa.UniqueConstraint("event_id", "channel",
                                 name="uq_health_deliveries_event_channel"))
    sa.Table("delivery_leases", m, sa.Column("outbox", sa.String(32), primary_key=True),
             sa.Column("delivery_id", sa.Integer(), primary_key=True),
             sa.Column("holder", sa.String(255), nullable=False), _when("expires_at"))


def _operations(m: sa.MetaData) -> None:
    counts = ["pages", "new", "updated", "unchanged", "skipped", "known", "alerts", "errors"]
    runs = sa.Table(
        "crawl_runs", m, _id(), sa.Column("source", sa.String(128), nullable=False),
        _when("started_at"), _when("ended_at"),
        sa.Column("status", sa.String(16), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in counts],
        sa.Column("error_kinds", sa.JSON(), nullable=False))
    sa.Index("ix_crawl_runs_source_started", runs.c.source, runs.c.started_at)
    sa.Table("fetch_state", m, sa.Column("url", sa.String(600), primary_key=True),
             sa.Column("etag", sa.Text(), nullable=True),
             sa.Column("last_modified", sa.Text(), nullable=True), _when("checked_at"))
    sa.Table("furniture_lines", m, sa.Column("source", sa.String(128), primary_key=True),
             sa.Column("line_hash", sa.String(32), primary_key=True),
             sa.Column("pages", sa.Integer(), nullable=False))


def baseline() -> sa.MetaData:
    m = sa.MetaData(naming_convention=NAMING)
    _articles(m)
    _outboxes(m)
    _operations(m)
    return m


def _complete(bind: sa.Connection, table: sa.Table) -> None:
    """Add to an existing table the columns and indexes it lacks."""
    insp = sa.inspect(bind)
    have = {c["name"] for c in insp.get_columns(table.name)}
    if table.name == "delivery_leases" and "outbox" not in have:
        _rebuild_leases(bind, table)
        return
    for column in table.columns:
        if column.name in have:
            continue
        fill = FILL.get((table.name, column.name))
        if not column.nullable and fill is None:
            raise RuntimeError(f"cannot add {table.name}.{column.name} to an old archive: "
                               "no value for the rows already there")
        op.add_column(table.name, sa.Column(column.name, column.type,
                                            nullable=column.nullable, server_default=fill))
    indexes = {ix["name"] for ix in insp.get_indexes(table.name)}
    for index in table.indexes:
        if index.name not in indexes:
            index.create(bind)


def _rebuild_leases(bind: sa.Connection, table: sa.Table) -> None:
    """Leases from before the health outbox were keyed by delivery id alone (all
    alert deliveries): the key gains `outbox`, so the table is made anew."""
    old = sa.Table(table.name, sa.MetaData(), autoload_with=bind)
    rows = [dict(r._mapping) for r in bind.execute(sa.select(old))]
    old.drop(bind)
    table.create(bind)
    if rows:
        bind.execute(sa.insert(table), [{**r, "outbox": "deliveries"} for r in rows])


def upgrade() -> None:
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    m = baseline()
    for table in m.sorted_tables:
        if table.name in existing:
            _complete(bind, table)
        else:
            table.create(bind)
    meta = m.tables["rasad_meta"]
    bind.execute(sa.delete(meta).where(meta.c.key == "schema_version"))


def downgrade() -> None:
    raise NotImplementedError("the baseline cannot be undone: it would drop the archive")
