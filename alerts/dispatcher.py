"""Deliver the alert outbox: every pending delivery of a configured channel.

Each attempt is recorded in the archive straight after it is made, so a sent
alert is marked sent before the next one is tried and is never sent twice. A
failed attempt is retried after an exponential backoff with jitter (60 s, 120 s,
240 s, ... capped at 6 h), and after `max_attempts` attempts the delivery is
parked as `dead`, never dropped. One failure never stops the other deliveries.
Deliveries for channels no longer in the config are left untouched.

Each delivery is claimed first (`storage.leases`), so two dispatchers running
at once never send the same alert twice. Email channels with a `digest` get
one message per period (`alerts.digest`).
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import Engine, Table

from alerts import digest
from alerts.email import EmailSender
from alerts.payload import DeliveryError
from alerts.webhook import WebhookSender
from crawler.core import settings as defaults
from crawler.core.config import EmailChannel, WebhookChannel
from crawler.core.text.redact import redact_text
from storage.archive import Archive, PendingDelivery
from storage.leases import claim, holder_name, release

logger = logging.getLogger("rasad.alerts")

BACKOFF_BASE = defaults.ALERTS_RETRY_BASE
BACKOFF_CAP = 6 * 3600.0
BACKOFF_JITTER = 0.25  # up to +25 % of the delay, so receivers are not hit in lockstep
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


class Sender(Protocol):
    def send(self, delivery: PendingDelivery) -> None: ...


class Outbox(Protocol):
    """What the dispatcher needs of an outbox: `Archive`, or `storage.health.HealthOutbox`.

    Its `engine` and `deliveries_table` let `storage.leases` claim its deliveries.
    """

    engine: Engine
    deliveries_table: Table

    def pending_deliveries(self, now: datetime, channels: list[str] | None = None
                           ) -> list[PendingDelivery]: ...

    def record_attempt(self, delivery_id: int, *, ok: bool, error: str | None,
                       now: datetime, next_attempt_at: datetime | None, dead: bool) -> None: ...


@dataclass
class DeliveryReport:
    """Every delivery attempted lands in exactly one of sent / failed (will retry) / dead."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # channel, key, error
    by_type: Counter[str] = field(default_factory=Counter)  # "sent/webhook": 2, ...

    @property
    def attempted(self) -> int:
        return self.sent + self.failed + self.dead

    def stats(self, prefix: str = "alerts") -> dict[str, int]:
        """Scrapy-style stat keys: `alerts/sent/webhook`, `alerts/dead/email`, ..."""
        return {f"{prefix}/{key}": n for key, n in sorted(self.by_type.items())}


def backoff(attempts: int, rng: random.Random | None = None,
            base: float = BACKOFF_BASE) -> timedelta:
    """Delay before the next try, after `attempts` failed attempts (1, 2, ...)."""
    rng = rng or random.Random()
    delay = min(BACKOFF_CAP, base * 2 ** max(0, attempts - 1))
    delay += rng.uniform(0, delay * BACKOFF_JITTER)
    return timedelta(seconds=min(BACKOFF_CAP, delay))


def lease_ttl(channel: WebhookChannel | EmailChannel) -> float:
    """How long a claim lasts: longer than one attempt on the channel may take."""
    return 30.0 + 3 * channel.timeout


def make_sender(channel: WebhookChannel | EmailChannel) -> Sender:
    if isinstance(channel, WebhookChannel):
        return WebhookSender(channel)
    return EmailSender(channel)


def deliver_pending(
    archive: Archive | Outbox,
    channels: Sequence[WebhookChannel | EmailChannel],
    *,
    max_attempts: int,
    now: datetime | None = None,
    force: bool = False,
    rng: random.Random | None = None,
    holder: str | None = None,
    retry_base: float = BACKOFF_BASE,
) -> DeliveryReport:
    """Try every due pending delivery once; `force` ignores `next_attempt_at`
    (backoff) but never a digest's period nor another process's lease;
    `retry_base` is the first backoff delay in seconds."""
    now = now or datetime.now(UTC)
    rng = rng or random.Random()
    holder = holder or f"{holder_name()}:{uuid.uuid4().hex[:8]}"
    by_key = {ch.key: ch for ch in channels}
    senders: dict[str, Sender] = {}
    report = DeliveryReport()
    if not by_key:
        return report
    due = archive.pending_deliveries(_FAR_FUTURE if force else now, list(by_key))
    for channel in by_key.values():
        if isinstance(channel, EmailChannel) and channel.digest:
            batch = [d for d in due if d.channel == channel.key]
            _send_digest(archive, channel, batch, report, max_attempts=max_attempts,
                         now=now, rng=rng, holder=holder, base=retry_base)
    for delivery in due:
        channel = by_key[delivery.channel]
        if isinstance(channel, EmailChannel) and channel.digest:
            continue
        if not claim(archive, delivery.delivery_id, delivery.attempts, now=now, holder=holder,
                     ttl=lease_ttl(channel)):
            report.by_type["skipped/claimed"] += 1
            continue
        try:
            if delivery.channel not in senders:
                senders[delivery.channel] = make_sender(channel)
            error = _attempt(senders[delivery.channel], delivery)
            _record(archive, delivery, channel.type, error, report,
                    max_attempts=max_attempts, now=now, rng=rng, base=retry_base)
        finally:
            release(archive, delivery.delivery_id, holder)
    return report


def _send_digest(archive: Archive | Outbox, channel: EmailChannel, batch: list[PendingDelivery],
                 report: DeliveryReport, *, max_attempts: int, now: datetime,
                 rng: random.Random, holder: str, base: float) -> None:
    """One message with every ready alert of the channel, recorded on each."""
    assert channel.digest is not None
    ready = [d for d in digest.ready(batch, now, channel.digest)
             if claim(archive, d.delivery_id, d.attempts, now=now, holder=holder,
                      ttl=lease_ttl(channel))]
    if not ready:
        return
    try:
        sender = EmailSender(channel)
        msg = digest.digest_message(
            ready, channel.digest, channel.from_, channel.to, date=now,
            message_id=f"<{digest.digest_id(channel.key, ready)}.digest@rasad.alerts>")
        error = _attempt_message(sender, msg)
        for d in ready:
            _record(archive, d, "email", error, report,
                    max_attempts=max_attempts, now=now, rng=rng, base=base)
        if error is None:
            report.by_type["digests/email"] += 1
    finally:
        for d in ready:
            release(archive, d.delivery_id, holder)


def _attempt_message(sender: EmailSender, msg: EmailMessage) -> str | None:
    try:
        sender.send_message(msg, "digest")
    except DeliveryError as exc:
        return str(exc) or "delivery failed"
    except Exception as exc:  # a bug must not stop the other deliveries
        logger.debug("unexpected error sending a digest", exc_info=True)
        return f"unexpected {type(exc).__name__}: {exc}"
    return None


def _attempt(sender: Sender, delivery: PendingDelivery) -> str | None:
    """None when sent, else the one-line reason."""
    try:
        sender.send(delivery)
    except DeliveryError as exc:
        return str(exc) or "delivery failed"
    except Exception as exc:  # a bug in one delivery must not stop the others
        logger.debug("unexpected error delivering alert %s", delivery.alert_key, exc_info=True)
        return f"unexpected {type(exc).__name__}: {exc}"
    return None


def _record(archive: Archive | Outbox, delivery: PendingDelivery, kind: str, error: str | None,
            report: DeliveryReport, *, max_attempts: int, now: datetime,
            rng: random.Random, base: float = BACKOFF_BASE) -> None:
    if error is None:
        archive.record_attempt(delivery.delivery_id, ok=True, error=None, now=now,
                               next_attempt_at=None, dead=False)
        report.sent += 1
        report.by_type[f"sent/{kind}"] += 1
        return
    attempts = delivery.attempts + 1
    dead = attempts >= max_attempts
    retry_at = None if dead else now + backoff(attempts, rng, base)
    archive.record_attempt(delivery.delivery_id, ok=False, error=error, now=now,
                           next_attempt_at=retry_at, dead=dead)
    if dead:
        report.dead += 1
    else:
        report.failed += 1
    outcome = "dead" if dead else "failed"
    report.by_type[f"{outcome}/{kind}"] += 1
    channel = redact_text(delivery.channel)
    report.failures.append((channel, delivery.alert_key, error))
    then = "parked as dead" if retry_at is None else f"retry after {retry_at.isoformat()}"
    logger.warning("alert %s (rule %s) to %s failed, attempt %d/%d, %s: %s",
                   delivery.alert_key, delivery.rule, channel, attempts,
                   max_attempts, then, error)
