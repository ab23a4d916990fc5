"""Tasks that run against the archive: in the archive's writer process, or on
the crawl process's database thread (see `storage/runtime.py`).

Each task is a module-level function taking the `Archive` first, so that it
can be sent to the writer process. Kept free of Scrapy: a spawned writer
imports only this module and the archive stack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from crawler.core.text.minhash import fingerprint
from storage.archive import Archive, SaveArgs, SaveResult, StorageError
from storage.crawlstate import CrawlState, Known, Validators
from storage.furniture import add_line_counts, forget_lines, load_line_counts

T = TypeVar("T")
_ARCHIVE: list[Archive] = []  # the writer process's own archive (one entry)


def open_writer(database_url: str) -> None:
    """The writer process's initializer: open the archive once."""
    _ARCHIVE.append(Archive.open(database_url))
    fingerprint("تهيئة")  # loads the MinHash stack now, not with the first article


def in_writer(task: Callable[..., T], *args: Any) -> T:
    """Run `task(archive, *args)` with the writer process's archive."""
    return task(_ARCHIVE[0], *args)


# -- the tasks ------------------------------------------------------------------
def save_batch(archive: Archive, batch: Sequence[SaveArgs]) -> list[SaveResult | StorageError]:
    return archive.save_articles(batch)


def last_fetch_times(archive: Archive, urls: list[str]) -> dict[str, Known | None]:
    return CrawlState(archive.engine).last_fetched_many(urls)


def validators_of(archive: Archive, url: str) -> Validators | None:
    return CrawlState(archive.engine).validators(url)


def store_validators(archive: Archive, url: str, found: Validators) -> None:
    CrawlState(archive.engine).save_validators(url, found)


def learning_state(archive: Archive, source: str, limit: int = 0) -> dict[str, int]:
    """A source's learned furniture counts (the `limit` most frequent; 0: all)."""
    return load_line_counts(archive.engine, source, limit)


def add_learned(archive: Archive, source: str, increments: Mapping[str, int],
                forgotten: Sequence[str] = ()) -> None:
    forget_lines(archive.engine, source, forgotten)
    add_line_counts(archive.engine, source, increments)
