"""The search layer's public names, where the other layers have always imported them from.

The code lives in one module per concept (see reader/search/__init__.py); this module only
re-exports. Patch a private name in the module that looks it up, not here.
"""

from __future__ import annotations

from reader.search.analysis import ANALYZER, SCHEMA_VERSION, STOP_WORDS, make_schema
from reader.search.errors import (
    FolderEmptiedError,
    IndexBusyError,
    IndexDamagedError,
    IndexUnavailableError,
    QueryError,
    SearchError,
)
from reader.search.highlight import SNIPPET_CHARS, SNIPPET_EAGER, highlight_spans, make_snippet
from reader.search.results import SearchHit, SearchResults, UpdateStats
from reader.search.service import SearchIndex
from reader.search.store import INDEX_NAME, VERSION_FILE, VOCAB_FILE

__all__ = [
    "ANALYZER",
    "INDEX_NAME",
    "SCHEMA_VERSION",
    "SNIPPET_CHARS",
    "SNIPPET_EAGER",
    "STOP_WORDS",
    "VERSION_FILE",
    "VOCAB_FILE",
    "FolderEmptiedError",
    "IndexBusyError",
    "IndexDamagedError",
    "IndexUnavailableError",
    "QueryError",
    "SearchError",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
    "UpdateStats",
    "highlight_spans",
    "make_schema",
    "make_snippet",
]
