"""What makes a page "look like an article" for source health
(crawler/core/text/pagekind.py): every real and corpus article page does, no
home, listing, tag, author, search or static page does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.app.demo import TEMPLATES, build_site, load_articles
from crawler.core.text.encoding import decode_html
from crawler.core.text.pagekind import (
    article_evidence,
    article_url,
    looks_like_article,
    parse_html,
)

CORPUS = Path(__file__).resolve().parent / "extraction_corpus"
PAGES = sorted(CORPUS.rglob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_corpus_article_pages_look_like_articles(page: Path) -> None:
    meta = page.with_suffix(".json")
    url = json.loads(meta.read_text(encoding="utf-8")).get("url") if meta.exists() else None
    doc = parse_html(decode_html(page.read_bytes())[0])
    assert doc is not None
    evidence = article_evidence(doc, url or "https://news.example/2024/05/01/a-news-report/")
    assert looks_like_article(evidence), evidence


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_index_or_static_page_looks_like_an_article(template: str) -> None:
    site = build_site("http://news.example", load_articles(), template, name="n")
    for path, kind in site.kinds.items():
        if not site[path].content_type.startswith("text/html"):
            continue
        doc = parse_html(site[path].body.decode("utf-8"))
        assert doc is not None
        listed = looks_like_article(article_evidence(doc, site.url(path)), listed=True)
        assert listed == (kind in ("article", "private")), (kind, path)


@pytest.mark.parametrize(("url", "shaped"), [
    ("https://sana.sy/?p=1840576", True),
    ("https://news.example/2024/05/01/", True),
    ("https://news.example/news/123456", True),
    ("https://news.example/news.php?id=20931", True),
    ("https://news.example/%D9%81%D9%83-%D8%A7%D9%84%D8%AD%D8%B5%D8%A7%D8%B1-%D8%B9%D9%86", True),
    ("https://news.example/ar/news/aid-convoy-enters-daraa", True),
    ("https://news.example/", False),
    ("https://news.example/category/syria-news-today/", False),
    ("https://news.example/tag/aid-convoy-news/", False),
    ("https://news.example/page/2", False),
    ("https://news.example/about-us/", False),
    ("https://news.example/world", False),
])
def test_article_url_shapes(url: str, shaped: bool) -> None:
    assert article_url(url) is shaped
