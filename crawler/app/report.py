"""Plain-text summaries of a crawl for the terminal (stdout)."""

from __future__ import annotations

import click

from crawler.app.runner import CrawlReport


def print_crawl_report(report: CrawlReport, archive_url: str) -> None:
    health = {h.name: h for h in report.health}
    for s in report.sources:
        dropped = sum(int(v) for k, v in s.stats.items()
                      if k.startswith(("extract/dropped/", "language/dropped/")))
        stopped = " (interrupted)" if s.status == "interrupted" else ""
        click.echo(
            f"{s.name}{stopped}: {s.count('response_received_count')} pages, "
            f"{s.count('store/new')} new, {s.count('store/updated')} updated, "
            f"{s.count('store/unchanged')} unchanged, {dropped} skipped, "
            f"{s.count('alerts/fired')} alerts, {s.errors()} errors"
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
    click.echo(f"archive: {archive_url}")
