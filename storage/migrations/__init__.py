"""Alembic migrations of the archive (run by storage/migrate.py; see
docs/ARCHITECTURE.md, "How to add a migration")."""
