"""The search layer's typed errors: what callers of SearchIndex may catch.

`SearchIndex.update()` raises IndexBusyError and IndexUnavailableError.
"""

from __future__ import annotations


class SearchError(Exception):
    """Anything the search layer reports as an error."""


class IndexBusyError(SearchError, RuntimeError):
    """Another process holds the index's write lock."""


class IndexUnavailableError(SearchError, OSError):
    """The index folder cannot be created or written (read-only, not a folder, disk full)."""
