"""What runs inside the archive writer process (see pipelines/store.py).

Kept free of Scrapy: a spawned writer imports only the module of the function
it runs, so it holds the archive stack and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.core.text.minhash import fingerprint
from storage.archive import Archive, SaveArgs, SaveResult, StorageError

_ARCHIVE: list[Archive] = []  # this writer process's own archive (one entry)


def open_writer(database_url: str) -> None:
    _ARCHIVE.append(Archive.open(database_url))
    fingerprint("تهيئة")  # loads the MinHash stack now, not with the first article


def save_batch_in_writer(batch: Sequence[SaveArgs]) -> list[SaveResult | StorageError]:
    return _ARCHIVE[0].save_articles(batch)
