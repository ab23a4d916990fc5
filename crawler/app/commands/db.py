"""`rasad db upgrade | current`: the archive's schema revision, and bringing it to
the newest one.

Exit codes: 0 done (`current`: also when the archive is behind, unless
`--check`); 1 `current --check` and the archive is not at the newest revision;
2 a user error in one line (bad config, unreachable or missing archive, an
archive newer than this Rasad, a failed upgrade, which leaves the archive as it was).
"""

from __future__ import annotations

import sys

import click

from crawler.app.errors import user_errors

CONFIG = click.option("--config", "config_path", required=True,
                      type=click.Path(dir_okay=False), help="The Rasad TOML config file.")


@click.group("db")
def db() -> None:
    """The archive's schema: revision and upgrades."""


@db.command("upgrade")
@CONFIG
@user_errors
def upgrade_command(config_path: str) -> None:
    """Bring the archive to the newest schema revision (creating it when missing)."""
    from crawler.core.config import load_config
    from storage.engine import display_url
    from storage.migrate import HEAD, upgrade_archive

    config = load_config(config_path)
    before, _after = upgrade_archive(config.database_url)
    where = f"archive {display_url(config.database_url)}"
    if before.at_head:
        click.echo(f"{where}: already at revision {HEAD} (newest)")
    elif not before.has_tables:
        click.echo(f"{where}: created at revision {HEAD} (newest)")
    else:
        click.echo(f"{where}: upgraded from {before.describe()} to revision {HEAD} (newest)")


@db.command("current")
@CONFIG
@click.option("--check", is_flag=True,
              help="Exit 1 when the archive is not at the newest revision.")
@user_errors
def current_command(config_path: str, check: bool) -> None:
    """Print the archive's schema revision and whether it is the newest. Reads only."""
    from crawler.core.config import load_config
    from storage.engine import StorageError, display_url
    from storage.migrate import HEAD, archive_state, refusal

    config = load_config(config_path)
    state = archive_state(config.database_url)  # never creates the archive
    if not state.known:
        raise StorageError(refusal(config.database_url, state))
    where = f"archive {display_url(config.database_url)}"
    if state.at_head:
        click.echo(f"{where}: revision {HEAD} (newest)")
        return
    click.echo(f"{where}: {state.describe()}; the newest is {HEAD}: run "
               f"`rasad db upgrade --config {config_path}`")
    if check:
        sys.exit(1)
