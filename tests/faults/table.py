"""The fault table: every fault test records one row (`FaultRow.record`); after
the run the rows are printed as a table (also under pytest-xdist: rows travel
with the test reports; the hook is registered by tests/conftest.py, which the
xdist controller loads), and written as Markdown to the file named by the
environment variable RASAD_FAULT_TABLE when it is set (`tests/faults/report.py`
puts it into the README)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

COLUMNS = [("fault", "fault"), ("group", "kind"), ("finished", "finished"),
           ("seconds", "seconds"), ("budget", "budget s"), ("peak_mb", "peak MB (tree)"),
           ("good", "good stored"), ("junk", "junk rows"), ("duplicates", "duplicate rows"),
           ("forbidden", "forbidden hosts contacted")]


def _cell(row: dict[str, Any], key: str) -> str:
    value = row[key]
    if key == "finished":
        return "yes" if value else "NO"
    if key == "good":
        return f"{value}/{row['expected']}"
    return str(value)


def table(rows: list[dict[str, Any]]) -> str:
    ordered = sorted(rows, key=lambda r: (r["group"], r["fault"]))
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_cell(r, k) for k, _ in COLUMNS) + " |" for r in ordered]
    return "\n".join(lines) + "\n"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rows = [value for reports in terminalreporter.stats.values() for report in reports
            for name, value in getattr(report, "user_properties", ())
            if name == "fault_row" and getattr(report, "when", "") == "call"]
    if not rows:
        return
    terminalreporter.write_sep("=", "fault table (tests/faults)")
    terminalreporter.write(table(rows))
    target = os.environ.get("RASAD_FAULT_TABLE")
    if target:
        Path(target).write_text(table(rows), encoding="utf-8")
