"""Native upserts (`INSERT ... ON CONFLICT`) on SQLite and PostgreSQL.

Idempotent rows (URL keys, learned furniture, feed validators, leases, alerts
per rule and story) are written in one statement that lets the database decide
what already exists, instead of a select and an insert that two writers could
interleave. Statements are built once per database kind and table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from storage.engine import StorageError

_BUILT: dict[tuple[str, str, str], Any] = {}


def dialect_insert(conn: Connection, table: Table) -> Any:
    """`insert(table)` of the connection's database, with `on_conflict_do_*`
    (the dialect's module is loaded by then: importing it costs nothing more)."""
    name = conn.dialect.name
    if name not in ("sqlite", "postgresql"):
        raise StorageError(f"unsupported database {name!r}: the archive runs on SQLite and "
                           "PostgreSQL")
    return importlib.import_module(f"sqlalchemy.dialects.{name}").insert(table)


def insert_ignoring(conn: Connection, table: Table,
                    conflict: Sequence[str] | None = None) -> Any:
    """INSERT that skips a row whose key already exists: the primary key, or the
    unique constraint over the `conflict` columns (then other conflicts raise)."""
    key = (conn.dialect.name, table.name, "ignore:" + ",".join(conflict or ()))
    stmt = _BUILT.get(key)
    if stmt is None:
        stmt = dialect_insert(conn, table).on_conflict_do_nothing(
            index_elements=list(conflict) if conflict else None)
        _BUILT[key] = stmt
    return stmt


def insert_or_update(conn: Connection, table: Table, conflict: Sequence[str],
                     update: Callable[[Any], dict[str, Any]]) -> Any:
    """INSERT that, when the `conflict` key exists, sets `update(excluded)` instead
    (`excluded` holds the values the insert proposed). For the cold paths: built
    on each call."""
    stmt = dialect_insert(conn, table)
    return stmt.on_conflict_do_update(index_elements=list(conflict),
                                      set_=update(stmt.excluded))
