"""`rasad try-source URL`: how Rasad would crawl an outlet, before adding it.

Finds the outlet's feeds, sitemaps and listings (crawler/app/onboard.py),
extracts a sample of its article pages and prints, for each, what the archive
would hold and the rules that would fire; ends with a ready `[[sources]]` block.
Stores nothing and sends nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import click

from crawler.app.errors import user_errors

if TYPE_CHECKING:
    from crawler.app.onboard import Discovery, Entry, Fetcher
    from crawler.core.config import RasadConfig
    from pipelines.extraction import Extracted
    from spiders.discovery import Link


@click.command("try-source")
@click.argument("url")
@click.option("--pages", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many article pages to fetch and extract.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config's rules, languages and User-Agent (default: built-ins).")
@click.option("--name", help="The source name for the [[sources]] block (default: the host).")
@click.option("--timezone", default="+03:00", show_default=True,
              help="Time zone of dates the outlet prints without one.")
@click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds between requests.")
@user_errors
def try_source(url: str, pages: int, config_path: str | None, name: str | None,
               timezone: str, delay: float) -> None:
    """Find an outlet's feeds, sitemaps and listings from URL, extract a sample of
    its articles, and print a ready [[sources]] block. Stores and sends nothing."""
    from crawler.app.onboard import Fetcher, best, discover
    from crawler.core.config import ConfigError, load_config, parse_config

    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ConfigError(f"{url}: not an http(s) URL")
    config = load_config(config_path) if config_path else parse_config({}, "<built-in>")
    name = name or _name(url)
    try:
        source = parse_config({"sources": [{"name": name, "start_urls": [url],
                                            "timezone": timezone}]}, "--name/--timezone")
    except ConfigError as exc:
        raise ConfigError(str(exc).replace("sources[0].", "")) from None
    fetcher = Fetcher(config.crawl.user_agent, config.crawl.timeout, delay)
    found = discover(fetcher, url)
    _print_entries(found)
    chosen = best(found.entries)
    if chosen is None:
        raise ConfigError(f"{url}: no feed, sitemap or article link found: give the outlet's "
                          "home page, a section page, its feed or its sitemap")
    stored = _print_sample(fetcher, chosen, pages, config, source.sources[0].timezone)
    click.echo(f"\n{stored} of the sampled pages would be stored.\n")
    click.echo(_block(name, found, chosen, timezone))


def _name(url: str) -> str:
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", host.replace(".", "-")).strip("-") or "source"


def _print_entries(found: Discovery) -> None:
    click.echo(f"start: {found.start.url} (HTTP {found.start.status})")
    if not found.entries:
        click.echo("found: no feed, sitemap or listing")
    for e in found.entries:
        what = f"{len(e.links)} links" if e.kind != "sitemap index" else \
            f"{len(e.links)} sitemaps"
        newest = f", newest {e.newest:%Y-%m-%d %H:%M} UTC" if e.newest else ""
        click.echo(f"found: {e.kind:<13} {e.url}  ({what}{newest}; {e.how})")
    if found.missed:
        click.echo("also tried: " + "; ".join(found.missed))


def _print_sample(fetcher: Fetcher, entry: Entry, n: int, config: RasadConfig,
                  tz_name: str) -> int:
    from crawler.app.onboard import sample

    links = sample(entry, n)
    click.echo(f"\nsample: {len(links)} pages from the {entry.kind} {entry.url}")
    stored = 0
    for i, link in enumerate(links, start=1):
        click.echo(f"\n[{i}] {unquote(link.url)}")
        stored += _print_page(fetcher, link, config, tz_name)
    return stored


def _print_page(fetcher: Fetcher, link: Link, config: RasadConfig, tz_name: str) -> int:
    """Extract one sampled page and print it; 1 when the crawl would store it."""
    from crawler.app.onboard import FetchError
    from crawler.core.text.encoding import decode_html
    from crawler.core.text.pagekind import looks_like_article
    from pipelines.extraction import DEFAULT_OPTIONS, extract_page

    if not fetcher.allowed(link.url):
        click.echo("    skipped: robots.txt disallows it")
        return 0
    try:
        page = fetcher.get(link.url)
    except FetchError as exc:
        click.echo(f"    NOT FETCHED: {exc}")
        return 0
    if page.status >= 400:
        click.echo(f"    NOT FETCHED: HTTP {page.status}")
        return 0
    from crawler.core.text.dates import parse_timezone

    tz = parse_timezone(tz_name)
    html = decode_html(page.body, page.content_type)[0]
    result = extract_page(html, page.url, DEFAULT_OPTIONS.with_(tz=tz), status=page.status,
                          hint_published=link.published, now=datetime.now(UTC))
    _print_fields(result, tz)
    if not result.is_article:
        like = looks_like_article(result.evidence, listed=True)
        click.echo(f"    NOT STORED: {result.kind}" + (
            f" (it looks like an article: {', '.join(sorted(result.evidence))}; a crawl "
            "counts it as lost and reports the source broken if most pages are)" if like
            else ""))
        return 0
    if result.language not in config.crawl.languages:
        click.echo(f"    NOT STORED: language {result.language} is not in [crawl] languages")
        return 0
    _print_rules(result, config)
    return 1


def _print_fields(result: Extracted, tz: tzinfo) -> None:
    click.echo(f"    title:    {result.title or '-'}")
    click.echo(f"    date:     {_date(result, tz)}")
    click.echo(f"    author:   {result.author or '-'}")
    lines = [line for line in result.body.split("\n") if line.strip()]
    click.echo(f"    body:     {len(result.body)} characters, {len(lines)} lines")
    if lines:
        click.echo(f"      first:  {_cut(lines[0])}")
        click.echo(f"      last:   {_cut(lines[-1])}")
    click.echo(f"    language: {result.language or '-'}")


def _date(result: Extracted, tz: tzinfo) -> str:
    """The calendar day as printed, its precision and source, and what is stored."""
    if result.published_date is None and result.published_at is None:
        return "- (no date found)"
    if result.published_at is None:
        return (f"{result.published_date:%Y-%m-%d} (day only, no time printed; from "
                f"{result.date_source}); stored as published_date, no published_at")
    local = result.published_at.astimezone(tz)
    return (f"{local:%Y-%m-%d %H:%M %z} ({result.date_precision or 'minute'}; from "
            f"{result.date_source}); stored as "
            f"{result.published_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC")


def _cut(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _print_rules(result: Extracted, config: RasadConfig) -> None:
    from crawler.core.rules.matcher import Matcher
    from crawler.core.rules.rules import rules_from_config

    matches = Matcher(rules_from_config(config)).match(result.title, result.body,
                                                       language=result.language)
    if not matches:
        click.echo("    rules:    none would fire")
    for m in matches:
        click.echo(f"    rules:    {m.rule} would fire ({'، '.join(m.terms)}): {_cut(m.snippet)}")


def _block(name: str, found: Discovery, chosen: Entry, timezone: str) -> str:
    """The [[sources]] entry: the chosen entry point, plus a sitemap behind a feed."""
    urls = [chosen.url]
    if chosen.kind == "feed":
        maps = [e for e in found.entries if e.kind in ("news sitemap", "sitemap") and e.links]
        if maps:
            urls.append(min(maps, key=lambda e: e.kind != "news sitemap").url)
    quoted = ", ".join(f'"{u}"' for u in urls)
    return (f'[[sources]]\nname = "{name}"\nstart_urls = [{quoted}]\n'
            f'timezone = "{timezone}"\n'
            f'# note = "added with rasad try-source on {datetime.now(UTC):%Y-%m-%d}"')
