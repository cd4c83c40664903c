"""Search history: the last queries run in a folder, newest first, kept in its state database.

A query enters the history when it is run for good (submitted with Enter, or a result of it
opened), not at every keystroke. Running one again moves it to the top; the history keeps
the newest HISTORY_CAP, each cut to ENTRY_CHARS (what a search of the most levels reads),
when it is run and when it is read back: a 1 MB paste run once costs the history nothing.
The walk through it (↑/↓ in the search box) is pure: `older` and `newer` say where it goes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial

from reader.core.query_limits import MAX_LEVELS, MAX_QUERY_CHARS
from reader.core.search_tables import SearchTables

HISTORY_CAP = 100
ENTRY_CHARS = MAX_QUERY_CHARS * MAX_LEVELS


def normalized(query: str) -> str:
    """The query as the history keeps it: runs of spaces as one, no space at the ends, at
    most ENTRY_CHARS characters."""
    return " ".join(query[: ENTRY_CHARS * 4].split())[:ENTRY_CHARS].rstrip()


def remembered(entries: Sequence[str], query: str, cap: int = HISTORY_CAP) -> list[str]:
    """The history after query is run: it first, no other copy of it, at most cap."""
    query = normalized(query)
    if not query:
        return list(entries[:cap])
    return [query, *(e for e in entries if e != query)][:cap]


def older(entries: Sequence[str], value: str, at: int | None) -> int | None:
    """Where ↑ goes in the history from a search box holding value: the walk stands `at` an
    entry (None before it starts). The walk starts from an empty box, or from one holding
    a query of the history as it was run (it then goes on from there); None: ↑ does not
    walk (a query typed or edited), or there is no older entry."""
    if at is not None and 0 <= at < len(entries) and entries[at] == value:
        position = at
    elif not value.strip():
        position = -1
    elif normalized(value) in entries:
        position = entries.index(normalized(value))
    else:
        return None
    return position + 1 if position + 1 < len(entries) else None


def newer(entries: Sequence[str], value: str, at: int | None) -> int | None:
    """Where ↓ goes during a walk: the next newer entry, or -1 past the newest (the box as
    it was before the walk). None when there is no walk to go on with (`at` is None, or the
    box was edited since): ↓ then moves into the results."""
    if at is None or not 0 <= at < len(entries) or entries[at] != value:
        return None
    return at - 1


def _read(cap: int, db: sqlite3.Connection) -> list[str]:
    # Cut in SQLite: a long entry (saved before entries were cut) is never read whole.
    rows = db.execute(
        "SELECT substr(query, 1, ?) FROM search_history ORDER BY used DESC LIMIT ?",
        (ENTRY_CHARS * 4, cap),
    )
    entries: list[str] = []
    for (query,) in rows:
        entry = normalized(str(query))
        if entry and entry not in entries:
            entries.append(entry)
    return entries


def _add(query: str, cap: int, db: sqlite3.Connection) -> None:
    # One transaction (SearchTables.change): the entry and the cap hold together.
    db.execute(
        "INSERT INTO search_history (query, used)"
        " VALUES (?, (SELECT COALESCE(MAX(used), 0) + 1 FROM search_history))"
        " ON CONFLICT(query) DO UPDATE SET used = excluded.used",
        (query,),
    )
    db.execute(
        "DELETE FROM search_history WHERE query NOT IN"
        " (SELECT query FROM search_history ORDER BY used DESC LIMIT ?)",
        (cap,),
    )


class SearchHistory:
    """The history of one folder: in memory once loaded, each run saved by the writer.

    `load` reads the database (a worker's); `take` and `add` touch memory only, and return
    at once (one thread, the UI's, calls them)."""

    def __init__(self, tables: SearchTables, cap: int = HISTORY_CAP) -> None:
        self.tables = tables
        self.cap = cap
        self.entries: list[str] = []  # newest first
        self.loaded = False
        self._added: list[str] = []  # run before the history was loaded, oldest first

    def load(self) -> list[str]:
        """The saved history, newest first (slow: call it from a worker)."""
        return self.tables.read(partial(_read, self.cap), [])

    def take(self, loaded: Sequence[str]) -> None:
        """Use the history load() read, with the queries run meanwhile on top."""
        entries = list(loaded)
        for query in self._added:
            entries = remembered(entries, query, self.cap)
        self.entries, self.loaded, self._added = entries, True, []

    def add(self, query: str) -> None:
        """Remember query as the newest entry (saved in the background)."""
        query = normalized(query)
        if not query:
            return
        if not self.loaded:
            self._added.append(query)
        self.entries = remembered(self.entries, query, self.cap)
        self.tables.change(partial(_add, query, self.cap))
