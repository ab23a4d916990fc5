"""Never fail silently: a source whose article pages all fail extraction is broken
after its first run (crawl summary, `rasad status`, `--check`, a source-health
alert to a real webhook receiver); a source never run is flagged too."""

from __future__ import annotations

import json
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from alerts.sourcehealth import assess, broken_reason
from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.app.demo.site import Resource
from crawler.core.config import parse_config
from storage import Archive
from storage.runs import RunCounts, record_run
from tests.cli import run_rasad
from tests.daemon import rows
from tests.servers import WebhookReceiver

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _client_rendered(title: str, published: datetime) -> Resource:
    """An article page whose text a script loads after the page: structured data
    says "article", but there is no text to extract."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": title, "datePublished": published.isoformat()},
                    ensure_ascii=False)
    return Resource.html(f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head>
<meta charset="utf-8"><title>{title} | شبكة الأخبار</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published.isoformat()}">
<script type="application/ld+json">{ld}</script>
<script defer src="/static/js/main.3f9a1c.js"></script></head>
<body><div id="root"><noscript>يرجى تفعيل جافاسكربت لعرض هذا الموقع.</noscript></div>
</body></html>""")


def test_a_source_losing_every_article_is_broken_after_its_first_run(tmp_path: Path) -> None:
    arts = [a for a in load_articles() if a.language == "ar"]
    with ExitStack() as stack:
        js_server = stack.enter_context(SiteServer())
        ok_server = stack.enter_context(SiteServer(host="127.0.0.2"))
        hook = stack.enter_context(WebhookReceiver())
        js = js_server.mount(build_site(js_server.base_url, arts[:5], "jannah", name="js"))
        for url, art in js.articles.items():
            js_server.routes[urlsplit(url).path] = _client_rendered(art.title, art.published)
        ok = ok_server.mount(build_site(ok_server.base_url, arts[5:9], "tv", name="ok"))
        config = tmp_path / "rasad.toml"
        config.write_text(f"""
[storage]
url = "sqlite:///archive.db"
[crawl]
download_delay = 0
autothrottle = false
[alerts]
source_health = true
default_rules = false
[[channels]]
type = "webhook"
url = "{hook.url}"
[[sources]]
name = "js"
start_urls = ["{js.feed_url}"]
[[sources]]
name = "ok"
start_urls = ["{ok.feed_url}"]
[[sources]]
name = "later"
start_urls = ["{ok.sitemap_url}"]
""", encoding="utf-8")
        crawl = run_rasad("crawl", "--config", str(config), "--source", "js", "--source", "ok")
        posts = [json.loads(p.body) for p in hook.requests]
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "  BROKEN: 5 pages looked like articles, none stored (too_short: 5)" in crawl.stdout
    assert "1 of 2 sources broken or stale: js" in crawl.stdout
    [alert] = posts
    assert alert["rule"] == "source-health" and alert["matched"] == ["broken"]
    assert alert["article"]["source"] == "js" and "too_short: 5" in alert["snippet"]

    db = tmp_path / "archive.db"  # relative to the config file's folder
    assert rows(db, "SELECT source, article_like, lost, new FROM crawl_runs ORDER BY source") \
        == [("js", 5, '{"too_short": 5}', 0), ("ok", 4, "{}", 4)]
    status = run_rasad("status", "--config", str(config), "--check")
    assert status.returncode == 1
    lines = status.stdout.splitlines()
    assert "5 article-like, 5 lost (too_short: 5)" in lines[0]
    assert lines[1] == "  BROKEN: 5 pages looked like articles, none stored (too_short: 5)"
    assert lines[3].startswith("  ok: last new article")
    assert lines[4:6] == ["later: never run",
                          "  NEVER RUN: no crawl of this source has been recorded"]
    assert lines[-1] == "3 sources, 2 broken, stale or never run: js, later"


def _run(new: int = 0, like: int = 0, lost: dict[str, int] | None = None) -> dict:
    return {"status": "ok", "pages": like + 1, "errors": 0, "error_kinds": {}, "new": new,
            "updated": 0, "unchanged": 0, "article_like": like, "lost": lost or {}}


def test_broken_when_far_fewer_article_like_pages_are_stored_than_usual() -> None:
    assert broken_reason(_run(0, 2, {"too_short": 2})) == ""  # too few to judge
    assert broken_reason(_run(0, 22 + 3, {"too_short": 22, "language": 3})) == (
        "25 pages looked like articles, none stored (too_short: 22, language: 3)")
    low = _run(2, 20, {"too_short": 18})
    assert broken_reason(low) == ""  # no history: nothing to compare with
    assert broken_reason(low, usual=0.9) == (
        "stored 2 of 20 pages that looked like articles (10%; usually 90%) (too_short: 18)")
    assert broken_reason(low, usual=0.3) == ""  # a source that always loses many


def test_assess_learns_the_usual_share_and_flags_sources_without_articles(
        archive_url: str) -> None:
    config = parse_config({"storage": {"url": archive_url}, "sources": [
        {"name": name, "start_urls": ["http://127.0.0.1:9/feed"]}
        for name in ("steady", "empty", "new")]}, "<test>")
    archive = Archive.open(archive_url)
    try:
        from crawler.core.items import ArticleItem

        archive.save_article(ArticleItem(url="http://127.0.0.1:9/a/1", source="steady",
                                         title="عنوان", body="نص الخبر " * 60, language="ar",
                                         fetched_at=T0), [], [])
        for i, (stored, like) in enumerate([(18, 20), (19, 20), (20, 20), (3, 20)]):
            counts = RunCounts(pages=like, new=stored, article_like=like)
            counts.lost["too_short"] = like - stored
            start = T0 + timedelta(hours=i)
            record_run(archive.engine, "steady", start, start, "ok", counts)
        for i in range(2):
            record_run(archive.engine, "empty", T0 + timedelta(hours=i),
                       T0 + timedelta(hours=i), "ok", RunCounts(pages=1))
        health = {h.name: h for h in assess(archive.engine, config, T0 + timedelta(hours=5))}
    finally:
        archive.close()
    assert health["steady"].broken
    assert health["steady"].reason.startswith("stored 3 of 20 pages that looked like articles "
                                              "(15%; usually 95%)")
    assert health["empty"].broken and health["empty"].reason == "no article stored in 2 runs"
    assert health["new"].run is None and health["new"].flagged and not health["new"].broken


def test_run_counts_of_article_like_pages() -> None:
    counts = RunCounts.from_stats({
        "extract/articles": 9, "extract/lost/too_short": 22, "extract/dropped/too_short": 30,
        "language/dropped/en": 2, "language/dropped/fa": 1, "store/errors": 1,
        "store/new": 5, "store/unchanged": 1})
    assert counts.article_like == 31
    assert dict(counts.lost) == {"too_short": 22, "language": 3, "store": 1}
    assert counts.stored == 6
