"""The daemon's job store: one job per scheduled source, persisted in the archive,
kept across restarts, with max_instances=1, coalescing and the misfire grace."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.app.scheduler import Daemon
from crawler.core.config import ConfigError, RasadConfig, parse_config
from storage import Archive
from storage.health import HealthOutbox


def _config(url: str, sources: str, default: str = 'schedule = "0 */6 * * *"') -> RasadConfig:
    return parse_config(tomllib.loads(f"""
[storage]
url = "{url}"
[crawl]
{default}
[schedule]
timezone = "Asia/Damascus"
misfire_grace = 90
{sources}
"""), "rasad.toml")


A = '[[sources]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n'
B = '[[sources]]\nname = "b"\nstart_urls = ["http://127.0.0.1:9/"]\nschedule = "*/5 * * * * *"\n'
C = '[[sources]]\nname = "c"\nstart_urls = ["http://127.0.0.1:9/"]\n'


def _jobs(daemon: Daemon) -> dict[str, tuple]:
    daemon.scheduler.start(paused=True)
    try:
        daemon.sync_jobs()
        return {j.id: (str(j.trigger), j.next_run_time, j.max_instances, j.coalesce,
                       j.misfire_grace_time, j.args) for j in daemon.scheduler.get_jobs()}
    finally:
        daemon.scheduler.shutdown(wait=False)


def test_jobs_are_stored_and_survive_a_restart(archive_url: str, tmp_path: Path) -> None:
    path = str(tmp_path / "rasad.toml")
    first = _jobs(Daemon(_config(archive_url, A + B), path))
    assert sorted(first) == ["a", "b"]
    trigger, next_run, max_instances, coalesce, grace, args = first["a"]
    assert "hour='*/6'" in trigger and str(next_run.tzinfo) == "Asia/Damascus"
    assert (max_instances, coalesce, grace) == (1, True, 90)
    assert args[-1] == "a"
    assert "second='*/5'" in first["b"][0]
    again = _jobs(Daemon(_config(archive_url, A + C), path))  # b gone, c added
    assert sorted(again) == ["a", "c"]
    assert again["a"][1] == next_run  # unchanged job keeps its stored next run time


def test_no_schedule_anywhere_is_a_config_error(tmp_path: Path) -> None:
    config = _config(f"sqlite:///{tmp_path / 'a.db'}", A, default="")
    with pytest.raises(ConfigError, match="no source has a schedule"):
        Daemon(config, str(tmp_path / "rasad.toml")).schedules()


def test_health_outbox_opens_once_resolves_and_delivers(archive_url: str) -> None:
    archive = Archive.open(archive_url)
    try:
        outbox = HealthOutbox(archive.engine)
        now = datetime(2026, 3, 1, tzinfo=UTC)
        assert outbox.update("s", "broken", "403s", "http://x/", ["hook"], now) is True
        assert outbox.update("s", "broken", "403s", "http://x/", ["hook"], now) is False
        due = outbox.pending_deliveries(now, ["hook"])
        assert [(d.rule, d.matched, d.snippet, d.article["source"]) for d in due] == [
            ("source-health", ["broken"], "403s", "s")]
        outbox.record_attempt(due[0].delivery_id, ok=True, error=None, now=now,
                              next_attempt_at=None, dead=False)
        assert outbox.pending_deliveries(now, ["hook"]) == []
        assert outbox.update("s", "broken", None, "http://x/", ["hook"], now) is False
        later = now + timedelta(hours=1)
        assert outbox.update("s", "broken", "again", "http://x/", ["hook"], later) is True
        assert len(outbox.pending_deliveries(later, ["hook"])) == 1
    finally:
        archive.close()
