"""End to end: a report first seen minutes ago and edited without its feed dating
the edit becomes a version on the very next run; fresh pages are fetched with
conditional GET (a 304 costs no extraction), older ones wait for the re-check."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from crawler.app.demo import Site, SiteServer, build_site, load_articles
from tests.cli import ROOT, rasad_env

STATS = """
import json, sys
from crawler.core.config import load_config
from crawler.app.runner import run_crawl
[report] = run_crawl(load_config(sys.argv[1])).sources
print(json.dumps({k: v for k, v in report.stats.items() if isinstance(v, int)}))
"""


def _crawl(config: Path) -> dict[str, int]:
    """One crawl in a child process; its Scrapy stats."""
    proc = subprocess.run([sys.executable, "-c", STATS, str(config)], capture_output=True,
                          text=True, timeout=300, check=False, cwd=ROOT, env=rasad_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(json.loads(proc.stdout.splitlines()[-1]))


def _path(site: Site, slug: str) -> str:
    [url] = [u for u, a in site.articles.items() if a.slug == slug]
    return urlsplit(url).path


def _serve(server: SiteServer, site: Site, etags: dict[str, str]) -> None:
    server.routes.update(site)
    for path, etag in etags.items():
        server.routes[path] = dataclasses.replace(site[path], headers={"ETag": etag})


def test_an_edited_fresh_article_is_a_version_on_the_next_run(tmp_path: Path) -> None:
    arts = [a for a in load_articles() if a.language == "ar"][:5]
    now = datetime.now(UTC).replace(microsecond=0)
    fresh = dataclasses.replace(arts[0], published=now - timedelta(hours=1))
    plain = dataclasses.replace(arts[1], published=now - timedelta(hours=2))  # no validators
    old = arts[2:]  # published years ago
    db = tmp_path / "a.db"
    config = tmp_path / "r.toml"
    with SiteServer() as server:
        site = build_site(server.base_url, [fresh, plain, *old], "tv", name="s")
        fresh_path, plain_path = _path(site, fresh.slug), _path(site, plain.slug)
        _serve(server, site, {fresh_path: '"v1"'})
        config.write_text(f"""
[storage]
url = "sqlite:///{db}"
[crawl]
download_delay = 0
autothrottle = false
[[sources]]
name = "s"
start_urls = ["{site.feed_url}"]
""", encoding="utf-8")
        first = _crawl(config)
        assert first["store/new"] == 5

        server.clear_requests()
        again = _crawl(config)  # nothing changed
        fetched = {r.path: r.headers for r in server.log}
        assert fetched[fresh_path].get("If-None-Match") == '"v1"'
        assert "If-None-Match" not in fetched[plain_path]  # gave no validators: full GET
        assert again["incremental/not_modified"] == 1  # the fresh page: 304, no extraction
        assert again["incremental/fresh"] == 2 and again["store/unchanged"] == 1  # plain
        assert again["incremental/skipped"] == 3  # the old reports wait for the re-check
        assert not {_path(site, a.slug) for a in old} & set(fetched)

        # A paragraph added to the fresh report; the feed still dates only its publication.
        edited = dataclasses.replace(fresh, paragraphs=(
            *fresh.paragraphs, "وأفاد مراسلنا أن الشاحنات دخلت المدينة الليلة."))
        site2 = build_site(server.base_url, [edited, plain, *old], "tv", name="s")
        _serve(server, site2, {fresh_path: '"v2"'})
        assert server.routes["/feed/"].body == site["/feed/"].body  # the feed did not change
        third = _crawl(config)
    assert third["store/updated"] == 1 and third["incremental/fresh"] == 2
    with sqlite3.connect(db) as conn:
        versions = conn.execute("SELECT a.url, v.body, a.body FROM article_versions v "
                                "JOIN articles a ON a.id = v.article_id").fetchall()
    [(url, before, after)] = versions
    assert urlsplit(url).path == fresh_path
    assert before == fresh.body and after == edited.body
    assert "الشاحنات دخلت المدينة الليلة" in after
