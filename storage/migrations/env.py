"""Alembic's environment: migrations run on the connection storage/migrate.py
hands over (in its transaction, under the archive's write lock); there is no
alembic.ini and no offline (SQL script) mode."""

from __future__ import annotations

from alembic import context

from storage.migrate import COMPARE_OPTIONS

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations through storage.migrate (rasad db upgrade)")
context.configure(connection=connection, **COMPARE_OPTIONS)
with context.begin_transaction():
    context.run_migrations()
