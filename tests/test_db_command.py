"""`rasad db current | upgrade` and what readers and writers do with an old archive,
run as the real command on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from storage.migrate import HEAD
from tests import oldarchive
from tests.cli import run_rasad
from tests.daemon import write_config

OLD = "no revision (made before migrations)"


def _config(tmp_path: Path) -> str:
    return str(write_config(tmp_path / "rasad.toml", tmp_path / "unused.db",
                            "http://127.0.0.1:9/feed.xml"))


def test_current_then_upgrade_an_archive_made_before_migrations(
        archive_url: str, tmp_path: Path) -> None:
    oldarchive.load(archive_url)
    config, env = _config(tmp_path), {"RASAD_DATABASE_URL": archive_url}
    status = run_rasad("status", "--config", config, env=env)  # a reader: refuses, changes nothing
    assert status.returncode == 2 and len(status.stderr.strip().splitlines()) == 1
    assert f"has {OLD}; this Rasad needs revision {HEAD}: run `rasad db upgrade" in status.stderr
    current = run_rasad("db", "current", "--config", config, env=env)
    assert current.returncode == 0, current.stderr
    assert current.stdout.strip().endswith(
        f": {OLD}; the newest is {HEAD}: run `rasad db upgrade --config {config}`")
    assert run_rasad("db", "current", "--config", config, "--check", env=env).returncode == 1
    upgraded = run_rasad("db", "upgrade", "--config", config, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip().endswith(f"upgraded from {OLD} to revision {HEAD} (newest)")
    again = run_rasad("db", "upgrade", "--config", config, env=env)
    assert again.stdout.strip().endswith(f": already at revision {HEAD} (newest)")
    checked = run_rasad("db", "current", "--config", config, "--check", env=env)
    assert checked.returncode == 0 and checked.stdout.strip().endswith(
        f": revision {HEAD} (newest)")
    status = run_rasad("status", "--config", config, env=env)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("s: never run")


def test_a_missing_or_unreachable_archive_is_one_line(tmp_path: Path) -> None:
    config = _config(tmp_path)
    missing = tmp_path / "none" / "a.db"
    env = {"RASAD_DATABASE_URL": f"sqlite:///{missing}"}
    for args in (("db", "current"), ("status",), ("alerts", "list")):
        done = run_rasad(*args, "--config", config, env=env)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.strip() == (f"rasad: error: archive sqlite:///{missing} does not "
                                       "exist: nothing has been crawled into it yet")
    assert not missing.parent.exists()  # readers create nothing
    created = run_rasad("db", "upgrade", "--config", config, env=env)
    assert created.stdout.strip().endswith(f": created at revision {HEAD} (newest)")
    down = {"RASAD_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/test"}
    for args in (("db", "current"), ("db", "upgrade")):
        done = run_rasad(*args, "--config", config, env=down)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
        assert done.stderr.startswith(
            "rasad: error: cannot open archive postgresql+psycopg://postgres@127.0.0.1:9/test")
