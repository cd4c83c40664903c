"""Saved searches (smart lists): a query with its filters and order, under a name, kept in the
folder's state database. Saving under a name in use replaces that search; each save and each
delete is one transaction.

Counting what a saved search finds is pure (`count`): the paths it matches come from the
search layer, in a worker.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from reader.core.article import ArticleSummary
from reader.core.ordering import RELEVANCE, SEARCH_SORTS, ListFilter, natural_key
from reader.core.search_tables import Done, SearchTables

NAME_MAX = 80  # characters of a name


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query (its `|` levels included), the filters and the order its results had."""

    name: str
    query: str
    list_filter: ListFilter = field(default_factory=ListFilter)
    sort: str = RELEVANCE


@dataclass(frozen=True, slots=True)
class Counts:
    """How many articles a saved search shows (its filters applied), and how many unread."""

    matches: int
    unread: int


def clean_name(name: str) -> str:
    """A name as it is kept: one line, runs of spaces as one, at most NAME_MAX characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in name).split())[:NAME_MAX]


def count(
    saved: SavedSearch,
    paths: Collection[str],
    by_path: Mapping[str, ArticleSummary],
    is_read: Callable[[str], bool],
    is_starred: Callable[[str], bool],
    tags_of: Callable[[str], Collection[str]] | None = None,
) -> Counts:
    """What the saved search's results hold: the articles at paths (every match of its query)
    that are in the folder and its filters keep, and how many of them are unread. tags_of
    gives an article's tags (for a tag filter: without it, nothing has a tag)."""
    matches = unread = 0
    for path in paths:
        summary = by_path.get(path)
        if summary is None or not saved.list_filter.keep(summary, is_read, is_starred, tags_of):
            continue
        matches += 1
        if not is_read(path):
            unread += 1
    return Counts(matches, unread)


def _read(db: sqlite3.Connection) -> list[SavedSearch]:
    rows = db.execute("SELECT name, query, unread, starred, source, tag, sort FROM saved_searches")
    out = []
    for name, query, unread, starred, source, tag, sort in rows:
        list_filter = ListFilter(
            bool(unread),
            bool(starred),
            None if source is None else str(source),
            None if tag is None else str(tag),
        )
        out.append(
            SavedSearch(
                str(name), str(query), list_filter, sort if sort in SEARCH_SORTS else RELEVANCE
            )
        )
    return out


def _save(saved: SavedSearch, stamp: int, db: sqlite3.Connection) -> None:
    f = saved.list_filter
    db.execute(
        "INSERT OR REPLACE INTO saved_searches"
        " (name, query, unread, starred, source, tag, sort, saved) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            saved.name,
            saved.query,
            int(f.unread),
            int(f.starred),
            f.source,
            f.tag,
            saved.sort,
            stamp,
        ),
    )


def _delete(name: str, db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM saved_searches WHERE name = ?", (name,))


class SavedSearches:
    """The saved searches of one folder: in memory once loaded, each change saved by the
    writer. `load` reads the database (a worker's); the rest touch memory only."""

    def __init__(self, tables: SearchTables) -> None:
        self.tables = tables
        self._by_name: dict[str, SavedSearch] = {}
        self.loaded = False
        self._pending: list[tuple[str, SavedSearch | None]] = []  # changes made before load

    def load(self) -> list[SavedSearch]:
        """The saved searches in the database (slow: call it from a worker)."""
        return self.tables.read(_read, [])

    def take(self, loaded: Sequence[SavedSearch]) -> None:
        """Use what load() read, with the changes made meanwhile applied."""
        by_name = {s.name: s for s in loaded}
        for name, saved in self._pending:
            if saved is None:
                by_name.pop(name, None)
            else:
                by_name[name] = saved
        self._by_name, self.loaded, self._pending = by_name, True, []

    @property
    def all(self) -> list[SavedSearch]:
        """Every saved search, by name as people sort (case and accents aside)."""
        return sorted(self._by_name.values(), key=lambda s: natural_key(s.name))

    def get(self, name: str) -> SavedSearch | None:
        """The saved search of that name."""
        return self._by_name.get(name)

    def save(self, saved: SavedSearch, done: Done | None = None) -> None:
        """Keep saved (in place of the one of its name, if any); saved in the background.
        done is told, on the writer thread, None once it is written, or why it is not yet
        (it is kept in memory and retried: SearchTables.change)."""
        self._by_name[saved.name] = saved
        if not self.loaded:
            self._pending.append((saved.name, saved))
        self.tables.change(partial(_save, saved, time.time_ns()), done)

    def delete(self, name: str) -> None:
        """Forget the saved search of that name (in the background)."""
        self._by_name.pop(name, None)
        if not self.loaded:
            self._pending.append((name, None))
        self.tables.change(partial(_delete, name))
