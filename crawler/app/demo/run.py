"""`rasad demo`: serve the bundled sample sites on 127.0.0.1, crawl them into a
fresh SQLite archive, print the alerts that fired and where the archive is."""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from pathlib import Path

import click

from crawler.app.demo.corpus import Article, load_articles
from crawler.app.demo.server import SiteServer
from crawler.app.demo.site import Site, build_site
from crawler.app.report import print_crawl_report
from crawler.app.runner import run_crawl
from crawler.core import settings as defaults
from crawler.core.config import RasadConfig, parse_config
from storage import Archive

# One site per template, each entered the way real outlets are: a feed, a
# sitemap index, an HTML listing page.
DEMO_SOURCES = (("demo-tv", "tv", "feed_url"), ("demo-step", "jannah", "sitemap_url"),
                ("demo-sy24", "sy24", "listing_url"))


def demo_config(sites: list[tuple[str, Site, str]], archive: Path) -> RasadConfig:
    return parse_config({
        "storage": {"url": f"sqlite:///{archive}"},
        "crawl": {"download_delay": 0, "concurrency_per_domain": 8, "max_depth": 2},
        # the sample reports are from 2021-2024: with the default limit none would alert
        "alerts": {"max_age_hours": 0},
        "sources": [{"name": name, "start_urls": [getattr(site, attr)]}
                    for name, site, attr in sites],
    }, path="<demo>")


def _split(articles: list[Article], n: int) -> list[list[Article]]:
    return [articles[i::n] for i in range(n)]


def run_demo(workdir: str | None, log_level: str) -> None:
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="rasad-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    archive_path = (folder / "archive.db").resolve()
    if archive_path.exists():
        archive_path.unlink()
    with ExitStack() as stack:
        sites = []
        for (name, template, attr), subset in zip(
                DEMO_SOURCES, _split(load_articles(), len(DEMO_SOURCES)), strict=True):
            server = stack.enter_context(SiteServer())
            site = server.mount(build_site(server.base_url, subset, template, name=name))
            sites.append((name, site, attr))
            click.echo(f"serving {name} ({template} template) at {server.base_url}")
        config = demo_config(sites, archive_path)
        click.echo("demo: [alerts] max_age_hours = 0 (no age limit), so the sample reports "
                   "of 2021-2024 alert; a real crawl alerts only on reports of the last "
                   f"{defaults.ALERTS_MAX_AGE_HOURS:g} hours")
        report = run_crawl(config, None, log_level)
    print_crawl_report(report, config.database_url)
    _print_alerts(config.database_url)
    click.echo(f"archive file: {archive_path}")
    click.echo(f'try: sqlite3 {archive_path} "SELECT source, title FROM articles" '
               '(more queries: README, "SQL cookbook")')


def _print_alerts(url: str) -> None:
    archive = Archive(url)
    try:
        fired = archive.recent_alerts(limit=1000)
    finally:
        archive.close()
    click.echo(f"alerts fired: {len(fired)}")
    for a in reversed(fired):
        terms = "، ".join(a["matched"][:4])
        click.echo(f"  [{a['rule']}] {a['title']} ({a['source']}) — {terms}")
