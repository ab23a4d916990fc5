"""The README is the reference users read: it must name every command, config
key and archive column (a test fails when one is missing)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from crawler.app.cli import cli
from crawler.core import config as cfg
from storage.schema import metadata

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SECTIONS = {
    "storage": cfg.StorageConfig, "crawl": cfg.CrawlConfig, "sources": cfg.SourceConfig,
    "rules": cfg.RuleConfig, "alerts": cfg.AlertsConfig, "channels": cfg.WebhookChannel,
    "channels.email": cfg.EmailChannel, "schedule": cfg.ScheduleConfig,
}


def _commands(group: click.Group, prefix: str = "rasad") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}"
        out.extend(_commands(cmd, full) if isinstance(cmd, click.Group) else [full])
    return out


@pytest.mark.parametrize("command", _commands(cli))
def test_every_command_is_documented(command: str) -> None:
    assert f"`{command}" in README, f"README does not document `{command}`"


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items() if name != "path"]


@pytest.mark.parametrize(
    ("section", "key"), [(s, k) for s, m in SECTIONS.items() for k in _keys(m)])
def test_every_config_key_is_documented(section: str, key: str) -> None:
    header = "[[channels]]" if section.startswith("channels") else (
        f"[[{section}]]" if section in ("sources", "rules") else f"[{section}]")
    assert f"`{header}`" in README, f"README has no section for {header}"
    assert f"`{key}`" in README, f"README does not document {section}.{key}"


@pytest.mark.parametrize(
    ("table", "column"), [(t.name, c.name) for t in metadata.sorted_tables for c in t.columns])
def test_every_archive_column_is_documented(table: str, column: str) -> None:
    assert f"### `{table}`" in README, f"README has no section for table {table}"
    section = README.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    assert f"`{column}`" in section, f"README does not document {table}.{column}"
