"""Reading state that lasts: read and starred marks, positions, last selection (and its row on
screen) and sort.

Everything is mirrored in memory: a change applies there at once (the UI reads it back
immediately) and is saved by one background writer thread that the state owns, so the
caller's thread never hashes a file, reads one, or waits on SQLite. The writer takes all the
changes made since its last write (marks hashed first, see `file_hash`) and saves them in one
transaction (state_store.py); it runs while there is something to save and then ends.

When a write fails (a full disk, a read-only file, a lock held too long) the changes stay in
memory, `save_problem` says why (and `on_save_problem` is told, on the writer thread), and the
writer tries again after a pause that grows (RETRY_SECONDS), or at once when something else
changes; the first write that works clears the problem. `flush()` waits until every change made
so far has been tried; `close()` tries a last time, waiting at most CLOSE_SECONDS, then closes
the database; `unsaved_report()` then says what could not be saved. When the database cannot
be opened at all, the state lives on in memory and `error` says why; nothing raises.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Literal, Protocol

from reader.core.corpus import FileStat
from reader.core.files import file_hash
from reader.core.paths import corpus_key, data_dir
from reader.core.state_store import (
    BLANK,
    FINAL_BUSY_SECONDS,
    RETRY_SECONDS,
    Mark,
    RetryingWriter,
    StateStore,
)

__all__ = ["ReadingState", "state_file"]


class _HasPath(Protocol):
    @property
    def path(self) -> str: ...


def state_file(root: Path) -> Path:
    """Where the reading state of the corpus at root is kept."""
    return data_dir() / "state" / f"{corpus_key(root)}.sqlite3"


class ReadingState(RetryingWriter):
    _WRITER_NAME = "reading-state-writer"

    """The reading state of one corpus: thread-safe, cheap to query and to change.

    Opening reads the database: do it off the UI thread. Every other method but `reconcile`,
    `flush` and `close` only touches memory and returns at once.
    """

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.path = path if path is not None else state_file(self.root)
        self._store = StateStore(self.path)
        self.error: str | None = self._store.error
        self._marks: dict[str, Mark] = self._store.marks  # a blank mark is never kept
        self._meta: dict[str, str | None] = self._store.meta
        self._lock = threading.RLock()  # guards all below; never held while hashing or saving
        self._idle = threading.Condition(self._lock)  # notified when the writer ends
        self._writer: threading.Thread | None = None
        self._dirty: set[str] = set()  # paths changed in memory since the writer took them
        # The fields of each mark this process changed and has not saved yet: only those are
        # written, so another reader's changes to the other fields survive (absent: all).
        self._fields: dict[str, set[str]] = {}
        self._dirty_meta: set[str] = set()
        self._unsaved: set[str] = set()  # taken, but the write failed: saved with the next
        self._unsaved_meta: set[str] = set()
        self._writing: tuple[set[str], set[str]] = (set(), set())  # in the write under way
        self._seen: set[str] | None = None  # paths present at the last reconcile
        self._wake = threading.Condition(self._lock)  # a writer waiting to retry: try now
        self._changes = 0  # how many changes were made; the writer has tried the first _tried
        self._tried = self._tried_upto = 0
        self._failures = 0  # failed writes in a row
        self._closing = False  # close() was called: the next failure is the last try
        self._last_try = False  # the write under way is the last
        self._closed = False
        self._hash_until = 0.0  # closing, files are hashed until then, not after
        self.save_problem: str | None = None  # why the last write failed; None once one works
        # Told (on the writer thread) when save_problem changes: the problem, or None.
        self.on_save_problem: Callable[[str | None], None] | None = None

    # -- queries: dict lookups (a Mark is replaced whole, never mutated) ---------------------

    def is_read(self, path: str) -> bool:
        """True when the article at path has been read."""
        return self._marks.get(path, BLANK).read

    def is_starred(self, path: str) -> bool:
        """True when the article at path is starred."""
        return self._marks.get(path, BLANK).starred

    def position(self, path: str) -> int:
        """The remembered scroll offset in the article at path (0 when none)."""
        return self._marks.get(path, BLANK).position

    def progress(self, path: str) -> int:
        """How far the article at path was read, in percent (0 when not known)."""
        return self._marks.get(path, BLANK).progress

    def mark(self, path: str) -> Mark:
        """Everything remembered of the article at path."""
        return self._marks.get(path, BLANK)

    @property
    def read_count(self) -> int:
        """How many articles are marked read (vanished ones included)."""
        with self._lock:
            return sum(1 for m in self._marks.values() if m.read)

    # -- changes: in memory now, saved by the writer --------------------------------------------

    def set_read(self, path: str, read: bool = True) -> None:
        """Mark the article at path read (or unread)."""
        self._change(path, "read", lambda m: replace(m, read=read))

    def toggle_read(self, path: str) -> bool:
        """Flip the read mark of the article at path; the new value."""
        return self._change(path, "read", lambda m: replace(m, read=not m.read)).read

    def toggle_star(self, path: str) -> bool:
        """Flip the star of the article at path; the new value."""
        return self._change(path, "starred", lambda m: replace(m, starred=not m.starred)).starred

    def set_position(self, path: str, offset: int) -> None:
        """Remember the scroll offset in the article at path."""
        position = max(0, int(offset))
        self._change(path, "position", lambda m: replace(m, position=position))

    def set_progress(self, path: str, percent: int) -> None:
        """Remember how far the article at path was read, in percent (100 its end)."""
        progress = min(100, max(0, int(percent)))
        self._change(path, "progress", lambda m: replace(m, progress=progress))

    def mark_all_read(self, paths: Iterable[str]) -> None:
        """Mark every article in paths read; they are saved in one transaction."""
        with self._lock:
            for path in paths:
                old = self._marks.get(path, BLANK)
                if not old.read:
                    self._marks[path] = replace(old, read=True)
                    self._dirty.add(path)
                    self._fields.setdefault(path, set()).add("read")
            self._start_writer()

    def set_marks(self, field: Literal["read", "starred"], values: Mapping[str, bool]) -> None:
        """Set the read (or starred) mark of each article in values; saved in one transaction
        (undo puts many marks back at once with it)."""
        with self._lock:
            for path, value in values.items():
                old = self._marks.get(path, BLANK)
                new = replace(old, read=value) if field == "read" else replace(old, starred=value)
                if new != old:
                    if new.blank:
                        self._marks.pop(path, None)
                    else:
                        self._marks[path] = new
                    self._dirty.add(path)
                    self._fields.setdefault(path, set()).add(field)
            self._start_writer()

    def _change(self, path: str, field: str, change: Callable[[Mark], Mark]) -> Mark:
        with self._lock:
            old = self._marks.get(path, BLANK)
            new = change(old)
            if new != old:
                if new.blank:
                    self._marks.pop(path, None)
                else:
                    self._marks[path] = new
                self._dirty.add(path)
                self._fields.setdefault(path, set()).add(field)
                self._start_writer()
            return new

    # -- settings remembered with the corpus --------------------------------------------------

    @property
    def last_selected(self) -> str | None:
        """The path of the article selected when the app last ran."""
        return self._meta["last_selected"]

    @last_selected.setter
    def last_selected(self, value: str | None) -> None:
        self._set_meta("last_selected", value)

    @property
    def list_row(self) -> int | None:
        """Where the last selected article's row was drawn in the list: rows from its top."""
        value = self._meta["list_row"]
        return int(value) if value is not None and value.isdigit() else None

    @list_row.setter
    def list_row(self, value: int | None) -> None:
        self._set_meta("list_row", None if value is None else str(max(0, value)))

    @property
    def theme(self) -> str | None:
        """The theme older versions kept per folder; the app reads it once, when no theme was
        chosen since (preferences.py keeps the one theme of every folder now)."""
        return self._meta["theme"]

    @theme.setter
    def theme(self, value: str | None) -> None:
        self._set_meta("theme", value)

    @property
    def sort(self) -> str | None:
        """The sort order the user last chose."""
        return self._meta["sort"]

    @sort.setter
    def sort(self, value: str | None) -> None:
        self._set_meta("sort", value)

    def _set_meta(self, key: str, value: str | None) -> None:
        with self._lock:
            if self._meta[key] != value:
                self._meta[key] = value
                self._dirty_meta.add(key)
                self._start_writer()

    # -- following moved files ----------------------------------------------------------------

    def reconcile(self, files: Iterable[_HasPath | str | os.PathLike[str]]) -> int:
        """Move the marks of vanished paths to new paths holding the same content; how many.

        files are the corpus as it is now: FileStat or ArticleSummary objects (anything with
        `path`, and `size` when known) or path strings. Only files that are new since the
        last reconcile, unmarked, and of the size of a vanished marked article are hashed,
        on the caller's thread: call it from a worker.
        """
        items = files if isinstance(files, list) else list(files)
        current: dict[str, int | None]
        if all(type(item) is FileStat for item in items):  # a scan's: the one check, once
            current = {item.path: item.size for item in items}  # type: ignore[union-attr]
        else:
            current = {}
            for item in items:
                if isinstance(item, str | os.PathLike):
                    current[os.fspath(item)] = None
                else:
                    size = getattr(item, "size", None)
                    current[str(item.path)] = size if isinstance(size, int) else None
        self.flush()  # the marks made so far carry their content hash
        with self._lock:
            seen, self._seen = self._seen, set(current)
            by_hash: dict[str, list[str]] = {}
            sizes: set[int] = set()
            for old, mark in self._marks.items():
                if old not in current and mark.hash is not None:
                    by_hash.setdefault(mark.hash, []).append(old)
                    if mark.size is not None:
                        sizes.add(mark.size)
            new_paths = [
                (path, size)
                for path, size in current.items()
                if path not in self._marks and (seen is None or path not in seen)
            ]
        moved = 0
        for new, size in new_paths:
            if not by_hash:
                break
            if size is None:
                try:
                    size = os.stat(new).st_size
                except (OSError, ValueError):
                    continue
            if size not in sizes:
                continue
            found = file_hash(new)
            if found is None or found[0] not in by_hash:
                continue
            olds = by_hash[found[0]]
            old = olds.pop(0)
            if not olds:
                del by_hash[found[0]]
            with self._lock:
                if new in self._marks or old not in self._marks:  # changed meanwhile
                    continue
                moving = self._marks.pop(old)
                self._marks[new] = replace(moving, hash=found[0], size=found[1], mtime=found[2])
                self._dirty.update((old, new))
                self._fields.pop(old, None)  # absent: the whole mark moves
                self._fields.pop(new, None)
                if self._meta["last_selected"] == old:
                    self._meta["last_selected"] = new
                    self._dirty_meta.add("last_selected")
                moved += 1
        if moved:
            with self._lock:
                self._start_writer()
        return moved

    # -- saving: the writer thread --------------------------------------------------------------

    def _clock(self) -> float:
        return time.monotonic()

    def unsaved_report(self) -> str | None:
        """What is not saved and why, in one line ("3 marks could not be saved: database is
        full"), or None when everything is."""
        with self._lock:
            marks = len(self._dirty | self._unsaved | self._writing[0])
            meta = self._dirty_meta | self._unsaved_meta | self._writing[1]
            why = self.save_problem or "still being saved when reader quit"
        if marks:
            return f"{marks:,} mark{'s' if marks != 1 else ''} could not be saved: {why}"
        if meta:
            return f"The last selected article and the list's order could not be saved: {why}"
        return None

    def _close_storage(self) -> None:
        self._store.close()

    def _pending(self) -> bool:
        return bool(self._dirty or self._dirty_meta or self._unsaved or self._unsaved_meta)

    def _write_all(self) -> None:
        with self._lock:
            me = self._writer
        try:
            while (taken := self._take()) is not None:
                if not self._write(*taken) and not self._pause(RETRY_SECONDS, self._last_try):
                    break
        finally:
            with self._lock:
                if self._writer is me:  # not ended by _take, nor a new writer started since
                    self._writer = None
                    self._writing = (set(), set())
                    self._idle.notify_all()
                if self._writer is None and self._closing and not self._closed:
                    self._closed = True  # close() stopped waiting: the writer closes up
                    self._close_storage()

    def _take(self) -> tuple[set[str], set[str], set[str]] | None:
        """The changed paths (to hash), the paths to save and the meta keys to save; None,
        and the writer ends, when nothing is left to save."""
        with self._lock:
            if not self._pending():
                self._writer = None
                self._idle.notify_all()
                return None
            changed, self._dirty = self._dirty, set()
            paths, self._unsaved = changed | self._unsaved, set()
            keys, self._unsaved_meta = self._dirty_meta | self._unsaved_meta, set()
            self._dirty_meta = set()
            self._writing = (paths, keys)
            self._tried_upto = self._changes
            self._last_try = self._closing
            if self._closing:
                self._store.set_busy_timeout(FINAL_BUSY_SECONDS)
            return changed, paths, keys

    def _write(self, changed: set[str], paths: set[str], keys: set[str]) -> bool:
        """Hash and save what was taken; whether it was saved."""
        with self._lock:
            before = {p: self._marks[p] for p in changed if p in self._marks}
        hashed: dict[str, Mark] = {}
        for path, mark in before.items():  # slow: no lock
            # Late in close(), what is not hashed yet is saved without its hash, not lost.
            late = self._closing and time.monotonic() > self._hash_until
            hashed[path] = mark if late else _with_hash(path, mark)
        with self._lock:
            for path, mark in hashed.items():
                now = self._marks.get(path)
                if mark is not before[path] and now is not None and _same_file(now, before[path]):
                    self._marks[path] = replace(
                        now, hash=mark.hash, size=mark.size, mtime=mark.mtime
                    )
            marks = {p: self._marks.get(p, BLANK) for p in paths}
            fields = {p: frozenset(self._fields[p]) for p in paths if p in self._fields}
            meta = {k: self._meta[k] for k in keys}
        try:
            saved = self._store.write(marks, fields, meta)
        except Exception as exc:  # sqlite3.Error, OSError: a full disk, a lock held too long
            with self._lock:
                self._unsaved |= paths
                self._unsaved_meta |= keys
                self._writing = (set(), set())
                self._failures += 1
                self._tried_done()
            self._set_problem(why_not_saved(exc))
            return False
        with self._lock:  # what is saved now, others' changes included, unless changed since
            for path, mark in saved.items():
                if path in self._dirty:
                    continue
                self._fields.pop(path, None)
                if mark.blank:
                    self._marks.pop(path, None)
                else:
                    self._marks[path] = mark
            self._writing = (set(), set())
            self._failures = 0
            self._tried_done()
        self._set_problem(None)
        return True

    def _tried_done(self) -> None:
        """The changes taken by the last write have been tried (lock held)."""
        self._tried = self._tried_upto
        self._idle.notify_all()

    def __enter__(self) -> ReadingState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def why_not_saved(exc: Exception) -> str:
    """A failed write's reason in a few words: "database or disk is full", "database is
    locked", "attempt to write a readonly database", "no space left on device"."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def _with_hash(path: str, mark: Mark) -> Mark:
    """The mark with the content hash of its file, recomputed only when the file changed."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return mark
    if mark.hash is not None and (mark.size, mark.mtime) == (st.st_size, st.st_mtime):
        return mark
    found = file_hash(path)
    if found is None:
        return mark
    return replace(mark, hash=found[0], size=found[1], mtime=found[2])


def _same_file(a: Mark, b: Mark) -> bool:
    return (a.hash, a.size, a.mtime) == (b.hash, b.size, b.mtime)
