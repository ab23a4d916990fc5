"""`rasad alerts list | deliver | retry | test`: look at the outbox, deliver it
now, requeue failed or dead deliveries, and dry-run a rule over the archive."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click

from crawler.app.errors import user_errors

if TYPE_CHECKING:
    from crawler.core.config import RasadConfig
    from crawler.core.rules.rules import Rule
    from storage.archive import Archive

_SINCE = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
CONFIG = click.option("--config", "config_path", required=True,
                      type=click.Path(dir_okay=False), help="The Rasad TOML config file.")


def parse_since(value: str) -> timedelta:
    from crawler.core.config import ConfigError

    m = _SINCE.match(value.strip())
    if m is None:
        raise ConfigError(f"--since: {value!r} is not a duration such as 30m, 12h, 7d or 2w")
    return timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


@click.group("alerts")
def alerts() -> None:
    """List, deliver and dry-run alerts."""


@alerts.command("list")
@CONFIG
@click.option("--status", type=click.Choice(["pending", "sent", "dead"]),
              help="Only deliveries in this state.")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@user_errors
def list_command(config_path: str, status: str | None, limit: int) -> None:
    """Alerts, newest first, with each channel's delivery state."""
    from alerts.channels import adopt_renamed
    from crawler.core.config import load_config
    from crawler.core.text.redact import redact_text
    from storage.archive import Archive
    from storage.outbox import list_alerts, status_counts

    config = load_config(config_path)
    archive = Archive.open(config.database_url, mode="read")
    try:
        adopt_renamed(archive.engine, config.channels)
        rows = list_alerts(archive, status, limit)
        counts = status_counts(archive)
    finally:
        archive.close()
    for r in rows:
        state = f"{r.status} after {r.attempts} attempt(s)" if r.status else "no channel"
        channel = redact_text(r.channel) if r.channel else "-"
        click.echo(f"{_when(r.created_at)}  {r.rule}  {state}  {channel}  "
                   f"{r.key}  {r.title}  {r.url}")
        if r.status == "pending" and r.attempts:
            click.echo(f"    next try {_when(r.next_attempt_at)}: last error: {r.last_error}")
        elif r.status == "dead":
            click.echo(f"    DEAD, not retried (rasad alerts retry --dead): {r.last_error}")
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no deliveries"
    click.echo(f"{len(rows)} shown; deliveries: {summary}")


@alerts.command("deliver")
@CONFIG
@click.option("--force", is_flag=True, help="Retry now, ignoring the backoff delay.")
@user_errors
def deliver_command(config_path: str, force: bool) -> None:
    """Deliver every due pending alert now (also done after each crawl)."""
    from crawler.core.config import load_config
    from storage import Archive

    config = load_config(config_path)
    archive = Archive.open(config.database_url)
    try:
        _deliver_and_report(config, archive, force=force)
    finally:
        archive.close()


def _deliver_and_report(config: RasadConfig, archive: Archive, *, force: bool = False,
                        channels: list[str] | None = None) -> None:
    from crawler.app.runner import checkpoint_archive, deliver

    try:
        report = deliver(config, archive, force=force, channels=channels)
    finally:
        checkpoint_archive(archive)
    for channel, key, error in report.failures:
        click.echo(f"failed: {channel} alert {key}: {error}")
    click.echo(f"sent {report.sent}, failed {report.failed} (will retry), dead {report.dead}")


@alerts.command("retry")
@CONFIG
@click.option("--dead", is_flag=True,
              help="Also requeue deliveries parked as dead (their attempts start again).")
@click.option("--channel", "channel_name", metavar="NAME",
              help="Only this channel's deliveries. Default: every configured channel.")
@user_errors
def retry_command(config_path: str, dead: bool, channel_name: str | None) -> None:
    """Requeue failed (and with --dead, dead) deliveries and deliver them now;
    a repeat carries the alert's id, so receivers drop duplicates."""
    from alerts.channels import adopt_renamed, find_channel
    from crawler.core.config import ConfigError, load_config
    from storage.archive import Archive
    from storage.outbox import requeue

    config = load_config(config_path)
    names = [c.key for c in config.channels]
    if channel_name is not None:
        if find_channel(config.channels, channel_name) is None:
            raise ConfigError(f"{config.path}: channels: no channel named {channel_name!r} "
                              f"(configured: {', '.join(names) or 'none'})")
        names = [channel_name]
    archive = Archive.open(config.database_url)
    try:
        adopt_renamed(archive.engine, config.channels)
        waiting, revived = requeue(archive.engine, names, dead=dead, now=datetime.now(UTC))
        click.echo(f"requeued {waiting} waiting for a retry and {revived} dead deliveries "
                   f"({', '.join(names) or 'no channels configured'})")
        _deliver_and_report(config, archive, channels=names)
    finally:
        archive.close()


@alerts.command("test")
@CONFIG
@click.option("--rule", "rule_name", required=True, help="The rule to try.")
@click.option("--since", default="7d", show_default=True,
              help="How far back to look: 30m, 12h, 7d, 2w.")
@user_errors
def test_command(config_path: str, rule_name: str, since: str) -> None:
    """Dry run: print what RULE would fire on in the archive; sends nothing."""
    from crawler.core.config import load_config
    from crawler.core.rules.matcher import Matcher
    from storage.archive import Archive
    from storage.outbox import articles_since

    config = load_config(config_path)
    matcher = Matcher([_rule(config, rule_name)])
    start = datetime.now(UTC) - parse_since(since)
    archive = Archive.open(config.database_url, mode="read")
    seen = fired = 0
    try:
        for art in articles_since(archive, start):
            seen += 1
            for m in matcher.match(art["title"], art["body"], source=art["source"],
                                   language=art["language"]):
                fired += 1
                click.echo(f"{_when(art['published_at'])}  {art['source']}  {art['title']}\n"
                           f"    {art['url']}\n    matched: {'، '.join(m.terms)}\n"
                           f"    {m.snippet}")
    finally:
        archive.close()
    click.echo(f"rule {rule_name} would fire on {fired} of {seen} articles since "
               f"{_when(start)} UTC (dry run: nothing stored or sent)")


def _rule(config: RasadConfig, name: str) -> Rule:
    from crawler.core.config import ConfigError
    from crawler.core.rules.rules import find_rule, rules_from_config

    rule = find_rule(config, name)
    if rule is None:
        known = ", ".join(r.name for r in rules_from_config(config)) or "none"
        raise ConfigError(f"{config.path}: rules: no rule named {name!r} (known: {known})")
    return rule
