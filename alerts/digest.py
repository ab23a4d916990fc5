"""Email digests: one message per channel and period listing all its alerts.

A channel with `digest = "hourly"` or `"daily"` gets no message per alert.
Its pending alerts wait until their period (a UTC hour or day) is over; the
next dispatcher run after that sends ONE message with every alert of the past
periods, and records the attempt on each delivery (all sent, or all retried
with backoff and, after `max_attempts`, all parked as dead).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape

from alerts.payload import _art_date, _shown_excerpt
from crawler.core.text.normalize import fold_whitespace
from storage.archive import PendingDelivery

_LABELS = {"hourly": "ساعي", "daily": "يومي"}


def period_start(now: datetime, digest: str) -> datetime:
    """Start of the (UTC) hour or day `now` falls in."""
    start = now.replace(minute=0, second=0, microsecond=0)
    return start.replace(hour=0) if digest == "daily" else start


def ready(deliveries: Sequence[PendingDelivery], now: datetime,
          digest: str) -> list[PendingDelivery]:
    """The deliveries whose alert fired before the current period began."""
    start = period_start(now, digest)
    return [d for d in deliveries if d.created_at < start]


def digest_id(channel_key: str, deliveries: Sequence[PendingDelivery]) -> str:
    keys = "\n".join(sorted(d.alert_key for d in deliveries))
    return hashlib.sha256(f"{channel_key}\n{keys}".encode()).hexdigest()[:32]


def _text(deliveries: Sequence[PendingDelivery]) -> str:
    out = [f"ملخص رصد: {len(deliveries)} تنبيه", ""]
    for i, d in enumerate(deliveries, start=1):
        art = d.article
        out += [
            f"{i}. [{d.rule}] {fold_whitespace(art['title'])}",
            f"   المصدر: {art['source']} | التاريخ: {_art_date(art)}",
            f"   الكلمات المطابقة: {'، '.join(d.matched)}",
            f"   {d.snippet}",
            f"   {art['url']}",
            "",
        ]
    out.append("Rasad alert ids: " + ", ".join(d.alert_key for d in deliveries))
    return "\n".join(out) + "\n"


def _html(deliveries: Sequence[PendingDelivery], title: str) -> str:
    items = []
    for d in deliveries:
        art = d.article
        url = escape(art["url"], quote=True)
        items.append(
            f'<li><h3><a href="{url}">{escape(fold_whitespace(art["title"]))}</a></h3>'
            f"<p><b>القاعدة:</b> {escape(d.rule)} | <b>المصدر:</b> {escape(art['source'])}"
            f' | <b>التاريخ:</b> <span dir="ltr">{escape(_art_date(art))}'
            f"</span><br><b>الكلمات المطابقة:</b> {'، '.join(escape(t) for t in d.matched)}</p>"
            f"<p>{escape(_shown_excerpt(d))}</p></li>")
    return (
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n"
        '<body style="direction: rtl; text-align: right;">\n'
        f"<h2>{escape(title)}</h2>\n<ol>\n" + "\n".join(items) + "\n</ol>\n</body>\n</html>\n")


def digest_message(deliveries: Sequence[PendingDelivery], digest: str, sender: str,
                   to: list[str], *, message_id: str, date: datetime) -> EmailMessage:
    """One UTF-8 message listing every alert: plain text and right-to-left HTML."""
    rules = sorted({d.rule for d in deliveries})
    subject = (f"[Rasad] {digest} digest: {len(deliveries)} alerts ({', '.join(rules)})")
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg["X-Rasad-Digest"] = digest
    msg.set_content(_text(deliveries), charset="utf-8")
    title = f"ملخص {_LABELS.get(digest, digest)} من رصد: {len(deliveries)} تنبيه"
    msg.add_alternative(_html(deliveries, title), subtype="html", charset="utf-8")
    return msg
