"""One fault, one measured crawl: build the site, crawl it with the real CLI,
inspect the archive, record the row of the fault table and check the targets."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.faults.hostile import HostileServer
from tests.faults.measure import FaultRow, Run, inspect_archive, measured_crawl
from tests.faults.sites import FaultSite, write_config

MEMORY_LIMIT_MB = 600
SLACK = 30.0  # seconds a crawl may take beyond its budget (start-up, the last pages)


@dataclass
class Scene:
    """What a fault mounted: the start URLs to crawl and the hosts that must not
    be contacted."""

    site: FaultSite
    start_urls: list[str]
    forbidden: list[HostileServer] = field(default_factory=list)
    crawl: dict[str, Any] = field(default_factory=dict)  # [crawl] keys of this fault
    sources: dict[str, list[str]] = field(default_factory=dict)  # more sources


@contextmanager
def hostile_hosts() -> Iterator[tuple[HostileServer, HostileServer]]:
    """The site on 127.0.0.2 and a host it must never make the crawler contact."""
    with HostileServer("127.0.0.2") as site, HostileServer("127.0.0.3") as forbidden:
        yield site, forbidden


def error_kinds(database_url: str) -> dict[str, int]:
    """Errors by kind over the crawl runs recorded in the archive."""
    engine = create_engine(database_url)
    out: dict[str, int] = {}
    try:
        with engine.connect() as conn:
            for (kinds,) in conn.execute(text("SELECT error_kinds FROM crawl_runs")):
                data = kinds if isinstance(kinds, dict) else json.loads(kinds)
                for k, n in data.items():
                    out[k] = out.get(k, 0) + int(n)
    finally:
        engine.dispose()
    return out


def run_fault(request: pytest.FixtureRequest, tmp_path: Path, group: str, scene: Scene,
              budget: float, database_url: str | None = None) -> tuple[FaultRow, Run]:
    """Crawl the scene once, measured; the row is recorded in the fault table."""
    db = database_url or f"sqlite:///{tmp_path / 'archive.db'}"
    sources = {"hostile": scene.start_urls, **scene.sources}
    config = write_config(tmp_path, db, sources, max_seconds=budget, **scene.crawl)
    run = measured_crawl(config, tmp_path, timeout=budget + SLACK)
    good, junk, dups = inspect_archive(db, scene.site.good.values())
    name = request.node.callspec.id if hasattr(request.node, "callspec") else \
        request.node.name.removeprefix("test_")
    row = FaultRow(name, group, run.finished, run.seconds, run.peak_mb, good,
                   len(scene.site.good), junk, dups,
                   sum(f.contacts() for f in scene.forbidden), budget)
    row.record(request)
    return row, run


def assert_survived(row: FaultRow, run: Run) -> None:
    detail = run.stderr[-3000:]
    assert row.finished, f"crawl did not finish: exit {run.returncode}\n{detail}"
    assert row.seconds <= row.budget + SLACK, f"{row.seconds}s beyond the budget {row.budget}s"
    assert row.good == row.expected, f"{row.good}/{row.expected} good articles\n{detail}"
    assert row.junk == 0, f"{row.junk} junk rows"
    assert row.duplicates == 0, f"{row.duplicates} duplicate rows"
    assert row.forbidden == 0, "a forbidden host was contacted"
    assert row.peak_mb < MEMORY_LIMIT_MB, f"{row.peak_mb} MB"


Mount = Callable[[HostileServer, HostileServer], Scene]
