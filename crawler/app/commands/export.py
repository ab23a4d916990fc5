"""`rasad export --config FILE --format jsonl|csv`: the archive's articles, as
JSON lines or CSV, streamed (constant memory) to stdout or --output FILE.

The columns are storage/export.py's COLUMNS (README, "Export"); times are ISO
8601 UTC, missing values empty (CSV) or null (JSON). --output is written to
FILE.part and renamed when complete, so a failed export never leaves a
truncated FILE. Reads only: a missing archive is an error, never created.

Exit codes: 0 done; 2 a user error in one line (bad config, missing archive,
unwritable output); 1 the database failed.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import click

from crawler.app.errors import user_errors
from crawler.app.filteropts import filter_options, filters_of


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def write_rows(rows: Any, fmt: str, out: IO[str]) -> int:
    """Write the rows in `fmt`; returns how many."""
    from storage.export import COLUMNS

    n = 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n") \
        if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for row in rows:
        record = {k: _plain(v) for k, v in row.items()}
        if writer is not None:
            writer.writerow(record)
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), required=True,
              help="JSON lines (one article a line) or CSV with a header.")
@filter_options
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")
@user_errors
def export(config_path: str, fmt: str, sources: tuple[str, ...], since: datetime | None,
           until: datetime | None, rule: str | None, output: Path | None) -> None:
    """Export the archive's articles (filtered as `rasad search`), streamed."""
    from crawler.core.config import load_config
    from storage.archive import Archive
    from storage.engine import StorageError
    from storage.export import export_rows

    config = load_config(config_path)
    archive = Archive.open(config.database_url, mode="read")
    try:
        rows = export_rows(archive.engine, filters_of(sources, since, until, rule))
        if output is None:
            write_rows(rows, fmt, sys.stdout)
            return
        part = output.with_name(output.name + ".part")
        try:
            with part.open("w", encoding="utf-8", newline="") as out:
                n = write_rows(rows, fmt, out)
        except BaseException as exc:
            part.unlink(missing_ok=True)  # never a truncated FILE, nor a stray FILE.part
            if isinstance(exc, OSError) and exc.filename is not None:
                raise StorageError(f"cannot write {output}: {exc.strerror or exc}") from None
            raise
        os.replace(part, output)
        click.echo(f"exported {n} articles to {output}", err=True)
    finally:
        archive.close()
