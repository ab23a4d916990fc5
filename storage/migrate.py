"""Schema migrations: every archive, however old, brought to the newest revision.

Alembic records an archive's revision in `alembic_version`; the migrations are
`storage/migrations/versions/NNNN_slug.py` (revision id NNNN, one line of
history). Opening an archive reads its revision in one query, and only when it
is not the newest does anything more, under the archive's write lock
(`storage.engine.writing`, so concurrent openers migrate once):

- a database without Rasad tables gets them from `storage/schema.py` and is
  recorded at the newest revision (the migrations produce the same schema: a
  test compares them on SQLite and PostgreSQL);
- an archive made before migrations existed (Rasad tables, no
  `alembic_version`) or at an older revision runs the migrations from where it
  stands; the baseline (0001) recognises every older archive and completes it.

Writers (`Archive.open(url)`) upgrade; readers (`mode="read"`) never create,
migrate or write: they refuse an archive that is not at the newest revision
with one line naming `rasad db upgrade`.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    insert,
    inspect,
    select,
)
from sqlalchemy.exc import OperationalError, ProgrammingError

from storage import search
from storage.backfill import backfill
from storage.engine import StorageError, display_url, make_engine, unreachable, writing
from storage.schema import UTCDateTime, metadata

log = logging.getLogger("rasad.storage")

SCRIPTS = "storage:migrations"  # Alembic's script location, as a package resource
_VERSION_FILE = re.compile(r"^(\d{4})_\w+\.py$")

# Alembic's own version table, as Alembic defines it: read here without
# importing Alembic (opening an archive at the newest revision never loads it).
alembic_version = Table(
    "alembic_version", MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def _revisions() -> list[str]:
    versions = files("storage.migrations") / "versions"
    return sorted(m.group(1) for entry in versions.iterdir()
                  if (m := _VERSION_FILE.match(entry.name)))


REVISIONS = _revisions()
HEAD = REVISIONS[-1]


@dataclass(frozen=True)
class SchemaState:
    """Where an archive stands: its revision (None: none recorded) and whether it
    has Rasad tables at all."""

    revision: str | None
    has_tables: bool

    @property
    def at_head(self) -> bool:
        return self.revision == HEAD

    @property
    def known(self) -> bool:
        return self.revision is None or self.revision in REVISIONS

    def describe(self) -> str:
        if self.revision is not None:
            return f"revision {self.revision}"
        return "no revision (made before migrations)" if self.has_tables else "no tables"


def read_state(conn: Connection) -> SchemaState:
    names = set(inspect(conn).get_table_names())
    revision = None
    if alembic_version.name in names:
        revision = conn.execute(select(alembic_version.c.version_num)).scalar()
    return SchemaState(revision, bool(names & set(metadata.tables)))


def _quick_revision(engine: Engine) -> str | None:
    """The recorded revision in one query; None when there is no version table."""
    with engine.connect() as conn:
        try:
            return conn.execute(select(alembic_version.c.version_num)).scalar()
        except (OperationalError, ProgrammingError):
            return None  # no version table (a connection failure is raised by connect())


def ensure_schema(engine: Engine, url: str, *, readonly: bool = False) -> None:
    """Make sure the archive is at the newest revision: create or upgrade it, or
    (readers) refuse it with one line."""
    if _quick_revision(engine) == HEAD:
        return
    if readonly:
        with engine.connect() as conn:
            state = read_state(conn)
        if not state.at_head:
            raise StorageError(refusal(url, state))
        return
    before, after = upgrade(engine, url)
    if before.has_tables and before.revision != after.revision:
        log.warning("upgraded archive %s from %s to revision %s", display_url(url),
                    before.describe(), after.revision)


def refusal(url: str, state: SchemaState) -> str:
    """Why a reader cannot use this archive, in one line."""
    where = f"archive {display_url(url)}"
    if not state.known:
        return (f"{where} is at schema revision {state.revision}, newer than this Rasad "
                f"knows (newest {HEAD}): upgrade Rasad")
    if not state.has_tables:
        return f"{where} has no Rasad tables: nothing has been crawled into it yet"
    return (f"{where} has {state.describe()}; this Rasad needs revision {HEAD}: run "
            "`rasad db upgrade --config FILE` (a crawl also upgrades it)")


def upgrade(engine: Engine, url: str) -> tuple[SchemaState, SchemaState]:
    """Bring the archive to the newest revision in one transaction, under the
    write lock; returns where it stood before and after. A failed migration
    leaves the archive as it was and is a one-line `StorageError`; an archive
    that cannot be reached raises SQLAlchemy's `OperationalError`."""
    with writing(engine) as conn:
        before = read_state(conn)
        if not before.known:
            raise StorageError(refusal(url, before))
        if before.at_head:
            return before, before
        try:
            _to_head(conn, before)
        except Exception as exc:  # noqa: BLE001 (rolled back as it leaves: one line)
            reason = " ".join(str(exc).split())[:500]
            raise StorageError(f"cannot upgrade archive {display_url(url)} (left as it "
                               f"was): {type(exc).__name__}: {reason}") from exc
    return before, SchemaState(HEAD, True)


def _to_head(conn: Connection, before: SchemaState) -> None:
    if before.has_tables:
        migrate(conn)
    else:
        metadata.create_all(conn)
        search.create_index(conn)  # not in `metadata`: FTS5 / tsvector, per database
        alembic_version.create(conn, checkfirst=True)
        conn.execute(insert(alembic_version).values(version_num=HEAD))
    backfill(conn)  # articles stored before URL keys and LSH bands existed


def archive_state(url: str) -> SchemaState:
    """Where the archive at `url` stands, read without creating or changing anything."""
    engine = make_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            return read_state(conn)
    except OperationalError as exc:
        raise unreachable(url, exc) from None
    finally:
        engine.dispose()


def upgrade_archive(url: str) -> tuple[SchemaState, SchemaState]:
    """`upgrade` of the archive at `url` (created when missing)."""
    engine = make_engine(url)
    try:
        return upgrade(engine, url)
    except OperationalError as exc:
        raise unreachable(url, exc) from None
    finally:
        engine.dispose()


# -- Alembic --------------------------------------------------------------------
def alembic_config(conn: Connection) -> Any:
    """Alembic's configuration, made here (no alembic.ini): the scripts are package
    data of `storage`, so this works from any install; migrations run on `conn`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPTS)
    config.attributes["connection"] = conn
    return config


def migrate(conn: Connection, to: str = "head") -> None:
    """Run the migrations from the archive's revision (or from nothing) up to `to`,
    inside the caller's transaction."""
    from alembic import command

    command.upgrade(alembic_config(conn), to)


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    """Only Rasad's own tables are compared and migrated: APScheduler's job table and
    tables users add to the archive are left alone."""
    return type_ != "table" or name in metadata.tables


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from storage.schema import UTCDateTime")
        return "UTCDateTime()"
    return False


COMPARE_OPTIONS: dict[str, Any] = {
    "target_metadata": metadata, "include_name": include_name, "render_item": render_item,
    "compare_type": True, "render_as_batch": True}


def new_revision(message: str, url: str | None = None) -> Path:
    """Write the next migration, autogenerated from what `storage/schema.py` has
    that the migrations do not make (compared on a scratch SQLite archive, or `url`)."""
    from alembic import command

    rev_id = f"{int(HEAD) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(url or f"sqlite:///{tmp}/scratch.db")
        try:
            with engine.begin() as conn:
                migrate(conn)
                config = alembic_config(conn)
                script = command.revision(config, message=message, autogenerate=True,
                                          rev_id=rev_id)
        finally:
            engine.dispose()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
