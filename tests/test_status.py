"""crawl_runs and `rasad status`: counts per run, errors by kind, broken and stale sources."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alerts.sourcehealth import broken_reason, normal_gap
from crawler.app.demo import SiteServer, build_site, load_articles
from storage import Archive
from storage.runs import RunCounts, last_runs, mark_since, record_run
from tests.cli import run_rasad
from tests.daemon import rows, write_config

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_run_counts_from_scrapy_stats() -> None:
    counts = RunCounts.from_stats({
        "response_received_count": 12, "store/new": 5, "store/unchanged": 2,
        "extract/dropped/non_article": 3, "extract/dropped/too_short": 1,
        "spider/errors/http_403": 2, "spider/errors/TimeoutError": 1,
        "spider/errors/DownloadTimeoutError": 1, "extract/dropped/blocked": 1,
        "extract/dropped/unparsable": 1, "alerts/fired": 4, "language/dropped/en": 1,
        "frontier/errors": 2,  # distributed: spiders/frontier.py counts Redis failures
    })
    assert (counts.pages, counts.new, counts.updated, counts.unchanged, counts.skipped,
            counts.alerts) == (12, 5, 0, 2, 4, 4)
    assert dict(counts.error_kinds) == {"http_403": 2, "timeout": 2, "blocked": 1, "parse": 1,
                                        "frontier": 2}
    assert counts.errors == 8


def test_crawl_runs_round_trip(archive_url: str) -> None:
    archive = Archive.open(archive_url)
    try:
        counts = RunCounts(pages=3, new=2)
        counts.error_kinds["http_500"] = 1
        record_run(archive.engine, "a", T0, T0 + timedelta(seconds=5), "ok", counts)
        record_run(archive.engine, "a", T0 + timedelta(hours=1),
                   T0 + timedelta(hours=1, seconds=9), "ok", RunCounts(pages=1, unchanged=1))
        record_run(archive.engine, "b", T0, T0 + timedelta(seconds=1), "ok", RunCounts())
        last = last_runs(archive.engine)
        assert last["a"]["started_at"] == T0 + timedelta(hours=1)
        assert last["a"]["unchanged"] == 1 and last["a"]["error_kinds"] == {}
        assert sorted(last) == ["a", "b"]
        assert mark_since(archive.engine, "a", T0 + timedelta(minutes=30), "timeout",
                          "run_timeout") == 1
        last = last_runs(archive.engine)["a"]
        assert (last["status"], last["error_kinds"], last["errors"]) == \
            ("timeout", {"run_timeout": 1}, 1)
    finally:
        archive.close()


def test_broken_reason_and_normal_gap() -> None:
    run = {"status": "ok", "pages": 1, "errors": 1, "error_kinds": {"http_403": 1}}
    assert "http_403: 1" in broken_reason(run)
    assert broken_reason({**run, "pages": 20}) == ""  # one error in twenty pages: fine
    assert broken_reason({"status": "timeout", "pages": 0, "errors": 1,
                          "error_kinds": {"run_timeout": 1}}) == "last run timeout"
    hourly = [T0 + timedelta(hours=i) for i in range(10)]
    assert normal_gap(hourly) == timedelta(hours=1)
    assert normal_gap(hourly[:3]) is None  # too little history to learn from


def test_source_answering_403_is_reported_broken(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:4], "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl="download_delay = 0")
        assert run_rasad("crawl", "--config", str(config)).returncode == 0
        healthy = run_rasad("status", "--config", str(config), "--check")
        assert healthy.returncode == 0, healthy.stdout + healthy.stderr
        assert "  ok: last new article" in healthy.stdout
        feed_path = site.feed_url.removeprefix(server.base_url)
        server.set_failure(feed_path, 403, times=100)
        assert run_rasad("crawl", "--config", str(config)).returncode == 0
    status = run_rasad("status", "--config", str(config))
    assert status.returncode == 0
    lines = status.stdout.splitlines()
    assert lines[0].startswith("s: last run ") and "(http_403: 1)" in lines[0]
    assert lines[1].startswith("  BROKEN: 1 errors for 1 requests (http_403: 1)")
    assert lines[-1] == "1 sources, 1 broken, stale or never run: s"
    assert run_rasad("status", "--config", str(config), "--check").returncode == 1
    assert rows(db, "SELECT error_kinds FROM crawl_runs ORDER BY id") == [
        ('{"http_404": 1}',), ('{"http_403": 1}',)]


def test_source_without_new_articles_past_stale_after_is_stale(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:4], "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(tmp_path / "r.toml", db, site.feed_url,
                              extra_crawl="download_delay = 0")
        text = config.read_text(encoding="utf-8").replace(
            'name = "s"', 'name = "s"\nstale_after = 0.0005')  # 1.8 s
        config.write_text(text, encoding="utf-8")
        assert run_rasad("crawl", "--config", str(config)).returncode == 0
        time.sleep(2)
        assert run_rasad("crawl", "--config", str(config)).returncode == 0
    status = run_rasad("status", "--config", str(config))
    assert "  STALE: no new article for 0.0 h (limit 0.0 h)" in status.stdout
    # the second crawl found only known articles (incremental crawling did not refetch them)
    assert "0 new, 0 updated, 0 unchanged, 4 known" in status.stdout
