"""Fault tests with the real `rasad` CLI, a real local news site and a real
webhook receiver: the receiver down during a crawl, a crawl killed with SIGKILL
before delivery, and the `rasad alerts` commands."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from crawler.app.demo import SiteServer, build_site, load_articles
from tests.cli import run_rasad, start_rasad
from tests.servers import HOST, WebhookReceiver, free_port


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A demo news site on 127.0.0.1; yields its feed URL."""
    articles = [a for a in load_articles() if a.language == "ar"]
    with SiteServer(host=HOST) as server:
        built = server.mount(build_site(server.base_url, articles, "tv", name="tv"))
        yield built.feed_url


def write_config(tmp: Path, feed: str, hook_url: str, delay: float = 0,
                 url: str | None = None) -> Path:
    config = tmp / "rasad.toml"
    config.write_text(f"""
[storage]
url = "{url or sqlite(tmp)}"
[crawl]
download_delay = {delay}
concurrency_per_domain = {1 if delay else 4}
[alerts]
retry_base = 0
max_age_hours = 0  # the demo's reports are from 2021-2024
[[sources]]
name = "tv"
start_urls = ["{feed}"]
[[channels]]
type = "webhook"
url = "{hook_url}"
timeout = 3
""", encoding="utf-8")
    return config


def sqlite(tmp: Path) -> str:
    return f"sqlite:///{tmp / 'archive.db'}"


def query(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def crawl(config: Path) -> str:
    proc = run_rasad("crawl", "--config", str(config), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def delivered_once(receiver: WebhookReceiver, db: str) -> None:
    keys = [p.headers["Idempotency-Key"] for p in receiver.requests]
    alert_keys = {k for (k,) in query(db, "SELECT key FROM alerts")}
    assert alert_keys and sorted(keys) == sorted(alert_keys)  # each exactly once
    states = query(db, "SELECT DISTINCT status FROM deliveries")
    assert states == [("sent",)]


def test_receiver_down_during_crawl_then_up_delivers_once(site: str, tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, site, f"http://{HOST}:{port}/hook")
    db = sqlite(tmp_path)
    crawl(config)
    alerts = query(db, "SELECT count(*) FROM alerts")[0][0]
    assert alerts >= 5
    assert query(db, "SELECT status, attempts, count(*) FROM deliveries GROUP BY 1, 2") == [
        ("pending", 1, alerts)]
    with WebhookReceiver(port=port) as receiver:
        crawl(config)
        crawl(config)  # a third run sends nothing more
    delivered_once(receiver, db)
    assert query(db, "SELECT DISTINCT attempts FROM deliveries") == [(2,)]


def test_crawl_killed_before_delivery_then_next_run_delivers_once(
        site: str, tmp_path: Path, archive_url: str) -> None:
    with WebhookReceiver() as receiver:
        config = write_config(tmp_path, site, receiver.url, delay=0.25, url=archive_url)
        db = archive_url
        child = start_rasad("crawl", "--config", str(config),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and child.poll() is None:
                if _count(db, "alerts") >= 2:
                    break
                time.sleep(0.05)
            assert child.poll() is None, "the crawl ended before it could be killed"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        assert child.returncode == -signal.SIGKILL
        stored = _count(db, "alerts")
        assert stored >= 2 and receiver.requests == []  # stored, not delivered
        assert query(db, "SELECT DISTINCT status, attempts FROM deliveries") == [("pending", 0)]
        crawl(write_config(tmp_path, site, receiver.url, url=archive_url))
        crawl(write_config(tmp_path, site, receiver.url, url=archive_url))
    delivered_once(receiver, db)
    assert _count(db, "alerts") > stored  # the rest of the site was crawled too
    assert query(db, "SELECT DISTINCT attempts FROM deliveries") == [(1,)]


def _count(db: str, table: str) -> int:
    try:
        return int(query(db, f"SELECT count(*) FROM {table}")[0][0])
    except (OperationalError, ProgrammingError):  # the schema is not created yet
        return 0


def test_alerts_list_deliver_and_test_commands(site: str, tmp_path: Path,
                                              archive_url: str) -> None:
    with WebhookReceiver(then=500) as receiver:
        config = write_config(tmp_path, site, receiver.url, url=archive_url)
        db = archive_url
        crawl(config)
        alerts = _count(db, "alerts")
        listed = run_rasad("alerts", "list", "--config", str(config), "--status", "pending")
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.count("pending after 1 attempt(s)") == alerts
        assert "HTTP 500" in listed.stdout and f"{alerts} pending" in listed.stdout
        receiver.then = 200
        delivered = run_rasad("alerts", "deliver", "--config", str(config))
        assert delivered.returncode == 0 and f"sent {alerts}," in delivered.stdout
        assert run_rasad("alerts", "list", "--config", str(config), "--status",
                         "pending").stdout.startswith("0 shown")
        sent = run_rasad("alerts", "list", "--config", str(config), "--status", "sent").stdout
        assert sent.count("sent after 2 attempt(s)") == alerts
        before = len(receiver.requests)
        dry = run_rasad("alerts", "test", "--config", str(config), "--rule", "siege",
                        "--since", "7d")
        assert dry.returncode == 0, dry.stderr
        fired = query(db, "SELECT count(*) FROM alerts WHERE rule = 'siege'")[0][0]
        assert f"rule siege would fire on {fired} of" in dry.stdout
        assert dry.stdout.count("matched: ") == fired and "حصار" in dry.stdout
        assert len(receiver.requests) == before and _count(db, "alerts") == alerts
    unknown = run_rasad("alerts", "test", "--config", str(config), "--rule", "nope")
    assert unknown.returncode == 2 and "no rule named 'nope'" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    bad = run_rasad("alerts", "test", "--config", str(config), "--rule", "siege",
                    "--since", "soon")
    assert bad.returncode == 2 and "--since" in bad.stderr


def test_dead_alerts_are_listed(site: str, tmp_path: Path) -> None:
    with WebhookReceiver(then=503):
        config = write_config(tmp_path, site, f"http://{HOST}:{free_port()}/hook")
        text = config.read_text(encoding="utf-8").replace("retry_base = 0",
                                                          "retry_base = 0\nmax_attempts = 1")
        config.write_text(text, encoding="utf-8")
        crawl(config)
    dead = run_rasad("alerts", "list", "--config", str(config), "--status", "dead")
    n = _count(sqlite(tmp_path), "alerts")
    assert dead.stdout.count("DEAD, not retried") == n and f"{n} dead" in dead.stdout


def test_crawl_killed_while_delivering_then_next_run_resends_with_same_key(
        site: str, tmp_path: Path) -> None:
    """At least once: the alert in flight when the process died is sent again,
    with the same Idempotency-Key, so the receiver can drop the repeat."""
    with WebhookReceiver(delay=60) as receiver:
        config = write_config(tmp_path, site, receiver.url)
        db = sqlite(tmp_path)
        child = start_rasad("crawl", "--config", str(config),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not receiver.requests:
                time.sleep(0.05)
            assert len(receiver.requests) == 1, "no delivery started"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        in_flight = receiver.requests[0].headers["Idempotency-Key"]
        receiver.delay = 0
        receiver.released.set()
        crawl(config)
    keys = [p.headers["Idempotency-Key"] for p in receiver.requests]
    alert_keys = {k for (k,) in query(db, "SELECT key FROM alerts")}
    assert set(keys) == alert_keys and keys.count(in_flight) == 2
    assert len(keys) == len(alert_keys) + 1
    assert query(db, "SELECT DISTINCT status FROM deliveries") == [("sent",)]


def test_rule_syntax_error_stops_the_cli_with_file_key_and_line(tmp_path: Path) -> None:
    config = tmp_path / "rasad.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "a.db"}"\n\n[[rules]]\n'
                      'name = "talks"\nany = [\n  "مفاوضات",\n  "قسد NEAR/x النظام",\n]\n',
                      encoding="utf-8")
    for args in (("crawl",), ("alerts", "test", "--rule", "talks")):
        proc = run_rasad(*args, "--config", str(config))
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert lines == [f"rasad: error: {config}: rules[0].any[1]: line 8: "
                         "'قسد NEAR/x النظام': NEAR needs a distance in words, e.g. NEAR/5"]
