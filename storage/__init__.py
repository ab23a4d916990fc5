"""The archive: schema and the only code that speaks SQL."""

from storage import neardup, urlkeys, versions  # noqa: F401  (their tables join the schema)
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
