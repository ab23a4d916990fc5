"""The README's "Archive schema" is the schema users write SQL against: it must
be exactly what storage/schema.py defines and migrations 0001..HEAD make. Every
table has a `### \\`name\\`` section, every column a row (in the table's order)
with its type, key, NULL and reference cell; nothing is documented that the
schema lacks. A failure prints the rows to paste."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Column, Table, UniqueConstraint, create_engine, inspect
from sqlalchemy.dialects.postgresql.base import PGDialect

import storage  # noqa: F401 (every module's tables join the metadata)
from storage.migrate import alembic_version, migrate
from storage.schema import metadata
from storage.search import TABLES as SEARCH_TABLES
from storage.search import is_index_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
_HEADER = "| column | type | meaning |\n|---|---|---|"
_ROW = re.compile(r"^\| `(\w+)` \| (.*?) \| (.*) \|$", re.M)


def schema_section(readme: str = README) -> str:
    """The README's `## Archive schema` section, up to the next `## ` heading."""
    assert "\n## Archive schema\n" in readme, "README has no `## Archive schema` section"
    return readme.split("\n## Archive schema\n", 1)[1].split("\n## ", 1)[0]


def documented_tables(readme: str = README) -> dict[str, list[tuple[str, str]]]:
    """Each `### \\`table\\`` subsection's (column, type cell) rows, in order."""
    parts = re.split(r"^### `(\w+)`[ \t]*$", schema_section(readme), flags=re.M)
    return {name: [(m.group(1), m.group(2)) for m in _ROW.finditer(body)]
            for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def type_cell(column: Column[object]) -> str:
    """The README's type cell of a column: its type as PostgreSQL spells it (a time
    is `timestamp`: with time zone on PostgreSQL, UTC text on SQLite), then
    `key`, `unique`, `NULL` (may be NULL) and `→ \\`table.column\\`` (a reference)."""
    spelled = str(column.type.compile(dialect=PGDialect())).lower()
    cell = ["`" + spelled.replace("timestamp with time zone", "timestamp") + "`"]
    table = column.table
    assert isinstance(table, Table)
    unique = column.unique or any(
        isinstance(c, UniqueConstraint) and [col.name for col in c.columns] == [column.name]
        for c in table.constraints)
    cell += ["key"] * column.primary_key + ["unique"] * bool(unique) \
        + ["NULL"] * bool(column.nullable and not column.primary_key)
    cell += [f"→ `{fk.column.table.name}.{fk.column.name}`" for fk in column.foreign_keys]
    return ", ".join(cell)


def expected_rows(table: Table) -> list[tuple[str, str]]:
    return [(c.name, type_cell(c)) for c in table.columns]


def migrated_tables(url: str) -> dict[str, list[str]]:
    """Table -> columns of an archive made by running every migration."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            migrate(conn)
        with engine.connect() as conn:
            found = inspect(conn)
            return {t: [c["name"] for c in found.get_columns(t)]
                    for t in found.get_table_names() if t != alembic_version.name}
    finally:
        engine.dispose()


def test_the_readme_documents_exactly_the_tables_the_migrations_make(tmp_path: Path) -> None:
    made = migrated_tables(f"sqlite:///{tmp_path / 'migrated.db'}")
    documented = documented_tables()
    # the search index (migration 0005, storage/search.py) is not in storage/schema.py:
    # its tables are documented too; FTS5's shadow tables are named, not sectioned
    assert set(SEARCH_TABLES) <= set(documented) and set(SEARCH_TABLES) <= set(made)
    index = set(SEARCH_TABLES)
    made_core = sorted(t for t in made if not is_index_table(t))
    assert sorted(set(documented) - index) == sorted(metadata.tables) == made_core, (
        f"README sections {sorted(documented)}, schema {sorted(metadata.tables)}, "
        f"migrations {sorted(made)}")
    for name, rows in documented.items():
        if name == SEARCH_TABLES[0]:
            continue  # an FTS5 table on SQLite, a tsvector table on PostgreSQL
        # (a migration appends its columns: the README follows storage/schema.py's order)
        assert sorted(c for c, _ in rows) == sorted(made[name]), \
            f"README table {name} vs the migrations"


@pytest.mark.parametrize("table", sorted(metadata.tables))
def test_each_table_section_lists_its_columns_types_and_references(table: str) -> None:
    documented = documented_tables()
    assert table in documented, f"README has no section ### `{table}` under Archive schema"
    section = schema_section().split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    assert _HEADER in section, f"README ### `{table}`: the header must be\n{_HEADER}"
    want = expected_rows(metadata.tables[table])
    rows = "\n".join(f"| `{c}` | {cell} | …meaning… |" for c, cell in want)
    assert documented[table] == want, f"README ### `{table}` must have these rows:\n{rows}"


def test_the_parser_sees_drift() -> None:
    """The checks above fail on a README that lost a column, has an extra one, a
    wrong type cell, or a table the schema does not have."""
    articles = metadata.tables["articles"]
    good = "\n## Archive schema\n\n### `articles`\n" + _HEADER + "\n" + "\n".join(
        f"| `{c}` | {cell} | x |" for c, cell in expected_rows(articles)) + "\n\n## Next\n"
    assert documented_tables(good)["articles"] == expected_rows(articles)
    lost = good.replace("| `credit` |", "| credit |")
    assert [c for c, _ in documented_tables(lost)["articles"]] != \
        [c.name for c in articles.columns]
    retyped = good.replace("| `story_id` | `integer`, NULL, → `stories.id` |",
                           "| `story_id` | `integer` |")
    assert documented_tables(retyped)["articles"] != expected_rows(articles)
    extra = good.replace("\n\n## Next", "\n### `searches`\n| `q` | `text` | x |\n\n## Next")
    assert set(documented_tables(extra)) - set(metadata.tables) == {"searches"}
