"""The `rasad` command line: the group, its logging, and its commands.

User errors are one line on stderr with exit code 2 (`crawler/app/errors.py`).
"""

from __future__ import annotations

import gc
import logging

import click

# Only click and the standard library at import time: spawned worker processes
# re-import the main module (this one, through the `rasad` script), and each
# would otherwise load Scrapy, SQLAlchemy and the whole stack for nothing.
# Commands import what they need when they run.
from crawler.app.commands.alerts import alerts
from crawler.app.commands.backup import backup
from crawler.app.commands.crawl import crawl
from crawler.app.commands.db import db
from crawler.app.commands.eval_extract import eval_extract
from crawler.app.commands.export import export
from crawler.app.commands.pages import demo, extract, init
from crawler.app.commands.schedule import schedule
from crawler.app.commands.search import search
from crawler.app.commands.status import status
from crawler.app.commands.try_source import try_source
from crawler.app.commands.worker import worker
from crawler.app.logs import stderr_handler  # standard library only


def _log_level(verbose: int) -> str:
    return {0: "WARNING", 1: "INFO"}.get(verbose, "DEBUG")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="rasad")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """Rasad: monitor Arabic-language Syria news for siege and mediation reports."""
    ctx.obj = {"log_level": _log_level(verbose)}
    logging.basicConfig(level=ctx.obj["log_level"],
                        handlers=[stderr_handler(ctx.obj["log_level"])])


for command in (crawl, extract, init, demo, alerts, schedule, status, db, backup,
                eval_extract, try_source, worker, search, export):
    cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="rasad")
    finally:
        # Exit without the interpreter's last full collection of everything a
        # crawl loaded (about 0.3 s): nothing left needs finalising by the collector.
        gc.freeze()


if __name__ == "__main__":
    main()
