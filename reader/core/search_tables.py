"""The folder's searches in its state database: a connection of their own beside the reading
state's (state_store.py), to the same file, for the tables of SEARCH_TABLES.

Reading (`read`) runs on the caller's thread: call it from a worker. Each change (`change`)
is one transaction, run in the order asked on a writer thread of its own, so the UI thread
never waits on SQLite and a kill at any moment leaves the last committed change.

As with marks (state.py): when a write fails (a full disk, a read-only file, a lock held too
long) the change and those after it stay queued, in order; `save_problem` says why (and
`on_save_problem` is told, on the writer thread), and the writer tries again after a pause
that grows (RETRY_SECONDS), or at once when something else changes; the first write that
works clears the problem. `close()` tries a last time, waiting at most CLOSE_SECONDS;
`unsaved_report()` then says what could not be saved. Nothing raises: when the database
cannot be opened, `error` says why and the caller keeps what it has in memory.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reader.core.state import why_not_saved
from reader.core.state_store import (
    CLOSE_SECONDS,
    FINAL_BUSY_SECONDS,
    RETRY_SECONDS,
    SCHEMA_VERSION,
    SEARCH_TABLES,
    SaveProblems,
    connect,
    transaction,
)

__all__ = ["SearchTables"]

T = TypeVar("T")
Change = Callable[[sqlite3.Connection], None]
Done = Callable[[str | None], None]  # told a change was written (None) or why it is not yet


@dataclass(eq=False, slots=True)
class _Entry:
    change: Change
    done: Done | None = None
    told: bool = False  # done was called already


class SearchTables(SaveProblems):
    """The tables of searches of one state database, opened when first used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: str | None = None  # why searches are not saved at all, for the user
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._lock = threading.Lock()  # guards the connection: one statement group at a time
        self._queue: deque[_Entry] = deque()  # not written yet, in order; the first is next
        guard = threading.Lock()  # guards all below
        self._idle = threading.Condition(guard)  # notified when a write was tried
        self._wake = threading.Condition(guard)  # a writer waiting to retry: try now
        self._writer: threading.Thread | None = None
        self._changes = 0  # how many changes were asked; the writer has tried the first _tried
        self._tried = 0
        self._failures = 0  # failed writes in a row
        self._closing = False  # close() was called: the next failure is the last try
        self._closed = False
        self.save_problem: str | None = None  # why the last write failed; None once one works
        # Told (on the writer thread) when save_problem changes: the problem, or None.
        self.on_save_problem: Callable[[str | None], None] | None = None

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

    def change(self, change: Change, done: Done | None = None) -> None:
        """Make this change in one transaction, soon, on the writer thread. done (called on
        that thread, once) is told None when it is written, or why not when its write, or
        one before it, fails: it is then kept and retried."""
        with self._idle:
            self._queue.append(_Entry(change, done))
            self._changes += 1
            self._start_writer()

    def _start_writer(self) -> None:
        """Start the writer if there is something to write and it is not running, or wake it
        from its pause when it waits to retry (guard held)."""
        if self._writer is not None:
            self._wake.notify_all()
            return
        if not self._queue:
            return
        # A daemon: the process never waits for it; close() gives the last write its time.
        self._writer = threading.Thread(target=self._write_all, name="search-writer", daemon=True)
        try:
            self._writer.start()
        except RuntimeError:  # no new thread at interpreter shutdown: write on this one
            self._writer = None
            self._idle.release()
            try:
                problem = self._write_now(self._queue[0].change)
            finally:
                self._idle.acquire()
            if problem is None:
                self._queue.popleft()
            self._tried = self._changes

    def _write_all(self) -> None:
        with self._idle:
            me = self._writer
        try:
            while True:
                with self._idle:
                    if not self._queue:
                        break
                    entry, last = self._queue[0], self._closing
                    asked = self._changes
                problem = self._write_now(entry.change, last)
                with self._idle:
                    if problem is None:
                        self._queue.popleft()
                        self._failures = 0
                        if not self._queue:
                            self._tried = asked
                        tell = [] if entry.told else [entry]
                    else:  # it stays first, the others behind it: all tried for now
                        self._failures += 1
                        self._tried = asked
                        tell = [e for e in self._queue if not e.told]
                    for told in tell:
                        told.told = True
                    self._idle.notify_all()
                self._set_problem(problem)
                for told in tell:
                    if told.done is not None:
                        with contextlib.suppress(Exception):  # the listener may be gone
                            told.done(problem)
                if problem is not None and not self._pause(last):
                    break
        finally:
            with self._idle:
                if self._writer is me:
                    self._writer = None
                self._tried = self._changes if not self._queue else self._tried
                self._idle.notify_all()
                closing = self._closing and not self._closed
                self._closed = self._closed or closing
            if closing:  # close() stopped waiting: the writer closes up
                self._close_db()

    def _pause(self, last: bool) -> bool:
        """After a failed write: wait before the next try, growing the pause each time; cut
        short by a new change or by close(). False when that was the last try."""
        with self._idle:
            if last:
                return False
            delay = RETRY_SECONDS[min(self._failures, len(RETRY_SECONDS)) - 1]
            # A change made while the failed write ran has not been tried: try now (flush()
            # waits for it; counting from here instead slept the whole pause, flush() with it).
            tried = self._tried
            self._wake.wait_for(lambda: self._changes != tried or self._closing, delay)
            return True

    def _write_now(self, change: Change, last: bool = False) -> str | None:
        """Write one change; why it failed, or None (written, or no database to write to)."""
        with self._lock:
            db = self._connection()
            if db is None:
                return None  # `error` says so: the searches last until the app quits
            if last:
                with contextlib.suppress(sqlite3.Error):
                    db.execute(f"PRAGMA busy_timeout = {int(FINAL_BUSY_SECONDS * 1000)}")
            try:
                with transaction(db):
                    change(db)
            except Exception as exc:  # sqlite3.Error, OSError: a full disk, a lock held long
                return why_not_saved(exc)
            return None

    def flush(self) -> None:
        """Wait until every change asked for so far has been tried: written, or its write
        failed (then `save_problem` says why, and the writer tries again later)."""
        with self._idle:
            target = self._changes
            while self._writer is not None and self._tried < target:
                self._idle.wait()

    def close(self, timeout: float | None = None) -> None:
        """Try a last time to write what is pending, waiting at most timeout seconds
        (CLOSE_SECONDS), and close the connection; `unsaved_report()` then says what could
        not be saved. Later changes are kept in memory only."""
        deadline = time.monotonic() + (CLOSE_SECONDS if timeout is None else timeout)
        with self._idle:
            if self._closing:
                return
            self._closing = True
            self._start_writer()  # or wake it from its pause: the last try
            while self._writer is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return  # the writer still runs: it closes the connection when it ends
                self._idle.wait(left)
            self._closed = True
        self._close_db()

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
        with self._idle:
            left = len(self._queue)
            why = self.save_problem or "still being saved when reader quit"
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
