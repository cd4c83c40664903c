"""The folder's searches in its state database: a connection of their own beside the reading
state's (state_store.py), to the same file, for the tables of SEARCH_TABLES.

Reading (`read`) runs on the caller's thread: call it from a worker. Each change (`change`)
is one transaction, run in the order asked on a writer thread of its own, so the UI thread
never waits on SQLite and a kill at any moment leaves the last committed change. Nothing
raises: when the database cannot be opened or written, `error` says why and the caller keeps
what it has in memory.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.core.state_store import SCHEMA_VERSION, SEARCH_TABLES, connect, transaction

T = TypeVar("T")
Change = Callable[[sqlite3.Connection], None]


class SearchTables:
    """The tables of searches of one state database, opened when first used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: str | None = None  # why searches are not (all) saved, for the user
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._lock = threading.Lock()  # guards the connection: one statement group at a time
        self._queue: deque[Change] = deque()
        self._idle = threading.Condition(threading.Lock())  # guards _queue and _writer
        self._writer: threading.Thread | None = None

    def _connection(self) -> sqlite3.Connection | None:
        """The connection, opened on first use (lock held)."""
        if not self._opened:
            self._opened = True
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = connect(self.path)
                try:
                    version = db.execute("PRAGMA user_version").fetchone()[0]
                    if version > SCHEMA_VERSION:
                        raise sqlite3.OperationalError(
                            f"written by a newer reader (schema {version})"
                        )
                    db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(SEARCH_TABLES)
                    _add_tag(db)
                except BaseException:
                    db.close()
                    raise
                self._db = db
            except (sqlite3.Error, OSError) as exc:
                self.error = f"Searches are not saved: cannot open {self.path} ({exc})"
                self.error += "; they last until you quit"
        return self._db

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

    def change(self, change: Change) -> None:
        """Make this change in one transaction, soon, on the writer thread."""
        with self._idle:
            self._queue.append(change)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_all, name="search-writer")
                try:
                    self._writer.start()
                except RuntimeError:  # no new thread at interpreter shutdown: write here
                    self._writer = None
                    self._write_now(self._queue.popleft())

    def _write_all(self) -> None:
        while True:
            with self._idle:
                if not self._queue:
                    self._writer = None
                    self._idle.notify_all()
                    return
                change = self._queue.popleft()
            self._write_now(change)

    def _write_now(self, change: Change) -> None:
        with self._lock:
            db = self._connection()
            if db is None:
                return
            try:
                with transaction(db):
                    change(db)
            except Exception as exc:  # sqlite3.Error, OSError: a full disk, a lock held long
                self.error = f"A search could not be saved to {self.path} ({exc})"

    def flush(self) -> None:
        """Wait until every change asked for so far is written (or failed: see `error`)."""
        with self._idle:
            while self._writer is not None:
                self._idle.wait()

    def close(self) -> None:
        """Write what is pending and close the connection; later changes are not saved."""
        self.flush()
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
            self._db = None
            self._opened = True


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
