"""The archive: schema and the only code that speaks SQL."""

from storage import runs  # noqa: F401  (registers the crawl_runs table on the metadata)
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
