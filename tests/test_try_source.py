"""`rasad try-source URL`: onboarding an outlet against real local sites, wrong
inputs included. It stores nothing, sends nothing, and ends with a [[sources]]
block that loads and crawls."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from crawler.app.demo import Site, SiteServer, build_site, load_articles
from crawler.app.demo.site import Resource
from crawler.core.config import parse_config
from tests.cli import run_rasad
from tests.servers import free_port
from tests.test_never_silent import _client_rendered


@pytest.fixture(scope="module")
def outlet() -> Iterator[tuple[SiteServer, Site]]:
    arts = [a for a in load_articles() if a.language == "ar"][:8]
    with SiteServer() as server:
        yield server, server.mount(build_site(server.base_url, arts, "jannah", name="outlet"))


def _block(stdout: str) -> dict:
    block = stdout[stdout.index("[[sources]]"):]
    return tomllib.loads(block)["sources"][0]


def test_from_the_home_page(outlet: tuple[SiteServer, Site], tmp_path: Path) -> None:
    server, site = outlet
    server.clear_requests()
    proc = run_rasad("try-source", site.url("/"), "--pages", "3", "--delay", "0", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"found: feed          {site.feed_url}" in out and "link rel=alternate" in out
    assert f"found: sitemap index {site.sitemap_url}" in out and "robots.txt Sitemap:" in out
    assert f"found: news sitemap  {site.news_sitemap_url}" in out
    assert "found: listing" in out and "/rss (HTTP 404)" in out
    assert f"sample: 3 pages from the feed {site.feed_url}" in out
    pages = re.split(r"\n\[\d\] ", out.split("\n[[sources]]")[0])[1:]
    assert len(pages) == 3
    stored = 0
    for page in pages:
        url = page.split("\n", 1)[0]
        if "NOT FETCHED: HTTP 404" in page:  # the feed's link to a deleted report
            assert url == unquote(site.missing_url)
            continue
        stored += 1
        art = next(a for u, a in site.articles.items() if unquote(u) == url)
        assert f"    title:    {art.title}" in page
        assert f"    date:     {art.published.astimezone():%Y-%m-%d}" in page or \
            f"{art.published:%Y-%m-%d}" in page
        assert "(minute; from " in page and " UTC" in page
        assert f"    author:   {art.author or '-'}" in page
        assert f"    body:     {len(art.body)} characters" in page
        assert f"      first:  {art.paragraphs[0][:40]}" in page
        assert "    language: ar" in page
        expected = sorted(art.topics)
        fired = sorted(line.split()[1] for line in page.splitlines()
                       if line.startswith("    rules:") and "would fire (" in line)
        assert fired == expected, page
    assert f"{stored} of the sampled pages would be stored." in out
    source = _block(out)
    assert source["start_urls"] == [site.feed_url, site.news_sitemap_url]
    config = parse_config({"sources": [source]}, "<block>")  # a valid source
    assert config.sources[0].name == "127-0-0-1"
    # stores nothing, sends nothing; obeys robots.txt
    assert not list(tmp_path.iterdir())
    assert not [r for r in server.log if r.method != "GET"]
    assert not [r for r in server.requests if r.startswith("/private/")]


def test_from_a_feed(outlet: tuple[SiteServer, Site]) -> None:
    _, site = outlet
    proc = run_rasad("try-source", site.feed_url, "--pages", "1", "--delay", "0",
                     "--name", "my-outlet", "--timezone", "Asia/Damascus")
    assert proc.returncode == 0, proc.stderr
    assert "(13 links" not in proc.stdout and "; the start URL)" in proc.stdout
    assert proc.stdout.count("found: ") == 1  # a feed given is used as it is
    assert _block(proc.stdout) == {"name": "my-outlet", "start_urls": [site.feed_url],
                                   "timezone": "Asia/Damascus"}


def test_a_site_with_no_feed_is_tried_as_a_listing(tmp_path: Path) -> None:
    arts = [a for a in load_articles() if a.language == "ar"][:6]
    with SiteServer() as server:
        site = build_site(server.base_url, arts, "sy24", name="plain")
        for path, kind in site.kinds.items():
            if kind in ("article", "listing"):
                server.routes[path] = site[path]
        proc = run_rasad("try-source", site.listing_url, "--pages", "2", "--delay", "0")
        lost = build_site(server.base_url, arts, "jannah", name="js")
        server.routes = {urlsplit(u).path: _client_rendered(a.title, a.published)
                         for u, a in lost.articles.items()}
        server.routes["/feed/"] = lost["/feed/"]
        shell = run_rasad("try-source", lost.feed_url, "--pages", "3", "--delay", "0")
    assert proc.returncode == 0, proc.stderr
    assert "found: listing" in proc.stdout and "found: feed" not in proc.stdout
    assert "/feed/ (HTTP 404)" in proc.stdout and "/sitemap.xml (HTTP 404)" in proc.stdout
    assert "2 of the sampled pages would be stored." in proc.stdout
    assert _block(proc.stdout)["start_urls"] == [site.listing_url]
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.count("NOT STORED: too_short (it looks like an article: jsonld, "
                              "og:type, published") == 2  # and the deleted report: 404
    assert "NOT FETCHED: HTTP 404" in shell.stdout and not shell.stderr
    assert "0 of the sampled pages would be stored." in shell.stdout


@pytest.mark.parametrize("case", ["unreachable", "404", "nothing", "not-http"])
def test_wrong_inputs_are_one_line_exit_2(case: str) -> None:
    with SiteServer() as server:
        server.routes["/"] = Resource.html("<html><body><p>قريباً</p></body></html>")
        url = {"unreachable": f"http://127.0.0.1:{free_port()}/",
               "404": server.url("/missing"), "nothing": server.url("/"),
               "not-http": "ftp://example.org/feed"}[case]
        proc = run_rasad("try-source", url, "--delay", "0")
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert line == {
        "unreachable": f"rasad: error: {url}: cannot fetch: [Errno 111] Connection refused",
        "404": f"rasad: error: {url}: HTTP 404",
        "nothing": f"rasad: error: {url}: no feed, sitemap or article link found: give the "
                   "outlet's home page, a section page, its feed or its sitemap",
        "not-http": f"rasad: error: {url}: not an http(s) URL"}[case]
