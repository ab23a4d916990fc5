"""Content traps: pages and documents that are well served but built to waste a
crawl or poison the archive. Each crawl ends within its budget with the good
articles stored once and whole, and nothing else."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.app.demo.feeds import FeedItem, rss
from crawler.app.demo.site import Resource
from tests.faults import hostile as h
from tests.faults.harness import Mount, Scene, assert_survived, hostile_hosts, run_fault
from tests.faults.sites import NOW, FaultSite

BUDGET = 60.0


def _listing(title: str, links: list[tuple[str, str]]) -> Resource:
    items = "".join(f'<li><h3><a href="{u}">{t}</a></h3></li>' for u, t in links)
    return Resource.html(f'<html lang="ar"><head><title>{title}</title></head><body>'
                         f"<h1>{title}</h1><ul>{items}</ul></body></html>")


def _endless(server: h.HostileServer, prefix: str, start: str,
             onward: Callable[[int], list[tuple[str, str]]]) -> Scene:
    """Listing pages under `prefix` without end: page N links to three good
    articles and to the pages `onward(N)`; the number is the target's last one."""
    site = FaultSite(server)
    goods = site.goods(3)

    def page(ex: h.Exchange) -> None:
        n = int(re.findall(r"-?\d+", ex.target)[-1])
        links = [(u, f"خبر {i}") for i, u in enumerate(goods)] + onward(n)
        h.serve(_listing(f"أخبار - {n}", links))(ex)

    server.prefixes[prefix] = page
    return Scene(site, [server.url(start)])


def infinite_pagination(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _endless(server, "/news/", "/news/?page=1",
                    lambda n: [(f"/news/?page={n + 1}", "الصفحة التالية")])


def infinite_calendar(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _endless(server, "/archive/day/", "/archive/day/0/", lambda n: [
        (f"/archive/day/{n + d}/", f"يوم {n + d}") for d in (-2, -1, 1, 2)])


def session_ids(server: h.HostileServer, _: h.HostileServer) -> Scene:
    """Every link carries a fresh ?sid=: ten variants of each article."""
    site = FaultSite(server)
    goods = site.goods(3)
    variants = [f"{u}?sid={i:04d}{j}af93" for j in range(10) for i, u in enumerate(goods)]
    return Scene(site, [site.feed(variants)])


def huge_feed_and_sitemap(server: h.HostileServer, _: h.HostileServer) -> Scene:
    """A 10,000-item feed and a 50,000-URL sitemap, all leading to 3 articles."""
    site = FaultSite(server)
    goods = site.goods(3)
    feed = site.feed([f"{goods[i % 3]}?v={i}" for i in range(10_000)])
    sitemap = site.sitemap(f"{goods[i % 3]}?s={i}" for i in range(50_000))
    return Scene(site, [sitemap, feed], crawl={"max_pages": 400})


def _feed_with(server: h.HostileServer, site: FaultSite, prolog: str, bad_item: str) -> str:
    goods = site.goods(4)
    items = [FeedItem(u, f"خبر {i}", NOW, "موجز") for i, u in enumerate(goods)]
    text = rss("موقع", server.base_url, server.url("/feed.xml"), items)
    head, _, rest = text.partition("<item>")
    middle = rest.split("</item>", 2)
    text = prolog + head.split("?>", 1)[1] + "<item>" + middle[0] + "</item>" + bad_item + \
        "</item>".join(middle[1:])
    server.routes["/feed.xml"] = h.serve(Resource.xml(text))
    return server.url("/feed.xml")


def malformed_xml(server: h.HostileServer, _: h.HostileServer) -> Scene:
    site = FaultSite(server)
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n'
    bad = "<item><title>كسر & خطأ</titl><link>http://x y</link></item><item><broken"
    feed = _feed_with(server, site, prolog, bad)
    return Scene(site, [feed])


def malicious_xml(server: h.HostileServer, forbidden: h.HostileServer) -> Scene:
    """Billion laughs and external entities (a file, a forbidden host) in a feed
    and a sitemap, between legitimate items."""
    site = FaultSite(server)
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    prolog = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [<!ENTITY l0 "ha">'
              f'{laughs}<!ENTITY file SYSTEM "file:///etc/passwd">'
              f'<!ENTITY net SYSTEM "{forbidden.url("/xxe")}">]>\n')
    bad = ("<item><title>&l9;</title><link>http://evil/&file;</link></item>"
           "<item><title>&net;</title><link>&net;</link></item>")
    feed = _feed_with(server, site, prolog, bad)
    extra = site.goods(1)
    urls = "".join(f"<url><loc>{u}</loc></url>" for u in extra)
    sitemap = (prolog.replace("rss", "urlset") + '<urlset xmlns="http://www.sitemaps.org/'
               f'schemas/sitemap/0.9"><url><loc>&l9;</loc></url><url><loc>&net;</loc></url>'
               f"{urls}</urlset>")
    server.routes["/sitemap.xml"] = h.serve(Resource.xml(sitemap))
    return Scene(site, [feed, server.url("/sitemap.xml")], forbidden=[forbidden])


def script_only(server: h.HostileServer, _: h.HostileServer) -> Scene:
    site = FaultSite(server)
    text = " ".join(site.pages[-1][1].paragraphs)
    page = Resource.html('<html lang="ar"><head><title>خبر</title><script>'
                         f'document.write("{text}")</script></head><body><div id="app">'
                         "</div><noscript>فعّل جافاسكريبت</noscript></body></html>")
    server.routes["/app/"] = h.serve(page)
    return Scene(site, [site.feed([*site.goods(2), server.url("/app/")])])


def misdeclared_encodings(server: h.HostileServer, _: h.HostileServer) -> Scene:
    """windows-1256 pages declared as UTF-8 and as ISO-8859-1, a UTF-8 page
    declared as windows-1256, an XHTML page with an XML encoding declaration."""
    site = FaultSite(server)

    def recoded(charset: str, encoding: str, xml: bool = False) -> str:
        def how(page: Resource) -> h.Route:
            text = page.body.decode("utf-8")
            if xml:
                text = f'<?xml version="1.0" encoding="{encoding}"?>\n' + text
            body = text.encode(encoding, errors="xmlcharrefreplace")
            return h.serve(Resource(200, f"text/html; charset={charset}", body))
        return site.add_good(how)

    urls = [recoded("utf-8", "windows-1256"), recoded("iso-8859-1", "windows-1256"),
            recoded("windows-1256", "utf-8"), recoded("utf-8", "utf-8", xml=True)]
    return Scene(site, [site.feed(urls)])


TRAPS: dict[str, Mount] = {
    "infinite_pagination": infinite_pagination, "infinite_calendar": infinite_calendar,
    "session_id_variants": session_ids, "huge_feed_and_sitemap": huge_feed_and_sitemap,
    "malformed_xml": malformed_xml, "malicious_xml": malicious_xml,
    "script_only_page": script_only, "misdeclared_encodings": misdeclared_encodings,
}


@pytest.mark.parametrize("trap", list(TRAPS))
def test_content_trap(trap: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    with hostile_hosts() as (server, forbidden):
        scene = TRAPS[trap](server, forbidden)
        row, run = run_fault(request, tmp_path, "content", scene, BUDGET)
        log = list(server.log)
    assert_survived(row, run)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        learned = conn.execute(
            "SELECT pages FROM furniture_lines WHERE line_hash = '*pages*'").fetchone()
    # only distinct articles teach the furniture learner, each once
    assert learned == (row.expected,)
    if trap == "huge_feed_and_sitemap":
        fetched = [t for _, t in log if "?v=" in t or "?s=" in t]
        assert any("?v=" in t for t in fetched[:10]), fetched[:10]  # the feed is not starved
        assert len(fetched) <= 400  # the page budget of this scene
    if trap == "infinite_pagination":
        assert sum("/news/" in t for _, t in log) <= 21


def test_trap_pages_stay_in_budget(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """With a small page budget an infinite calendar ends at its page limit, and the
    run's stats say so."""
    with hostile_hosts() as (server, forbidden):
        scene = infinite_calendar(server, forbidden)
        scene.crawl = {"max_pages": 12, "max_depth": 10}
        row, run = run_fault(request, tmp_path, "content", scene, BUDGET)
        pages = sum(1 for _, t in server.log if t != "/robots.txt")
    assert row.finished and row.junk == 0 and row.duplicates == 0
    # the pages in flight (4 at a time) when the budget ran out, and those that
    # started before the closing took effect
    assert 12 <= pages <= 12 + 8
    line = next(x for x in run.stdout.splitlines() if x.startswith("hostile:"))
    assert line.endswith("(pages budget spent)"), line


@pytest.mark.parametrize(("limit", "crawl"), [
    ("seconds", {"max_pages": 0, "max_depth": 10}),
    ("megabytes", {"max_pages": 0, "max_depth": 10, "max_megabytes": 0.2}),
], ids=["time_budget", "download_budget"])
def test_an_endless_trap_ends_at_its_time_or_download_budget(
        limit: str, crawl: dict[str, object], request: pytest.FixtureRequest,
        tmp_path: Path) -> None:
    """No page cap and an endless calendar whose pages come slowly: the time budget
    (or the megabytes) closes the crawl, and the summary line says which."""
    with hostile_hosts() as (server, _):
        # every day links to eight more: ten links deep is 8**10 pages
        scene = _endless(server, "/archive/day/", "/archive/day/1/", lambda n: [
            (f"/archive/day/{n * 10 + k}/", f"يوم {n * 10 + k}") for k in range(1, 9)])
        day = server.prefixes["/archive/day/"]

        def slow_day(ex: h.Exchange) -> None:
            ex.stall(0.3)
            day(ex)

        server.prefixes["/archive/day/"] = slow_day
        scene.crawl = crawl
        budget = 6.0 if limit == "seconds" else BUDGET
        row, run = run_fault(request, tmp_path, "content", scene, budget)
    assert row.finished and row.junk == 0 and row.duplicates == 0
    line = next(x for x in run.stdout.splitlines() if x.startswith("hostile:"))
    assert line.endswith(f"({limit} budget spent)"), line
