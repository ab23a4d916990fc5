"""URLs fit to print and log: passwords and secrets replaced by `***`.

Every URL Rasad prints or logs (the archive's database URL, a webhook's URL,
a source's feed URL) goes through `redact_url` first. What says where it
points stays (scheme, host, port, user name, database, ordinary path); what
would let a reader use it goes:

- the password of `user:password@host`;
- values of query parameters named like secrets (`token`, `key`, `secret`,
  `sig`, `password`, `auth`, …);
- path segments and query values that look like tokens: 20 or more letters,
  digits, `-` or `_` mixing upper case, lower case and digits (Slack's and
  Discord's webhook URLs carry their secret in the path), or 32 or more hex
  digits. Article slugs (lower-case words joined by `-`) stay.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

MASK = "***"
_SECRET_NAME = re.compile(r"token|secret|key|pass|pwd|sig|auth|cred|session",
                          re.IGNORECASE)
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9_\-]{20,}$")
_HEX = re.compile(r"^[0-9a-fA-F]{32,}$")


def looks_secret(value: str) -> bool:
    """A token-like string: long, mixed case and digits, or long hex."""
    if _HEX.match(value):
        return True
    return bool(_TOKEN_CHARS.match(value) and re.search(r"[a-z]", value)
                and re.search(r"[A-Z]", value) and re.search(r"\d", value))


def _netloc(netloc: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    if not at:
        return netloc
    user, colon, _password = userinfo.partition(":")
    if looks_secret(user):
        user = MASK
    return f"{user}:{MASK}@{hostport}" if colon else f"{user}@{hostport}"


def _query(query: str) -> str:
    """The query with secret values masked; as it was when nothing is secret."""
    if not query:
        return query
    pairs, masked = [], False
    for name, value in parse_qsl(query, keep_blank_values=True):
        if value and (_SECRET_NAME.search(name) or looks_secret(value)):
            value, masked = MASK, True
        pairs.append(f"{quote(name, safe='')}={quote(value, safe='*-._~')}")
    return "&".join(pairs) if masked else query


def redact_url(url: str) -> str:
    """`url` with its password and secrets replaced by `***`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url.partition(':')[0]}:{MASK}"
    if not parts.scheme or not parts.netloc:
        return url
    path = "/".join(MASK if looks_secret(seg) else seg for seg in parts.path.split("/"))
    return urlunsplit((parts.scheme, _netloc(parts.netloc), path, _query(parts.query),
                       parts.fragment))


# a URL in running text; punctuation that ends a sentence is not part of it
_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s'\"<>]*[^\s'\"<>.,;:)\]]")


def redact_text(text: str) -> str:
    """`text` (an error message, a log line) with every URL in it redacted."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


class RedactingFormatter(logging.Formatter):
    """A log formatter whose lines (message and traceback) have their URLs redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))
