"""`rasad backup --config FILE DEST`: a consistent copy of the SQLite archive."""

from __future__ import annotations

import click

from crawler.app.errors import user_errors


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@click.option("--force", is_flag=True, help="Overwrite DEST when it exists.")
@click.argument("dest", type=click.Path())
@user_errors
def backup(config_path: str, dest: str, force: bool) -> None:
    """Copy the SQLite archive to DEST (a file, or a folder to put it in) with
    SQLite's online backup API: safe while a crawl runs. PostgreSQL: pg_dump."""
    import os
    from pathlib import Path

    from crawler.core.config import load_config
    from crawler.core.text.redact import redact_url
    from storage.backup import backup as copy_archive
    from storage.backup import sqlite_path, target

    config = load_config(config_path)
    source = sqlite_path(config.database_url, redact_url(config.database_url))
    folder_meant = dest.endswith(("/", os.sep))  # `backups/`: a folder, never a file
    result = copy_archive(source, target(source, Path(dest), force, folder_meant))
    click.echo(f"backed up {source} to {result.dest}: {result.articles} articles, "
               f"{result.alerts} alerts, {result.size / 1e6:.1f} MB (integrity check ok)")
