"""Alert channels in the config: `[[channels]]` of type webhook or email."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, field_validator, model_validator

from crawler.core.configbase import Model as _Model


def _channel_name(v: str) -> str:
    # ':' is kept out so a name never looks like the names derived before
    # channels had stable names (`webhook:<url>`, `email:<to>@<host>:<port>`)
    if not v.strip() or ":" in v or len(v) > 200:
        raise ValueError(f"{v!r}: a channel name is 1-200 characters without ':', "
                         "e.g. \"ops-webhook\"")
    return v


ChannelName = Annotated[str, AfterValidator(_channel_name)]


class _Channel(_Model):
    """Deliveries are kept under the channel's `key`: its `name`, else its type.
    The URL or address is only where it sends to, so fixing it keeps the
    channel's outbox."""

    type: str
    name: ChannelName | None = None

    @property
    def key(self) -> str:
        return self.name or self.type


class WebhookChannel(_Channel):
    type: Literal["webhook"]
    url: str
    secret_env: str | None = None
    timeout: float = Field(default=10.0, gt=0)

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if urlsplit(v).scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {v!r}")
        return v

    @property
    def legacy_key(self) -> str:
        """The name Rasad derived for an unnamed channel before channels had
        stable names (alerts/channels.py moves deliveries kept under it)."""
        return f"webhook:{self.url}"


class EmailChannel(_Channel):
    type: Literal["email"]
    host: str
    port: int = Field(default=25, ge=1, le=65535)
    from_: str = Field(alias="from")
    to: list[str] = Field(min_length=1)
    username_env: str | None = None
    password_env: str | None = None
    starttls: bool | None = None  # None: use it when the server offers it
    ssl: bool = False  # implicit TLS (port 465)
    timeout: float = Field(default=30.0, gt=0)
    digest: Literal["hourly", "daily"] | None = None  # one message per period
    # log in without TLS (the password goes in clear): only when explicitly allowed
    allow_plaintext_auth: bool = False

    @property
    def legacy_key(self) -> str:
        """The name Rasad derived for an unnamed channel before channels had
        stable names (alerts/channels.py moves deliveries kept under it)."""
        return f"email:{','.join(self.to)}@{self.host}:{self.port}"

    @property
    def has_credentials(self) -> bool:
        return bool(self.username_env or self.password_env)

    @model_validator(mode="after")
    def _no_clear_password(self) -> EmailChannel:
        if (self.has_credentials and self.starttls is False and not self.ssl
                and not self.allow_plaintext_auth):
            raise ValueError(
                "starttls = false with credentials would send the password in clear; "
                "use starttls or ssl = true, or set allow_plaintext_auth = true")
        return self


Channel = Annotated[WebhookChannel | EmailChannel, Field(discriminator="type")]
