"""Delivery leases: only one dispatcher at a time may send a pending delivery.

Two `rasad` processes (a cron crawl and an on-demand `rasad alerts deliver`)
can read the same pending delivery. Before sending, a dispatcher claims it by
INSERTing a row keyed by the delivery id: the primary key lets exactly one
process win. The winner then checks that the delivery is still pending with the
attempt count it read (so a delivery another process just finished is not sent
again), sends, records the attempt and releases the lease. A process killed
while holding a lease loses it when the lease expires, and the delivery is
retried then (at once when the dead holder was a process on this host): at
least once, never twice at the same time.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import Column, Integer, String, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError

from storage.archive import Archive
from storage.schema import UTCDateTime, deliveries, metadata

LEASE_SECONDS = 600.0  # default; the dispatcher uses 30 s + 3 x the channel's timeout

delivery_leases = Table(
    "delivery_leases",
    metadata,
    Column("delivery_id", Integer, primary_key=True),  # deliveries.id
    Column("holder", String(255), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_is_dead(holder: str) -> bool:
    """True when the holder was a process on this host that no longer runs."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claim(archive: Archive, delivery_id: int, attempts: int, *, now: datetime,
          holder: str, ttl: float = LEASE_SECONDS) -> bool:
    """True when this process may send the delivery now."""
    try:
        with archive.engine.begin() as conn:
            held = conn.execute(select(delivery_leases.c.holder, delivery_leases.c.expires_at)
                                .where(delivery_leases.c.delivery_id == delivery_id)).first()
            if held is not None and (held.expires_at < now or holder_is_dead(held.holder)):
                conn.execute(delete(delivery_leases).where(
                    delivery_leases.c.delivery_id == delivery_id,
                    delivery_leases.c.holder == held.holder))
            conn.execute(insert(delivery_leases).values(
                delivery_id=delivery_id, holder=holder,
                expires_at=now + timedelta(seconds=ttl)))
            row = conn.execute(select(deliveries.c.status, deliveries.c.attempts)
                               .where(deliveries.c.id == delivery_id)).first()
            if row is None or row.status != "pending" or row.attempts != attempts:
                raise _Stale
    except (IntegrityError, _Stale):
        return False
    return True


def release(archive: Archive, delivery_id: int, holder: str) -> None:
    with archive.engine.begin() as conn:
        conn.execute(delete(delivery_leases).where(
            delivery_leases.c.delivery_id == delivery_id,
            delivery_leases.c.holder == holder))


class _Stale(Exception):
    """The delivery changed since it was read: roll the claim back."""
