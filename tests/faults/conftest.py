"""Fixtures of the fault suite (the table hook is in tests/faults/table.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"
