"""The archive: schema and the only code that speaks SQL."""

from storage import leases as _leases  # noqa: F401  (registers its table)
from storage.archive import Archive, SaveResult, StorageError

__all__ = ["Archive", "SaveResult", "StorageError"]
