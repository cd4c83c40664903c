"""The answers to one-letter prefixes, kept: the first key of a search typed in the box.

A one-letter prefix (`v`) stands for every word of the index that starts with it: ranking
them is the costliest search typed, and the one most often repeated (every search starts with
one of a few dozen letters). Its complete answer is kept while the searcher it came from is
the one searched: a change to the index opens a new searcher, and the answers kept of the old
one are dropped. An answer cut short by the typing time limit is not kept (the complete one
asked once typing settles is); nor is one that failed.
"""

from __future__ import annotations

import weakref
from typing import Any

from reader.search.parsed import ParsedQuery
from reader.search.results import SearchResults

# (the letter, how many hits, how many with their snippet)
Key = tuple[str, int, int]


def top_key(query: ParsedQuery, limit: int, snippets: int) -> Key | None:
    """The key of a one-letter prefix typed alone (no `|` level, no tag word); else None."""
    letter = query.text  # as typed: `v ` (a whole word) and `V` are other searches
    if not query.typing or len(letter) != 1 or not letter.isalnum():
        return None
    if query.outer or query.include or query.exclude:
        return None
    return letter, limit, snippets


class TopList:
    """Complete answers to one-letter prefixes, while the searcher they came from is open.
    The caller holds the index's lock. The searcher is not kept alive by the list: a closed
    one is let go with its readers."""

    def __init__(self) -> None:
        self._searcher: weakref.ref[Any] | None = None
        self._answers: dict[Key, SearchResults] = {}

    def _of(self, searcher: Any) -> bool:
        return self._searcher is not None and self._searcher() is searcher

    def get(self, searcher: Any, key: Key) -> SearchResults | None:
        """The answer kept for key from this searcher."""
        return self._answers.get(key) if self._of(searcher) else None

    def keep(self, searcher: Any, key: Key, results: SearchResults) -> None:
        """Keep a complete answer of this searcher (those of another searcher are dropped)."""
        if results.cut_short or results.error is not None:
            return
        if not self._of(searcher):
            self._searcher, self._answers = weakref.ref(searcher), {}
        self._answers[key] = results
