"""New reports only: `[alerts] max_age_hours`, `rasad crawl --no-alerts` and
what `rasad demo` says, with the real `rasad`, a real local news site holding
fresh and old reports, and a real webhook receiver."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from crawler.app.demo import Article, SiteServer, build_site, load_articles
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage import Archive
from storage.gate import AlertGate
from storage.schema import articles
from tests.cli import run_rasad
from tests.configs import rows, webhook, write_config
from tests.servers import WebhookReceiver


@dataclass
class Site:
    feed: str
    fresh: list[Article]  # published three hours ago
    old: list[Article]  # as the corpus dates them: 2021-2024


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    reports = [a for a in load_articles() if a.language == "ar" and a.topics]
    now = datetime.now(UTC)
    fresh = [replace(a, published=now - timedelta(hours=3)) for a in reports[:3]]
    old = reports[3:8]
    assert all(a.published < now - timedelta(days=365) for a in old)
    with SiteServer() as server:
        built = server.mount(build_site(server.base_url, fresh + old, "tv", name="s"))
        yield Site(built.feed_url, fresh, old)


def alerts_of(reports: list[Article]) -> int:
    return sum(len(a.topics) for a in reports)


def test_first_crawl_alerts_only_on_fresh_reports(site: Site, tmp_path: Path) -> None:
    with WebhookReceiver() as hook:  # the default limit: 48 hours
        path = write_config(tmp_path, site.feed, alerts="", channels=webhook(hook.url))
        first = run_rasad("crawl", "--config", str(path))
        second = run_rasad("crawl", "--config", str(path))
    fresh, old = alerts_of(site.fresh), alerts_of(site.old)
    assert fresh >= 3 and old >= 5
    assert first.returncode == 0, first.stderr[-2000:]
    assert f"{fresh} alerts, {old} suppressed (too old)" in first.stdout
    assert f"alerts delivered: {fresh} sent, 0 failed" in first.stdout
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(8,)]  # all stored
    keys = sorted(k for (k,) in rows(tmp_path, "SELECT key FROM alerts"))
    assert len(keys) == fresh
    assert rows(tmp_path, "SELECT status, count(*) FROM deliveries GROUP BY 1") == [("sent", fresh)]
    titles = {t for (t,) in rows(tmp_path, "SELECT a.title FROM alerts al "
                                     "JOIN articles a ON a.id = al.article_id")}
    assert titles <= {a.title for a in site.fresh}
    assert sorted(p.headers["Idempotency-Key"] for p in hook.requests) == keys
    # a second run finds the old reports unchanged: still nothing for them
    assert second.returncode == 0 and ", 0 alerts," in second.stdout
    assert len(hook.requests) == fresh


def test_no_alerts_stores_without_alerting(site: Site, tmp_path: Path) -> None:
    with WebhookReceiver() as hook:
        path = write_config(tmp_path, site.feed, channels=webhook(hook.url))
        proc = run_rasad("crawl", "--config", str(path), "--no-alerts")
    total = alerts_of(site.fresh) + alerts_of(site.old)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"0 alerts, {total} suppressed (--no-alerts)" in proc.stdout
    assert "alerts: off (--no-alerts): none fired, none delivered" in proc.stdout
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(8,)]
    assert rows(tmp_path, "SELECT count(*) FROM alerts") == [(0,)]
    assert rows(tmp_path, "SELECT count(*) FROM deliveries") == [(0,)]
    assert hook.requests == []


def test_demo_turns_the_limit_off_and_says_so(tmp_path: Path) -> None:
    proc = run_rasad("demo", "--dir", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "demo: [alerts] max_age_hours = 0 (no age limit)" in proc.stdout
    fired = int(re.search(r"alerts fired: (\d+)", proc.stdout).group(1))  # type: ignore[union-attr]
    assert fired > 0
    assert rows(tmp_path, "SELECT count(*) FROM alerts") == [(fired,)]


# -- the gate itself --------------------------------------------------------------
NOW = datetime(2026, 5, 2, 9, 0, tzinfo=UTC)


def test_gate_by_time_by_day_and_by_first_seen() -> None:
    gate = AlertGate(max_age_hours=48)
    seen_now = NOW
    assert gate.refusal(NOW - timedelta(hours=47), seen_now, NOW) is None
    assert gate.refusal(NOW - timedelta(hours=49), seen_now, NOW) == "too_old"
    # a day without a time: not older than the cutoff's day (2026-04-30)
    assert gate.refusal(date(2026, 4, 30), seen_now, NOW) is None
    assert gate.refusal(date(2026, 4, 29), seen_now, NOW) == "too_old"
    # undated: by when Rasad first saw it
    assert gate.refusal(None, NOW - timedelta(hours=1), NOW) is None
    assert gate.refusal(None, NOW - timedelta(days=3), NOW) == "too_old"
    assert AlertGate(max_age_hours=0).refusal(date(2001, 1, 1), seen_now, NOW) is None
    assert AlertGate(enabled=False).refusal(NOW, seen_now, NOW) == "no_alerts"


def test_an_undated_article_seen_long_ago_does_not_alert_when_edited(tmp_path: Path) -> None:
    archive = Archive.open(f"sqlite:///{tmp_path / 'a.db'}")
    gate = AlertGate(max_age_hours=48)
    siege = Match("siege", ("حصار",), "حصار")

    def item(body: str) -> ArticleItem:
        return ArticleItem(url="https://x.test/a/1", source="s", title="خبر", body=body,
                           language="ar", fetched_at=datetime.now(UTC))

    first = archive.save_article(item("نص أول بلا تاريخ " * 20), [], ["webhook"], gate)
    with archive.engine.begin() as conn:  # first seen three days ago
        conn.execute(update(articles).values(
            first_seen_at=datetime.now(UTC) - timedelta(days=3)))
    edited = archive.save_article(item("نص معدل يذكر الحصار " * 20), [siege], ["webhook"], gate)
    assert (first.status, edited.status) == ("new", "updated")
    assert (edited.alerts, edited.suppressed, edited.suppressed_why) == (0, 1, "too_old")
    assert archive.count("alerts") == 0
    fresh = archive.save_article(item("نص جديد يذكر الحصار " * 20), [siege], ["webhook"])
    assert fresh.alerts == 1 and archive.count("deliveries", status="pending") == 1
    archive.close()
