"""What the search layer answers with: SearchResults and its SearchHits, and the UpdateStats
of an update(). Plain frozen data, no Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.search.errors import SearchError


@dataclass(frozen=True, slots=True)
class UpdateStats:
    """What one update() did."""

    added: int
    updated: int
    removed: int
    unreadable: int
    total: int
    notice: str | None = None  # e.g. a damaged index was set aside and rebuilt


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked article with a plain-text snippet and the match offsets inside it."""

    path: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...]
    source: str | None
    date: float | None
    all_words: bool


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The answer to one query. `message` is for display; `error` is set when the search
    could not run (IndexDamagedError, QueryError), with the same wording as `message`."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    all_words_total: int
    fallback: bool
    message: str | None
    partial: bool  # incomplete: a time limit fired (cut_short) or a prefix's words were capped
    suggestion: str | None
    terms: frozenset[str]
    error: SearchError | None = None
    cut_short: bool = False  # the time limit fired: a complete search may rank differently
