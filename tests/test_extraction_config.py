"""Per-source extraction keys: validated once, one-line errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.core.config import ConfigError, load_config
from tests.cli import run_rasad

GOOD = """
[[sources]]
name = "enab"
start_urls = ["https://www.enabbaladi.net/feed/"]
body_selector = "div.content-article > p"
remove_selectors = [".share-box", "div.related-inline"]
timezone = "Asia/Damascus"
"""


def test_good_keys_load(tmp_path: Path) -> None:
    path = tmp_path / "rasad.toml"
    path.write_text(GOOD, encoding="utf-8")
    source = load_config(path).sources[0]
    assert source.body_selector == "div.content-article > p"
    assert source.remove_selectors == [".share-box", "div.related-inline"]
    assert source.timezone == "Asia/Damascus"


@pytest.mark.parametrize(("line", "message"), [
    ('body_selector = "div[[x"', "sources[0].body_selector: invalid CSS selector"),
    ('remove_selectors = [".ok", "p:::x"]', "sources[0].remove_selectors: invalid CSS selector"),
    ('timezone = "Damascus/Mars"', "sources[0].timezone: unknown time zone"),
])
def test_bad_keys_are_one_line_errors(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "rasad.toml"
    path.write_text(f'[[sources]]\nname = "x"\nstart_urls = ["https://x.example/"]\n{line}\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rasad\.toml: ") as err:
        load_config(path)
    assert message in str(err.value) and "\n" not in str(err.value)
    proc = run_rasad("crawl", "--config", str(path))
    assert proc.returncode == 2 and message in proc.stderr
