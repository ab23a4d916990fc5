from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from tests.cli import run_rasad


def test_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[crawl]\ndownload_delay = 'fast'\n", encoding="utf-8")
    proc = run_rasad("crawl", "--config", str(cfg))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == [f"rasad: error: {cfg}: crawl.download_delay: "
                     "Input should be a valid number, unable to parse string as a number"]


def test_unknown_source_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[[sources]]\nname='a'\nstart_urls=['http://127.0.0.1:9/feed']\n",
                   encoding="utf-8")
    proc = run_rasad("crawl", "--config", str(cfg), "--source", "nope")
    assert proc.returncode == 2
    assert "no source named 'nope' (known: a)" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "rasad.toml"
    assert run_rasad("init", str(target)).returncode == 0
    assert "[[sources]]" in target.read_text(encoding="utf-8")
    again = run_rasad("init", str(target))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_extract_file_prints_json(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    paras = "".join(f"<p>الفقرة {n}: {'فرضت القوات حصارا على المدينة ومنعت دخول الغذاء. ' * 3}</p>"
                    for n in range(6))
    page.write_text(
        '<html lang="ar"><head><title>حصار المدينة | موقع الأخبار</title>'
        '<meta property="article:published_time" content="2024-08-09T16:02:00+03:00">'
        f'</head><body><article><h1>حصار المدينة</h1>{paras}</article></body></html>',
        encoding="utf-8")
    proc = run_rasad("extract", "--url", "https://news.example/x", str(page))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["title"] == "حصار المدينة"
    assert data["published_at"] == "2024-08-09T13:02:00+00:00"
    assert data["language"] == "ar"
    assert data["url"] == "https://news.example/x"
    assert data["body"].count("\n") == 5


def test_extract_fetches_the_url_when_no_file_is_given() -> None:
    from crawler.app.demo import SiteServer, build_site, load_articles

    article = next(a for a in load_articles() if a.language == "ar")
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, [article], "tv", name="tv"))
        [url] = list(site.articles)
        proc = run_rasad("extract", "--url", url)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["title"] == article.title
    assert data["language"] == "ar" and data["kind"] == "article"
    assert article.paragraphs[0] in data["body"]
    assert data["published_at"] == article.published.astimezone(UTC).isoformat()


def test_extract_unreachable_url_is_one_line_exit_2() -> None:
    proc = run_rasad("extract", "--url", "http://127.0.0.1:9/nothing-listens-here")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "cannot fetch" in proc.stderr
