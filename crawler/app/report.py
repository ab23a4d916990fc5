"""Plain-text summaries of a crawl for the terminal (stdout)."""

from __future__ import annotations

import click

from crawler.app.runner import CrawlReport


def print_crawl_report(report: CrawlReport, archive_url: str) -> None:
    for s in report.sources:
        dropped = sum(int(v) for k, v in s.stats.items()
                      if k.startswith(("extract/dropped/", "language/dropped/")))
        stopped = " (interrupted)" if s.status == "interrupted" else ""
        spent = s.stats.get("budget/exhausted")  # spiders/budget.py closed the crawl
        click.echo(
            f"{s.name}{stopped}: {s.count('response_received_count')} pages, "
            f"{s.count('store/new')} new, {s.count('store/updated')} updated, "
            f"{s.count('store/unchanged')} unchanged, {dropped} skipped, "
            f"{s.count('alerts/fired')} alerts, {s.errors()} errors"
            + (f" ({spent} budget spent)" if spent else "")
        )
    d = report.delivery
    if d is not None:
        line = f"alerts delivered: {d.sent} sent, {d.failed} failed"
        if d.dead:
            line += f", {d.dead} dead (rasad alerts list --status dead)"
        click.echo(line)
    click.echo(f"archive: {archive_url}")
