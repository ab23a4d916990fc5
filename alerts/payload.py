"""What an alert delivery sends: the webhook JSON body and the email message.

Building them is pure (no I/O), so the exact bytes a receiver gets are testable
without a server. The senders in `alerts.webhook` and `alerts.email` only move
these bytes and raise `DeliveryError` when a delivery fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from typing import Any

from crawler.core.text.normalize import fold_whitespace
from storage.archive import PendingDelivery

EXCERPT_CHARS = 300
SIGNATURE_HEADER = "X-Rasad-Signature"


class DeliveryError(Exception):
    """One delivery failed; str() is a one-line reason stored in `deliveries.last_error`."""


def excerpt(body: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of `body`, at most `limit` characters, cut at a word boundary."""
    text = body.strip()
    if len(text) <= limit:
        return text
    head = text[: limit + 1]  # one more, so a space right after the limit counts
    cut = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    if cut <= 0:  # one enormous "word": cut it hard
        return text[:limit]
    return text[:cut].rstrip()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def webhook_payload(delivery: PendingDelivery) -> dict[str, Any]:
    art = delivery.article
    return {
        "id": delivery.alert_key,
        "rule": delivery.rule,
        "matched": list(delivery.matched),
        "snippet": delivery.snippet,
        "created_at": _iso(delivery.created_at),
        "article": {
            "url": art["url"],
            "title": art["title"],
            "source": art["source"],
            "published_at": _iso(art.get("published_at")),
            "published_date": art["published_date"].isoformat()
            if art.get("published_date") else None,
            "language": art["language"],
            "excerpt": excerpt(art.get("body") or ""),
        },
    }


def webhook_body(delivery: PendingDelivery) -> bytes:
    """The raw POST body: UTF-8 JSON, Arabic kept as text (not \\u escapes)."""
    return json.dumps(webhook_payload(delivery), ensure_ascii=False).encode("utf-8")


def sign(body: bytes, secret: str) -> str:
    """The `X-Rasad-Signature` value: HMAC-SHA256 of the raw body bytes."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


# -- email ---------------------------------------------------------------------
def email_subject(delivery: PendingDelivery) -> str:
    title = fold_whitespace(delivery.article["title"]) or delivery.article["url"]
    return f"[Rasad] {delivery.rule}: {title}"


def _date_text(value: datetime | None, day: date | None = None) -> str:
    """The time (UTC) when the page gave one, else its calendar day, else "unknown"."""
    if value is not None:
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return day.isoformat() if day is not None else "unknown"


def _art_date(art: dict[str, Any]) -> str:
    return _date_text(art.get("published_at"), art.get("published_date"))


def _shown_excerpt(delivery: PendingDelivery) -> str:
    body = (delivery.article.get("body") or "").strip()
    text = excerpt(body)
    return text + " …" if len(text) < len(body) else text


def email_text(delivery: PendingDelivery) -> str:
    art = delivery.article
    return "\n".join([
        fold_whitespace(art["title"]),
        "",
        f"المصدر: {art['source']}",
        f"التاريخ: {_art_date(art)}",
        f"القاعدة: {delivery.rule}",
        f"الكلمات المطابقة: {'، '.join(delivery.matched)}",
        "",
        _shown_excerpt(delivery),
        "",
        art["url"],
        "",
        f"Rasad alert id: {delivery.alert_key}",
    ]) + "\n"


def email_html(delivery: PendingDelivery) -> str:
    art = delivery.article
    url = escape(art["url"], quote=True)
    paragraphs = "".join(
        f"<p>{escape(p)}</p>" for p in _shown_excerpt(delivery).split("\n") if p.strip()
    )
    terms = "، ".join(escape(t) for t in delivery.matched)
    return (
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head><meta charset="utf-8">'
        f"<title>{escape(email_subject(delivery))}</title></head>\n"
        '<body style="direction: rtl; text-align: right;">\n'
        f'<h2><a href="{url}">{escape(fold_whitespace(art["title"]))}</a></h2>\n'
        f"<p><b>المصدر:</b> {escape(art['source'])}<br>"
        f"<b>التاريخ:</b> <span dir=\"ltr\">{escape(_art_date(art))}"
        f"</span><br><b>القاعدة:</b> {escape(delivery.rule)}<br>"
        f"<b>الكلمات المطابقة:</b> {terms}</p>\n"
        f"{paragraphs}\n"
        f'<p><a href="{url}" dir="ltr">{escape(art["url"])}</a></p>\n'
        "</body>\n</html>\n"
    )


def email_message(delivery: PendingDelivery, sender: str, to: list[str], *,
                  message_id: str, date: datetime) -> EmailMessage:
    """One UTF-8 message per alert: a text/plain part and a right-to-left HTML part."""
    msg = EmailMessage()
    msg["Subject"] = email_subject(delivery)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg["X-Rasad-Alert-Id"] = delivery.alert_key
    msg.set_content(email_text(delivery), charset="utf-8")
    msg.add_alternative(email_html(delivery), subtype="html", charset="utf-8")
    return msg
