from __future__ import annotations

from pathlib import Path

import pytest

from crawler.app.starter import starter_config
from crawler.core.config import ConfigError, load_config

GOOD = """
[storage]
url = "sqlite:///x.db"
[crawl]
languages = ["ar"]
download_delay = 0.5
[[sources]]
name = "s1"
start_urls = ["https://example.org/feed/", "https://www.example.org/list"]
[[rules]]
name = "aid"
any = ["قافلة مساعدات"]
[[channels]]
type = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "HOOK_SECRET"
[[channels]]
type = "email"
host = "127.0.0.1"
port = 2525
from = "rasad@example.org"
to = ["desk@example.org"]
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "rasad.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_config_is_typed(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    assert cfg.crawl.download_delay == 0.5
    assert cfg.sources[0].allowed_domains == ["example.org", "www.example.org"]
    assert cfg.crawl.obey_robots is True
    assert cfg.channels[0].type == "webhook" and cfg.channels[1].type == "email"
    assert cfg.channels[1].from_ == "rasad@example.org"
    assert cfg.rules[0].any == ["قافلة مساعدات"]


def test_env_overrides_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    monkeypatch.setenv("RASAD_DATABASE_URL", "sqlite:///other.db")
    assert cfg.database_url == "sqlite:///other.db"


@pytest.mark.parametrize(("url", "expected", "file"), [
    ("sqlite:///data/x.db", "sqlite:///{d}/data/x.db", "{d}/data/x.db"),
    ("sqlite:///file:x.db?mode=ro&uri=true", "sqlite:///file:{d}/x.db?mode=ro&uri=true",
     "{d}/x.db"),
    ("sqlite:///file:my%20x.db?immutable=1&uri=true",
     "sqlite:///file:{d}/my%20x.db?immutable=1&uri=true", "{d}/my x.db"),
    ("sqlite:///file:/srv/x.db?mode=ro&uri=true", "sqlite:///file:/srv/x.db?mode=ro&uri=true",
     "/srv/x.db"),
    ("sqlite:///file::memory:?uri=true", "sqlite:///file::memory:?uri=true", None),
])
def test_relative_sqlite_paths_and_uri_filenames_follow_the_config(
        tmp_path: Path, url: str, expected: str, file: str | None) -> None:
    from storage.engine import sqlite_path

    cfg = load_config(write(tmp_path, GOOD.replace("sqlite:///x.db", url)))
    assert cfg.database_url == expected.format(d=tmp_path)
    assert sqlite_path(cfg.database_url) == (None if file is None
                                             else Path(file.format(d=tmp_path)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[sources]]\nname = 's'\n", "sources[0].start_urls: required key is missing"),
        ("[crawl]\nlanguages = 'ar'\n", "crawl.languages: Input should be a valid list"),
        ("[crawl]\ndownload_delay = -1\n", "crawl.download_delay: Input should be greater"),
        ("[crawl]\nobey_robot = true\n", "crawl.obey_robot: unknown key"),
        ("[crawl]\nrecheck_after_hours = -2\n", "crawl.recheck_after_hours: Input should be"),
        ("[[sources]]\nname='s'\nstart_urls=['ftp://x/']\n", "sources[0].start_urls: not an http"),
        ("[[sources]]\nname='s'\nstart_urls=['http://x/']\narticle_pattern='('\n",
         "sources[0].article_pattern: invalid regular expression"),
        ("[[sources]]\nname='s'\nstart_urls=['http://x/']\nschedule='often'\n",
         "sources[0].schedule: must be a cron expression"),
        ("[crawl]\nschedule='61 * * * *'\n", "crawl.schedule: invalid cron expression"),
        ("[schedule]\ntimezone='Mars/Olympus'\n", "schedule.timezone: unknown time zone"),
        ("[[rules]]\nname = 'r'\n", "rules[0]: a rule needs at least one term"),
        ("[[channels]]\ntype = 'webhook'\n", "channels[0].url: required key is missing"),
        ("[[channels]]\ntype = 'sms'\n", "channels[0]"),
        ("[storage]\nurl = 'archive.db'\n", "storage.url: must be an SQLAlchemy URL"),
        ("[crawl\n", "TOML syntax error"),
        ("[[sources]]\nname='a'\nstart_urls=['http://x/']\n[[sources]]\nname='a'\n"
         "start_urls=['http://y/']\n", "sources: duplicate name 'a'"),
    ],
)
def test_bad_config_names_file_key_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "nope.toml")


def test_starter_config_is_valid_and_marks_unverified(tmp_path: Path) -> None:
    text = starter_config()
    cfg = load_config(write(tmp_path, text))
    names = {s.name for s in cfg.sources}
    assert {"syria-tv", "enab-baladi", "step-news", "sana", "north-press"} <= names
    assert cfg.alerts.default_rules is True
    feed_lines = [line for line in text.splitlines() if line.startswith("start_urls")]
    assert feed_lines and all("unverified" in line for line in feed_lines)
