"""End to end: `rasad crawl` of outlets built on templates the main pass cannot
read (issue 12): an old table layout with `<br>`-separated text, a site whose
body is only in JSON-LD `articleBody`, and a windows-1256 site whose server
says UTF-8. Real local HTTP servers, the real CLI in a subprocess, the archive
checked row by row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.app.demo import SiteServer
from crawler.app.demo.site import Resource
from tests.cli import run_rasad
from tests.zoo.families import oldweb, scripted
from tests.zoo.kit import Page, pick

# (source name, zoo family, host, Content-Type the server sends)
OUTLETS = [("table-outlet", oldweb.table_br, "127.0.0.4", "text/html; charset=utf-8"),
           ("jsonld-outlet", scripted.jsonld_only, "127.0.0.5", "text/html; charset=utf-8"),
           ("cp1256-outlet", oldweb.misdeclared, "127.0.0.6", "text/html; charset=utf-8")]


@dataclass
class Outlet:
    name: str
    pages: dict[str, Page]  # served URL -> the zoo page (expected values)


def _serve(server: SiteServer, family: object, content_type: str, index: int) -> Outlet:
    pages: dict[str, Page] = {}
    items = []
    for variant, story in enumerate(pick(index, 4)):
        made = family(story, variant)  # type: ignore[operator]
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(made.url))
        made.html = made.html.replace(origin, server.base_url)
        target = made.url.removeprefix(origin)
        url = server.base_url + target
        server.routes[target] = Resource(200, content_type, made.raw())
        pages[url] = made
        items.append(f"<item><title>{made.expected['title']}</title><link>{url}</link></item>")
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>'
            f"<link>{server.base_url}/</link>{''.join(items)}</channel></rss>")
    server.routes["/feed/"] = Resource.xml(feed, "application/rss+xml; charset=utf-8")
    return Outlet("", pages)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    tmp = tmp_path_factory.mktemp("templates")
    db = tmp / "archive.db"
    with ExitStack() as stack:
        outlets = {}
        sources = []
        for index, (name, family, host, ctype) in enumerate(OUTLETS):
            server = stack.enter_context(SiteServer(host=host))
            outlet = _serve(server, family, ctype, index)
            outlet.name = name
            outlets[name] = outlet
            sources.append(f'[[sources]]\nname = "{name}"\n'
                           f'start_urls = ["{server.base_url}/feed/"]\n')
        config = tmp / "rasad.toml"
        config.write_text(f'[storage]\nurl = "sqlite:///{db}"\n[crawl]\ndownload_delay = 0\n'
                          + "\n".join(sources), encoding="utf-8")
        proc = run_rasad("crawl", "--config", str(config), timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        yield db, outlets


def _rows(db: Path, source: str) -> dict[str, dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["url"]: dict(r) for r in conn.execute(
            "SELECT * FROM articles WHERE source = ?", (source,))}


@pytest.mark.parametrize("source", [o[0] for o in OUTLETS])
def test_every_article_of_the_outlet_is_stored_with_its_body(
        archive: tuple[Path, dict], source: str) -> None:
    db, outlets = archive
    outlet = outlets[source]
    rows = _rows(db, source)
    assert set(rows) == set(outlet.pages)
    for url, made in outlet.pages.items():
        row, exp = rows[url], made.expected
        assert row["title"] == exp["title"]
        assert row["language"] == "ar"
        # (one JSON-LD variant joins its paragraphs with spaces: the words must match)
        assert row["body"].split() == " ".join(exp["paragraphs"]).split(), url
        assert row["author"] == exp["author"], url
        # the outlet's calendar day, never the day before (local midnight in UTC),
        # and a time only when the page printed one
        assert row["published_date"] == exp["published_date"], url
        if exp["time_known"]:
            stored = datetime.fromisoformat(row["published_at"]).replace(tzinfo=UTC)
            assert stored == datetime.fromisoformat(exp["published"]), url
            assert row["date_precision"] == "minute", url
        else:
            assert (row["published_at"], row["date_precision"]) == (None, "day"), url
        assert (row["author_kind"], row["credit"]) == (exp["author_kind"], exp["credit"]), url
