"""Deliver one alert to a webhook: an HTTP POST of the JSON from `alerts.payload`.

Standard library only. Redirects are not followed (a 3xx is a failed delivery:
following it would turn the POST into a GET). Any answer outside 2xx, a
timeout or a connection error raises `DeliveryError`.
"""

from __future__ import annotations

import http.client
import os
import urllib.request
from typing import Any
from urllib.error import HTTPError, URLError

from alerts.payload import SIGNATURE_HEADER, DeliveryError, sign, webhook_body
from crawler.core.config import DEFAULT_USER_AGENT, WebhookChannel
from crawler.core.text.normalize import fold_whitespace
from crawler.core.text.redact import redact_url
from storage.archive import PendingDelivery

ERROR_BODY_CHARS = 200


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebhookSender:
    def __init__(self, channel: WebhookChannel, *, user_agent: str = DEFAULT_USER_AGENT) -> None:
        self.channel = channel
        self.user_agent = user_agent
        self._opener = urllib.request.build_opener(_NoRedirect())

    def headers(self, body: bytes, alert_key: str) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": self.user_agent,
            "Idempotency-Key": alert_key,
        }
        secret = self._secret()
        if secret is not None:
            headers[SIGNATURE_HEADER] = sign(body, secret)
        return headers

    def _secret(self) -> str | None:
        name = self.channel.secret_env
        if not name:
            return None
        value = os.environ.get(name)
        if not value:
            raise DeliveryError(
                f"secret_env {name} is not set in the environment; not sending unsigned")
        return value

    @property
    def shown_url(self) -> str:
        """The URL for messages: its credentials and secrets redacted."""
        return redact_url(self.channel.url)

    def send(self, delivery: PendingDelivery) -> None:
        body = webhook_body(delivery)
        request = urllib.request.Request(
            self.channel.url, data=body, method="POST",
            headers=self.headers(body, delivery.alert_key))
        try:
            with self._opener.open(request, timeout=self.channel.timeout) as response:
                response.read()
        except HTTPError as exc:
            raise DeliveryError(_http_error(exc)) from None
        except URLError as exc:
            raise DeliveryError(f"cannot reach {self.shown_url}: {exc.reason}") from None
        except TimeoutError:
            raise DeliveryError(
                f"no answer from {self.shown_url} within {self.channel.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise DeliveryError(f"{self.shown_url}: {type(exc).__name__}: {exc}") from None


def _http_error(exc: HTTPError) -> str:
    try:
        text = exc.read(ERROR_BODY_CHARS * 4).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        text = ""
    finally:
        exc.close()
    text = fold_whitespace(text)[:ERROR_BODY_CHARS]
    return f"HTTP {exc.code} {exc.reason}" + (f": {text}" if text else "")
