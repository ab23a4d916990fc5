"""Plain-text summaries of a crawl for the terminal (stdout)."""

from __future__ import annotations

import click

from crawler.app.runner import CrawlReport, SourceReport
from crawler.core.text.redact import redact_url

_SUPPRESSED = {"too_old": "too old", "no_alerts": "--no-alerts"}


def _suppressed(s: SourceReport) -> str:
    """`, 12 suppressed (too old)`: alerts held back, by reason (storage/gate.py)."""
    counts = {label: s.count(f"alerts/suppressed/{why}") for why, label in _SUPPRESSED.items()}
    counts = {label: n for label, n in counts.items() if n}
    if not counts:
        return ""
    detail = ", ".join(counts) if len(counts) == 1 else \
        ", ".join(f"{n} {label}" for label, n in counts.items())
    return f", {sum(counts.values())} suppressed ({detail})"


def print_crawl_report(report: CrawlReport, archive_url: str) -> None:
    health = {h.name: h for h in report.health}
    for s in report.sources:
        dropped = sum(int(v) for k, v in s.stats.items()
                      if k.startswith(("extract/dropped/", "language/dropped/")))
        stopped = " (interrupted)" if s.status == "interrupted" else ""
        spent = s.stats.get("budget/exhausted")  # spiders/budget.py closed the crawl
        click.echo(
            f"{s.name}{stopped}: {s.count('response_received_count')} pages, "
            f"{s.count('store/new')} new, {s.count('store/updated')} updated, "
            f"{s.count('store/unchanged')} unchanged, {dropped} skipped, "
            f"{s.count('alerts/fired')} alerts{_suppressed(s)}, {s.errors()} errors"
            + (f" ({spent} budget spent)" if spent else "")
        )
        h = health.get(s.name)
        if h is not None and (h.broken or h.stale):
            click.echo(f"  {h.state}: {h.reason}")
    failing = [h.name for h in report.health if h.broken or h.stale]
    if failing:
        click.echo(f"{len(failing)} of {len(report.sources)} sources broken or stale: "
                   f"{', '.join(failing)} (rasad status)")
    d = report.delivery
    if d is not None:
        line = f"alerts delivered: {d.sent} sent, {d.failed} failed"
        if d.dead:
            line += f", {d.dead} dead (rasad alerts list --status dead)"
        click.echo(line)
    else:
        click.echo("alerts: off (--no-alerts): none fired, none delivered")
    click.echo(f"archive: {redact_url(archive_url)}")
