"""Reading state that lasts: read and starred marks, positions, last selection (and its row on
screen) and sort.

Everything is mirrored in memory: a change applies there at once (the UI reads it back
immediately) and is saved by the state's StateWriter (state_writer.py: one background thread,
retries, the bounded last try at close), so the caller's thread never hashes a file, reads
one, or waits on SQLite. Each try takes all the changes made since the last (marks hashed
first, see `file_hash`) and saves them in one transaction (state_store.py); what a failed try
took is saved with the next. A mark keeps its file's content hash, so it follows the article
when it is renamed or moved inside the folder (moves.py). When the database cannot be opened
at all, the state lives on in memory and `error` says why; nothing raises.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal, Protocol

from reader.core.files import file_hash
from reader.core.moves import Facts, Lost, Move, Moves
from reader.core.paths import corpus_key, data_dir
from reader.core.state_store import BLANK, Mark, StateStore
from reader.core.state_writer import (
    FINAL_BUSY_SECONDS,
    SavedInBackground,
    StateWriter,
    why_not_saved,
)

__all__ = ["ReadingState", "state_file"]


class _HasPath(Protocol):
    @property
    def path(self) -> str: ...


def state_file(root: Path) -> Path:
    """Where the reading state of the corpus at root is kept."""
    return data_dir() / "state" / f"{corpus_key(root)}.sqlite3"


class ReadingState(SavedInBackground):
    """The reading state of one corpus: thread-safe, cheap to query and to change.

    Opening reads the database: do it off the UI thread. Every other method but `reconcile`,
    `vanished`, `flush` and `close` only touches memory and returns at once.
    """

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.path = path if path is not None else state_file(self.root)
        self._store = StateStore(self.path)
        self.error: str | None = self._store.error
        self._marks: dict[str, Mark] = self._store.marks  # a blank mark is never kept
        self._meta: dict[str, str | None] = self._store.meta
        self._lock = threading.RLock()  # guards all below; never held while hashing or saving
        self._writer = StateWriter(
            "reading-state-writer",
            self._lock,
            pending=self._pending,
            write=self._write,
            close=self._store.close,
        )
        self._writer.unwritable = self._store.unwritable
        self._dirty: set[str] = set()  # paths changed in memory since the writer took them
        # The fields of each mark this process changed and has not saved yet: only those are
        # written, so another reader's changes to the other fields survive (absent: all).
        self._fields: dict[str, set[str]] = {}
        self._dirty_meta: set[str] = set()
        self._unsaved: set[str] = set()  # taken, but the write failed: saved with the next
        self._unsaved_meta: set[str] = set()
        self._writing: tuple[set[str], set[str]] = (set(), set())  # in the write under way
        self._moves = Moves(self)

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
            self._writer.changed()

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
            self._writer.changed()

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
                self._writer.changed()
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
                self._writer.changed()

    # -- following moved files ----------------------------------------------------------------

    def reconcile(self, files: Iterable[_HasPath | str | os.PathLike[str]]) -> int:
        """Move the marks of vanished paths to new paths holding the same content; how many.

        files are the corpus as it is now (see Moves.follow: only files new since the last
        reconcile, unmarked, and of the size of a vanished marked article are hashed), on
        the caller's thread: call it from a worker. Moves(state, tags) follows marks and
        tags at once, hashing each file once.
        """
        return self._moves.follow(files)

    def vanished(self, present: Mapping[str, Facts]) -> list[Lost]:
        """The marked paths not in present, with their files' content hashes (Keeper)."""
        self.flush()  # the marks made so far carry their content hash
        with self._lock:
            return [
                (path, mark.hash, mark.size)
                for path, mark in self._marks.items()
                if mark.hash is not None and path not in present
            ]

    def keeps(self, path: str) -> bool:
        """Whether the article at path has a mark (Keeper)."""
        return path in self._marks

    def move(self, moves: Sequence[Move]) -> list[str]:
        """Move the marks of vanished paths to new ones, saved as one change (Keeper); the
        new paths they moved to."""
        moved: list[str] = []
        with self._lock:
            for old, new, (digest, size, mtime) in moves:
                if new in self._marks or old not in self._marks:  # changed meanwhile
                    continue
                moving = self._marks.pop(old)
                self._marks[new] = replace(moving, hash=digest, size=size, mtime=mtime)
                self._dirty.update((old, new))
                self._fields.pop(old, None)  # absent: the whole mark moves
                self._fields.pop(new, None)
                if self._meta["last_selected"] == old:
                    self._meta["last_selected"] = new
                    self._dirty_meta.add("last_selected")
                moved.append(new)
            if moved:
                self._writer.changed()
        return moved

    # -- saving: the writer thread --------------------------------------------------------------

    def unsaved_report(self) -> str | None:
        """What is not saved and why, in one line ("3 marks could not be saved: database is
        full"), or None when everything is."""
        with self._lock:
            marks = len(self._dirty | self._unsaved | self._writing[0])
            meta = self._dirty_meta | self._unsaved_meta | self._writing[1]
            why = self._why_unsaved()
        if marks:
            return f"{marks:,} mark{'s' if marks != 1 else ''} could not be saved: {why}"
        if meta and self.unwritable is None:  # unwritable: not a change of the user's, and
            # the status line said from the start that nothing is kept
            return f"The last selected article and the list's order could not be saved: {why}"
        return None

    def _pending(self) -> bool:
        return bool(self._dirty or self._dirty_meta or self._unsaved or self._unsaved_meta)

    def _write(self, last: bool) -> str | None:
        """One try of the writer: hash the marks changed since the last and save them with
        those a failed try took; why it failed, or None."""
        with self._lock:
            changed, self._dirty = self._dirty, set()
            paths, self._unsaved = changed | self._unsaved, set()
            keys, self._unsaved_meta = self._dirty_meta | self._unsaved_meta, set()
            self._dirty_meta = set()
            self._writing = (paths, keys)
            before = {p: self._marks[p] for p in changed if p in self._marks}
        if last:
            self._store.set_busy_timeout(FINAL_BUSY_SECONDS)
        hashed: dict[str, Mark] = {}
        for path, mark in before.items():  # slow: no lock
            # Late in close(), what is not hashed yet is saved without its hash, not lost.
            hashed[path] = mark if self._writer.late() else _with_hash(path, mark)
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
        except Exception as exc:  # a full disk, a lock held too long; or a mistake: kept, retried
            with self._lock:
                self._unsaved |= paths
                self._unsaved_meta |= keys
                self._writing = (set(), set())
            return why_not_saved(exc, "marks")
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
        return None


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
