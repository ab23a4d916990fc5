"""Each default is defined once (crawler/core/settings.py): the config models,
the Scrapy settings, the components, the starter config and the README agree."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from scrapy.settings import default_settings as scrapy_defaults

from crawler.app.starter import starter_config
from crawler.core import config as cfg
from crawler.core import settings
from crawler.core.addon import CRAWL_SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTIONS: dict[str, type[BaseModel]] = {
    "storage": cfg.StorageConfig, "crawl": cfg.CrawlConfig, "alerts": cfg.AlertsConfig,
    "schedule": cfg.ScheduleConfig, "sources": cfg.SourceConfig, "rules": cfg.RuleConfig,
}
# config key -> the setting its default comes from, beyond [crawl] (CRAWL_SETTINGS)
OTHER_SETTINGS = {("storage", "url"): "STORE_DATABASE_URL",
                  ("alerts", "max_attempts"): "ALERTS_MAX_ATTEMPTS",
                  ("alerts", "retry_base"): "ALERTS_RETRY_BASE",
                  ("alerts", "max_age_hours"): "ALERTS_MAX_AGE_HOURS",
                  ("schedule", "mode"): "SCHEDULE_MODE",
                  ("schedule", "workers"): "SCHEDULE_WORKERS",
                  ("schedule", "worker_crawls"): "SCHEDULE_WORKER_CRAWLS",
                  ("schedule", "worker_max_tasks"): "SCHEDULE_WORKER_MAX_TASKS",
                  ("schedule", "worker_max_memory_mb"): "SCHEDULE_WORKER_MAX_MEMORY_MB",
                  ("schedule", "worker_hang_seconds"): "SCHEDULE_WORKER_HANG_SECONDS",
                  ("schedule", "min_interval"): "SCHEDULE_MIN_INTERVAL",
                  ("schedule", "max_interval"): "SCHEDULE_MAX_INTERVAL",
                  ("schedule", "backoff"): "SCHEDULE_BACKOFF"}
PAIRS = [("crawl", k, s) for k, s in CRAWL_SETTINGS.items()] + [
    (sec, key, s) for (sec, key), s in OTHER_SETTINGS.items()]


def default(model: type[BaseModel], key: str) -> Any:
    field = next(f for name, f in model.model_fields.items() if (f.alias or name) == key)
    return field.get_default(call_default_factory=True)


@pytest.mark.parametrize(("section", "key", "setting"), PAIRS)
def test_config_defaults_are_the_settings(section: str, key: str, setting: str) -> None:
    assert default(SECTIONS[section], key) == getattr(settings, setting), \
        f"[{section}] {key} and {setting} disagree"


def _literal(cell: str) -> Any:
    """A README default cell's value (`1.0`, `["ar"]`, `true`, `sqlite:///x`), or
    None when the cell is prose (`none`, `learned`, `[crawl] max_depth`)."""
    m = re.fullmatch(r"`([^`]*)`", cell.strip())
    if m is None:
        return None
    text = m.group(1)
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return None if text.startswith("[") else text


def _readme_defaults(section: str) -> dict[str, str]:
    header = f"[[{section}]]" if section in ("sources", "rules") else f"[{section}]"
    body = README.split(f"### `{header}`", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", body, flags=re.MULTILINE)
    return {key: cell for key, cell in rows}


@pytest.mark.parametrize("section", SECTIONS)
def test_readme_states_the_model_defaults(section: str) -> None:
    model = SECTIONS[section]
    checked = 0
    for key, cell in _readme_defaults(section).items():
        documented = _literal(cell)
        if documented is None:
            continue
        actual = default(model, key)
        assert documented == actual, \
            f"README [{section}] {key}: {cell} but the default is {actual!r}"
        checked += 1
    assert checked or section in ("rules",), f"no literal default read for [{section}]"


def test_the_starter_config_sets_only_defaults() -> None:
    """A key the starter sets (uncommented) in [storage], [crawl], [alerts] or
    [schedule] has its default value: the starter shows the knobs, it does not
    quietly change them. Commented lines are examples."""
    data = tomllib.loads(starter_config())
    checked = 0
    for section in ("storage", "crawl", "alerts", "schedule"):
        for key, value in data.get(section, {}).items():
            expected = default(SECTIONS[section], key)
            assert value == expected, \
                f"starter [{section}] {key} = {value!r}, default {expected!r}"
            checked += 1
    assert checked >= 5


def _is_settings(obj: ast.expr) -> bool:
    """`settings`, `s` or `<anything>.settings`: a Scrapy settings object."""
    if isinstance(obj, ast.Name):
        return obj.id in ("settings", "s")
    return isinstance(obj, ast.Attribute) and obj.attr == "settings"


def _settings_reads(path: Path) -> list[tuple[str, int, str, bool]]:
    """(file, line, setting, has a fallback) for every `x.settings.getX("NAME"...)`."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "getint", "getbool", "getfloat", "getlist",
                                       "getdict")
                and _is_settings(node.func.value)
                and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and node.args[0].value.isupper()):
            fallback = len(node.args) > 1 or bool(node.keywords)
            out.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value, fallback))
    return out


READS = [r for pkg in ("crawler", "spiders", "pipelines", "storage", "alerts")
         for p in sorted((ROOT / pkg).rglob("*.py")) for r in _settings_reads(p)]


@pytest.mark.parametrize(("path", "line", "name", "fallback"), READS)
def test_components_read_settings_defined_once(path: str, line: int, name: str,
                                               fallback: bool) -> None:
    assert not fallback, f"{path}:{line}: {name} read with a fallback of its own"
    assert hasattr(settings, name) or hasattr(scrapy_defaults, name), \
        f"{path}:{line}: {name} has no default in crawler/core/settings.py"
