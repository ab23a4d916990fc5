"""End to end: one article, one row; one report, one story; edits as versions.

Three `rasad crawl` runs against two real local sites:
- "origin" serves six articles through its feed, and a seventh only through a
  second feed that links every URL variant of it (AMP path and prefix, print,
  tracking parameters, trailing slash, lower-case percent-encoding, a WordPress
  `?p=` shortlink that redirects), the variant pages without rel=canonical;
- "copier" republishes two of origin's reports with an edited lead / an added
  dateline and credit line, plus one report of its own.
Between the first and the second crawl origin edits one article (its feed
dates the edit). The third crawl changes nothing; its feed answers 304.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.app.demo import Article, Site, SiteServer, build_site, load_articles
from crawler.app.demo.site import Resource
from crawler.core.text.urls import url_key
from tests.cli import run_rasad
from tests.neardup_pairs import changed_sentences, dateline_and_credit, new_lead

_CANONICAL = re.compile(r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>')


@dataclass
class World:
    tmp: Path
    db: Path
    origin: Site
    origin_server: SiteServer
    copier: Site
    arts: list[Article]
    hidden_path: str
    short_path: str

    def crawl(self) -> str:
        proc = run_rasad("crawl", "--config", str(self.tmp / "rasad.toml"), timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return proc.stdout

    def rows(self, sql: str, *args: object) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, args).fetchall()

    def story_of(self, url: str) -> int:
        [(story,)] = self.rows("SELECT story_id FROM articles WHERE url = ?", url)
        return int(story)


def _variants(server: SiteServer, site: Site, path: str) -> list[str]:
    """Serve every variant of the article at `path`; returns their paths."""
    page = site[path]
    bare = Resource.html(_CANONICAL.sub("", page.body.decode("utf-8")))
    variants = {
        path + "/amp/": bare, "/amp" + path: bare, path + "/print/": bare,
        path + "/": bare, path.lower(): bare,
        path + "?utm_source=telegram&utm_medium=social&fbclid=IwAR0": bare,
        path + "?amp=1": bare,
    }
    server.routes.update(variants)
    return list(variants)


def _rss(base: str, paths: list[str]) -> Resource:
    items = "".join(f"<item><title>خبر</title><link>{base}{p.replace('&', '&amp;')}</link>"
                    "</item>" for p in paths)
    return Resource.xml(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                        f"<title>روابط</title>{items}</channel></rss>")


def _with_etag(site: Site, path: str, etag: str) -> Resource:
    return dataclasses.replace(site[path], headers={**site[path].headers, "ETag": etag})


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("dedup")
    arts = [a for a in load_articles() if a.language == "ar"]
    with ExitStack() as stack:
        origin_server = stack.enter_context(SiteServer(host="127.0.0.4"))
        copier_server = stack.enter_context(SiteServer(host="127.0.0.5"))
        origin = origin_server.mount(build_site(origin_server.base_url, arts[:6], "tv",
                                                name="origin"))
        alone = build_site(origin_server.base_url, [arts[7]], "tv", name="origin")
        [hidden] = [urlsplit(u).path for u in alone.articles]
        origin_server.routes[hidden] = alone[hidden]  # linked from no feed or listing
        for other in origin.paths("feed"):
            origin_server.routes[other] = _with_etag(origin, other, '"v1"')
        variant_paths = _variants(origin_server, alone, hidden)
        short = build_site(origin_server.base_url, [arts[9]], "tv", name="origin")
        [short_path] = [urlsplit(u).path for u in short.articles]
        origin_server.routes[short_path] = short[short_path]  # reached only by a shortlink:
        origin_server.routes["/?p=4711"] = Resource.redirect(short_path)
        origin_server.routes["/variants.xml"] = _rss(origin.base_url,
                                                     [*variant_paths, "/?p=4711"])
        copies = [dataclasses.replace(arts[0], slug=arts[0].slug + "-copy",
                                      paragraphs=tuple(new_lead(arts[0], 1).split("\n"))),
                  dataclasses.replace(arts[2], slug=arts[2].slug + "-copy",
                                      paragraphs=tuple(dateline_and_credit(arts[2], 2)
                                                       .split("\n"))),
                  arts[8]]
        copier = copier_server.mount(build_site(copier_server.base_url, copies, "sy24",
                                                name="copier"))
        db = tmp / "archive.db"
        (tmp / "rasad.toml").write_text(f"""
[storage]
url = "sqlite:///{db}"
[crawl]
download_delay = 0
concurrency_per_domain = 4
[alerts]
max_age_hours = 0  # the demo's reports are from 2021-2024
[[sources]]
name = "origin"
start_urls = ["{origin.feed_url}", "{origin.url('/variants.xml')}"]
[[sources]]
name = "copier"
start_urls = ["{copier.listing_url}"]
""", encoding="utf-8")
        w = World(tmp, db, origin, origin_server, copier, arts, hidden, short_path)
        w.crawl()
        yield w


def _url(site: Site, art: Article) -> str:
    [url] = [u for u, a in site.articles.items() if a.slug == art.slug]
    return url


def test_every_url_variant_lands_in_one_row(world: World) -> None:
    stored = {url for (url,) in world.rows("SELECT url FROM articles WHERE source = 'origin'")}
    hidden_key = url_key(world.origin.url(world.hidden_path))
    short_url = world.origin.url(world.short_path)
    assert len(stored) == 8
    assert stored - set(world.origin.articles) - {short_url} == {
        u for u in stored if url_key(u) == hidden_key}
    assert not [u for u in stored if re.search(r"amp|print|utm_|fbclid|\?p=", u)]
    [(short_id,)] = world.rows("SELECT id FROM articles WHERE url = ?", short_url)
    shortlink = world.rows("SELECT article_id FROM article_urls WHERE url_key LIKE '%?p=4711'")
    assert shortlink == [(short_id,)]


def test_syndicated_copies_share_the_story_of_the_original(world: World) -> None:
    origin, copier, arts = world.origin, world.copier, world.arts
    copies = list(copier.articles)
    assert world.rows("SELECT count(*) FROM articles WHERE source = 'copier'") == [(3,)]
    for art in (arts[0], arts[2]):
        [copy] = [u for u, a in copier.articles.items() if a.slug == art.slug + "-copy"]
        assert world.story_of(copy) == world.story_of(_url(origin, art))
    [own] = [u for u in copies if copier.articles[u].slug == arts[8].slug]
    assert world.story_of(own) not in {world.story_of(u) for u in origin.articles}
    assert world.rows("SELECT count(*) FROM stories") == [(9,)]
    for first_source, source in world.rows(
            "SELECT s.first_source, a.source FROM stories s "
            "JOIN articles a ON a.id = s.first_article_id"):
        assert first_source == source
    # alerts are per story: the copies add none
    distinct = [arts[i] for i in (0, 1, 2, 3, 4, 5, 7, 8, 9)]
    assert world.rows("SELECT count(*) FROM alerts") == [(sum(len(a.topics) for a in distinct),)]


def test_an_edit_is_one_version_and_a_third_crawl_changes_nothing(world: World) -> None:
    arts, server = world.arts, world.origin_server
    # The feed dates the edit to the second: it must fall after the first crawl's
    # fetch, which may have ended less than a second ago.
    time.sleep(1)
    edited = dataclasses.replace(
        arts[1], paragraphs=tuple(changed_sentences(arts[1], 0).split("\n")),
        published=datetime.now(UTC).replace(microsecond=0))
    site2 = build_site(server.base_url, [arts[0], edited, *arts[2:6]], "tv", name="origin")
    url = _url(site2, edited)
    assert url == _url(world.origin, arts[1])
    server.routes.update(site2)
    server.routes["/feed/"] = _with_etag(site2, "/feed/", '"v2"')
    count = world.rows("SELECT count(*) FROM articles")

    server.clear_requests()
    world.crawl()
    assert world.rows("SELECT count(*) FROM articles") == count
    assert world.rows("SELECT a.url FROM article_versions v "
                      "JOIN articles a ON a.id = v.article_id") == [(url,)]
    assert world.rows("SELECT url FROM articles WHERE updated_at IS NOT NULL") == [(url,)]
    [(body,)] = world.rows("SELECT body FROM articles WHERE url = ?", url)
    assert body == edited.body
    machine = {"/feed/", "/variants.xml", "/robots.txt", "/?p=4711", world.short_path,
               urlsplit(world.origin.missing_url).path}  # a shortlink is followed every time
    assert set(server.requests) <= machine | {urlsplit(url).path}

    server.clear_requests()
    world.crawl()
    assert world.rows("SELECT count(*) FROM articles") == count
    assert world.rows("SELECT count(*) FROM article_versions") == [(1,)]
    assert world.rows("SELECT count(*) FROM stories") == [(9,)]
    assert set(server.requests) <= machine
    feed = [r for r in server.log if r.path == "/feed/"]
    assert feed and feed[-1].headers.get("If-None-Match") == '"v2"'


STATS_SCRIPT = """
import json, sys
from crawler.core.config import load_config
from crawler.app.runner import run_crawl
for report in run_crawl(load_config(sys.argv[1])).sources:
    print(json.dumps({"name": report.name, "stats": {k: v for k, v in report.stats.items()
                                                     if isinstance(v, int)}}))
"""


def test_skips_and_304s_are_counted_in_stats(world: World) -> None:
    """A further crawl in a child process, reading the Scrapy stats of each source."""
    proc = subprocess.run([sys.executable, "-c", STATS_SCRIPT, str(world.tmp / "rasad.toml")],
                          capture_output=True, text=True, timeout=300, check=False,
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = {r["name"]: r["stats"] for r in map(json.loads, proc.stdout.splitlines())}
    origin, copier = stats["origin"], stats["copier"]
    assert origin["spider/not_modified"] == 1 and origin["conditional/sent"] == 1
    assert origin["incremental/skipped"] == 7  # the variants feed (no ETag): 7 variants
    assert origin["store/unchanged"] == 1  # the shortlink is followed again: it redirects
    assert copier["incremental/skipped"] == 3
    for source in (origin, copier):
        assert "store/new" not in source and "store/updated" not in source
