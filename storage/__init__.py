"""The archive: schema and the only code that speaks SQL."""

from storage import furniture  # noqa: F401  (registers its table in schema.metadata)
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
