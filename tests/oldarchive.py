"""The checked-in pre-migration archive (tests/archives/), loaded on either database.

`premigration.db` was written by Rasad before migrations existed
(`tests/archives/build_premigration.py`); on PostgreSQL the same rows are
loaded through the DDL that Rasad emitted there then
(`premigration_postgresql.sql`). Rows are compared as the old schema saw them:
times as aware UTC, whatever the column type became.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

ARCHIVES = Path(__file__).resolve().parent / "archives"
OLD_DB = ARCHIVES / "premigration.db"
OLD_PG_DDL = ARCHIVES / "premigration_postgresql.sql"

# What older archives in the wild lack (create_all never altered a table): undo,
# on a copy of the pre-migration archive, what later sessions added.
OLDER = [
    "ALTER TABLE article_urls DROP COLUMN redirect",
    "ALTER TABLE crawl_runs DROP COLUMN known",
    "DROP TABLE delivery_leases",
    "CREATE TABLE delivery_leases (delivery_id INTEGER NOT NULL PRIMARY KEY, "
    "holder VARCHAR(255) NOT NULL, expires_at TIMESTAMP NOT NULL)",
    "INSERT INTO delivery_leases VALUES (4, 'old-host:1:run', '2024-08-09 11:01:00')",
    "DROP TABLE health_deliveries",
    "DROP TABLE health_events",
    "DROP TABLE furniture_lines",
    "DROP TABLE fetch_state",
]


def _reader() -> Engine:
    """The checked-in file, read-only: the tests never change it."""
    return create_engine(f"sqlite:///file:{OLD_DB}?mode=ro&uri=true")


def _aware(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def table_rows(engine: Engine, only: set[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (all columns, times aware UTC), in key order."""
    meta = MetaData()
    meta.reflect(engine, only=lambda name, _m: only is None or name in only)
    out = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [{k: _aware(v) for k, v in r._mapping.items()}
                               for r in conn.execute(select(table).order_by(*order))]
    return out


def rows_at(url: str, only: set[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    engine = create_engine(url)
    try:
        return table_rows(engine, only)
    finally:
        engine.dispose()


def old_rows() -> dict[str, list[dict[str, Any]]]:
    engine = _reader()
    try:
        return table_rows(engine)
    finally:
        engine.dispose()


def load(url: str) -> None:
    """Put the pre-migration archive at `url` (a SQLite file path, or an empty
    PostgreSQL schema: the old DDL, then every row)."""
    if url.startswith("sqlite"):
        shutil.copy(OLD_DB, url.removeprefix("sqlite:///"))
        return
    rows = old_rows()
    target = create_engine(url)
    try:
        with target.begin() as conn:
            conn.exec_driver_sql(OLD_PG_DDL.read_text(encoding="utf-8"))
            meta = MetaData()
            meta.reflect(conn)
            for table in meta.sorted_tables:
                if rows.get(table.name):
                    conn.execute(table.insert(), [
                        {k: v.replace(tzinfo=None) if isinstance(v, datetime) else v
                         for k, v in r.items()} for r in rows[table.name]])
                if "id" in table.c:  # SERIAL: continue after the loaded ids
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                                      f"'id'), coalesce(max(id), 0) + 1, false) "
                                      f"FROM {table.name}"))
    finally:
        target.dispose()


def load_older(url: str, statements: list[str] = OLDER, reload: bool = True) -> None:
    """The pre-migration archive as an even older Rasad left it (`statements` run
    on it; `reload=False`: on the archive already there)."""
    if reload:
        load(url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def columns(url: str, table: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


@contextmanager
def extra_schema(postgres_url: str) -> Iterator[str]:
    """Another empty schema in the database of `postgres_url`, dropped afterwards."""
    name = f"rasad_test_{uuid.uuid4().hex[:10]}"
    base = make_url(postgres_url).difference_update_query(["options"])
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()
