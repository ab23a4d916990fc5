"""What every config model shares: the frozen, strict base model, the one-line
`ConfigError`, and how a validation error becomes that line:

    rasad.toml: sources[1].start_urls: required key is missing
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class ConfigError(Exception):
    """A user error in a config file; str() is the one-line message."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("webhook", "email") and out.startswith("channels"):
            continue  # discriminator tag, not a key the user wrote
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _rule_line(text: str | None, loc: tuple[int | str, ...], value: Any) -> int | None:
    """The line of a bad rule term in the TOML text: the first line holding it
    after the rule's `[[rules]]` header."""
    if text is None or len(loc) < 2 or loc[0] != "rules" or not isinstance(value, str):
        return None
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.strip().startswith("[[rules]]")]
    start = headers[loc[1]] if isinstance(loc[1], int) and loc[1] < len(headers) else 0
    for i in range(start, len(lines)):
        if value in lines[i]:
            return i + 1
    return None


_KEYED = re.compile(r"^[a-z_]+\[\d+\]\.[a-z_]+: ")


def first_error(path: str, exc: ValidationError, text: str | None = None) -> ConfigError:
    err = exc.errors()[0]
    msg = err["msg"].removeprefix("Value error, ")
    line = _rule_line(text, tuple(err["loc"]), err.get("input"))
    if line is not None:
        msg = f"line {line}: {msg}"
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key is missing"
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    if not err["loc"] and _KEYED.match(msg):  # a whole-config check that names its key
        return ConfigError(f"{path}: {msg}{suffix}")
    return ConfigError(f"{path}: {_loc(tuple(err['loc']))}: {msg}{suffix}")
