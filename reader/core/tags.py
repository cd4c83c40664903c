"""The tags of one corpus's articles, kept (what a tag may be is tag_names.py; the `tag:` words
of a query are read by search/parsed.py).

Tags live in the corpus's reading-state database (state_store.py makes their table), a row a
tag of an article. As with marks (state.py), everything is mirrored in memory: a change applies
there at once and the tags' StateWriter (state_writer.py) saves the changes made since its
last try in one transaction, so the caller's thread never reads a file or waits on SQLite,
and a kill at any moment leaves whole changes or none. Each tagged article's content hash is
kept beside its tags, so the tags of an article renamed or moved inside the folder follow it
(moves.py), as the marks do. Adding and removing are saved as such (not as an article's
whole set), so two readers on one folder never undo each other's tags.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from reader.core.kept_by_content import KeptByContent
from reader.core.moves import FileKey, Move, Moves
from reader.core.state_writer import (
    FINAL_BUSY_SECONDS,
    StateWriter,
)
from reader.core.tag_names import normalize_tag
from reader.core.tag_store import Change, TagStore

__all__ = ["Tags"]

_T = TypeVar("_T")


class Tags(KeptByContent):
    """The tags of one corpus's articles: thread-safe, cheap to query and to change.

    Opening reads the database: do it off the UI thread. Every other method but `reconcile`,
    `vanished`, `flush` and `close` only touches memory and returns at once. When the database
    cannot be opened or written, the tags live on in memory and `error` says why; nothing raises.
    With read_only, the database is only read (for the command line) and never created.
    """

    _store: TagStore
    WHAT = "tags"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._store = TagStore(path, read_only=read_only)
        self.error: str | None = self._store.error
        self._lock = threading.RLock()  # guards all below; never held while hashing or saving
        self._writer = StateWriter(
            "tags-writer",
            self._lock,
            pending=self._pending,
            write=self._write,
            close=self._store.close,
        )
        self._writer.unwritable = self._store.unwritable
        self._of: dict[str, frozenset[str]] = {}  # path -> its tags (never empty)
        self._paths: dict[str, set[str]] = {}  # tag -> the paths that have it (never empty)
        self._files: dict[str, FileKey] = {}  # path -> its content hash, as saved
        self._queue: list[Change] = []  # not yet taken by the writer
        self._unsaved: list[Change] = []  # taken, but the write failed
        self._stale: set[str] = set()  # tagged articles to hash: new, or changed since
        self._writing: list[Change] = []  # in the write under way
        self._moves = Moves(self)
        for article, tag, known in self._store.rows:
            self._add(article, tag)
            if known is not None:
                self._files[article] = known
            elif not read_only:
                self._stale.add(article)  # saved before it was hashed: hashed with the next write
        self._store.rows = []
        if self._stale:  # hashes to save: flush() waits for them
            self._writer.changed(start=False)

    # -- queries ------------------------------------------------------------------------------

    def of(self, path: str) -> frozenset[str]:
        """The tags of the article at path."""
        return self._of.get(path, frozenset())

    def paths_with(self, tag: str) -> frozenset[str]:
        """The articles that have this tag."""
        with self._lock:
            return frozenset(self._paths.get(tag, ()))

    def counts(self) -> list[tuple[str, int]]:
        """Each tag and how many articles have it, most first (then by name)."""
        with self._lock:
            return sorted(
                ((tag, len(paths)) for tag, paths in self._paths.items()),
                key=lambda item: (-item[1], item[0]),
            )

    # -- changes: in memory now, saved by the writer --------------------------------------------

    def set(self, path: str, tags: Iterable[str]) -> None:
        """Give the article at path exactly these tags (normalised)."""
        self.set_many({path: tags})

    def add(self, paths: Iterable[str], tag: str) -> None:
        """Add one tag to every article in paths, as one change."""
        with self._lock:
            self.set_many({path: self.of(path) | {tag} for path in paths})

    def set_many(self, values: Mapping[str, Iterable[str]]) -> None:
        """Give each article exactly its tags (normalised), as one change: saved in one
        transaction."""
        with self._lock:
            for path, tags in values.items():
                new = {t for t in map(normalize_tag, tags) if t}
                old = self.of(path)
                for tag in sorted(old - new):
                    self._remove(path, tag)
                    self._queue.append((path, tag, False))
                for tag in sorted(new - old):
                    self._add(path, tag)
                    self._queue.append((path, tag, True))
            self._writer.changed()

    def _add(self, path: str, tag: str) -> None:
        self._of[path] = self.of(path) | {tag}
        self._paths.setdefault(tag, set()).add(path)

    def _remove(self, path: str, tag: str) -> None:
        left = self.of(path) - {tag}
        if left:
            self._of[path] = left
        else:
            self._of.pop(path, None)
            self._files.pop(path, None)
        paths = self._paths.get(tag)
        if paths is not None:
            paths.discard(path)
            if not paths:
                del self._paths[tag]

    # -- following moved files (reconcile, vanished, keeps: KeptByContent) -------------------

    def move(self, moves: Sequence[Move]) -> list[str]:
        """Move the tags of vanished paths to new ones, saved as one change (Keeper); the new
        paths they moved to."""
        with self._lock:
            values: dict[str, Iterable[str]] = {}
            for old, new, key in moves:
                if new in self._of or old not in self._of or old in values or new in values:
                    continue  # changed meanwhile
                self._files[new] = key
                values[old], values[new] = (), self.of(old)
            if values:
                self.set_many(values)
            return [new for old, new, _ in moves if values.get(old) == ()]

    # -- saving: the writer thread --------------------------------------------------------------

    def unsaved_report(self) -> str | None:
        """What is not saved and why, in one line ("3 tag changes could not be saved:
        database is locked"), or None when everything is."""
        with self._lock:  # a tag given and taken away again counts once
            left = len(
                {(path, tag) for path, tag, _ in self._unsaved + self._queue + self._writing}
            )
            why = self._why_unsaved()
        if not left:
            return None
        return f"{left:,} tag change{'s' if left != 1 else ''} could not be saved: {why}"

    def _pending(self) -> bool:
        return bool(self._queue or self._unsaved or self._stale)

    def _write(self, last: bool) -> str | None:
        """One try of the writer: save the changes made so far, then the hashes of the
        articles tagged (so a kill while hashing keeps the tags); why it failed, or None."""
        with self._lock:
            ops, self._unsaved, self._queue = self._unsaved + self._queue, [], []
            self._writing = ops
        if last:
            self._store.set_busy_timeout(FINAL_BUSY_SECONDS)
        problem = self._attempt(lambda: self._store.write(ops)) if ops else None
        with self._lock:
            self._writing = []
            if problem is not None:
                self._unsaved = ops + self._unsaved  # kept in order, before what came since
                return problem
            self._stale |= {path for path, _, added in ops if added}
        return self._save_hashes()
