"""Unattended runs log one line per event: no page HTML in the log, routine drops
only with -v."""

from __future__ import annotations

from pathlib import Path

from crawler.demo import SiteServer, build_site, load_articles
from tests.cli import run_rasad
from tests.daemon import write_config


def test_drops_are_one_line_and_routine_ones_need_v(tmp_path: Path) -> None:
    corpus = load_articles()
    assert {a.language for a in corpus} - {"ar"}  # the corpus has pages to drop
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, corpus, "tv", name="s"))
        config = write_config(tmp_path / "r.toml", tmp_path / "a.db", site.feed_url,
                              extra_crawl="download_delay = 0")
        quiet = run_rasad("crawl", "--config", str(config))
        verbose = run_rasad("-v", "crawl", "--config", str(config))
    assert quiet.returncode == verbose.returncode == 0
    assert "Dropped:" not in quiet.stderr and "<html" not in quiet.stderr
    drops = [line for line in verbose.stderr.splitlines() if "Dropped: language" in line]
    assert drops and all(f"{server.base_url}/" in line for line in drops)
    assert "PageItem(" not in verbose.stderr and "<html" not in verbose.stderr
