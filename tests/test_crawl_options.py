"""`rasad crawl` for unattended use: one log line per event (no page HTML, routine
drops only with -v), and the development HTTP cache (--cache)."""

from __future__ import annotations

from pathlib import Path

from crawler.app.demo import SiteServer, build_site, load_articles
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


def test_cache_serves_a_second_crawl_without_fetching(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:3], "tv", name="s"))
        # recheck_after_hours = 0: known articles are requested again (not skipped
        # by incremental crawling), so the second crawl really goes to the cache
        config = write_config(tmp_path / "r.toml", tmp_path / "a.db", site.feed_url,
                              extra_crawl="download_delay = 0\nrecheck_after_hours = 0")
        first = run_rasad("crawl", "--config", str(config), "--cache", cwd=tmp_path)
        fetched = len(server.requests)
        server.clear_requests()
        second = run_rasad("crawl", "--config", str(config), "--cache", cwd=tmp_path)
        refetched = len(server.requests)
    assert first.returncode == second.returncode == 0, first.stderr[-2000:]
    assert fetched > 3 and refetched == 0
    assert (tmp_path / ".scrapy" / "httpcache").is_dir()
    assert "3 unchanged" in second.stdout
