"""The highlights and notes of one corpus's articles, kept (where a passage stands is
anchoring.py; the table is highlight_store.py).

As marks and tags (state.py, tags.py), everything is mirrored in memory: a change applies
there at once and the highlights' StateWriter (state_writer.py) saves the changes made since
its last try in one transaction, so the caller's thread never reads a file or waits on SQLite,
a kill at any moment leaves whole changes or none, and a write that fails (a full disk, a
lock) is kept, said and retried. Each highlighted article's content hash is kept with its
highlights, so they follow it when it is renamed or moved inside the folder (moves.py). A
highlight that can no longer be placed in its article is kept, never dropped.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from reader.core.anchoring import Anchor
from reader.core.highlight_store import Change, Highlight, HighlightStore
from reader.core.kept_by_content import KeptByContent
from reader.core.moves import FileKey, Move, Moves
from reader.core.state_writer import (
    FINAL_BUSY_SECONDS,
    StateWriter,
)
from reader.core.tag_names import HIGHLIGHTED

__all__ = ["NOTE_MAX_CHARS", "Highlights", "WithHighlights", "clean_note"]

NOTE_MAX_CHARS = 2000


def clean_note(text: str) -> str:
    """A note as it is kept: printable characters (a line break a space), at most
    NOTE_MAX_CHARS, without spaces at its ends."""
    kept = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(kept.split())[:NOTE_MAX_CHARS]


class Highlights(KeptByContent):
    """The highlights of one corpus: thread-safe, cheap to query and to change.

    Opening reads the database: do it off the UI thread. Every other method but `reconcile`,
    `vanished`, `flush` and `close` only touches memory and returns at once. With read_only,
    the database is only read (the command line) and never created.
    """

    _store: HighlightStore
    WHAT = "highlights"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._store = HighlightStore(path, read_only=read_only)
        self.error: str | None = self._store.error
        self._lock = threading.RLock()  # guards all below; never held while hashing or saving
        self._writer = StateWriter(
            "highlights-writer",
            self._lock,
            pending=self._pending,
            write=self._write,
            close=self._store.close,
        )
        self._writer.unwritable = self._store.unwritable
        self._by_id: dict[str, Highlight] = {}
        self._of: dict[str, dict[str, Highlight]] = {}  # path -> its highlights by id
        self._files: dict[str, FileKey] = {}  # path -> its content hash, as saved
        self._queue: list[Change] = []  # not yet taken by the writer
        self._unsaved: list[Change] = []  # taken, but the write failed
        self._writing: list[Change] = []
        self._stale: set[str] = set()  # highlighted articles to hash
        self._moves = Moves(self)
        for highlight, known in self._store.rows:
            self._put(highlight)
            if known is not None:
                self._files[highlight.path] = known
            elif not read_only:
                self._stale.add(highlight.path)
        self._store.rows = []
        if self._stale:
            self._writer.changed(start=False)

    # -- queries ------------------------------------------------------------------------------

    def of(self, path: str) -> list[Highlight]:
        """The highlights of the article at path, in the order they were made."""
        with self._lock:
            return sorted(self._of.get(path, {}).values(), key=lambda h: (h.created, h.id))

    def has(self, path: str) -> bool:
        """Whether the article at path has highlights."""
        return path in self._of

    def count(self, path: str) -> int:
        """How many highlights the article at path has."""
        return len(self._of.get(path, ()))

    def get(self, ident: str) -> Highlight | None:
        """The highlight with this id, if it is still kept."""
        return self._by_id.get(ident)

    def paths(self) -> frozenset[str]:
        """The articles with highlights."""
        with self._lock:
            return frozenset(self._of)

    def every(self) -> list[Highlight]:
        """Every highlight of the corpus, newest first."""
        with self._lock:
            return sorted(self._by_id.values(), key=lambda h: (-h.created, h.id))

    # -- changes: in memory now, saved by the writer --------------------------------------------

    def add(self, path: str, anchor: Anchor, note: str = "") -> Highlight:
        """Keep a new highlight of the passage anchored in the article at path."""
        highlight = Highlight(uuid.uuid4().hex, path, anchor, clean_note(note), time.time())
        self.put_many({highlight.id: highlight})
        return highlight

    def set_note(self, ident: str, note: str) -> Highlight | None:
        """Give the highlight its note (empty: none); the highlight as it is now."""
        with self._lock:
            old = self._by_id.get(ident)
            if old is None:
                return None
            new = replace(old, note=clean_note(note))
            self.put_many({ident: new})
            return new

    def delete(self, ident: str) -> Highlight | None:
        """Delete the highlight; what it was (None when it was gone already)."""
        with self._lock:
            old = self._by_id.get(ident)
            if old is not None:
                self.put_many({ident: None})
            return old

    def put_many(self, values: Mapping[str, Highlight | None]) -> None:
        """Make each highlight (by id) what is given, None deleting it, as one change saved in
        one transaction (undo puts back what it replaced with it)."""
        with self._lock:
            for ident, highlight in values.items():
                old = self._by_id.get(ident)
                if old == highlight:
                    continue
                if old is not None:
                    self._drop(old)
                if highlight is not None:
                    self._put(highlight)
                    if highlight.path not in self._files:
                        self._stale.add(highlight.path)
                self._queue.append((ident, highlight))
            self._writer.changed()

    def _put(self, highlight: Highlight) -> None:
        self._by_id[highlight.id] = highlight
        self._of.setdefault(highlight.path, {})[highlight.id] = highlight

    def _drop(self, highlight: Highlight) -> None:
        self._by_id.pop(highlight.id, None)
        mine = self._of.get(highlight.path)
        if mine is not None:
            mine.pop(highlight.id, None)
            if not mine:
                del self._of[highlight.path]
                self._files.pop(highlight.path, None)

    # -- following moved files (reconcile, vanished, keeps: KeptByContent) -------------------

    def move(self, moves: Sequence[Move]) -> list[str]:
        """Move the highlights of vanished paths to new ones, as one change (Keeper)."""
        with self._lock:
            values: dict[str, Highlight | None] = {}
            moved: list[str] = []
            for old, new, key in moves:
                if new in self._of or old not in self._of:
                    continue
                self._files[new] = key
                for highlight in self._of[old].values():
                    values[highlight.id] = replace(highlight, path=new)
                moved.append(new)
            if values:
                self.put_many(values)
            return moved

    # -- saving: the writer thread --------------------------------------------------------------

    def unsaved_report(self) -> str | None:
        """What is not saved and why, in one line, or None when everything is."""
        with self._lock:  # a highlight changed twice (made, then given a note) counts once
            left = len({ident for ident, _ in self._unsaved + self._queue + self._writing})
            why = self._why_unsaved()
        if not left:
            return None
        noun = "highlight change" if left == 1 else "highlight changes"
        return f"{left:,} {noun} could not be saved: {why}"

    def _pending(self) -> bool:
        return bool(self._queue or self._unsaved or self._stale)

    def _write(self, last: bool) -> str | None:
        """One try of the writer: save the changes made so far, then the content hashes of the
        articles highlighted; why it failed, or None."""
        with self._lock:
            changes, self._unsaved, self._queue = self._unsaved + self._queue, [], []
            self._writing = changes
            files = dict(self._files)
        if last:
            self._store.set_busy_timeout(FINAL_BUSY_SECONDS)
        problem = self._attempt(lambda: self._store.write(changes, files)) if changes else None
        with self._lock:
            self._writing = []
            if problem is not None:
                self._unsaved = changes + self._unsaved
                return problem
        return self._save_hashes()


class _TagsOf(Protocol):
    def of(self, path: str) -> frozenset[str]: ...

    def paths_with(self, tag: str) -> frozenset[str]: ...


class WithHighlights:
    """The tags, and the highlights read as a tag (HIGHLIGHTED) every article with highlights
    has: what a query's `has:highlights` is kept to (search.tagged's TagLookup)."""

    def __init__(self, tags: _TagsOf | None, highlights: Highlights | None) -> None:
        self.tags, self.highlights = tags, highlights

    def of(self, path: str) -> frozenset[str]:
        """The tags of the article at path, HIGHLIGHTED among them when it has highlights."""
        tags = self.tags.of(path) if self.tags is not None else frozenset()
        if self.highlights is not None and self.highlights.has(path):
            return tags | {HIGHLIGHTED}
        return tags

    def paths_with(self, tag: str) -> frozenset[str]:
        """The articles with the tag (HIGHLIGHTED: with highlights)."""
        if tag == HIGHLIGHTED:
            return self.highlights.paths() if self.highlights is not None else frozenset()
        return self.tags.paths_with(tag) if self.tags is not None else frozenset()
