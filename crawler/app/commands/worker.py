"""`rasad worker --config FILE`: crawl from the shared frontier until stopped."""

from __future__ import annotations

import click

from crawler.app.errors import user_errors


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file (with [crawl] distributed).")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Take only this source's requests (repeatable). Default: all sources.")
@click.pass_context
@user_errors
def worker(ctx: click.Context, config_path: str, sources: tuple[str, ...]) -> None:
    """Crawl the sources `rasad schedule` seeds into the shared frontier (Redis),
    alongside any number of other workers, until SIGTERM or Ctrl-C."""
    from crawler.app.logs import log_events
    from crawler.app.runner import CrawlFailed
    from crawler.app.seeding import frontier_client
    from crawler.app.worker import run_worker
    from crawler.core.config import load_config
    from pipelines.extraction.worker import warm_up
    from storage.runtime import Runtime

    config = load_config(config_path)
    config.selected_sources(list(sources))  # unknown names are a config error
    frontier_client(config)  # one line when Redis cannot be reached, before anything starts
    log_events("rasad.worker")
    runtime = Runtime.acquire(config.database_url, extract_init=warm_up)
    try:
        report = run_worker(config, sources, ctx.obj["log_level"])
    finally:
        runtime.release()
    t = report.totals
    click.echo(f"worker {report.worker} stopped: {t.get('pages', 0)} pages, "
               f"{t.get('new', 0)} new, {t.get('updated', 0)} updated, "
               f"{t.get('alerts', 0)} alerts, {t.get('errors', 0)} errors; "
               f"{report.put_back} requests put back on the frontier")
    if report.failures and len(report.failures) == len(config.selected_sources(
            list(sources))):
        raise CrawlFailed("; ".join(report.failures))
