"""The URL canonicaliser: every variant of one article folds to one key."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.core.text.urls import canonical_url, same_site, url_key
from pipelines.extraction.meta import extract_canonical

ARTICLE = "https://www.enabbaladi.net/archives/712345/%D8%AD%D8%B5%D8%A7%D8%B1-%D8%AF%D8%B1%D8%B9%D8%A7/"
VARIANTS = [
    ARTICLE,
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/",  # raw Arabic slug
    "https://www.enabbaladi.net/archives/712345/%d8%ad%d8%b5%d8%a7%d8%b1-%d8%af%d8%b1%d8%b9%d8%a7",
    "http://enabbaladi.net/archives/712345/حصار-درعا",  # scheme, www, no slash
    "https://m.enabbaladi.net/archives/712345/حصار-درعا/",  # mobile host
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/amp/",  # AMP path
    "https://www.enabbaladi.net/amp/archives/712345/حصار-درعا/",  # AMP prefix
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/?amp",  # AMP query
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/?amp=1&utm_source=facebook",
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/print/",  # print version
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/?print=1",
    "https://www.enabbaladi.net/archives/712345/حصار-درعا/?fbclid=IwAR0x&gclid=abc#comments",
    "https://WWW.ENABBALADI.NET:443/archives/712345/حصار-درعا/?utm_medium=social&utm_campaign=x",
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_share_one_key(variant: str) -> None:
    assert url_key(variant) == url_key(ARTICLE)


def test_canonical_form_is_clean_and_stable() -> None:
    clean = canonical_url(VARIANTS[-1])
    assert clean == ARTICLE
    assert canonical_url(clean) == clean
    assert canonical_url("https://m.x.org/a/amp/?utm_source=t&id=5#top") == "https://x.org/a/?id=5"


@pytest.mark.parametrize(("a", "b"), [
    ("https://x.org/news/1", "https://x.org/news/2"),  # other article
    ("https://x.org/?p=123", "https://x.org/?p=124"),  # WordPress ids are identity
    ("https://x.org/news?id=1", "https://x.org/news?id=2"),
    ("https://x.org/news/1", "https://y.org/news/1"),  # other site
])
def test_different_pages_keep_different_keys(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


def test_same_site_ignores_www_and_mobile_labels() -> None:
    assert same_site("https://m.x.org/a", "http://www.x.org/b")
    assert not same_site("https://x.org/a", "https://evil.org/a")



@pytest.mark.parametrize(("canonical", "expected"), [
    ("/news/1/amp/", "https://x.org/news/1/"),  # same site: taken, cleaned
    ("https://www.x.org/news/1?utm_source=x", "https://www.x.org/news/1"),
    ("https://other.org/news/1", "https://m.x.org/news/1/"),  # other site: ignored
    ("https://www.x.org/", "https://m.x.org/news/1/"),  # the home page: a CMS bug, ignored
])
def test_page_canonical_is_used_when_it_is_on_the_same_site(canonical: str,
                                                            expected: str) -> None:
    doc = lxml_html.fromstring(f'<html><head><link rel="canonical" href="{canonical}">'
                               "</head><body><p>نص</p></body></html>")
    got = extract_canonical(doc, "https://m.x.org/news/1/?fbclid=abc")
    assert got == canonical_url(expected)
