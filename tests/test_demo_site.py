"""The demo news site: corpus, templates, feeds and sitemaps, over real local HTTP."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin

import feedparser
import pytest

from crawler.app.demo import (
    DEFAULT_NAMES,
    TEMPLATES,
    Article,
    Resource,
    Site,
    SiteServer,
    build_site,
    generate_articles,
    load_articles,
)
from crawler.app.demo.markup import jannah_date, tv_date

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FURNITURE = (
    "اقرأ أيضا", "حجم الخط", "+A", "مقالات ذات صلة", "اترك تعليقاً",
    "لن يتم نشر عنوان بريدك الإلكتروني", "زر الذهاب إلى الأعلى", "شاهد أيضاً",
    "icon", "التغطية الحية", ".jpg", "مواضيع ذات صِلة", "صورة أرشيفية",
)
TEMPLATE_FURNITURE = {
    "tv": ("التغطية الحية", '<i class="icon">icon</i>', "عاجل", "+A", "حجم الخط", "-A",
           "<p>اقرأ أيضا: <a href=", "الكلمات المفتاحية", "أخبار ذات صلة",
           'property="article:published_time"', " | تلفزيون سوريا</title>"),
    "jannah": ('<article id="the-post"', 'class="entry-content', "الشأن السوري",
               "شاهد أيضاً : <a href=", "مواضيع ذات صِلة : <a href=", "مقالات ذات صلة",
               "اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.",
               "الحقول الإلزامية مشار إليها بـ", "زر الذهاب إلى الأعلى",
               '"@type": "NewsArticle"', " – ستيب نيوز</title>"),
    "sy24": ('<div class="content-article">', "شارك", "غرد", "Leave a Comment",
             "Your email address will not be published.", '<time class="entry-date published"',
             "<title>منصة SY24 - "),
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.next: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "link" and values.get("rel") == "next":
            self.next = values.get("href")


def links(page_url: str, body: bytes) -> _Links:
    parser = _Links()
    parser.feed(body.decode("utf-8"))
    parser.hrefs = [urljoin(page_url, href) for href in parser.hrefs]
    parser.next = urljoin(page_url, parser.next) if parser.next else None
    return parser


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return load_articles()


@pytest.fixture(scope="module", params=TEMPLATES)
def served(request: pytest.FixtureRequest, corpus: list[Article]) -> Iterator[Site]:
    template = request.param
    with SiteServer() as server:
        yield server.mount(build_site(server.base_url, corpus, template,
                                      name=DEFAULT_NAMES[template]))


# -- corpus -----------------------------------------------------------------

def test_corpus_has_seeds_negatives_positives_and_foreign(corpus: list[Article]) -> None:
    assert len({a.slug for a in corpus}) == len(corpus) >= 21
    arabic = [a for a in corpus if a.language == "ar"]
    assert sum(not a.topics for a in arabic) >= 10
    assert sum(set(a.topics) == {"siege", "mediation"} for a in arabic) >= 5
    assert {a.language for a in corpus} == {"ar", "fa", "en"}
    titles = {a.title for a in corpus}
    assert "بعد فشل اجتماع مع النظام برعاية روسية قسد تهدد بالخيار العسكري" in titles
    seed_004 = next(a for a in corpus if a.published.isoformat() == "2024-08-09T16:02:00+03:00")
    assert "مساعٍ للتهدئة" in seed_004.paragraphs
    assert all(a.published.utcoffset() is not None for a in corpus)


def test_corpus_paragraphs_hold_no_page_furniture(corpus: list[Article]) -> None:
    for article in corpus:
        for paragraph in article.paragraphs:
            assert not any(f in paragraph for f in FURNITURE), (article.slug, paragraph)
        assert 4 <= len(article.paragraphs) or article.language != "ar", article.slug


def test_negatives_share_letters_with_alert_words_but_not_the_words(
    corpus: list[Article],
) -> None:
    negatives = " ".join(a.title + " " + a.body for a in corpus if not a.topics)
    for trap in ("حصاد", "محاصيل", "حصري", "توسيع", "وسط المدينة", "مفاوضات"):
        assert trap in negatives
    for word in ("حصار", "محاصر", "وساطة", "الأمم المتحدة", "وجهاء", "تطويق"):
        assert word not in negatives


def test_positives_without_the_obvious_keyword(corpus: list[Article]) -> None:
    sieges = [a for a in corpus if a.topics == ("siege",)]
    assert sieges and all("حصار" not in a.body for a in sieges)
    assert any("قطع الطرق" in a.body and "تطويق" in a.body for a in sieges)
    mediations = " ".join(a.body for a in corpus if a.topics == ("mediation",))
    assert "وجهاء العشائر" in mediations and "برعاية الأمم المتحدة" in mediations


# -- feeds, sitemaps, listings over HTTP -------------------------------------

def test_feed_links_resolve_except_one_missing_article(served: Site) -> None:
    status, headers, body = fetch(served.feed_url)
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo and feed.version == "rss20"
    assert all(entry.published_parsed for entry in feed.entries)
    statuses = {entry.link: fetch(entry.link)[0] for entry in feed.entries}
    assert [url for url, code in statuses.items() if code == 404] == [served.missing_url]
    assert all(code == 200 for url, code in statuses.items() if url != served.missing_url)
    assert set(statuses) - {served.missing_url} <= set(served.articles)


def test_sitemap_index_leads_to_every_article(served: Site) -> None:
    index = ET.fromstring(fetch(served.sitemap_url)[2])
    found: set[str] = set()
    for sitemap in index.iter(f"{SM}loc"):
        status, _, body = fetch(sitemap.text or "")
        assert status == 200
        found |= {loc.text or "" for loc in ET.fromstring(body).iter(f"{SM}loc")}
    assert set(served.articles) <= found
    assert all(fetch(url)[0] == 200 for url in found)
    urlset = ET.fromstring(fetch(served.url("/sitemap-posts.xml"))[2])
    assert all(url.find(f"{SM}lastmod") is not None for url in urlset.iter(f"{SM}url"))


def test_news_sitemap_has_titles_and_dates(served: Site) -> None:
    root = ET.fromstring(fetch(served.news_sitemap_url)[2])
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    titles = [t.text for t in root.iter(f"{news}title")]
    dates = [d.text or "" for d in root.iter(f"{news}publication_date")]
    assert len(titles) == len(dates) == len(served.articles)
    assert {a.title for a in served.articles.values()} == set(titles)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$", d) for d in dates)


def test_listing_pagination_reaches_every_article(served: Site) -> None:
    page: str | None = served.listing_url
    pages, found = 0, set()
    while page:
        status, _, body = fetch(page)
        assert status == 200
        parsed = links(page, body)
        found |= set(parsed.hrefs)
        page, pages = parsed.next, pages + 1
    assert pages == -(-len(served.articles) // 5)
    assert set(served.articles) <= found
    assert served.private_url in found


def test_robots_txt_forbids_private(served: Site) -> None:
    status, headers, body = fetch(served.url("/robots.txt"))
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "User-agent: *\nDisallow: /private/\n" in text
    assert f"Sitemap: {served.sitemap_url}" in text
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    assert not robots.can_fetch("Rasad", served.private_url)
    assert all(robots.can_fetch("Rasad", url) for url in served.articles)
    assert fetch(served.private_url)[0] == 200  # robots, not the server, must stop it


# -- templates ---------------------------------------------------------------

def test_article_pages_show_title_paragraphs_and_furniture(served: Site) -> None:
    for url, article in served.articles.items():
        status, headers, body = fetch(url)
        page = body.decode("utf-8")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        title = re.search(r"<title>(.*?)</title>", page)
        assert title and html.unescape(title.group(1)).count(article.title) == 1
        assert html.unescape(title.group(1)) != article.title  # the site name is added
        for paragraph in article.paragraphs:
            assert html.escape(paragraph) in page, (url, paragraph)
        for furniture in TEMPLATE_FURNITURE[served.template]:
            assert furniture in page, (served.template, furniture)


def test_template_specific_dates_and_metadata(served: Site) -> None:
    for url, article in served.articles.items():
        page = fetch(url)[2].decode()
        iso = article.published.isoformat()
        if served.template == "tv":
            assert tv_date(article.published) in page
            assert f'<meta property="article:published_time" content="{iso}">' in page
        elif served.template == "jannah":
            assert f'<span class="date meta-item tie-icon">{jannah_date(article.published)}' in page
            ld = json.loads(re.findall(r'ld\+json">(.*?)</script>', page)[0])
            assert ld["datePublished"] == iso
            assert ld.get("author", {}).get("name") == article.author
            assert ("بقلم" in page or "كتب:" in page) == (article.author is not None)
        else:
            assert f'datetime="{iso}"' in page


def test_non_article_pages_are_websites_without_dates(served: Site) -> None:
    kinds = ("home", "listing", "tag", "author", "about", "search")
    for kind in kinds:
        paths = served.paths(kind)
        assert paths, kind
        for path in paths[:3]:
            status, _, body = fetch(served.url(path))
            page = body.decode()
            assert status == 200, path
            assert '<meta property="og:type" content="website">' in page
            assert "article:published_time" not in page and "NewsArticle" not in page
    about = fetch(served.url("/about/"))[2].decode()
    assert "<h1 class=\"entry-title page-title\">من نحن</h1>" in about


# -- the server --------------------------------------------------------------

def test_server_http_behaviour() -> None:
    with SiteServer() as server:
        server.routes["/a/"] = Resource.html("<p>a</p>")
        server.routes["/?s=x"] = Resource.html("<p>search</p>")
        server.routes["/"] = Resource.html("<p>home</p>")
        assert fetch(server.url("/a/"))[2] == b"<p>a</p>"
        status, headers, body = fetch(server.url("/a/"), method="HEAD")
        assert (status, headers["Content-Length"], body) == (200, "8", b"")
        assert fetch(server.url("/?s=x"))[2] == b"<p>search</p>"
        assert fetch(server.url("/?s=other"))[2] == b"<p>home</p>"
        assert fetch(server.url("/a"))[2] == b"<p>a</p>"  # 301 to the slash form
        assert fetch(server.url("/nothing"))[0] == 404
        server.set_failure("/a/", 500, times=2)
        assert [fetch(server.url("/a/"))[0] for _ in range(3)] == [500, 500, 200]
        server.routes["/a/"] = Resource.html("<p>changed</p>")
        assert fetch(server.url("/a/"))[2] == b"<p>changed</p>"
        assert server.requests.count("/a/") == 7 and "/a" in server.requests
        assert server.log[0].method == "GET" and "User-Agent" in server.log[0].headers
    with pytest.raises(urllib.error.URLError):
        fetch(server.url("/a/"))


def test_server_matches_any_percent_encoding(corpus: list[Article]) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, corpus, "tv", name="تلفزيون سوريا"))
        url = next(u for u in site.articles if "%D8" in u)
        assert fetch(url.replace("%D8", "%d8"))[0] == 200


def test_servers_on_two_loopback_addresses(corpus: list[Article]) -> None:
    first = SiteServer("127.0.0.1", site_factory=lambda base: build_site(
        base, corpus[:6], "jannah", name="ستيب نيوز"))
    second = SiteServer("127.0.0.2", site_factory=lambda base: build_site(
        base, corpus[6:], "sy24", name="منصة SY24"))
    with first, second:
        assert first.base_url.startswith("http://127.0.0.1:")
        assert second.base_url.startswith("http://127.0.0.2:")
        assert "ستيب نيوز" in fetch(first.url("/feed/"))[2].decode()
        assert "منصة SY24" in fetch(second.url("/feed/"))[2].decode()
        assert first.requests == ["/feed/"] and second.requests == ["/feed/"]
        assert isinstance(first.site, Site) and first.site.template == "jannah"


# -- generated sites ---------------------------------------------------------

def test_generate_articles_is_distinct_and_deterministic(corpus: list[Article]) -> None:
    articles = generate_articles(2000)
    assert len({a.slug for a in articles}) == len({a.title for a in articles}) == 2000
    assert articles == generate_articles(2000)
    assert articles != generate_articles(2000, seed=1)
    assert len({a.published for a in articles}) == 2000
    assert all(a.language == "ar" and 4 <= len(a.paragraphs) <= 7 for a in articles)
    pool = {p for a in corpus for p in a.paragraphs}
    assert all(set(a.paragraphs[1:]) <= pool for a in articles)


def test_build_site_for_a_benchmark_site() -> None:
    # No timing here: a timed assertion on a shared machine is noise, not a test.
    articles = generate_articles(5000)
    site = build_site("http://127.0.0.1:8000", articles, "jannah", name="ستيب نيوز")
    assert len(site.articles) == 5000
    assert len(site.paths("listing")) == 1000
    assert "/sitemap-posts-5.xml" in site and "/sitemap-posts-6.xml" not in site


def test_build_site_rejects_bad_input(corpus: list[Article]) -> None:
    with pytest.raises(ValueError, match="unknown template"):
        build_site("http://127.0.0.1:8000", corpus, "joomla", name="x")
    with pytest.raises(ValueError, match="duplicate slug"):
        build_site("http://127.0.0.1:8000", [corpus[0], corpus[0]], "tv", name="x")
