"""The folder's searches in its state database: a connection of their own beside the reading
state's (state_store.py), to the same file, for the tables of SEARCH_TABLES.

Reading (`read`) runs on the caller's thread: call it from a worker. Each change (`change`)
is one transaction, run in the order asked by the tables' StateWriter (state_writer.py, as
for marks and tags: one background thread, retries, the bounded last try at close), so the UI
thread never waits on SQLite and a kill at any moment leaves the last committed change. When
a write fails, the change and those after it stay queued, in order, and are retried. Nothing
raises: when the database cannot be opened, `error` says why and the caller keeps what it has
in memory.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reader.core.state_store import (
    SEARCH_TABLES,
    NewerSchema,
    cannot_write,
    check_version,
    connect,
    not_saved_notice,
    open_read_only,
    read_only_notice,
    set_busy_timeout,
    transaction,
)
from reader.core.state_writer import (
    FINAL_BUSY_SECONDS,
    SavedInBackground,
    StateWriter,
    why_not_saved,
)

__all__ = ["Change", "Done", "SearchTables"]

log = logging.getLogger(__name__)

T = TypeVar("T")
Change = Callable[[sqlite3.Connection], None]
Done = Callable[[str | None], None]  # told a change was written (None) or why it is not yet


@dataclass(eq=False, slots=True)
class _Entry:
    change: Change
    done: Done | None = None
    told: bool = False  # done was called already


class SearchTables(SavedInBackground):
    """The tables of searches of one state database, opened when first used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: str | None = None  # why searches are not saved at all, for the user
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._lock = threading.Lock()  # guards the connection: one statement group at a time
        self._guard = threading.RLock()  # guards the queue
        self._queue: deque[_Entry] = deque()  # not written yet, in order; the first is next
        self._writer = StateWriter(
            "search-writer",
            self._guard,
            pending=lambda: bool(self._queue),
            write=self._write,
            close=self._close_db,
        )

    def _connection(self) -> sqlite3.Connection | None:
        """The connection, opened on first use (lock held)."""
        if not self._opened:
            self._opened = True
            try:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    why = (exc.strerror or str(exc)).lower()
                    self._read_only(f"cannot create {self.path.parent}: {why}")
                    return self._db
                db = connect(self.path)
                try:
                    check_version(db)
                    db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(SEARCH_TABLES)
                    _add_tag(db)
                except BaseException:
                    db.close()
                    raise
                self._db = db
            except NewerSchema as exc:
                self._writer.unwritable = f"{self.path} was {exc}"
                self.error = not_saved_notice(self._writer.unwritable)
            except (sqlite3.Error, OSError) as exc:
                detail = str(exc) if isinstance(exc, sqlite3.Error) else exc.strerror or str(exc)
                self._read_only(cannot_write(self.path, detail))
        return self._db

    def _read_only(self, why: str) -> None:
        """The file cannot be written (why): only read the searches; nothing will be saved,
        and each change is counted as lost (lock held)."""
        self._writer.unwritable = why
        try:
            self._db = open_read_only(self.path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("The searches in %s cannot be read either: %s", self.path, exc)
            self.error = not_saved_notice(why)
            return
        self.error = read_only_notice(why)

    def read(self, query: Callable[[sqlite3.Connection], T], default: T) -> T:
        """What query reads (default when the database cannot be read); slow: a worker's."""
        self.flush()  # what was changed before is read back
        with self._lock:
            db = self._connection()
            if db is None:
                return default
            try:
                return query(db)
            except sqlite3.Error as exc:
                self.error = f"Searches could not be read from {self.path} ({exc})"
                return default

    def change(self, change: Change, done: Done | None = None) -> None:
        """Make this change in one transaction, soon, on the writer thread. done (called on
        that thread, once) is told None when it is written, or why not when its write, or
        one before it, fails: it is then kept and retried (when nothing can be written,
        `unwritable`, done is told why at once, and the change counted as lost at the end)."""
        with self._guard:
            entry = _Entry(change, done)
            self._queue.append(entry)
            self._writer.changed()
            why = self._writer.unwritable
            entry.told = why is not None
        if why is not None and done is not None:  # said at once: it will never be written
            done(why)

    def _write(self, last: bool) -> str | None:
        """One try of the writer: write the changes asked so far, in order, each in its own
        transaction, until one fails; why it failed (it stays first, the others behind it),
        or None."""
        with self._guard:
            entries = list(self._queue)
        for entry in entries:
            problem = self._write_now(entry.change, last)
            with self._guard:
                if problem is None:
                    self._queue.popleft()  # entry: only this thread takes from the queue
                    tell = [] if entry.told else [entry]
                else:  # told once each: those asked since this try began too
                    tell = [e for e in self._queue if not e.told]
                for told in tell:
                    told.told = True
            self._writer.tell(problem)  # the listener first, then each change's done
            for told in tell:
                if told.done is not None:
                    try:
                        told.done(problem)
                    except Exception:  # the listener may be gone: the writer carries on
                        log.warning("A saved search's listener failed", exc_info=True)
            if problem is not None:
                return problem
        return None

    def _write_now(self, change: Change, last: bool = False) -> str | None:
        """Write one change; why it failed (also: nothing can be written), or None."""
        with self._lock:
            db = self._connection()
            if db is None or self._writer.unwritable is not None:
                return self._writer.unwritable or "the searches are closed"
            if last:
                set_busy_timeout(db, FINAL_BUSY_SECONDS)
            try:
                with transaction(db):
                    change(db)
            except Exception as exc:  # a full disk, a lock held long; or a mistake: retried
                return why_not_saved(exc, "searches")
            return None

    def _close_db(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
            self._db = None
            self._opened = True

    def unsaved_report(self) -> str | None:
        """What is not saved and why, in one line ("2 changes to searches could not be saved:
        database is locked"), or None when everything is."""
        with self._guard:
            left = len(self._queue)
            why = self._why_unsaved()
        if not left:
            return None
        what = "change to searches" if left == 1 else "changes to searches"
        return f"{left:,} {what} could not be saved: {why}"


def _add_tag(db: sqlite3.Connection) -> None:
    """Give a saved_searches table made before a saved search kept its tag filter the column
    (an older reader reads and writes the table as before: it names its columns). Checked and
    added in one transaction, so two readers opening the folder at once never both add it."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(saved_searches)")}
    if "tag" in columns:
        return
    with transaction(db):
        columns = {row[1] for row in db.execute("PRAGMA table_info(saved_searches)")}
        if "tag" not in columns:
            db.execute("ALTER TABLE saved_searches ADD COLUMN tag TEXT")
