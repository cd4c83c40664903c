"""The tags' table in the state file (state_store.py makes it): opening it, or only reading
it, and the two writes of the tags' writer, each one transaction: the tags added and taken
off, then the content hashes of the articles tagged.

Opening never raises: when the file cannot be written, the tags are only read (opened
read-only), the store has no database, `error` says why and `unwritable` why nothing can be
saved (the tags then last until the app quits, and quitting counts each change as lost).
Used by one thread at a time (the tags' writer, or their opener).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from reader.core.moves import FileKey
from reader.core.paths import decode_path, encode_path
from reader.core.state_store import (
    TAGS_TABLE,
    Connection,
    NewerSchema,
    cannot_write,
    check_version,
    connect,
    not_saved_notice,
    open_read_only,
    read_only_notice,
    transaction,
)

Change = tuple[str, str, bool]  # (path, tag, added): a tag given to an article or taken off


class TagStore(Connection):
    """The tags' table of one state file, opened (or not: see `error`) at creation; `rows`
    is what it held then: (path, tag, the article's content hash or None)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.error: str | None = None
        self.unwritable: str | None = None  # why nothing can be saved (no database)
        self.rows: list[tuple[str, str, FileKey | None]] = []
        self._open(read_only)

    def _open(self, read_only: bool) -> None:
        if read_only:
            if self.path.is_file():
                self._read(f"cannot read {self.path}", asked=True)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = f"cannot create {self.path.parent}: {(exc.strerror or str(exc)).lower()}"
            self.unwritable, self.error = why, not_saved_notice(why)
            return
        try:
            db = self.db = connect(self.path)
            check_version(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(TAGS_TABLE)
            rows = db.execute("SELECT path, tag, hash, size, mtime FROM tags").fetchall()
        except NewerSchema as exc:
            self.close()
            self.unwritable = f"{self.path} was {exc}"
            self.error = not_saved_notice(self.unwritable)
            return
        except (sqlite3.Error, OSError) as exc:
            self.close()
            detail = str(exc) if isinstance(exc, sqlite3.Error) else exc.strerror or str(exc)
            self._read(cannot_write(self.path, detail))
            return
        self._take(rows)

    def _read(self, why: str, *, asked: bool = False) -> None:
        """Only read the tags: asked (the command line), or the file cannot be written (why);
        nothing will be saved."""
        self.unwritable = why
        try:
            db = open_read_only(self.path)
            try:
                check_version(db)
                if not db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tags'"
                ).fetchone():
                    rows = []
                else:
                    rows = db.execute("SELECT path, tag, hash, size, mtime FROM tags").fetchall()
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:
            if self.path.is_file():  # there are tags, but they cannot be read
                why = self.unwritable = f"cannot read the tags in {self.path}: {exc}"
            self.error = f"Tags cannot be read ({why})" if asked else not_saved_notice(why)
            return
        self.error = None if asked else read_only_notice(why)
        self._take(rows)

    def _take(self, rows: list[tuple[object, ...]]) -> None:
        for text, tag, digest, size, mtime in rows:
            known = None
            if digest is not None and size is not None and mtime is not None:
                known = (str(digest), int(str(size)), float(str(mtime)))
            self.rows.append((decode_path(str(text)), str(tag), known))

    def write(self, changes: Sequence[Change]) -> None:
        """Save these additions and removals, in order, in one transaction (nothing of it
        when it raises sqlite3.Error or OSError; without a database, it raises)."""
        db = self._writable()
        with transaction(db):
            for path, tag, added in changes:
                if added:
                    db.execute(
                        "INSERT OR IGNORE INTO tags (path, tag) VALUES (?, ?)",
                        (encode_path(path), tag),
                    )
                else:
                    db.execute(
                        "DELETE FROM tags WHERE path = ? AND tag = ?", (encode_path(path), tag)
                    )

    def write_hashes(self, hashes: Mapping[str, FileKey]) -> None:
        """Save the content hashes of tagged articles, in one transaction."""
        db = self._writable()
        with transaction(db):
            for path, key in hashes.items():
                db.execute(
                    "UPDATE tags SET hash = ?, size = ?, mtime = ? WHERE path = ?",
                    (*key, encode_path(path)),
                )

    def _writable(self) -> sqlite3.Connection:
        if self.db is None:
            raise sqlite3.OperationalError(self.unwritable or "the tags are closed")
        return self.db
