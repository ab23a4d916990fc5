"""Delivery leases: only one dispatcher at a time may send a pending delivery.

Two `rasad` processes (a cron crawl and an on-demand `rasad alerts deliver`)
can read the same pending delivery. Before sending, a dispatcher claims it by
INSERTing a row keyed by the delivery id (`ON CONFLICT DO NOTHING`): the
primary key lets exactly one process win. The winner then checks that the
delivery is still pending with the attempt count it read (so a delivery
another process just finished is not sent again), sends, records the attempt
and releases the lease. A process killed while holding a lease loses it when
the lease expires, and the delivery is retried then (at once when the dead
holder was a process on this host): at least once, never twice at the same time.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Column, Engine, Integer, String, Table, delete, select

from storage.schema import UTCDateTime, metadata
from storage.upsert import insert_ignoring

LEASE_SECONDS = 600.0  # default; the dispatcher uses 30 s + 3 x the channel's timeout

delivery_leases = Table(
    "delivery_leases",
    metadata,
    # the outbox's delivery table: `deliveries` (alerts) or `health_deliveries`
    Column("outbox", String(32), primary_key=True),
    Column("delivery_id", Integer, primary_key=True),
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


class LeasedOutbox(Protocol):
    """An outbox whose deliveries can be leased: its engine and its delivery table."""

    engine: Engine
    deliveries_table: Table


def _lease(outbox: LeasedOutbox, delivery_id: int) -> Any:
    return ((delivery_leases.c.outbox == outbox.deliveries_table.name)
            & (delivery_leases.c.delivery_id == delivery_id))


def claim(archive: LeasedOutbox, delivery_id: int, attempts: int, *, now: datetime,
          holder: str, ttl: float = LEASE_SECONDS) -> bool:
    """True when this process may send the delivery now."""
    table = archive.deliveries_table
    try:
        with archive.engine.begin() as conn:
            held = conn.execute(select(delivery_leases.c.holder, delivery_leases.c.expires_at)
                                .where(_lease(archive, delivery_id))).first()
            if held is not None and (held.expires_at < now or holder_is_dead(held.holder)):
                conn.execute(delete(delivery_leases).where(
                    _lease(archive, delivery_id), delivery_leases.c.holder == held.holder))
            won = conn.execute(  # a row comes back only when this insert took the key
                insert_ignoring(conn, delivery_leases).returning(delivery_leases.c.holder),
                {"outbox": table.name, "delivery_id": delivery_id, "holder": holder,
                 "expires_at": now + timedelta(seconds=ttl)}).first() is not None
            row = conn.execute(select(table.c.status, table.c.attempts)
                               .where(table.c.id == delivery_id)).first()
            if not won or row is None or row.status != "pending" or row.attempts != attempts:
                raise _Stale  # held by another process, or changed since it was read
    except _Stale:
        return False
    return True


def release(archive: LeasedOutbox, delivery_id: int, holder: str) -> None:
    with archive.engine.begin() as conn:
        conn.execute(delete(delivery_leases).where(
            _lease(archive, delivery_id), delivery_leases.c.holder == holder))


class _Stale(Exception):
    """The delivery changed since it was read: roll the claim back."""
