"""Run a real `rasad crawl` against a hostile site and measure what it did.

`measured_crawl` runs the CLI in a child process and samples the resident
memory of its whole process tree (the crawl, its extraction workers and its
writer) every 50 ms; `inspect_archive` reads the archive afterwards: which good
articles are stored whole, which rows are junk (anything else, or a good
article stored cut short), and how many rows are duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest
from sqlalchemy import create_engine, text

from crawler.app.demo.corpus import Article
from tests.cli import start_rasad


@dataclass
class Run:
    finished: bool  # exited by itself, with code 0, within the time limit
    returncode: int | None
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


@dataclass
class FaultRow:
    """One line of the fault table."""

    fault: str
    group: str
    finished: bool = False
    seconds: float = 0.0
    peak_mb: float = 0.0
    good: int = 0
    expected: int = 0
    junk: int = 0
    duplicates: int = 0
    forbidden: int = 0
    budget: float = 0.0
    notes: list[str] = field(default_factory=list)

    def record(self, request: pytest.FixtureRequest) -> None:
        request.node.user_properties.append(("fault_row", asdict(self)))


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measured_crawl(config: Path, tmp: Path, timeout: float, *args: str,
                   env: dict[str, str] | None = None, kill_after: float | None = None) -> Run:
    """`rasad crawl --config CONFIG ARGS`; with `kill_after`, SIGKILL it then."""
    out, err = (tmp / "crawl.out").open("w+"), (tmp / "crawl.err").open("w+")
    started = time.monotonic()
    child = start_rasad("crawl", "--config", str(config), *args, stdout=out, stderr=err,
                        env=env)
    proc, peak = psutil.Process(child.pid), 0
    limit = kill_after if kill_after is not None else timeout
    while child.poll() is None and time.monotonic() - started < limit:
        try:
            peak = max(peak, _tree_rss(proc))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)
    seconds = time.monotonic() - started
    out.seek(0)
    err.seek(0)
    run = Run(kill_after is None and child.returncode == 0 and seconds < timeout,
              child.returncode, round(seconds, 1), round(peak / 2**20), out.read(), err.read())
    out.close()
    err.close()
    return run


def _norm(s: str) -> str:
    return " ".join(s.split())


def _matches(body: str, article: Article) -> bool:
    return _norm(article.paragraphs[0])[:60] in _norm(body)


def _whole(body: str, article: Article) -> bool:
    norm = _norm(body)
    return "\ufffd" not in body and _norm(article.paragraphs[0]) in norm and \
        _norm(article.paragraphs[-1]) in norm


def inspect_archive(database_url: str, good: Iterable[Article]) -> tuple[int, int, int]:
    """(good articles stored whole, junk rows, duplicate rows)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            bodies = [r[0] for r in conn.execute(text("SELECT body FROM articles"))]
    finally:
        engine.dispose()
    good = list(good)
    whole, junk, dups = 0, 0, 0
    matched: dict[str, int] = {}
    for body in bodies:
        article = next((a for a in good if _matches(body, a)), None)
        if article is None or not _whole(body, article):
            junk += 1
            continue
        matched[article.slug] = matched.get(article.slug, 0) + 1
    whole = len(matched)
    dups = sum(n - 1 for n in matched.values())
    return whole, junk, dups


def stat_lines(stdout: str) -> Mapping[str, Any]:
    """The summary line of each source (`NAME: N pages, N new, ...`) by name."""
    out: dict[str, str] = {}
    for line in stdout.splitlines():
        name, sep, rest = line.partition(": ")
        if sep and " pages, " in rest:
            out[name] = rest
    return out
