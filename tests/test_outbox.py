"""The outbox under concurrency and digests: leases keep two dispatchers from
sending one alert twice; digests send one message per channel and period."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from alerts.dispatcher import DeliveryReport, deliver_pending
from crawler.app.demo import load_articles
from crawler.core.config import EmailChannel, WebhookChannel
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage.archive import Archive
from storage.leases import claim, release
from storage.schema import alerts, deliveries
from tests.servers import HOST, SMTPReceiver, WebhookReceiver

# Distinct reports (each its own story): the archive groups near-copies of one
# text into one story, and alerts fire once per story.
REPORTS = [a.body for a in load_articles() if a.language == "ar" and "siege" in a.topics]


@pytest.fixture
def archive(archive_url: str) -> Iterator[Archive]:
    arch = Archive.open(archive_url)
    yield arch
    arch.close()


def add(archive: Archive, n: int, channels: list[str]) -> None:
    for i in range(n):
        item = ArticleItem(url=f"https://news.example/a/{i}", source="s", title=f"حصار رقم {i}",
                           body=REPORTS[i], language="ar", fetched_at=datetime.now(UTC))
        archive.save_article(item, [Match("siege", ("حصار*",), f"حصار {i}")], channels)


def rows(archive: Archive) -> list[Any]:
    with archive.engine.connect() as conn:
        return list(conn.execute(select(deliveries).order_by(deliveries.c.id)))


def soon() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=1)


def test_two_dispatchers_at_once_send_each_alert_once(archive: Archive) -> None:
    with WebhookReceiver(delay=0.4) as receiver:
        channel = WebhookChannel(type="webhook", url=receiver.url, timeout=5)
        add(archive, 3, [channel.key])
        reports: list[DeliveryReport] = []
        barrier = threading.Barrier(2)

        def run(holder: str) -> None:
            barrier.wait()
            reports.append(deliver_pending(archive, [channel], max_attempts=5, now=soon(),
                                           holder=holder))

        threads = [threading.Thread(target=run, args=(f"d{i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    keys = [p.headers["Idempotency-Key"] for p in receiver.requests]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert sum(r.sent for r in reports) == 3
    assert [(r.status, r.attempts) for r in rows(archive)] == [("sent", 1)] * 3


def test_a_lease_blocks_others_until_it_expires(archive: Archive) -> None:
    with WebhookReceiver() as receiver:
        channel = WebhookChannel(type="webhook", url=receiver.url)
        add(archive, 1, [channel.key])
        (row,) = rows(archive)
        t0 = soon()
        assert claim(archive, row.id, 0, now=t0, holder="killed-process", ttl=600)
        assert not claim(archive, row.id, 0, now=t0, holder="other")
        blocked = deliver_pending(archive, [channel], max_attempts=5, now=t0, force=True)
        assert blocked.attempted == 0 and blocked.by_type["skipped/claimed"] == 1
        later = deliver_pending(archive, [channel], max_attempts=5,
                                now=t0 + timedelta(minutes=11))
    assert later.sent == 1 and len(receiver.requests) == 1


def test_a_claim_on_a_delivery_that_changed_is_refused(archive: Archive) -> None:
    add(archive, 1, ["hook"])
    (row,) = rows(archive)
    with archive.engine.begin() as conn:
        conn.execute(update(deliveries).values(status="sent"))
    assert not claim(archive, row.id, 0, now=soon(), holder="late")
    release(archive, row.id, "late")  # nothing held: a no-op


def mail(port: int, digest: str) -> EmailChannel:
    return EmailChannel.model_validate({"type": "email", "host": HOST, "port": port,
                                        "from": "rasad@example.org", "to": ["desk@example.org"],
                                        "timeout": 5, "digest": digest})


def _created(archive: Archive, when: datetime) -> None:
    with archive.engine.begin() as conn:
        conn.execute(update(alerts).values(created_at=when))
        conn.execute(update(deliveries).values(next_attempt_at=when))


@pytest.mark.parametrize("period", ["hourly", "daily"])
def test_digest_waits_for_the_period_then_sends_one_message(archive: Archive,
                                                           period: str) -> None:
    with SMTPReceiver(refuse_first=1) as smtp:
        channel = mail(smtp.port, period)
        add(archive, 3, [channel.key])
        t0 = datetime(2024, 8, 9, 13, 5, tzinfo=UTC)
        _created(archive, t0)
        step = timedelta(hours=1) if period == "hourly" else timedelta(days=1)
        same = deliver_pending(archive, [channel], max_attempts=5, now=t0 + timedelta(minutes=20))
        assert same.attempted == 0 and smtp.messages == []
        refused = deliver_pending(archive, [channel], max_attempts=5, now=t0 + step)
        assert refused.failed == 3 and smtp.messages == []
        assert [(r.status, r.attempts) for r in rows(archive)] == [("pending", 1)] * 3
        sent = deliver_pending(archive, [channel], max_attempts=5, now=t0 + 2 * step)
        again = deliver_pending(archive, [channel], max_attempts=5, now=t0 + 3 * step,
                                force=True)
    assert sent.sent == 3 and sent.stats()["alerts/digests/email"] == 1
    assert again.attempted == 0
    assert len(smtp.messages) == 1
    msg = smtp.messages[0]
    assert f"{period} digest: 3 alerts" in msg["Subject"]
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert all(f"حصار رقم {i}" in text and f"حصار رقم {i}" in html for i in range(3))
    assert 'dir="rtl"' in html
    assert [(r.status, r.attempts) for r in rows(archive)] == [("sent", 2)] * 3


def test_digest_channel_key_is_validated(tmp_path: Path) -> None:
    from crawler.core.config import ConfigError, load_config

    path = tmp_path / "rasad.toml"
    path.write_text('[[channels]]\ntype = "email"\nhost = "h"\nfrom = "a@b"\nto = ["c@d"]\n'
                    'digest = "weekly"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert str(exc.value).startswith(f"{path}: channels[0].digest: ")


def test_edited_article_alerts_only_for_a_newly_matching_rule(archive: Archive) -> None:
    from crawler.core.rules.matcher import Matcher
    from crawler.core.rules.rules import default_rules

    matcher = Matcher(default_rules())

    def save(body: str) -> int:
        item = ArticleItem(url="https://news.example/e/1", source="s", title="تطورات الحسكة",
                           body=body, language="ar", fetched_at=datetime.now(UTC))
        return archive.save_article(item, matcher.match(item.title, body), ["hook"]).alerts

    first = "قوات قسد تفرض حصاراً على المربع الأمني في المدينة منذ أيام."
    assert save(first) == 1
    assert save(first + " وتستمر المعاناة.") == 0  # edited, still only siege
    assert save(first + " وبدأت وساطة روسية بين الطرفين.") == 1  # mediation is new
    with archive.engine.connect() as conn:
        assert sorted(conn.execute(select(alerts.c.rule)).scalars()) == ["mediation", "siege"]


def test_a_lease_of_a_dead_local_process_is_taken_over_at_once(archive: Archive) -> None:
    import os
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_holder = f"{socket.gethostname()}:{gone.stdout.strip()}:run"
    add(archive, 1, ["hook"])
    (row,) = rows(archive)
    t0 = soon()
    live_holder = f"{socket.gethostname()}:{os.getppid()}:run"  # our parent runs
    assert claim(archive, row.id, 0, now=t0, holder=live_holder, ttl=600)
    assert not claim(archive, row.id, 0, now=t0, holder="other")
    release(archive, row.id, live_holder)
    assert claim(archive, row.id, 0, now=t0, holder=dead_holder, ttl=600)
    assert claim(archive, row.id, 0, now=t0, holder="other")  # the dead one's is void
