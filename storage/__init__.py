"""The archive: schema and the only code that speaks SQL."""

# Modules whose tables join the shared schema metadata when imported.
from storage import crawlstate, health, leases, neardup, runs, urlkeys, versions  # noqa: F401
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
