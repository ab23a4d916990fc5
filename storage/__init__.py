"""The archive: schema and the only code that speaks SQL."""

from storage import health, runs  # noqa: F401  (register their tables on the metadata)
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
