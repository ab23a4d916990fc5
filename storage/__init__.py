"""The archive: schema and the only code that speaks SQL."""

from storage import crawlstate, neardup, urlkeys, versions  # noqa: F401  (tables join schema)
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
