"""The archive: schema and the only code that speaks SQL."""

# Modules whose tables join the shared schema metadata when imported.
from storage import (  # noqa: F401
    crawlstate,
    daemonevents,
    furniture,
    health,
    leases,
    neardup,
    runs,
    urlkeys,
    versions,
)
from storage.archive import Archive, ArchiveUnavailable, SaveResult, StorageError

__all__ = ["Archive", "ArchiveUnavailable", "SaveResult", "StorageError"]
