"""Deliver the alert outbox: every pending delivery of a configured channel.

Each attempt is recorded in the archive straight after it is made, so a sent
alert is marked sent before the next one is tried and is never sent twice. A
failed attempt is retried after an exponential backoff with jitter (60 s, 120 s,
240 s, ... capped at 6 h), and after `max_attempts` attempts the delivery is
parked as `dead`, never dropped. One failure never stops the other deliveries.
Deliveries for channels no longer in the config are left untouched.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from alerts.email import EmailSender
from alerts.payload import DeliveryError
from alerts.webhook import WebhookSender
from crawler.config import EmailChannel, WebhookChannel
from storage.archive import Archive, PendingDelivery

logger = logging.getLogger("rasad.alerts")

BACKOFF_BASE = 60.0  # seconds before the first retry: the next cron run retries
BACKOFF_CAP = 6 * 3600.0
BACKOFF_JITTER = 0.25  # up to +25 % of the delay, so receivers are not hit in lockstep
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


class Sender(Protocol):
    def send(self, delivery: PendingDelivery) -> None: ...


class Outbox(Protocol):
    """What the dispatcher needs of an outbox: `Archive`, or `storage.health.HealthOutbox`."""

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


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Delay before the next try, after `attempts` failed attempts (1, 2, ...)."""
    rng = rng or random.Random()
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))
    delay += rng.uniform(0, delay * BACKOFF_JITTER)
    return timedelta(seconds=min(BACKOFF_CAP, delay))


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
) -> DeliveryReport:
    """Try every due pending delivery once; `force` ignores `next_attempt_at`."""
    now = now or datetime.now(UTC)
    rng = rng or random.Random()
    by_key = {ch.key: ch for ch in channels}
    senders: dict[str, Sender] = {}
    report = DeliveryReport()
    if not by_key:
        return report
    due = archive.pending_deliveries(_FAR_FUTURE if force else now, list(by_key))
    for delivery in due:
        channel = by_key[delivery.channel]
        if delivery.channel not in senders:
            senders[delivery.channel] = make_sender(channel)
        error = _attempt(senders[delivery.channel], delivery)
        _record(archive, delivery, channel.type, error, report,
                max_attempts=max_attempts, now=now, rng=rng)
    return report


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
            rng: random.Random) -> None:
    if error is None:
        archive.record_attempt(delivery.delivery_id, ok=True, error=None, now=now,
                               next_attempt_at=None, dead=False)
        report.sent += 1
        report.by_type[f"sent/{kind}"] += 1
        return
    attempts = delivery.attempts + 1
    dead = attempts >= max_attempts
    retry_at = None if dead else now + backoff(attempts, rng)
    archive.record_attempt(delivery.delivery_id, ok=False, error=error, now=now,
                           next_attempt_at=retry_at, dead=dead)
    if dead:
        report.dead += 1
    else:
        report.failed += 1
    outcome = "dead" if dead else "failed"
    report.by_type[f"{outcome}/{kind}"] += 1
    report.failures.append((delivery.channel, delivery.alert_key, error))
    then = "parked as dead" if retry_at is None else f"retry after {retry_at.isoformat()}"
    logger.warning("alert %s (rule %s) to %s failed, attempt %d/%d, %s: %s",
                   delivery.alert_key, delivery.rule, delivery.channel, attempts,
                   max_attempts, then, error)
