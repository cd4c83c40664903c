"""Search: Whoosh lives only here. SearchIndex is the one door.

One module per concept, each the only home of what it names:

- query.py      what the user typed -> a query tree (pure Python, no Whoosh)
- analysis.py   tokenizer, analyzers, stop words, the schema
- compile.py    query tree -> Whoosh queries: phrases, prefixes, fuzzy words
- scoring.py    BM25, the plain-words ranking, top hits (Whoosh matcher internals)
- phrases.py    quoted phrases: PositionalPhrase, its matching and scores
- highlight.py  match spans and snippets
- spelling.py   the vocabulary, "did you mean"
- documents.py  an article's document, and what an update writes and removes
- writing.py    building and updating the index (Whoosh writer internals)
- store.py      the index folder: open, verify, set aside, create; the searcher
- service.py    SearchIndex: update, search, related, snippets
- results.py    SearchResults, SearchHit, UpdateStats
- errors.py     SearchError and its kinds
- index.py      the public names re-exported, for the other layers

The names below are loaded on first use, so importing `reader.search.query` or
`reader.search.errors` does not import Whoosh.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.search.errors import (
        IndexBusyError,
        IndexDamagedError,
        IndexUnavailableError,
        QueryError,
        SearchError,
    )
    from reader.search.highlight import highlight_spans, make_snippet
    from reader.search.results import SearchHit, SearchResults, UpdateStats
    from reader.search.service import SearchIndex

_HOMES = {
    "SearchError": "errors",
    "IndexBusyError": "errors",
    "IndexDamagedError": "errors",
    "IndexUnavailableError": "errors",
    "QueryError": "errors",
    "highlight_spans": "highlight",
    "make_snippet": "highlight",
    "SearchHit": "results",
    "SearchIndex": "service",
    "SearchResults": "results",
    "UpdateStats": "results",
}

__all__ = [
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
    "make_snippet",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"reader.search.{home}"), name)
