"""Crawls against a real local site that misbehaves: 5xx answers, hostile and
broken pages. The crawl never crashes; bad pages are skipped and counted."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from crawler.app.demo import Resource, SiteServer, build_site, load_articles
from tests.cli import ROOT, run_rasad


def _config(tmp_path: Path, start_url: str, **crawl: object) -> tuple[Path, Path]:
    db = tmp_path / "a.db"
    extra = "".join(f"{k} = {v}\n" for k, v in crawl.items())
    cfg = tmp_path / "rasad.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{db}"\n[crawl]\ndownload_delay = 0\n{extra}'
                   f'[[sources]]\nname = "site"\nstart_urls = ["{start_url}"]\n',
                   encoding="utf-8")
    return cfg, db


def _stored(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {u for (u,) in conn.execute("SELECT url FROM articles")}


def test_5xx_is_retried_and_hostile_pages_are_skipped(tmp_path: Path) -> None:
    arabic = [a for a in load_articles() if a.language == "ar"][:8]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, arabic, "jannah", name="site"))
        urls = sorted(site.articles)
        paths = [urlsplit(u).path for u in urls]
        server.set_failure(paths[0], 503, times=2)  # recovers on the third try
        hostile = {
            paths[1]: Resource(200, "text/html; charset=utf-8", bytes(range(256)) * 64),
            paths[2]: Resource.html(""),
            paths[3]: Resource.html("<div>" * 20000 + "نص" + "</div>" * 20000),
            paths[4]: Resource.html("<html><head><title>Just a moment...</title></head>"
                                    "<body>Checking your browser</body></html>", status=403),
        }
        server.routes.update(hostile)
        cfg, db = _config(tmp_path, site.sitemap_url)
        proc = run_rasad("crawl", "--config", str(cfg))
        requests = list(server.requests)
    assert proc.returncode == 0, proc.stderr[-2000:]
    stored = _stored(db)
    assert urls[0] in stored  # retried through two 503s
    assert requests.count(paths[0]) == 3
    assert not stored & {urls[1], urls[2], urls[3], urls[4]}
    assert stored == set(urls) - {urls[1], urls[2], urls[3], urls[4]}
    line = next(x for x in proc.stdout.splitlines() if x.startswith("site:"))
    skipped = int(line.split(" skipped")[0].rsplit(" ", 1)[1])
    assert skipped >= 4  # garbage, empty, nested and blocked pages are counted


def test_download_delay_and_robots_come_from_config(tmp_path: Path) -> None:
    arabic = [a for a in load_articles() if a.language == "ar"][:3]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, arabic, "tv", name="site"))
        server.routes["/robots.txt"] = Resource.text("User-agent: *\nDisallow: /\n")
        cfg, db = _config(tmp_path, site.feed_url)
        proc = run_rasad("crawl", "--config", str(cfg))
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert _stored(db) == set()  # robots.txt forbids everything
        assert all(r == "/robots.txt" for r in server.requests)
        server.clear_requests()
        second = tmp_path / "no-robots"
        second.mkdir()
        cfg, db2 = _config(second, site.feed_url, obey_robots="false")
        proc = run_rasad("crawl", "--config", str(cfg))
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert len(_stored(db2)) == 3


def test_scrapy_cli_lists_and_crawls_the_news_spider(tmp_path: Path) -> None:
    arabic = [a for a in load_articles() if a.language == "ar"][:2]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, arabic, "sy24", name="site"))
        cfg, db = _config(tmp_path, site.feed_url)
        env = {"PYTHONPATH": str(ROOT), "RASAD_CONFIG": str(cfg), "PATH": "/usr/bin:/bin"}
        listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120, check=False)
        assert listed.stdout.split() == ["news"], listed.stderr[-2000:]
        crawled = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=site",
             "-s", "LOG_LEVEL=WARNING"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    assert _stored(db) == set(site.articles)
