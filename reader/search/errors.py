"""The search layer's typed errors: what callers of SearchIndex may catch or find in results.

`SearchIndex.update()` raises IndexBusyError, IndexUnavailableError and FolderEmptiedError.
`SearchIndex.search()` never raises: a search that could not run returns SearchResults with
`error` set to an IndexDamagedError (reading the index failed: the next update reads the whole
index and rebuilds it if broken), a QueryError (the query itself could not be handled: the
index is not suspected) or a SearchFailedError (a mistake of reader's own, logged with its
traceback: neither the index nor the query is blamed). `str(error)` is the sentence shown to
the user, the same as the message.
"""

from __future__ import annotations


class SearchError(Exception):
    """Anything the search layer reports as an error."""


class IndexDamagedError(SearchError):
    """The engine failed in a way that suggests damaged index files; a repair is due."""


class QueryError(SearchError):
    """A query the engine cannot handle (e.g. nested too deeply); the index is fine."""


class SearchFailedError(SearchError):
    """The search failed on an unexpected error (its traceback is in the log): a mistake of
    reader's, or a read of the index that failed again once a full check had found it sound.
    Not a damaged index, not the user's query: nothing is repaired."""


class IndexBusyError(SearchError, RuntimeError):
    """Another process holds the index's write lock."""


class IndexUnavailableError(SearchError, OSError):
    """The index folder cannot be created or written (read-only, not a folder, disk full);
    `reason` says why in a few words ("read-only file system")."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class FolderEmptiedError(SearchError, RuntimeError):
    """The folder holds no article now where the index holds some (an unmounted drive, a
    folder made unreadable): the index is kept as it was rather than emptied."""
