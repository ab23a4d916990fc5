"""Deliver one alert by email: one SMTP transaction per alert, via smtplib.

Implicit TLS when the channel says `ssl = true`; STARTTLS when `starttls = true`
(failing if the server does not offer it) or, when `starttls` is unset, whenever
the server offers it; login when `username_env`/`password_env` are configured.
A password is only ever sent over TLS: with credentials and neither `ssl` nor
an offered STARTTLS the delivery fails before AUTH, unless the channel says
`allow_plaintext_auth = true`. A refused or failed transaction raises
`DeliveryError`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage

from alerts.payload import DeliveryError, email_message
from crawler.core.config import EmailChannel
from storage.archive import PendingDelivery

logger = logging.getLogger("rasad.alerts")


class EmailSender:
    def __init__(self, channel: EmailChannel, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.channel = channel
        self.ssl_context = ssl_context or ssl.create_default_context()

    def message_id(self, delivery: PendingDelivery) -> str:
        """Stable per alert and channel, so a mail client can drop a repeat."""
        channel = hashlib.sha256(self.channel.key.encode("utf-8")).hexdigest()[:12]
        return f"<{delivery.alert_key}.{channel}@rasad.alerts>"

    def send(self, delivery: PendingDelivery) -> None:
        ch = self.channel
        msg = email_message(delivery, ch.from_, ch.to, message_id=self.message_id(delivery),
                            date=datetime.now(UTC))
        self.send_message(msg, delivery.alert_key)

    def send_message(self, msg: EmailMessage, what: str) -> None:
        """One SMTP transaction for a built message (an alert or a digest)."""
        ch = self.channel
        credentials = self._credentials()
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            reason = _describe(exc)
            raise DeliveryError(f"cannot connect to {ch.host}:{ch.port}: {reason}") from None
        try:
            self._secure_and_login(smtp, credentials)
            refused = smtp.send_message(msg, from_addr=ch.from_, to_addrs=ch.to)
        except (OSError, smtplib.SMTPException, UnicodeError) as exc:  # smtplib: ASCII logins
            raise DeliveryError(f"{ch.host}:{ch.port}: {_describe(exc)}") from None
        finally:
            _quit_quietly(smtp)
        if refused:  # accepted for some recipients: sent; re-sending would duplicate
            logger.warning("email %s: recipients refused for %s: %s",
                           ch.key, what, ", ".join(sorted(refused)))

    def _connect(self) -> smtplib.SMTP:
        ch = self.channel
        if ch.ssl:
            return smtplib.SMTP_SSL(ch.host, ch.port, timeout=ch.timeout,
                                    context=self.ssl_context)
        return smtplib.SMTP(ch.host, ch.port, timeout=ch.timeout)

    def _secure_and_login(self, smtp: smtplib.SMTP,
                          credentials: tuple[str, str] | None) -> None:
        ch = self.channel
        smtp.ehlo()
        secure = ch.ssl
        if not ch.ssl and ch.starttls is not False:
            offered = smtp.has_extn("starttls")
            if ch.starttls and not offered:
                raise DeliveryError(f"{ch.host}:{ch.port}: server does not offer STARTTLS "
                                    "(starttls = true)")
            if offered:
                smtp.starttls(context=self.ssl_context)
                smtp.ehlo()
                secure = True
        if credentials is None:
            return
        if not secure and not ch.allow_plaintext_auth:
            raise DeliveryError(
                f"{ch.host}:{ch.port}: server does not offer STARTTLS; not sending the "
                "password in clear (use ssl = true, or allow_plaintext_auth = true)")
        smtp.login(*credentials)

    def _credentials(self) -> tuple[str, str] | None:
        ch = self.channel
        if not ch.username_env and not ch.password_env:
            return None
        values = []
        for key, name in (("username_env", ch.username_env), ("password_env", ch.password_env)):
            value = os.environ.get(name) if name else None
            if not value:
                what = f"{key} {name} is not set in the environment" if name else f"{key} missing"
                raise DeliveryError(f"email {ch.key}: {what}; cannot log in")
            values.append(value)
        return values[0], values[1]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{rcpt} ({code} {_text(msg)})" for rcpt, (code, msg) in exc.recipients.items()]
        return "recipients refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"SMTP {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return " ".join(text.split())


def _quit_quietly(smtp: smtplib.SMTP) -> None:
    """Close the session; a failing QUIT after an accepted message is not a failure."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
