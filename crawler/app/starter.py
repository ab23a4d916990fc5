"""The starter config written by `rasad init`."""

from __future__ import annotations

from importlib.resources import files


def starter_config() -> str:
    return files("crawler.app").joinpath("starter.toml").read_text(encoding="utf-8")
