"""What the search layer answers with: SearchResults and its SearchHits, and the UpdateStats
of an update(). Plain frozen data, no Whoosh, built by keyword (kw_only: a positional
argument is a TypeError, so no two fields can be swapped unnoticed).
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.search.errors import SearchError


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateStats:
    """What one update() did."""

    added: int
    updated: int
    removed: int
    unreadable: int
    total: int
    notice: str | None = None  # e.g. a damaged index was set aside and rebuilt


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One ranked article with a plain-text snippet and the match offsets inside it."""

    path: str
    title: str
    score: float
    source: str | None
    date: float | None
    all_words: bool  # the article has every word of the query (not only the closest match)
    snippet: str = ""  # made later for the hits past the first screenful
    snippet_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResults:
    """The answer to one query. `message` is for display; `error` is set when the search
    could not run (IndexDamagedError, QueryError, SearchFailedError), with the same wording as
    `message`."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    all_words_total: int
    message: str | None
    # the words matched, to mark in the article; one searched in the title only is written
    # "title:word" (highlight.to_mark) and marked only there
    terms: frozenset[str] = frozenset()
    fallback: bool = False  # no article has every word: the closest matches are listed
    partial: bool = (
        False  # incomplete: a time limit fired (cut_short) or a prefix's words were capped
    )
    suggestion: str | None = None
    error: SearchError | None = None
    cut_short: bool = False  # the time limit fired: a complete search may rank differently
