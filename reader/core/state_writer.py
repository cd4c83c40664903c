"""The one background writer of the state file, for each of its three users: the marks
(state.py), the tags (tags.py) and the searches (search_tables.py).

A user keeps its changes in memory, where they apply at once, and gives its StateWriter a way
to save all it has pending in one try. The writer runs that on a thread of its own while
something is pending, then ends, so the caller's thread never hashes a file or waits on
SQLite. When a try fails (a full disk, a read-only file, a lock held too long) the user keeps
what it could not save, in order, and says why; the writer tells `on_save_problem` and tries
again after a pause that grows (RETRY_SECONDS), or at once when something else changes; the
first try that works clears the problem. `flush()` waits until every change made so far has
been tried; `close()` gives a last try a bounded time (CLOSE_SECONDS), then closes the
database; `unsaved_report()`, the user's own, then says what could not be saved. Nothing
raises: the user's in-memory state stays usable, later changes are kept in memory only.

When the state file cannot be written at all (a read-only folder, a file that cannot be
opened, a damaged table), the user sets `unwritable` (its opener said so, once): the writer
then never runs, and each change stays pending, so that quitting counts it as lost.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol, Self

log = logging.getLogger(__name__)

RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # the pauses between tries of a failed write
CLOSE_SECONDS = 1.0  # how long close() waits for the last write
FINAL_BUSY_SECONDS = 0.3  # how long the last write waits for a lock another process holds

Listener = Callable[[str | None], None]  # told why saving fails, or None once it works again
# One try at saving everything pending; given whether it is the last try (close() has begun:
# wait at most FINAL_BUSY_SECONDS for a lock). Returns why it failed, or None once saved.
Write = Callable[[bool], str | None]


class StateWriter:
    """The writer thread of one user of the state file, and the ways in to it.

    The user's `lock` guards its pending changes and this writer's counts alike; the user
    calls `changed()` with it held after each change. `pending()` (lock held) says whether
    anything is left to save, `write(last)` (lock not held) tries to save it all, `close()`
    closes the user's database once the writer is done with it (lock held).
    """

    def __init__(
        self,
        name: str,
        lock: threading.RLock,
        *,
        pending: Callable[[], bool],
        write: Write,
        close: Callable[[], None],
    ) -> None:
        self.name = name
        self.lock = lock
        self._pending, self._write, self._close = pending, write, close
        self._idle = threading.Condition(lock)  # notified when the writer ends or tried a write
        self._wake = threading.Condition(lock)  # a writer pausing before a retry: try now
        self.thread: threading.Thread | None = None  # the writer, while it runs
        self._changes = 0  # how many changes were made; the writer has tried the first _tried
        self._tried = 0
        self._failures = 0  # failed tries in a row
        self.closing = False  # close() was called: the next failure is the last try
        self._closed = False
        self._hash_until = 0.0  # closing, files are hashed until then, not after
        self.problem: str | None = None  # why the last try failed; None once one works
        self.listener: Listener | None = None  # told, on the writer thread, of a new problem
        self.unwritable: str | None = None  # why nothing can be saved: changes only counted

    def changed(self, *, start: bool = True) -> None:
        """Count a change (lock held) and, with start, start the writer, or wake it from its
        pause: a change is tried at once."""
        self._changes += 1
        if start:
            self._start()

    def flush(self) -> None:
        """Wait until every change made so far has been tried: saved, or its write failed
        (then `problem` says why, and the writer tries again later)."""
        with self.lock:
            if self.thread is None:
                self._start()
            target = self._changes
            while self.thread is not None and self._tried < target:
                self._idle.wait()

    def close(self, timeout: float | None = None) -> None:
        """Try a last time to save what is pending, waiting at most timeout seconds
        (CLOSE_SECONDS; files are hashed in its first half, the rest next time), and close
        the database. Returns at once when called before."""
        deadline = time.monotonic() + (CLOSE_SECONDS if timeout is None else timeout)
        with self.lock:
            if self.closing:  # closed already, or given its time by the first close()
                return
            self.closing = True
            self._hash_until = deadline - (deadline - time.monotonic()) / 2
            self._start()  # or wake it from its pause: the last try
            while self.thread is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return  # the writer still runs: it closes the database when it ends
                self._idle.wait(left)
            if not self._closed:
                self._closed = True
                self._close()

    def late(self) -> bool:
        """Whether close() has begun and its time for hashing is over: what is not hashed
        yet is saved without its hash (hashed next time), not lost."""
        return self.closing and time.monotonic() > self._hash_until

    def tell(self, problem: str | None) -> None:
        """Note why saving fails (None: it works again) and tell the listener of a change;
        on the writer thread."""
        if problem == self.problem or (problem is not None and problem == self.unwritable):
            return  # the same, or said already when the store was opened
        self.problem = problem
        listener = self.listener
        if listener is not None:
            try:
                listener(problem)
            except Exception:  # the listener may be gone (the app closed): the writer goes on
                log.warning("%s: the listener of save problems failed", self.name, exc_info=True)

    def _start(self) -> None:
        """Start the writer if something is pending and it is not running, or wake it from
        its pause when it waits to retry (lock held)."""
        if self.thread is not None:
            self._wake.notify_all()
            return
        if self.unwritable is not None or not self._pending():
            return
        # A daemon: the process never waits for it; close() gives the last write its time.
        thread = self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no new thread at interpreter shutdown: one try on this one
            self._run(inline=True)

    def _run(self, inline: bool = False) -> None:
        """The writer: try to save until nothing is pending, or the last try failed."""
        with self.lock:
            me = self.thread
        try:
            while True:
                with self.lock:
                    if not self._pending():
                        self.thread = None
                        self._idle.notify_all()
                        return
                    taken, last = self._changes, self.closing or inline
                try:
                    problem = self._write(last)
                except Exception as exc:  # a mistake of reader's outside the write itself
                    # (hashing the files): logged, said, and the writer goes on
                    problem = why_not_saved(exc, self.name)
                self.tell(problem)  # before flush() returns: it then says why
                with self.lock:
                    self._failures = 0 if problem is None else self._failures + 1
                    self._tried = taken
                    self._idle.notify_all()
                if problem is not None and not self._pause(taken, last):
                    return
        finally:
            with self.lock:
                if self.thread is me:  # not ended above, nor a new writer started since
                    self.thread = None
                    self._idle.notify_all()
                if self.thread is None and self.closing and not self._closed:
                    self._closed = True  # close() stopped waiting: the writer closes up
                    self._close()

    def _pause(self, taken: int, last: bool) -> bool:
        """After a failed try: wait before the next, the pause growing with each failure in
        a row; cut short by a change made since the try began, or by close(). False when
        that was the last try."""
        with self.lock:
            if last or self.unwritable is not None:
                return False
            delay = RETRY_SECONDS[min(self._failures, len(RETRY_SECONDS)) - 1]
            self._wake.wait_for(lambda: self._changes != taken or self.closing, delay)
            return True


class SavedInBackground:
    """What the marks, the tags and the searches each offer of their StateWriter: why saving
    fails, who is told, and waiting for it (flush, close)."""

    _writer: StateWriter

    @property
    def save_problem(self) -> str | None:
        """Why the last write failed; None once one works."""
        return self._writer.problem

    @property
    def on_save_problem(self) -> Listener | None:
        """Told (on the writer thread) when save_problem changes: the problem, or None."""
        return self._writer.listener

    @on_save_problem.setter
    def on_save_problem(self, listener: Listener | None) -> None:
        self._writer.listener = listener

    def flush(self) -> None:
        """Wait until every change made so far has been tried: saved, or its write failed
        (then `save_problem` says why, and the writer tries again later)."""
        self._writer.flush()

    @property
    def unwritable(self) -> str | None:
        """Why nothing can be saved at all (said when the store was opened), or None."""
        return self._writer.unwritable

    def _why_unsaved(self) -> str:
        """Why what is pending at the end was not saved, for unsaved_report()."""
        return self.save_problem or self.unwritable or "still being saved when reader quit"

    def close(self, timeout: float | None = None) -> None:
        """Try a last time to save what is pending, waiting at most timeout seconds
        (CLOSE_SECONDS), and close the database; `unsaved_report()` then says what could
        not be saved. What is in memory stays usable; later changes are kept there only."""
        self._writer.close(timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def why_not_saved(exc: Exception, what: str) -> str:
    """A failed write's reason in a few words: "database or disk is full", "database is
    locked", "attempt to write a readonly database", "no space left on device"; logged (what
    was not saved: "marks"). Any other error is a mistake of reader's: logged with its
    traceback and said as one (the user keeps what it could not save, and it is retried)."""
    if not isinstance(exc, sqlite3.Error | OSError):
        log.error("Saving %s failed on an unexpected error", what, exc_info=exc)
        return f"an unexpected error ({type(exc).__name__}; see the log)"
    log.warning("The %s could not be saved: %s", what, exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


class Closing(Protocol):
    """A store close_all closes: SavedInBackground, with its own unsaved_report."""

    on_save_problem: Listener | None

    def close(self, timeout: float | None = None) -> None: ...

    def unsaved_report(self) -> str | None: ...


def close_all(stores: Sequence[Closing]) -> str | None:
    """Close the stores (marks, tags, highlights, searches) at the same time, each giving its
    last try its bounded time (CLOSE_SECONDS); what could not be saved, in one line, or None.
    Each store's listener of save problems is let go first: nobody is told any more."""
    for store in stores:
        store.on_save_problem = None
    closers = [
        threading.Thread(target=store.close, name="close-state", daemon=True) for store in stores
    ]
    for closer in closers:
        closer.start()
    for closer in closers:  # each close() is bounded: this bound is only a guard
        closer.join(timeout=CLOSE_SECONDS * 3)
    reports = [store.unsaved_report() for store in stores]
    return "; ".join(report for report in reports if report) or None
