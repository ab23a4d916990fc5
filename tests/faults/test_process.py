"""Process faults: the crawl is killed with SIGKILL at random points, its SQLite
archive is locked by another process, its PostgreSQL connections are cut (what a
server restart looks like to a client). Afterwards the archive holds every good
article once and whole, and every alert reached the webhook receiver, a repeat
only ever with the same Idempotency-Key."""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from sqlalchemy import create_engine, text

from tests.faults.harness import SLACK, Scene, assert_survived, hostile_hosts
from tests.faults.measure import FaultRow, Run, inspect_archive, measured_crawl
from tests.faults.sites import FaultSite, write_config
from tests.servers import WebhookReceiver

BUDGET = 60.0
SEED = 14


def _scene(server: object) -> Scene:
    site = FaultSite(server)  # type: ignore[arg-type]
    return Scene(site, [site.feed(site.goods(10))])


def _config(tmp_path: Path, db: str, scene: Scene, hook: WebhookReceiver) -> Path:
    # the demo corpus reports are years old: every one may alert (max_age_hours = 0)
    channel = ('[alerts]\nretry_base = 0\nmax_age_hours = 0\n[[channels]]\n'
               f'type = "webhook"\nurl = "{hook.url}"\ntimeout = 3\n')
    return write_config(tmp_path, db, {"hostile": scene.start_urls}, extra=channel,
                        max_seconds=BUDGET, download_delay=0.5, concurrency_per_domain=1)


def _check_alerts(db: str, hook: WebhookReceiver) -> None:
    """Every alert sent (none pending or dead), each received, repeats with one key."""
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            keys = set(conn.execute(text("SELECT key FROM alerts")).scalars())
            states = set(conn.execute(text("SELECT status FROM deliveries")).scalars())
    finally:
        engine.dispose()
    assert keys, "the site's articles fire alerts"
    assert states == {"sent"}, states
    received: dict[str, set[str]] = {}
    for post in hook.requests:
        received.setdefault(json.loads(post.body)["id"], set()).add(
            post.headers["Idempotency-Key"])
    assert set(received) == keys  # none lost, none invented
    assert all(ids == {alert} for alert, ids in received.items())


def _orphans(config: Path) -> list[psutil.Process]:
    """Processes of a killed crawl still running (its workers must exit with it)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(p.info.get("cmdline") or [])
        if str(config) in cmdline or (f"{config.parent}" in cmdline and "crawler" in cmdline):
            found.append(p)
    return found


def _row(request: pytest.FixtureRequest, db: str, scene: Scene, runs: list[Run],
         name: str | None = None) -> FaultRow:
    good, junk, dups = inspect_archive(db, scene.site.good.values())
    last = runs[-1]
    row = FaultRow(name or request.node.name.removeprefix("test_"), "process", last.finished,
                   last.seconds, max(r.peak_mb for r in runs), good, len(scene.site.good),
                   junk, dups, 0, BUDGET)
    row.record(request)
    return row


def test_sigkill_at_random_points_then_a_normal_run(request: pytest.FixtureRequest,
                                                     tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    with hostile_hosts() as (server, _), WebhookReceiver() as hook:
        scene = _scene(server)
        config = _config(tmp_path, db, scene, hook)
        runs = []
        for _ in range(3):
            runs.append(measured_crawl(config, tmp_path, BUDGET, kill_after=rng.uniform(1, 6)))
            deadline = time.monotonic() + 10
            while _orphans(config) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not _orphans(config), "a killed crawl left processes behind"
        runs.append(measured_crawl(config, tmp_path, BUDGET + SLACK))
        row = _row(request, db, scene, runs)
        _check_alerts(db, hook)
    assert_survived(row, runs[-1])


def _lock_now_and_then(path: Path, stop: threading.Event, held: list[float]) -> None:
    """Take the archive's write lock (BEGIN EXCLUSIVE) for 3 s, twice, while the
    crawl runs (it fetches for some 5 s), as another program writing to the file
    would."""
    while not stop.is_set() and not path.exists():
        time.sleep(0.05)
    for _ in range(2):
        if stop.wait(0.5):
            return
        conn = sqlite3.connect(path, timeout=60, isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            started = time.monotonic()
            stop.wait(3.0)
            conn.execute("COMMIT")
            held.append(time.monotonic() - started)
        finally:
            conn.close()


Meddler = Callable[[threading.Event], None]  # runs beside the crawl until the event


def _crawl_beside(request: pytest.FixtureRequest, tmp_path: Path, db: str,
                  meddle: Meddler) -> tuple[FaultRow, Run]:
    """One measured crawl with `meddle` running in a thread meanwhile; the alerts
    are checked."""
    stop = threading.Event()
    with hostile_hosts() as (server, _), WebhookReceiver() as hook:
        scene = _scene(server)
        config = _config(tmp_path, db, scene, hook)
        meddler = threading.Thread(target=meddle, args=(stop,))
        meddler.start()
        try:
            run = measured_crawl(config, tmp_path, BUDGET + SLACK)
        finally:
            stop.set()
            meddler.join()
        row = _row(request, db, scene, [run])
        _check_alerts(db, hook)
    return row, run


def test_sqlite_busy(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    db_path, held = tmp_path / "archive.db", []
    row, run = _crawl_beside(request, tmp_path, f"sqlite:///{db_path}",
                             lambda stop: _lock_now_and_then(db_path, stop, held))
    assert len(held) == 2  # the locks were really taken during the crawl
    assert_survived(row, run)


def _cut_connections(db: str, app: str, stop: threading.Event, cut: list[int]) -> None:
    """Four "restarts": pg_terminate_backend on all of the crawl's connections
    0.8 s (while it opens the archive), 2, 3.5 and 5 s after it started (it
    fetches for some 5 s)."""
    admin = create_engine(db.split("?", 1)[0])
    try:
        for wait in (0.8, 1.2, 1.5, 1.5):
            if stop.wait(wait):
                return
            with admin.connect() as conn:
                killed = conn.execute(text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :app"), {"app": app}).scalar_one()
                conn.commit()
            cut.append(int(killed))
    finally:
        admin.dispose()


def test_postgresql_restarted_mid_crawl(request: pytest.FixtureRequest, tmp_path: Path,
                                        postgres_url: str) -> None:
    app = f"rasad-fault-{tmp_path.name[-24:]}"
    db, cut = f"{postgres_url}&application_name={app}", []
    row, run = _crawl_beside(request, tmp_path, db,
                             lambda stop: _cut_connections(db, app, stop, cut))
    assert sum(cut) >= 2, cut  # connections were really cut while it ran
    assert_survived(row, run)
