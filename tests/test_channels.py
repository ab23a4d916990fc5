"""Deliveries follow their channel: stable channel names, an archive from before
channel names, and `rasad alerts retry` (real `rasad`, real site and receiver)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerts.channels import renames
from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.core.config import parse_config
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage import Archive
from tests.cli import run_rasad
from tests.configs import rows, write_config
from tests.configs import webhook as hook
from tests.servers import HOST, WebhookReceiver, free_port


@pytest.fixture(scope="module")
def feed() -> Iterator[str]:
    reports = [a for a in load_articles() if a.language == "ar" and a.topics][:4]
    with SiteServer() as server:
        yield server.mount(build_site(server.base_url, reports, "tv", name="s")).feed_url


def write(tmp: Path, feed: str, channels: str, alerts: str = "",
          retry_base: int = 0) -> Path:
    return write_config(tmp, feed, channels=channels,
                        alerts=f"max_age_hours = 0\nretry_base = {retry_base}\n{alerts}")


def ok(*args: str) -> str:
    proc = run_rasad(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_fixing_the_url_keeps_the_channel_s_deliveries(feed: str, tmp_path: Path) -> None:
    broken = f"http://{HOST}:{free_port()}/hook"
    out = ok("crawl", "--config", str(write(tmp_path, feed, hook(broken))))
    alerts = rows(tmp_path, "SELECT count(*) FROM alerts")[0][0]
    assert alerts >= 3 and f"{alerts} failed" in out
    assert rows(tmp_path, "SELECT channel, status, count(*) FROM deliveries GROUP BY 1, 2") \
        == [("webhook", "pending", alerts)]  # kept under the name, not the URL
    with WebhookReceiver() as receiver:
        fixed = write(tmp_path, feed, hook(receiver.url))
        out = ok("alerts", "deliver", "--config", str(fixed))
    assert f"sent {alerts}, failed 0 (will retry), dead 0" in out
    assert rows(tmp_path, "SELECT channel, status, count(*) FROM deliveries GROUP BY 1, 2") \
        == [("webhook", "sent", alerts)]
    keys = sorted(k for (k,) in rows(tmp_path, "SELECT key FROM alerts"))
    assert sorted(p.headers["Idempotency-Key"] for p in receiver.requests) == keys


def test_retry_dead_deliveries_sends_them_with_the_same_key(feed: str, tmp_path: Path) -> None:
    with WebhookReceiver(then=500) as receiver:  # refuses everything: dead after 1 attempt
        config = write(tmp_path, feed, hook(receiver.url, "desk"), "max_attempts = 1")
        out = ok("crawl", "--config", str(config))
        alerts = rows(tmp_path, "SELECT count(*) FROM alerts")[0][0]
        assert f"0 sent, 0 failed, {alerts} dead" in out
        assert rows(tmp_path, "SELECT channel, status, attempts FROM deliveries") == \
            [("desk", "dead", 1)] * alerts
        refused = sorted(p.headers["Idempotency-Key"] for p in receiver.requests)
        receiver.then = 200
        out = ok("alerts", "retry", "--config", str(config), "--dead", "--channel", "desk")
        resent = sorted(p.headers["Idempotency-Key"] for p in receiver.requests[alerts:])
    assert out.splitlines()[0] == f"requeued 0 waiting for a retry and {alerts} dead " \
        "deliveries (desk)"
    assert out.splitlines()[-1] == f"sent {alerts}, failed 0 (will retry), dead 0"
    assert resent == refused == sorted(k for (k,) in rows(tmp_path, "SELECT key FROM alerts"))
    assert rows(tmp_path, "SELECT DISTINCT status, attempts FROM deliveries") == [("sent", 1)]


def test_retry_without_dead_leaves_dead_ones_and_hurries_waiting_ones(
        feed: str, tmp_path: Path) -> None:
    broken = f"http://{HOST}:{free_port()}/hook"
    config = write(tmp_path, feed, hook(broken), retry_base=3600)
    ok("crawl", "--config", str(config))
    alerts = rows(tmp_path, "SELECT count(*) FROM alerts")[0][0]
    with sqlite3.connect(tmp_path / "archive.db") as conn:  # one parked as dead
        conn.execute("UPDATE deliveries SET status = 'dead' WHERE id = 1")
    with WebhookReceiver() as receiver:
        out = ok("alerts", "retry", "--config", str(write(tmp_path, feed, hook(receiver.url),
                                                          retry_base=3600)))
    assert out.splitlines()[0] == \
        f"requeued {alerts - 1} waiting for a retry and 0 dead deliveries (webhook)"
    assert len(receiver.requests) == alerts - 1
    assert rows(tmp_path, "SELECT status, count(*) FROM deliveries GROUP BY 1") == \
        [("dead", 1), ("sent", alerts - 1)]


def test_unknown_channel_and_unnamed_twins_are_one_line_errors(feed: str,
                                                               tmp_path: Path) -> None:
    config = write(tmp_path, feed, hook("http://127.0.0.1:9/a", "desk"))
    proc = run_rasad("alerts", "retry", "--config", str(config), "--channel", "nope")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"rasad: error: {config}: channels: no channel named "
                                   "'nope' (configured: desk)")
    twins = write(tmp_path, feed, hook("http://127.0.0.1:9/a") + hook("http://127.0.0.1:9/b"))
    proc = run_rasad("crawl", "--config", str(twins))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"rasad: error: {twins}: channels[0].name: required when several webhook channels "
        "are configured (deliveries are kept under the channel's name)")


def test_an_archive_from_before_channel_names_keeps_its_deliveries(
        feed: str, tmp_path: Path) -> None:
    """Deliveries an earlier version kept under `webhook:<old url>` go to the
    channel when its URL was fixed (the only webhook) and under its new name."""
    archive = Archive.open(f"sqlite:///{tmp_path / 'archive.db'}")
    old_hook, old_mail = "webhook:http://old.example/hook?token=S3cr3tT0k3n", \
        "email:desk@example.org@127.0.0.1:25"
    reports = [a for a in load_articles() if a.language == "ar"][:3]
    for i, report in enumerate(reports):  # three stories
        item = ArticleItem(url=f"https://x.test/a/{i}", source="s", title=report.title,
                           body=report.body, language="ar", fetched_at=datetime.now(UTC))
        archive.save_article(item, [Match("siege", ("حصار",), "حصار")], [old_hook, old_mail])
    with archive.engine.begin() as conn:  # one died on the old URL
        conn.exec_driver_sql("UPDATE deliveries SET status = 'dead' WHERE id = 1")
    archive.close()
    with WebhookReceiver() as receiver:
        channels = hook(receiver.url, "desk") + \
            '[[channels]]\ntype = "email"\nhost = "127.0.0.1"\nport = 9\n' \
            'from = "r@example.org"\nto = ["desk@example.org"]\ntimeout = 2\n'
        config = write(tmp_path, feed, channels, "max_attempts = 5")
        listed = ok("alerts", "list", "--config", str(config))
        out = ok("alerts", "retry", "--config", str(config), "--dead", "--channel", "desk")
    assert "S3cr3tT0k3n" not in listed + out
    assert "sent 3, failed 0 (will retry), dead 0" in out
    assert len(receiver.requests) == 3
    assert rows(tmp_path, "SELECT channel, status, count(*) FROM deliveries GROUP BY 1, 2") == [
        ("desk", "sent", 3), ("email", "pending", 3)]


def test_renames_follow_the_url_or_the_only_channel_of_a_type() -> None:
    cfg = parse_config({"channels": [
        {"type": "webhook", "name": "a", "url": "http://a.example/hook"},
        {"type": "webhook", "name": "b", "url": "http://b.example/hook"},
        {"type": "email", "host": "mx", "from": "r@x.org", "to": ["d@x.org"]}]})
    stored = ["webhook:http://a.example/hook", "webhook:http://gone.example/hook",
              "email:old@x.org@mx:25", "a", "email", "ops"]
    assert renames(stored, cfg.channels) == {
        "webhook:http://a.example/hook": "a",  # same URL, now named
        # gone.example: two webhooks, neither had that URL: left alone
        "email:old@x.org@mx:25": "email",  # the only email channel
    }


def test_rename_and_requeue_on_both_backends(archive_url: str) -> None:
    from sqlalchemy import select, update

    from storage.outbox import channel_states, rename_channel, requeue
    from storage.schema import deliveries

    old = "webhook:http://old.example/hook"
    archive = Archive.open(archive_url)
    reports = [a for a in load_articles() if a.language == "ar"][:3]
    for i, report in enumerate(reports):  # three stories; the first also has "webhook"
        item = ArticleItem(url=f"https://x.test/a/{i}", source="s", title=report.title,
                           body=report.body, language="ar", fetched_at=datetime.now(UTC))
        archive.save_article(item, [Match("siege", ("حصار",), "حصار")],
                             [old, "webhook"] if i == 0 else [old])
    with archive.engine.begin() as conn:  # all wait for a retry; the first one died
        conn.execute(update(deliveries).values(next_attempt_at=datetime(2100, 1, 1, tzinfo=UTC)))
        first = conn.execute(select(deliveries.c.id).where(deliveries.c.channel == old)
                             .order_by(deliveries.c.id).limit(1)).scalar_one()
        conn.execute(update(deliveries).where(deliveries.c.id == first).values(status="dead"))
    # the first alert already has a "webhook" delivery: its old one stays where it is
    assert rename_channel(archive.engine, old, "webhook") == 2
    states = channel_states(archive.engine)
    assert (dict(states["webhook"]), dict(states[old])) == ({"pending": 3}, {"dead": 1})
    now = datetime.now(UTC)
    assert requeue(archive.engine, ["webhook"], dead=True, now=now) == (3, 0)
    assert requeue(archive.engine, [old], dead=True, now=now) == (0, 1)
    with archive.engine.connect() as conn:
        got = conn.execute(select(deliveries.c.status, deliveries.c.attempts,
                                  deliveries.c.next_attempt_at)).all()
    assert [(s, a) for s, a, _ in got] == [("pending", 0)] * 4
    assert all(abs((t - now).total_seconds()) < 1 for _, _, t in got)
    archive.close()
