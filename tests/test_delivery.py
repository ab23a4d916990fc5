"""Alert delivery against real local servers: a webhook receiver and aiosmtpd."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from alerts.dispatcher import BACKOFF_CAP, backoff, deliver_pending
from alerts.email import EmailSender
from alerts.payload import DeliveryError, excerpt, webhook_body, webhook_payload
from crawler.core.config import EmailChannel, WebhookChannel
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage.archive import Archive, PendingDelivery
from storage.schema import deliveries
from tests.servers import HOST, SMTPReceiver, WebhookReceiver, free_port, self_signed

TITLE = "حصار خانق على مضايا والأهالي يطالبون بممرات إنسانية"
BODY = (
    "تفرض القوات المحاصِرة طوقاً محكماً على بلدة مضايا في ريف دمشق منذ أشهر، "
    "ويقول الأهالي إن المواد الغذائية والأدوية نفدت بالكامل.\n"
    + "وطالبت منظمات إنسانية بفتح ممرات آمنة لإدخال المساعدات وإجلاء الحالات الحرجة. " * 8
)
SECRET = "s3cret-ключ"
PUBLISHED = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


# -- helpers --------------------------------------------------------------------
@pytest.fixture
def archive(archive_url: str) -> Iterator[Archive]:
    arch = Archive.open(archive_url)
    yield arch
    arch.close()


def hook(url: str, **kw: Any) -> WebhookChannel:
    return WebhookChannel(type="webhook", url=url, **kw)


def mail(port: int, **kw: Any) -> EmailChannel:
    return EmailChannel.model_validate({"type": "email", "host": HOST, "port": port,
                                        "from": "rasad@example.org",
                                        "to": ["desk@example.org"], "timeout": 5, **kw})


def add_article(archive: Archive, channels: list[str], *, url: str = "https://news.example/a/1",
                rules: tuple[str, ...] = ("siege",)) -> None:
    # another URL of the source, another report: the same text would be the same
    # article (storage/sametext.py)
    body = BODY if url.endswith("/a/1") else f"{BODY}\nتحديث: {url}"
    item = ArticleItem(url=url, source="enab", title=TITLE, body=body, language="ar",
                       fetched_at=datetime.now(UTC), published_at=PUBLISHED)
    matches = [Match(rule, ("حصار", "مضايا"), "حصار خانق علي مضايا") for rule in rules]
    archive.save_article(item, matches, channels)


def rows(archive: Archive) -> list[Any]:
    with archive.engine.connect() as conn:
        return list(conn.execute(select(deliveries).order_by(deliveries.c.id)).all())


def start() -> datetime:
    """A `now` just after the deliveries were created, so they are due."""
    return datetime.now(UTC) + timedelta(seconds=1)


def pending(archive: Archive) -> PendingDelivery:
    (delivery,) = archive.pending_deliveries(start() + timedelta(days=1))
    return delivery


# -- payload --------------------------------------------------------------------
def test_excerpt_is_cut_at_a_word_boundary() -> None:
    text = excerpt(BODY)
    assert 200 < len(text) <= 300
    assert BODY.startswith(text)
    assert BODY[len(text)].isspace()
    assert excerpt("قصير") == "قصير"
    assert excerpt("x" * 500) == "x" * 300


def test_webhook_payload_fields(archive: Archive) -> None:
    add_article(archive, ["hook"])
    d = pending(archive)
    body = webhook_body(d)
    assert "حصار".encode() in body  # UTF-8 text, not \u escapes
    data = json.loads(body.decode("utf-8"))
    assert data == webhook_payload(d)
    assert set(data) == {"id", "rule", "matched", "snippet", "created_at", "article"}
    assert data["id"] == d.alert_key and data["rule"] == "siege"
    assert data["matched"] == ["حصار", "مضايا"]
    assert datetime.fromisoformat(data["created_at"]).tzinfo is not None
    art = data["article"]
    assert art["url"] == "https://news.example/a/1" and art["title"] == TITLE
    assert art["source"] == "enab" and art["language"] == "ar"
    assert datetime.fromisoformat(art["published_at"]) == PUBLISHED
    assert art["excerpt"] == excerpt(BODY)


# -- webhook --------------------------------------------------------------------
def test_webhook_delivery_is_signed_and_idempotent(
        archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASAD_TEST_SECRET", SECRET)
    with WebhookReceiver() as receiver:
        channel = hook(receiver.url, secret_env="RASAD_TEST_SECRET")
        add_article(archive, [channel.key])
        report = deliver_pending(archive, [channel], max_attempts=3, now=start())
        assert (report.sent, report.failed, report.dead) == (1, 0, 0)
        assert report.stats() == {"alerts/sent/webhook": 1}
        again = deliver_pending(archive, [channel], max_attempts=3, now=start(), force=True)
        assert again.attempted == 0
    (post,) = receiver.requests
    headers = {k.lower(): v for k, v in post.headers.items()}
    assert headers["content-type"] == "application/json; charset=utf-8"
    expected = hmac.new(SECRET.encode(), post.body, hashlib.sha256).hexdigest()
    assert headers["x-rasad-signature"] == f"sha256={expected}"
    data = json.loads(post.body.decode("utf-8"))
    assert headers["idempotency-key"] == data["id"]
    assert "Rasad" in headers["user-agent"]
    assert data["rule"] == "siege" and data["article"]["title"] == TITLE
    (row,) = rows(archive)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None


def test_unsigned_without_secret_env(archive: Archive) -> None:
    with WebhookReceiver() as receiver:
        channel = hook(receiver.url)
        add_article(archive, [channel.key])
        deliver_pending(archive, [channel], max_attempts=3, now=start())
    (post,) = receiver.requests
    assert not any(k.lower() == "x-rasad-signature" for k in post.headers)


def test_missing_secret_fails_instead_of_sending_unsigned(
        archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASAD_NO_SUCH_SECRET", raising=False)
    with WebhookReceiver() as receiver:
        channel = hook(receiver.url, secret_env="RASAD_NO_SUCH_SECRET")
        add_article(archive, [channel.key])
        report = deliver_pending(archive, [channel], max_attempts=3, now=start())
    assert receiver.requests == []
    assert report.failed == 1
    (row,) = rows(archive)
    assert row.status == "pending" and "RASAD_NO_SUCH_SECRET" in row.last_error


def test_retried_with_backoff_until_the_receiver_accepts(archive: Archive) -> None:
    rng = random.Random(7)
    with WebhookReceiver([500, 500, 200]) as receiver:
        channel = hook(receiver.url)
        add_article(archive, [channel.key])
        t0 = start()
        first = deliver_pending(archive, [channel], max_attempts=5, now=t0, rng=rng)
        assert first.failed == 1 and "HTTP 500" in first.failures[0][2]
        (row,) = rows(archive)
        assert row.status == "pending" and row.attempts == 1
        assert timedelta(seconds=60) <= row.next_attempt_at - t0 <= timedelta(seconds=75)
        early = deliver_pending(archive, [channel], max_attempts=5, now=t0 + timedelta(seconds=30))
        assert early.attempted == 0  # backoff not elapsed yet
        second = deliver_pending(archive, [channel], max_attempts=5,
                                 now=t0 + timedelta(minutes=5), rng=rng)
        assert second.failed == 1
        third = deliver_pending(archive, [channel], max_attempts=5,
                                now=t0 + timedelta(minutes=30), rng=rng)
        assert third.sent == 1
        later = deliver_pending(archive, [channel], max_attempts=5, now=t0 + timedelta(days=1))
        assert later.attempted == 0
    assert len(receiver.requests) == 3
    assert len({p.body for p in receiver.requests}) == 1  # the same alert, same id
    (row,) = rows(archive)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)


def test_receiver_down_then_up_delivers_exactly_once(archive: Archive) -> None:
    port = free_port()
    channel = hook(f"http://{HOST}:{port}/hook", timeout=2)
    add_article(archive, [channel.key])
    t0 = start()
    down = deliver_pending(archive, [channel], max_attempts=5, now=t0)
    assert down.failed == 1 and "cannot reach" in down.failures[0][2]
    with WebhookReceiver(port=port) as receiver:
        up = deliver_pending(archive, [channel], max_attempts=5, now=t0 + timedelta(hours=1))
        deliver_pending(archive, [channel], max_attempts=5, now=t0 + timedelta(days=1))
    assert up.sent == 1
    assert len(receiver.requests) == 1
    (row,) = rows(archive)
    assert (row.status, row.attempts) == ("sent", 2)


def test_redirect_is_a_failure_not_followed(archive: Archive) -> None:
    with WebhookReceiver([302], headers={"Location": "/elsewhere"}) as receiver:
        channel = hook(receiver.url)
        add_article(archive, [channel.key])
        report = deliver_pending(archive, [channel], max_attempts=5, now=start())
    assert report.failed == 1 and "HTTP 302" in report.failures[0][2]
    assert [p.path for p in receiver.requests] == ["/hook"]


def test_timeout_is_a_failure(archive: Archive) -> None:
    with WebhookReceiver(delay=3.0) as receiver:
        channel = hook(receiver.url, timeout=0.3)
        add_article(archive, [channel.key])
        report = deliver_pending(archive, [channel], max_attempts=5, now=start())
    assert report.failed == 1 and report.sent == 0
    assert len(receiver.requests) == 1
    (row,) = rows(archive)
    assert row.status == "pending" and row.attempts == 1
    assert "0.3 s" in row.last_error or "timed out" in row.last_error


def test_dead_after_max_attempts_and_not_retried(
        archive: Archive, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="rasad.alerts")
    with WebhookReceiver(then=503) as receiver:
        channel = hook(receiver.url)
        add_article(archive, [channel.key])
        reports = [deliver_pending(archive, [channel], max_attempts=3, now=start(), force=True)
                   for _ in range(4)]
    assert [(r.failed, r.dead) for r in reports] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    assert reports[2].stats() == {"alerts/dead/webhook": 1}
    assert len(receiver.requests) == 3
    (row,) = rows(archive)
    assert (row.status, row.attempts, row.next_attempt_at) == ("dead", 3, None)
    assert "HTTP 503" in row.last_error
    lines = [r.getMessage() for r in caplog.records if r.name == "rasad.alerts"]
    assert len(lines) == 3 and "parked as dead" in lines[-1]
    assert all("\n" not in line for line in lines)


def test_one_failure_does_not_stop_others_and_old_channels_are_left_alone(
        archive: Archive) -> None:
    down = hook(f"http://{HOST}:{free_port()}/down", name="down", timeout=2)
    with WebhookReceiver() as receiver:
        up = hook(receiver.url, name="up")
        add_article(archive, ["down", "up", "removed"])
        add_article(archive, ["down", "up", "removed"], url="https://news.example/a/2",
                    rules=("mediation",))
        report = deliver_pending(archive, [down, up], max_attempts=5, now=start())
    assert (report.sent, report.failed) == (2, 2)
    assert {c for c, _, _ in report.failures} == {"down"}
    assert len({k for _, k, _ in report.failures}) == 2
    assert len(receiver.requests) == 2
    status = {(r.alert_id, r.channel): (r.status, r.attempts) for r in rows(archive)}
    assert sorted(v for (_, ch), v in status.items() if ch == "up") == [("sent", 1)] * 2
    assert sorted(v for (_, ch), v in status.items() if ch == "down") == [("pending", 1)] * 2
    assert sorted(v for (_, ch), v in status.items() if ch == "removed") == [("pending", 0)] * 2


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    rng = random.Random(1)
    delays = [backoff(n, rng).total_seconds() for n in range(1, 12)]
    for n, delay in enumerate(delays[:6], start=1):
        base = 60 * 2 ** (n - 1)
        assert base <= delay <= base * 1.25
    assert delays[-1] == BACKOFF_CAP and max(delays) <= BACKOFF_CAP


# -- email ----------------------------------------------------------------------
def test_email_one_message_per_alert_rtl_utf8(archive: Archive) -> None:
    with SMTPReceiver() as smtp:
        channel = mail(smtp.port)
        add_article(archive, [channel.key], rules=("siege", "mediation"))
        report = deliver_pending(archive, [channel], max_attempts=3, now=start())
        again = deliver_pending(archive, [channel], max_attempts=3, now=start(), force=True)
    assert report.sent == 2 and again.attempted == 0
    assert report.stats() == {"alerts/sent/email": 2}
    subjects = sorted(str(m["Subject"]) for m in smtp.messages)
    assert subjects == [f"[Rasad] mediation: {TITLE}", f"[Rasad] siege: {TITLE}"]
    msg = smtp.messages[0]
    assert msg["From"] == "rasad@example.org" and msg["To"] == "desk@example.org"
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    text, page = plain.get_content(), html.get_content()
    assert TITLE in text and "https://news.example/a/1" in text
    assert '<html dir="rtl" lang="ar">' in page
    assert '<a href="https://news.example/a/1"' in page
    assert TITLE in page and "enab" in page and "2024-03-01" in page and "حصار" in page
    assert smtp.handler.envelopes[0] == ("rasad@example.org", ["desk@example.org"])


def test_email_values_are_html_escaped(archive: Archive) -> None:
    add_article(archive, ["mail"])
    d = pending(archive)
    d.article["title"] = 'عنوان <script>alert("x")</script>'
    with SMTPReceiver() as smtp:
        EmailSender(mail(smtp.port, name="mail")).send(d)
    page = smtp.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_smtp_refusal_is_retried_and_sent_once(archive: Archive) -> None:
    with SMTPReceiver(refuse_first=1) as smtp:
        channel = mail(smtp.port)
        add_article(archive, [channel.key])
        t0 = start()
        first = deliver_pending(archive, [channel], max_attempts=3, now=t0)
        second = deliver_pending(archive, [channel], max_attempts=3, now=t0 + timedelta(hours=1))
        third = deliver_pending(archive, [channel], max_attempts=3, now=t0 + timedelta(days=1))
    assert first.failed == 1 and "SMTP 550" in first.failures[0][2]
    assert second.sent == 1 and third.attempted == 0
    assert smtp.handler.refused == 1 and len(smtp.messages) == 1
    (row,) = rows(archive)
    assert (row.status, row.attempts) == ("sent", 2)


def test_smtp_down_is_a_failure(archive: Archive) -> None:
    channel = mail(free_port())
    add_article(archive, [channel.key])
    report = deliver_pending(archive, [channel], max_attempts=3, now=start())
    assert report.failed == 1 and "cannot connect" in report.failures[0][2]


def test_starttls_required_but_not_offered_fails(archive: Archive) -> None:
    with SMTPReceiver() as smtp:
        channel = mail(smtp.port, starttls=True)
        add_article(archive, [channel.key])
        report = deliver_pending(archive, [channel], max_attempts=3, now=start())
    assert report.failed == 1 and "STARTTLS" in report.failures[0][2]
    assert smtp.messages == []


def test_starttls_when_offered_and_login(
        archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contexts = self_signed(tmp_path)
    if contexts is None:
        pytest.skip("openssl not available to make a test certificate")
    server_ctx, client_ctx = contexts
    monkeypatch.setenv("RASAD_SMTP_USER", "desk")
    monkeypatch.setenv("RASAD_SMTP_PASS", "pa55-word")
    add_article(archive, ["mail"])
    d = pending(archive)
    with SMTPReceiver(starttls=server_ctx, credentials=("desk", "pa55-word")) as smtp:
        channel = mail(smtp.port, name="mail", username_env="RASAD_SMTP_USER",
                       password_env="RASAD_SMTP_PASS")
        EmailSender(channel, ssl_context=client_ctx).send(d)
        monkeypatch.delenv("RASAD_SMTP_PASS")
        with pytest.raises(DeliveryError, match="RASAD_SMTP_PASS"):
            EmailSender(channel, ssl_context=client_ctx).send(d)
    assert smtp.authenticator is not None and smtp.authenticator.logins == ["desk"]
    assert len(smtp.messages) == 1


def test_implicit_tls(archive: Archive, tmp_path: Path) -> None:
    contexts = self_signed(tmp_path)
    if contexts is None:
        pytest.skip("openssl not available to make a test certificate")
    server_ctx, client_ctx = contexts
    add_article(archive, ["mail"])
    d = pending(archive)
    with SMTPReceiver(implicit_tls=server_ctx) as smtp:
        EmailSender(mail(smtp.port, name="mail", ssl=True), ssl_context=client_ctx).send(d)
    assert len(smtp.messages) == 1
