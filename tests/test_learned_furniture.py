"""Per-source learned furniture, stored in the archive: the table on SQLite and
PostgreSQL, and two real crawls of an old windows-1256 site (served with a wrong
charset header) whose bodies all carry one sponsor line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.app.demo import SiteServer, load_articles
from crawler.app.demo.feeds import FeedItem, rss
from crawler.app.demo.site import Resource
from storage import Archive
from storage.furniture import add_line_counts, load_line_counts
from tests.cli import run_rasad
from tests.extraction_corpus.own_templates import sana_page

TEMPLATE_LINE = "هذا المحتوى برعاية شبكة الصحفيين السوريين"
PROMO = ("عرض خاص لقراء الموقع: اشتركوا في خدمة الأخبار العاجلة عبر الرسائل القصيرة مجاناً "
         "لمدة شهر كامل واحصلوا على كل جديد")
ARTICLES = [a for a in load_articles() if a.language == "ar"]


def test_line_counts_round_trip(archive_url: str) -> None:
    archive = Archive.open(archive_url)
    try:
        add_line_counts(archive.engine, "sana", {"aa": 2, "bb": 1})
        add_line_counts(archive.engine, "sana", {"aa": 3, "cc": 1})
        add_line_counts(archive.engine, "other", {"aa": 1})
        assert load_line_counts(archive.engine, "sana") == {"aa": 5, "bb": 1, "cc": 1}
        assert load_line_counts(archive.engine, "other") == {"aa": 1}
        add_line_counts(archive.engine, "sana", {})
    finally:
        archive.close()


def _site(server: SiteServer, count: int) -> dict[str, Resource]:
    routes: dict[str, Resource] = {}
    items = []
    for i, art in enumerate(ARTICLES[:count]):
        path = f"/?p={100 + i}"
        html = sana_page(title=art.title, paragraphs=[*art.paragraphs, TEMPLATE_LINE],
                         author="هلا سليمان", published=art.published, url=server.url(path),
                         related=[("/?p=1", ARTICLES[-1].title)], variant=i, charset=None)
        html = html.replace('<div class="entry">',
                            f'<div class="entry"><p class="promo">{PROMO}</p>')
        raw = html.encode("windows-1256", errors="xmlcharrefreplace")
        routes[path] = Resource(200, "text/html; charset=ISO-8859-1", raw)  # wrong header
        items.append(FeedItem(server.url(path), art.title, art.published, art.paragraphs[0]))
    routes["/feed/"] = Resource.xml(rss("سانا", server.url("/"), server.url("/feed/"), items))
    routes["/robots.txt"] = Resource.text("User-agent: *\nAllow: /\n")
    return routes


def _config(tmp_path: Path, server: SiteServer, db: Path) -> Path:
    config = tmp_path / "rasad.toml"
    config.write_text(f"""
[storage]
url = "sqlite:///{db}"
[crawl]
download_delay = 0
concurrency_per_domain = 1
[[sources]]
name = "sana"
start_urls = ["{server.url('/feed/')}"]
remove_selectors = ["div.related", "p.promo"]
timezone = "+02:00"
""", encoding="utf-8")
    return config


def test_crawls_learn_the_template_line(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with SiteServer() as server:
        server.mount(_site(server, 8))
        config = _config(tmp_path, server, db)
        first = run_rasad("crawl", "--config", str(config), timeout=300)
        assert first.returncode == 0, first.stderr[-2000:]
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT url, title, body FROM articles").fetchall()
            assert len(rows) == 8
            # remove_selectors reached the extraction worker processes
            assert not any(PROMO[:20] in body for _, _, body in rows)
            # the page prints the day only: that day, and no time of day
            dates = set(conn.execute("SELECT published_date, published_at FROM articles"))
            assert dates == {(f"{a.published:%Y-%m-%d}", None) for a in ARTICLES[:8]}
            titles = {a.title for a in ARTICLES[:8]}
            assert {title for _, title, _ in rows} == titles  # windows-1256 decoded
            # pages 1-5 teach it; from page 6 on it is template
            assert sum(TEMPLATE_LINE in body for _, _, body in rows) == 5
            assert conn.execute("SELECT max(pages) FROM furniture_lines "
                                "WHERE source = 'sana'").fetchone() == (8,)
        server.mount(_site(server, 12))  # four new articles
        second = run_rasad("crawl", "--config", str(config), timeout=300)
        assert second.returncode == 0, second.stderr[-2000:]
        # incremental crawling fetches only the four new articles
        assert " 4 new, 0 updated" in second.stdout
        with sqlite3.connect(db) as conn:
            bodies = [b for (b,) in conn.execute("SELECT body FROM articles ORDER BY id")]
            assert len(bodies) == 12
            assert not any(TEMPLATE_LINE in b for b in bodies[8:])
            assert conn.execute("SELECT max(pages) FROM furniture_lines").fetchone() == (12,)
            assert all("عدد المشاهدات" not in b and "طباعة" not in b for b in bodies)
