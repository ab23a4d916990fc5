"""The archive: schema and the only code that speaks SQL."""

from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
