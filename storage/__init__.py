"""The archive: schema and the only code that speaks SQL."""

# Modules whose tables join the shared schema metadata when imported.
from storage import crawlstate, furniture, leases, neardup, urlkeys, versions  # noqa: F401
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
