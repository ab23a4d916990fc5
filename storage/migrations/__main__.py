"""Developer tool: write the migration for what changed in storage/schema.py.

    python -m storage.migrations new "crawl_runs: add notes" [--url URL]

Upgrades a scratch SQLite archive (or the database at URL) through every
migration, compares it with the tables the code defines, and writes
storage/migrations/versions/NNNN_<slug>.py (the next number) with the
differences as Alembic operations. Read it, finish it (data to fill, anything
PostgreSQL needs that SQLite cannot show) and run the tests: they check on
both databases that the migrations make exactly the schema the code defines.
"""

from __future__ import annotations

import argparse

from storage.migrate import new_revision


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m storage.migrations",
                                     description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new", help="autogenerate the next migration")
    new.add_argument("message", help='what it does, e.g. "crawl_runs: add notes"')
    new.add_argument("--url", help="compare against this database instead of a scratch "
                     "SQLite archive (it is upgraded first)")
    args = parser.parse_args()
    print(f"wrote {new_revision(args.message, args.url)}")


if __name__ == "__main__":
    main()
