"""`rasad crawl --config FILE`: one pass over the sources, then alert delivery."""

from __future__ import annotations

import sys
from typing import Any

import click

from crawler.app.errors import LOCKED_EXIT, user_errors


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Crawl only this source (repeatable). Default: all sources.")
@click.option("--wait", is_flag=True,
              help="When another crawl holds the archive, wait for it instead of exiting.")
@click.option("--cache", is_flag=True,
              help="Use Scrapy's HTTP cache (development: re-runs without refetching).")
@click.option("--no-alerts", is_flag=True,
              help="Store and match articles but fire and deliver no alerts.")
@click.option("--lock-fd", type=int, hidden=True,
              help="(rasad schedule) File descriptor to report on once the lock is held.")
@click.pass_context
@user_errors
def crawl(ctx: click.Context, config_path: str, sources: tuple[str, ...], wait: bool,
          cache: bool, no_alerts: bool, lock_fd: int | None) -> None:
    """One pass over the configured sources, then delivery of pending alerts."""
    from crawler.core.config import load_config
    from pipelines.extraction.worker import warm_up
    from storage.lock import ArchiveLock, ArchiveLocked
    from storage.runtime import Runtime

    config = load_config(config_path)
    chosen = config.selected_sources(list(sources))  # unknown names are a config error
    if config.crawl.distributed:
        flags = [f for f, on in (("--cache", cache), ("--no-alerts", no_alerts)) if on]
        if flags:
            from crawler.app.errors import USER_EXIT, fail

            fail(f"error: {config_path}: crawl.distributed is set: `rasad crawl` only seeds "
                 f"the shared frontier, so {' and '.join(flags)} cannot apply (the workers "
                 "crawl)", USER_EXIT)
        _seed_only(config, chosen)
        return
    overrides: dict[str, Any] = {"HTTPCACHE_ENABLED": True} if cache else {}
    if sys.stdout.isatty():  # interactive: live progress; unattended: plain log lines
        from crawler.app.progress import ProgressBoard

        overrides["PROGRESS_BOARD"] = ProgressBoard()
    try:
        with ArchiveLock(config.database_url, wait=wait):
            _report_lock_held(lock_fd)
            # The process's runtime (archive, workers) first: the workers start
            # while Scrapy loads, instead of delaying the first article.
            runtime = Runtime.acquire(config.database_url, extract_init=warm_up)
            try:
                from crawler.app.runner import run_crawl

                report = run_crawl(config, sources, ctx.obj["log_level"], overrides,
                                   alerts=not no_alerts)
            finally:
                runtime.release()
    except ArchiveLocked as exc:
        click.echo(f"rasad: {exc}", err=True)
        sys.exit(LOCKED_EXIT)
    from crawler.app.report import print_crawl_report

    print_crawl_report(report, config.database_url)
    if report.exit_code:
        sys.exit(report.exit_code)  # stopped by a signal: 128 + its number


def _report_lock_held(fd: int | None) -> None:
    """Tell `rasad schedule` the lock is held: its run_timeout counts from now."""
    if fd is not None:
        import os

        try:
            os.write(fd, b"locked\n")
            os.close(fd)
        except OSError:
            pass  # the daemon is gone; the crawl goes on


def _seed_only(config: Any, sources: Any) -> None:
    """Distributed mode: queue the sources' start requests on the shared frontier
    for the `rasad worker` processes, and return (README "Distributed crawling")."""
    from crawler.app.seeding import seed

    pushed = seed(config, sources)
    click.echo(f"distributed: {pushed} start requests of {len(sources)} sources queued on "
               "the shared frontier; the `rasad worker` processes crawl them")
