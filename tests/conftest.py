"""Shared fixtures: real services (PostgreSQL, Redis) and temp archives.

Tests that need PostgreSQL or Redis skip with a reason when the server is not
running, unless RASAD_REQUIRE_SERVICES=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import os
import socket

# pytest's unraisable-exception hook imports tracemalloc lazily; a pipe collected
# during that import once made the hook itself fail, so import it up front.
import tracemalloc  # noqa: F401
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.table import pytest_terminal_summary  # noqa: F401 (the fault table)

PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _need(service: str, host: str, port: int) -> None:
    if _reachable(host, port):
        return
    msg = f"{service} is not running on {host}:{port}"
    if os.environ.get("RASAD_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{msg} (RASAD_REQUIRE_SERVICES=1: it must run here)")
    pytest.skip(msg)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema in database `test`, dropped afterwards."""
    _need("PostgreSQL", PG_HOST, PG_PORT)
    from sqlalchemy import create_engine, text

    schema = f"rasad_test_{uuid.uuid4().hex[:10]}"
    base = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/test"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def redis_url() -> str:
    _need("Redis", REDIS_HOST, REDIS_PORT)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A Redis key prefix of this test's own (distributed mode), its keys removed after."""
    import redis

    name = f"rasad-test-{uuid.uuid4().hex[:10]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The archive on both supported backends."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI (RASAD_REQUIRE_SERVICES=1) nothing may skip: a skip is a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("RASAD_REQUIRE_SERVICES") == "1" \
            and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (RASAD_REQUIRE_SERVICES=1): {report.longrepr}"
