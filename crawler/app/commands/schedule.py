"""`rasad schedule --config FILE`: run every source on its cron schedule until stopped."""

from __future__ import annotations

import logging
import sys

import click

from crawler.app.errors import user_errors
from crawler.core.text.redact import RedactingFormatter


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@user_errors
def schedule(config_path: str) -> None:
    """Run each source's crawl on its cron schedule (a long-running daemon)."""
    from crawler.app.errors import LOCKED_EXIT
    from crawler.app.scheduler import Daemon
    from crawler.core.config import load_config
    from storage.lock import ArchiveLock, ArchiveLocked

    config = load_config(config_path)
    _log_events()
    try:
        with ArchiveLock(config.database_url, purpose="schedule"):
            Daemon(config, config_path).run()
    except ArchiveLocked as exc:
        click.echo(f"rasad: {exc}", err=True)
        sys.exit(LOCKED_EXIT)


def _log_events() -> None:
    """The daemon logs every run at INFO on stderr, one plain line each, even without -v."""
    logger = logging.getLogger("rasad.schedule")
    if logger.getEffectiveLevel() <= logging.INFO and logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
