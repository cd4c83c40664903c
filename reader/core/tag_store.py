"""The tags' table in the state file (state_store.py makes it): opening it, or only reading
it, and the two writes of the tags' writer, each one transaction: the tags added and taken
off, then the content hashes of the articles tagged.

Opening never raises: when the file cannot be opened or read, `error` says why and the store
has no database (the tags then last until the app quits). Used by one thread at a time (the
tags' writer, or their opener).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from reader.core.moves import FileKey
from reader.core.paths import decode_path, encode_path
from reader.core.state_store import (
    BUSY_TIMEOUT_S,
    SCHEMA_VERSION,
    TAGS_TABLE,
    connect,
    set_busy_timeout,
    transaction,
)

Change = tuple[str, str, bool]  # (path, tag, added): a tag given to an article or taken off


class TagStore:
    """The tags' table of one state file, opened (or not: see `error`) at creation; `rows`
    is what it held then: (path, tag, the article's content hash or None)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.error: str | None = None
        self.rows: list[tuple[str, str, FileKey | None]] = []
        self._open(read_only)

    def _open(self, read_only: bool) -> None:
        try:
            if read_only:
                if not self.path.is_file():
                    return
                uri = self.path.resolve().as_uri() + "?mode=ro"
                db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = connect(self.path)
            self.db = db
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.OperationalError(f"written by a newer reader (schema {version})")
            if not read_only:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(TAGS_TABLE)
            elif not db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tags'"
            ).fetchone():
                self.close()
                return
            rows = db.execute("SELECT path, tag, hash, size, mtime FROM tags").fetchall()
        except (sqlite3.Error, OSError) as exc:
            self.close()
            self.error = (
                f"Tags are not saved: cannot open {self.path} ({exc}); they last until you quit."
            )
            return
        for text, tag, digest, size, mtime in rows:
            known = None
            if digest is not None and size is not None and mtime is not None:
                known = (str(digest), int(size), float(mtime))
            self.rows.append((decode_path(str(text)), str(tag), known))
        if read_only:
            self.close()

    def write(self, changes: Sequence[Change]) -> None:
        """Save these additions and removals, in order, in one transaction (nothing of it
        when it raises sqlite3.Error or OSError); nothing without a database."""
        db = self.db
        if db is None:
            return
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
        db = self.db
        if db is None:
            return
        with transaction(db):
            for path, key in hashes.items():
                db.execute(
                    "UPDATE tags SET hash = ?, size = ?, mtime = ? WHERE path = ?",
                    (*key, encode_path(path)),
                )

    def set_busy_timeout(self, seconds: float) -> None:
        """Wait at most this long for a lock another process holds (from the next write on)."""
        set_busy_timeout(self.db, seconds)

    def close(self) -> None:
        """Close the database; later writes save nothing."""
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None
