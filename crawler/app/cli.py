"""The `rasad` command line. User errors are one line on stderr with exit code 2."""

from __future__ import annotations

import gc
import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

# Only click and the standard library at import time: spawned worker processes
# re-import the main module (this one, through the `rasad` script), and each
# would otherwise load Scrapy, SQLAlchemy and the whole stack for nothing.
# Commands import what they need when they run.

F = TypeVar("F", bound=Callable[..., Any])
LOCKED_EXIT = 75  # EX_TEMPFAIL: another crawl holds the archive; cron may simply retry


def user_errors(func: F) -> F:
    """Turn known user errors into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            from crawler.app.runner import CrawlFailed
            from crawler.core.config import ConfigError
            from storage.archive import StorageError

            if isinstance(exc, ConfigError | StorageError):
                click.echo(f"rasad: error: {exc}", err=True)
                sys.exit(2)
            if isinstance(exc, CrawlFailed):
                click.echo(f"rasad: crawl could not run: {exc}", err=True)
                sys.exit(1)
            raise

    return wrapper  # type: ignore[return-value]


def _log_level(verbose: int) -> str:
    return {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="rasad")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """Rasad: monitor Arabic-language Syria news for siege and mediation reports."""
    ctx.obj = {"log_level": _log_level(verbose)}
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(ctx.obj["log_level"])  # on the handler: Scrapy resets the root level
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=ctx.obj["log_level"], handlers=[handler])


@cli.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Crawl only this source (repeatable). Default: all sources.")
@click.option("--wait", is_flag=True,
              help="When another crawl holds the archive, wait for it instead of exiting.")
@click.option("--cache", is_flag=True,
              help="Use Scrapy's HTTP cache (development: re-runs without refetching).")
@click.pass_context
@user_errors
def crawl(ctx: click.Context, config_path: str, sources: tuple[str, ...], wait: bool,
          cache: bool) -> None:
    """One pass over the configured sources, then delivery of pending alerts."""
    from crawler.core.config import load_config
    from pipelines.workers import workers_started
    from storage import Archive
    from storage.lock import ArchiveLock, ArchiveLocked

    config = load_config(config_path)
    config.selected_sources(list(sources))  # unknown names are a config error
    overrides: dict[str, Any] = {"HTTPCACHE_ENABLED": True} if cache else {}
    if sys.stdout.isatty():  # interactive: live progress; unattended: plain log lines
        from crawler.app.progress import ProgressBoard

        overrides["PROGRESS_BOARD"] = ProgressBoard()
    try:
        with ArchiveLock(config.database_url, wait=wait):
            Archive.open(config.database_url).close()  # the schema, before any worker
            with workers_started(config.database_url):
                from crawler.app.runner import run_crawl  # Scrapy loads while workers start

                report = run_crawl(config, sources, ctx.obj["log_level"], overrides)
    except ArchiveLocked as exc:
        click.echo(f"rasad: {exc}", err=True)
        sys.exit(LOCKED_EXIT)
    from crawler.app.report import print_crawl_report

    print_crawl_report(report, config.database_url)


@cli.command()
@click.option("--url", required=True, help="The page's URL (its address on the web).")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@user_errors
def extract(url: str, file: str | None) -> None:
    """Extract one page (from FILE, or fetched from URL) and print it as JSON."""
    import urllib.request

    from crawler.core.config import DEFAULT_USER_AGENT, ConfigError
    from crawler.core.text.encoding import decode_html
    from pipelines.extraction import extract_page

    content_type = None
    if file:
        raw = Path(file).read_bytes()
        status = 200
    else:
        req = urllib.request.Request(url, headers={"User-Agent": DEFAULT_USER_AGENT})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                raw, status = resp.read(), resp.status
                content_type = resp.headers.get("Content-Type")
        except OSError as exc:
            raise ConfigError(f"{url}: cannot fetch: {exc}") from None
    html = decode_html(raw, content_type)[0]  # the server's charset as the crawl sees it
    result = extract_page(html, url, status=status)
    click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("path", required=False, default="rasad.toml",
                type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@user_errors
def init(path: str, force: bool) -> None:
    """Write a commented starter config (default: ./rasad.toml)."""
    from crawler.app.starter import starter_config
    from crawler.core.config import ConfigError

    target = Path(path)
    if target.exists() and not force:
        raise ConfigError(f"{target}: already exists (use --force to overwrite)")
    target.write_text(starter_config(), encoding="utf-8")
    click.echo(f"wrote {target}: edit [[channels]], then run: rasad crawl --config {target}")


@cli.command()
@click.option("--dir", "workdir", type=click.Path(file_okay=False),
              help="Where to put the demo archive (default: a new temporary folder).")
@click.pass_context
@user_errors
def demo(ctx: click.Context, workdir: str | None) -> None:
    """Crawl a bundled sample site on 127.0.0.1 (no network, no config needed)."""
    from crawler.app.demo.run import run_demo

    run_demo(workdir, ctx.obj["log_level"])


from crawler.app.commands.alerts import alerts  # noqa: E402

cli.add_command(alerts)
from crawler.app.commands.schedule import schedule  # noqa: E402
from crawler.app.commands.status import status  # noqa: E402

cli.add_command(schedule)
cli.add_command(status)

from crawler.app.commands.eval_extract import eval_extract  # noqa: E402

cli.add_command(eval_extract)


def main() -> None:
    try:
        cli(prog_name="rasad")
    finally:
        # Exit without the interpreter's last full collection of everything a
        # crawl loaded (about 0.3 s): nothing left needs finalising by the collector.
        gc.freeze()


if __name__ == "__main__":
    main()
