"""Migrations on SQLite and PostgreSQL: the checked-in pre-migration archive and
older ones upgrade keeping every row; the migrations make exactly the schema
storage/schema.py defines; readers never change an archive."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, Text, create_engine, inspect, text

from crawler.app.demo import load_articles
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage import Archive, StorageError
from storage.migrate import (
    COMPARE_OPTIONS,
    HEAD,
    REVISIONS,
    alembic_config,
    archive_state,
    migrate,
)
from storage.schema import metadata
from tests import oldarchive

SIEGE = Match("siege", ("حصار*",), "فرضت قوات النظام حصارا على المدينة")


def differences(url: str) -> list[Any]:
    """What Alembic's autogenerate finds between the database and storage/schema.py."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(compare_metadata(MigrationContext.configure(conn, opts=COMPARE_OPTIONS),
                                         metadata))
    finally:
        engine.dispose()


def test_the_migrations_make_exactly_the_schema_of_the_code(archive_url: str) -> None:
    engine = create_engine(archive_url)
    with engine.begin() as conn:
        migrate(conn)  # every migration, from an empty database
    engine.dispose()
    assert differences(archive_url) == []
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["crawl_runs"].append_column(Column("notes", Text, nullable=True))
    engine = create_engine(archive_url)
    with engine.connect() as conn:  # the comparison is live: a column without migration shows
        found = compare_metadata(MigrationContext.configure(conn, opts=COMPARE_OPTIONS), changed)
    engine.dispose()
    assert [d[0] for d in found] == ["add_column"] and found[0][3].name == "notes"


def test_the_premigration_archive_upgrades_keeping_every_row(archive_url: str) -> None:
    oldarchive.load(archive_url)
    oldarchive.load_older(archive_url, [  # a table of the user's own, e.g. APScheduler's
        "CREATE TABLE my_notes (id INTEGER PRIMARY KEY, note TEXT)",
        "INSERT INTO my_notes VALUES (1, 'ملاحظة')"], reload=False)
    before = oldarchive.old_rows()
    assert archive_state(archive_url).describe() == "no revision (made before migrations)"
    archive = Archive.open(archive_url)  # a writer: upgrades on open
    archive.close()
    assert archive_state(archive_url).at_head
    assert differences(archive_url) == []  # and the user's table is neither compared nor touched
    assert oldarchive.rows_at(archive_url, only={"my_notes"}) == {
        "my_notes": [{"id": 1, "note": "ملاحظة"}]}
    after = oldarchive.rows_at(archive_url, only=set(before))
    for table, rows in before.items():
        if table == "rasad_meta":  # its schema_version is replaced by alembic_version
            rows = [r for r in rows if r["key"] != "schema_version"]
        assert after[table] == rows, table
    assert {t: len(r) for t, r in before.items() if t in (
        "articles", "article_versions", "alerts", "deliveries", "health_events")} == {
        "articles": 9, "article_versions": 1, "alerts": 13, "deliveries": 26,
        "health_events": 2}


def test_an_upgraded_archive_works_on(archive_url: str) -> None:
    oldarchive.load(archive_url)
    archive = Archive.open(archive_url)
    first = [a for a in load_articles() if a.language == "ar"][0]
    body = "\n".join(first.paragraphs)
    now = datetime.now(UTC)
    copy = archive.save_article(ArticleItem(
        url="https://enabbaladi.net/copy", source="enab", title=first.title, body=body,
        language="ar", fetched_at=now), [SIEGE], ["webhook:https://hooks.example/rasad"])
    assert (copy.status, copy.alerts, copy.story_id) == ("new", 0, 1)  # the old story alerted
    fresh = archive.save_article(ArticleItem(
        url="https://enabbaladi.net/new", source="enab", title="خبر جديد",
        body="فرضت قوات النظام حصارا خانقا على بلدة جديدة في ريف درعا الغربي اليوم.",
        language="ar", fetched_at=now), [SIEGE], ["webhook:https://hooks.example/rasad"])
    assert (fresh.status, fresh.alerts, fresh.article_id) == ("new", 1, 11)
    again = archive.save_article(ArticleItem(
        url="https://sana.sy/news/3", source="sana", title="x",
        body="\n".join([a for a in load_articles() if a.language == "ar"][3].paragraphs),
        language="ar", fetched_at=now), [], [])
    assert (again.status, again.article_id) == ("unchanged", 4)
    pending = archive.pending_deliveries(datetime(9999, 1, 1, tzinfo=UTC))
    assert len(pending) == 25  # 26 old minus sent and dead, plus the new alert's one
    failed = next(p for p in pending if p.attempts == 1)
    assert failed.created_at.tzinfo is not None and failed.article["published_at"] == \
        datetime(2024, 8, 9, 10, 0, tzinfo=UTC)
    archive.close()


def test_an_older_archive_gets_the_tables_and_columns_it_lacks(archive_url: str) -> None:
    oldarchive.load_older(archive_url)
    assert "redirect" not in oldarchive.columns(archive_url, "article_urls")
    archive = Archive.open(archive_url)
    assert archive.count("articles") == 9 and archive.count("alerts") == 13
    assert archive.count("deliveries") == 26 and archive.count("article_urls") == 17
    assert archive.count("article_urls", redirect=False) == 17  # no redirect was known then
    assert archive.count("crawl_runs", known=0) == 2
    assert archive.count("delivery_leases", outbox="deliveries", delivery_id=4) == 1
    assert archive.count("fetch_state") == archive.count("health_events") == 0
    archive.close()
    assert differences(archive_url) == []


def test_a_failed_upgrade_leaves_the_archive_as_it_was(archive_url: str) -> None:
    # deliveries.attempts missing: NOT NULL, and no value for the old rows
    oldarchive.load_older(archive_url, oldarchive.OLDER + [
        "ALTER TABLE deliveries DROP COLUMN attempts"])
    with pytest.raises(StorageError, match=r"cannot upgrade archive .* \(left as it was\): "
                       r"RuntimeError: cannot add deliveries.attempts"):
        Archive.open(archive_url)
    assert "alembic_version" not in oldarchive.tables(archive_url)
    assert "fetch_state" not in oldarchive.tables(archive_url)  # made, then rolled back
    assert "redirect" not in oldarchive.columns(archive_url, "article_urls")


def test_readers_never_create_or_change_an_archive(archive_url: str, tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'nowhere' / 'none.db'}"
    with pytest.raises(StorageError, match="does not exist"):
        Archive.open(missing, mode="read")
    assert not (tmp_path / "nowhere").exists()
    if archive_url.startswith("postgresql"):
        with pytest.raises(StorageError, match="has no Rasad tables"):
            Archive.open(archive_url, mode="read")
        assert oldarchive.tables(archive_url) == set()
    oldarchive.load(archive_url)
    fingerprint = _fingerprint(archive_url)
    with pytest.raises(StorageError, match=r"has no revision \(made before migrations\); "
                       r"this Rasad needs revision \d{4}: run `rasad db upgrade"):
        Archive.open(archive_url, mode="read")
    assert _fingerprint(archive_url) == fingerprint
    Archive.open(archive_url).close()
    reader = Archive.open(archive_url, mode="read")
    assert reader.count("articles") == 9
    reader.close()


def _fingerprint(url: str) -> Any:
    if url.startswith("sqlite"):
        return hashlib.sha256(Path(url.removeprefix("sqlite:///")).read_bytes()).hexdigest()
    return oldarchive.rows_at(url)


def test_an_archive_newer_than_this_rasad_is_refused(archive_url: str) -> None:
    Archive.open(archive_url).close()
    engine = create_engine(archive_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    for mode in ("write", "read"):
        with pytest.raises(StorageError, match=f"revision 9999, newer than this Rasad knows "
                           f"\\(newest {HEAD}\\): upgrade Rasad"):
            Archive.open(archive_url, mode=mode)  # type: ignore[arg-type]


def test_an_empty_archive_is_created_at_the_newest_revision(archive_url: str) -> None:
    Archive.open(archive_url).close()
    assert archive_state(archive_url).revision == HEAD
    engine = create_engine(archive_url)
    with engine.connect() as conn:  # Alembic itself reads the recorded revision
        assert MigrationContext.configure(conn).get_current_revision() == HEAD
        assert conn.execute(text("SELECT count(*) FROM rasad_meta WHERE key = "
                                 "'dedup_index'")).scalar() == 1
    engine.dispose()
    assert differences(archive_url) == []


def test_the_migration_history_is_one_line_named_by_number() -> None:
    scripts = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    assert scripts.get_heads() == [HEAD] == [REVISIONS[-1]]
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert chain == REVISIONS == [f"{n:04d}" for n in range(1, len(REVISIONS) + 1)]
    for script in scripts.walk_revisions():
        assert re.fullmatch(rf"{script.revision}_[a-z0-9_]+\.py", Path(script.path).name)


def _reflected(url: str) -> dict[str, Any]:
    """Tables as the database describes them (columns, keys, indexes, constraints)."""
    engine = create_engine(url)
    insp = inspect(engine)
    out = {}
    for name in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        out[name] = (
            [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)],
            insp.get_pk_constraint(name)["constrained_columns"],
            sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                   for i in insp.get_indexes(name)),
            sorted((u["name"], tuple(u["column_names"]))
                   for u in insp.get_unique_constraints(name)),
            sorted((tuple(f["constrained_columns"]), f["referred_table"])
                   for f in insp.get_foreign_keys(name)))
    engine.dispose()
    return out


@pytest.fixture
def other_url(archive_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind as `archive_url`."""
    if archive_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    with oldarchive.extra_schema(archive_url) as url:
        yield url


def test_the_baseline_is_the_schema_rasad_made_before_migrations(
        archive_url: str, other_url: str) -> None:
    oldarchive.load(other_url)
    engine = create_engine(archive_url)
    with engine.begin() as conn:
        migrate(conn, "0001")
    engine.dispose()
    assert _reflected(archive_url) == _reflected(other_url)
