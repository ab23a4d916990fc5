"""Deliveries follow their channel: they are kept under the channel's stable name.

A channel's name is its `name`, or its type (`webhook`, `email`) when it is the
only one of that type; its URL or address is only where it sends to. Fixing a
webhook's URL or a mail server therefore keeps the channel's pending and dead
deliveries with it.

Archives made before channels had stable names keep deliveries under derived
names: `webhook:<url>` and `email:<to>@<host>:<port>`. Before a delivery run,
those move to the configured channel whose old derivation they are (same URL
or address) or, when the URL or address changed since, to the only configured
channel of that type. Deliveries kept under a name no configured channel has
are left alone and reported, never dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlalchemy import Engine

from crawler.core.config import EmailChannel, WebhookChannel
from crawler.core.text.redact import redact_text
from storage.outbox import channel_states, rename_channel

log = logging.getLogger("rasad.alerts")

AnyChannel = WebhookChannel | EmailChannel


def renames(stored: Iterable[str], channels: Sequence[AnyChannel]) -> dict[str, str]:
    """Old derived name -> the configured channel's name, for every stored name
    that is an old derivation belonging to a configured channel."""
    configured = {c.key for c in channels}
    out: dict[str, str] = {}
    for old in stored:
        kind, colon, _ = old.partition(":")
        if old in configured or not colon or kind not in ("webhook", "email"):
            continue
        same = [c for c in channels if c.legacy_key == old]
        of_type = [c for c in channels if c.type == kind]
        if same:
            out[old] = same[0].key
        elif len(of_type) == 1:
            out[old] = of_type[0].key
    return out


def adopt_renamed(engine: Engine, channels: Sequence[AnyChannel]) -> dict[str, str]:
    """Move deliveries kept under old derived names to their channel (see the
    module doc) and warn about pending ones kept for unconfigured channels."""
    states = channel_states(engine)
    mapping = renames(states, channels)
    for old, new in mapping.items():
        moved = rename_channel(engine, old, new)
        log.info("channel %s: %d deliveries moved from %s", new, moved, redact_text(old))
    configured = {c.key for c in channels}
    for name, counts in states.items():
        waiting = counts["pending"] + counts["dead"]
        if name not in configured and name not in mapping and waiting:
            log.warning("%d pending or dead deliveries are kept for channel %s, which is not "
                        "configured: give a channel that name to deliver them",
                        waiting, redact_text(name))
    return mapping


def find_channel(channels: Sequence[AnyChannel], name: str) -> AnyChannel | None:
    return next((c for c in channels if c.key == name), None)
