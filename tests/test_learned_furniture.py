"""Per-source learned furniture, stored in the archive: the table on SQLite and
PostgreSQL, and two real crawls of an old windows-1256 site (served with a wrong
charset header) whose bodies all carry one sponsor line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.app.demo import SiteServer, load_articles
from crawler.app.demo.feeds import FeedItem, rss
from crawler.app.demo.site import Resource
from pipelines.extraction.learned import PAGES_KEY, LearnedFurniture
from storage import Archive
from storage.furniture import add_line_counts, forget_lines, load_line_counts
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


def test_copies_of_one_text_teach_once() -> None:
    memory = LearnedFurniture(min_pages=3, min_share=0.0)
    article = ["فقرة أولى من الخبر", "فقرة ثانية من الخبر", "  فقرة ثالثة  "]
    assert memory.learn(article)
    # the same text under nine more URLs (session ids): counted once
    assert not any(memory.learn([" ".join(line.split()) for line in article])
                   for _ in range(9))
    assert memory.pages == 1 and memory.filter(article) == article


def test_the_memory_per_source_is_bounded() -> None:
    memory = LearnedFurniture({"old-rare": 1, "old-template": 40, PAGES_KEY: 50},
                              max_lines=20)
    for n in range(30):  # 30 articles: each line its own, plus one template line
        memory.learn([f"سطر خاص بالخبر رقم {n} الفقرة {k}" for k in range(3)]
                     + ["تابعونا على قناتنا"])
    memory.prune()
    assert len(memory.counts) - 1 <= 20
    assert memory.is_template("تابعونا على قناتنا")  # frequent lines stay
    assert memory.counts["old-template"] == 40
    assert memory.forgotten == {"old-rare"}  # a stored line that was dropped: delete its row


def test_forgotten_lines_leave_the_archive(archive_url: str) -> None:
    archive = Archive.open(archive_url)
    try:
        add_line_counts(archive.engine, "sana", {"aa": 5, "bb": 1, "cc": 2, PAGES_KEY: 9})
        assert load_line_counts(archive.engine, "sana", limit=2) == {PAGES_KEY: 9, "aa": 5,
                                                                     "cc": 2}
        forget_lines(archive.engine, "sana", ["bb", "cc"])
        assert load_line_counts(archive.engine, "sana") == {"aa": 5, PAGES_KEY: 9}
    finally:
        archive.close()
