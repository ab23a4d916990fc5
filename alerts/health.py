"""Raise source-health alerts ([alerts] source_health) and deliver their outbox."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from alerts.dispatcher import DeliveryReport, deliver_pending
from alerts.sourcehealth import assess
from crawler.core.config import EmailChannel, RasadConfig, WebhookChannel
from storage.archive import Archive
from storage.health import HealthOutbox

log = logging.getLogger("rasad.alerts")


def raise_health_alerts(archive: Archive, config: RasadConfig,
                        names: Sequence[str] | None = None,
                        now: datetime | None = None) -> list[str]:
    """Open or resolve health events of the sources (all by default); returns the
    'source: kind' of every event opened now."""
    now = now or datetime.now(UTC)
    outbox = HealthOutbox(archive.engine)
    channels = [c.key for c in config.channels]
    wanted = set(names) if names else None
    opened = []
    for h in assess(archive.engine, config, now):
        if (wanted is not None and h.name not in wanted) or h.run is None:
            continue
        url = config.source(h.name).start_urls[0]
        for kind, flagged in (("broken", h.broken), ("stale", h.stale)):
            if outbox.update(h.name, kind, h.reason if flagged else None, url, channels, now):
                log.warning("source %s is %s: %s", h.name, kind, h.reason)
                opened.append(f"{h.name}: {kind}")
    return opened


def deliver_health(archive: Archive, config: RasadConfig,
                   channels: Sequence[WebhookChannel | EmailChannel] | None = None
                   ) -> DeliveryReport:
    """Deliver the source-health outbox (to every channel, or to `channels`)."""
    return deliver_pending(HealthOutbox(archive.engine),
                           config.channels if channels is None else channels,
                           max_attempts=config.alerts.max_attempts)


def merge(a: DeliveryReport, b: DeliveryReport) -> DeliveryReport:
    a.sent += b.sent
    a.failed += b.failed
    a.dead += b.dead
    a.failures.extend(b.failures)
    a.by_type.update(b.by_type)
    return a
