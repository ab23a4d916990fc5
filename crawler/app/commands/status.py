"""`rasad status --config FILE`: each source's last run, its counts and errors, and health."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from crawler.app.errors import user_errors

if TYPE_CHECKING:
    from alerts.sourcehealth import SourceHealth
    from crawler.core.config import RasadConfig


def _counts(counts: dict[str, int]) -> str:
    return " (" + ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) + ")" \
        if counts else ""


def _line(h: SourceHealth) -> str:
    if h.run is None:
        return f"{h.name}: never run"
    r = h.run
    took = (r["ended_at"] - r["started_at"]).total_seconds()
    lost = r.get("lost") or {}
    return (f"{h.name}: last run {r['started_at']:%Y-%m-%d %H:%M:%S} UTC ({r['status']}, "
            f"{took:.0f}s): {r['pages']} pages, {r['new']} new, {r['updated']} updated, "
            f"{r['unchanged']} unchanged, {r.get('known') or 0} known, {r['skipped']} skipped, "
            f"{r['alerts']} alerts, {r['errors']} errors{_counts(r.get('error_kinds') or {})}, "
            f"{r.get('article_like') or 0} article-like, {sum(lost.values())} lost"
            f"{_counts(lost)}")


def _health(h: SourceHealth, lock_wait: datetime | None) -> str:
    if h.run is None:
        line = "  NEVER RUN: no crawl of this source has been recorded"
    elif h.broken or h.stale:
        line = f"  {h.state}: {h.reason}"
    else:
        line = f"  {h.state}: last new article {h.last_new:%Y-%m-%d %H:%M} UTC" \
            if h.last_new else f"  {h.state}: no article yet"
    if lock_wait is not None and (h.run is None or lock_wait > h.run["started_at"]):
        line += (f"; a scheduled run at {lock_wait:%Y-%m-%d %H:%M} UTC gave up waiting "
                 "for another crawl's archive lock")
    return line


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@click.option("--check", is_flag=True,
              help="Exit 1 when a source is broken, stale or has never run.")
@user_errors
def status(config_path: str, check: bool) -> None:
    """Print each source's last run and flag broken, stale and never-run sources."""
    from alerts.sourcehealth import assess
    from crawler.core.config import load_config
    from storage.archive import Archive
    from storage.daemonevents import replacements_since
    from storage.runs import last_lock_timeouts

    config = load_config(config_path)
    archive = Archive.open(config.database_url, mode="read")
    try:
        report = assess(archive.engine, config, datetime.now(UTC))
        waits = last_lock_timeouts(archive.engine)
        replaced = replacements_since(archive.engine)
    finally:
        archive.close()
    for h in report:
        click.echo(_line(h))
        click.echo(_health(h, waits.get(h.name)))
    if replaced:  # continuous mode (crawler/app/continuous.py)
        click.echo(f"crawl workers replaced in the last 24 h: {sum(replaced.values())}"
                   + _counts(dict(replaced)))
    bad = [h.name for h in report if h.flagged]
    if config.crawl.distributed:
        bad += _workers(config)
    click.echo(f"{len(report)} sources, {len(bad)} broken, stale or never run"
               + (f": {', '.join(bad)}" if bad else ""))
    if check and bad:
        sys.exit(1)


def _workers(config: RasadConfig) -> list[str]:
    """Print the workers of the shared frontier and its queues; a frontier with
    requests waiting and no live worker is returned as a problem."""
    import json

    from crawler.app.seeding import frontier_client
    from crawler.app.worker import registry_key
    from spiders.frontier import FrontierKeys
    from spiders.leasedqueue import alive_key, inflight_key

    server: Any = frontier_client(config)
    prefix = config.crawl.distributed_prefix
    entries = [json.loads(raw) for raw in server.hgetall(registry_key(prefix)).values()]
    live = 0
    click.echo(f"workers of the shared frontier (prefix {prefix}): {len(entries)} known")
    for e in sorted(entries, key=lambda e: str(e.get("started_at"))):
        wid = str(e.get("id"))
        alive = bool(server.exists(alive_key(prefix, wid)))
        held = int(server.hlen(inflight_key(prefix, wid)))
        totals = (f"{e.get('pages', 0)} pages, {e.get('new', 0)} new, "
                  f"{e.get('updated', 0)} updated, {e.get('alerts', 0)} alerts, "
                  f"{e.get('errors', 0)} errors in {e.get('cycles', 0)} cycles")
        if e.get("state") == "stopped":
            state = f"stopped {e.get('heartbeat_at', '?')[:19]}"
        elif alive:
            live += 1
            state = f"running since {str(e.get('started_at'))[:19]}, {held} requests held"
        else:
            state = (f"LOST: no heartbeat since {str(e.get('heartbeat_at'))[:19]} "
                     f"({held} requests held, put back by the next live worker or seed)")
        click.echo(f"  {wid}: {state}; {totals}")
    waiting = 0
    for source in config.sources:
        keys = FrontierKeys(prefix, source.name)
        queued = int(server.zcard(keys.requests))
        waiting += queued
        click.echo(f"  frontier {source.name}: {queued} queued, "
                   f"{int(server.zcard(keys.seen))} fingerprints in the re-crawl window")
    if waiting and not live:
        click.echo(f"  NO LIVE WORKER: {waiting} requests wait on the frontier")
        return ["workers"]
    return []
