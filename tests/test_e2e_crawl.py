"""End to end: `rasad crawl` twice against real local news sites, a real webhook
receiver and a real SMTP server; checks the archive, the alerts, the webhook
signature and that nothing is stored or sent twice."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.app.demo import Article, Site, SiteServer, build_site, load_articles
from tests.cli import run_rasad
from tests.servers import SMTPReceiver, WebhookReceiver

SECRET = "s3cret-for-tests"
FURNITURE = ["اقرأ أيضا", "حجم الخط", "زر الذهاب إلى الأعلى", "اترك تعليقاً",
             "لن يتم نشر عنوان بريدك", "شاهد أيضاً", "مقالات ذات صلة", "التغطية الحية"]
# (source name, template, host, how the crawl enters the site)
SITES = [("tv-feed", "tv", "127.0.0.1", "feed_url"),
         ("step-sitemap", "jannah", "127.0.0.2", "sitemap_url"),
         ("sy24-listing", "sy24", "127.0.0.3", "listing_url")]


@dataclass
class World:
    config: Path
    db: Path
    sites: dict[str, tuple[Site, SiteServer]]
    hook: WebhookReceiver
    smtp: SMTPReceiver

    def crawl(self) -> str:
        proc = run_rasad("crawl", "--config", str(self.config),
                         env={"HOOK_SECRET": SECRET}, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return proc.stdout

    def rows(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("e2e")
    corpus = load_articles()
    with ExitStack() as stack:
        hook = stack.enter_context(WebhookReceiver())
        smtp = stack.enter_context(SMTPReceiver())
        sites = {}
        for i, (name, template, host, _) in enumerate(SITES):
            server = stack.enter_context(SiteServer(host=host))
            site = server.mount(build_site(server.base_url, corpus[i::3], template, name=name))
            sites[name] = (site, server)
        db = tmp / "archive.db"
        sources = "\n".join(
            f'[[sources]]\nname = "{name}"\nstart_urls = ["{getattr(sites[name][0], attr)}"]\n'
            for name, _, _, attr in SITES)
        config = tmp / "rasad.toml"
        config.write_text(f"""
[storage]
url = "sqlite:///{db}"
[crawl]
download_delay = 0
concurrency_per_domain = 4
[alerts]
max_age_hours = 0  # the demo's reports are from 2021-2024
{sources}
[[channels]]
type = "webhook"
url = "{hook.url}"
secret_env = "HOOK_SECRET"
[[channels]]
type = "email"
host = "127.0.0.1"
port = {smtp.port}
from = "rasad@example.org"
to = ["desk@example.org"]
""", encoding="utf-8")
        w = World(config, db, sites, hook, smtp)
        w.first_output = w.crawl()  # type: ignore[attr-defined]
        yield w


def _published(world: World) -> dict[str, tuple[str, Article]]:
    """Every public article URL of every site -> (source, truth)."""
    return {url: (name, art) for name, (site, _) in world.sites.items()
            for url, art in site.articles.items()}


def test_every_arabic_article_stored_once_and_nothing_else(world: World) -> None:
    truth = _published(world)
    stored = {url: src for url, src in world.rows("SELECT url, source FROM articles")}
    expected = {url: src for url, (src, art) in truth.items() if art.language == "ar"}
    assert stored == expected


def test_non_articles_and_robots_disallowed_are_not_stored(world: World) -> None:
    urls = [u for (u,) in world.rows("SELECT url FROM articles")]
    for marker in ("/tag/", "/category/", "/author/", "/about/", "/private/", "/feed", "sitemap"):
        assert not any(marker in u for u in urls), marker
    for _, server in world.sites.values():
        assert not any("/private/" in r for r in server.requests)


def test_titles_bodies_and_dates_are_clean(world: World) -> None:
    truth = _published(world)
    for url, title, body, published, language in world.rows(
            "SELECT url, title, body, published_at, language FROM articles"):
        art = truth[url][1]
        assert title == art.title
        assert language == "ar"
        assert published is not None
        assert art.paragraphs[0] in body and art.paragraphs[-1] in body
        for phrase in FURNITURE:
            assert phrase not in body, (url, phrase)


def test_alerts_match_the_truth_topics(world: World) -> None:
    truth = _published(world)
    fired: dict[str, set[str]] = {}
    for url, rule in world.rows(
            "SELECT a.url, al.rule FROM alerts al JOIN articles a ON a.id = al.article_id"):
        fired.setdefault(url, set()).add(rule)
    expected = {url: set(art.topics) for url, (_, art) in truth.items()
                if art.language == "ar" and art.topics}
    assert fired == expected


def test_webhook_posts_are_signed_and_complete(world: World) -> None:
    n_alerts = world.rows("SELECT count(*) FROM alerts")[0][0]
    posts = world.hook.requests
    assert len(posts) == n_alerts > 0
    ids = set()
    for post in posts:
        sig = hmac.new(SECRET.encode(), post.body, hashlib.sha256).hexdigest()
        assert post.headers["X-Rasad-Signature"] == f"sha256={sig}"
        data = json.loads(post.body)
        assert post.headers["Idempotency-Key"] == data["id"]
        assert data["rule"] in ("siege", "mediation") and data["matched"]
        assert set(data["article"]) >= {"url", "title", "source", "published_at", "language",
                                         "excerpt"}
        ids.add(data["id"])
    assert len(ids) == len(posts)
    assert world.rows("SELECT count(*) FROM deliveries WHERE status != 'sent'") == [(0,)]


def test_one_email_per_alert(world: World) -> None:
    n_alerts = world.rows("SELECT count(*) FROM alerts")[0][0]
    assert len(world.smtp.messages) == n_alerts


def test_second_crawl_stores_and_sends_nothing_new(world: World) -> None:
    def snapshot() -> tuple:
        return (world.rows("SELECT count(*) FROM articles"),
                world.rows("SELECT count(*) FROM alerts"),
                len(world.hook.requests), len(world.smtp.messages))

    before = snapshot()
    out = world.crawl()
    after = snapshot()
    assert after == before
    assert " 0 new," in out and "alerts delivered: 0 sent" in out
    assert world.rows("SELECT count(*) FROM articles WHERE updated_at IS NOT NULL") == [(0,)]


def test_feed_404_is_counted_not_fatal(world: World) -> None:
    out = world.first_output  # type: ignore[attr-defined]
    line = next(line for line in out.splitlines() if line.startswith("tv-feed:"))
    assert "1 errors" in line
