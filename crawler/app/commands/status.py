"""`rasad status --config FILE`: each source's last run, its counts and errors, and health."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from crawler.app.errors import user_errors

if TYPE_CHECKING:
    from alerts.sourcehealth import SourceHealth


def _line(h: SourceHealth) -> str:
    if h.run is None:
        return f"{h.name}: never run"
    r = h.run
    took = (r["ended_at"] - r["started_at"]).total_seconds()
    kinds = r.get("error_kinds") or {}
    errors = f"{r['errors']} errors" + (
        " (" + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) + ")" if kinds else "")
    return (f"{h.name}: last run {r['started_at']:%Y-%m-%d %H:%M:%S} UTC ({r['status']}, "
            f"{took:.0f}s): {r['pages']} pages, {r['new']} new, {r['updated']} updated, "
            f"{r['unchanged']} unchanged, {r.get('known') or 0} known, {r['skipped']} skipped, "
            f"{r['alerts']} alerts, {errors}")


def _health(h: SourceHealth) -> str:
    last = f"last new article {h.last_new:%Y-%m-%d %H:%M} UTC" if h.last_new else \
        "no article yet"
    if h.broken or h.stale:
        return f"  {h.state}: {h.reason}"
    return f"  {h.state}: {last}"


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@click.option("--check", is_flag=True, help="Exit 1 when a source is stale or broken.")
@user_errors
def status(config_path: str, check: bool) -> None:
    """Print each source's last run and flag stale and broken sources."""
    from alerts.sourcehealth import assess
    from crawler.core.config import load_config
    from storage.archive import Archive

    config = load_config(config_path)
    archive = Archive.open(config.database_url, mode="read")
    try:
        report = assess(archive.engine, config, datetime.now(UTC))
    finally:
        archive.close()
    for h in report:
        click.echo(_line(h))
        click.echo(_health(h))
    bad = [h.name for h in report if h.broken or h.stale]
    click.echo(f"{len(report)} sources, {len(bad)} stale or broken"
               + (f": {', '.join(bad)}" if bad else ""))
    if check and bad:
        sys.exit(1)
