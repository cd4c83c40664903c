"""The highlights' table in the state file: opening it (or only reading it) and the writes of
the highlights' writer (highlights.py), each one transaction.

A highlight is a row with an id of its own, so two readers on one folder each add, change and
delete their own rows and never undo each other's. Opening never raises: when the file cannot
be written the highlights are only read, `error` says why and `unwritable` why nothing can be
saved. Used by one thread at a time (the highlights' writer, or their opener).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.anchoring import Anchor
from reader.core.decoding import clean
from reader.core.moves import FileKey
from reader.core.paths import decode_path, encode_path
from reader.core.state_store import (
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

HIGHLIGHTS_TABLE = """
CREATE TABLE IF NOT EXISTS highlights (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    hash TEXT,
    size INTEGER,
    mtime REAL
);
CREATE INDEX IF NOT EXISTS highlights_path ON highlights (path);
"""
_COLUMNS = "id, path, quote, prefix, suffix, start, note, created, hash, size, mtime"


@dataclass(frozen=True, slots=True)
class Highlight:
    """A passage of an article kept by the reader, with a note (maybe empty)."""

    id: str
    path: str
    anchor: Anchor
    note: str = ""
    created: float = 0.0  # when it was made (POSIX time)

    @property
    def quote(self) -> str:
        return self.anchor.quote


# A change to save: the highlight as it is now, or (its id, None) when it was deleted.
Change = tuple[str, Highlight | None]


class HighlightStore(Connection):
    """The highlights' table of one state file, opened (or not: see `error`) at creation;
    `rows` is what it held then, each with its article's content hash (or None)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.error: str | None = None
        self.unwritable: str | None = None
        self.rows: list[tuple[Highlight, FileKey | None]] = []
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
            db.executescript(HIGHLIGHTS_TABLE)
            rows = db.execute(f"SELECT {_COLUMNS} FROM highlights").fetchall()
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
        """Only read the highlights: asked (the command line), or the file cannot be written."""
        self.unwritable = why
        try:
            db = open_read_only(self.path)
            try:
                check_version(db)
                if not db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'highlights'"
                ).fetchone():
                    rows = []
                else:
                    rows = db.execute(f"SELECT {_COLUMNS} FROM highlights").fetchall()
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:
            if self.path.is_file():
                why = self.unwritable = f"cannot read the highlights in {self.path}: {exc}"
            self.error = f"Highlights cannot be read ({why})" if asked else not_saved_notice(why)
            return
        self.error = None if asked else read_only_notice(why)
        self._take(rows)

    def _take(self, rows: list[tuple[object, ...]]) -> None:
        for ident, text, quote, prefix, suffix, start, note, created, digest, size, mtime in rows:
            known = None
            if digest is not None and size is not None and mtime is not None:
                known = (str(digest), int(str(size)), float(str(mtime)))
            # what another program may have written is cleaned as an article's text is
            anchor = Anchor(
                clean(str(quote)), clean(str(prefix)), clean(str(suffix)), int(str(start))
            )
            highlight = Highlight(
                str(ident), decode_path(str(text)), anchor, clean(str(note)), float(str(created))
            )
            self.rows.append((highlight, known))

    def write(self, changes: Sequence[Change], files: Mapping[str, FileKey]) -> None:
        """Save these changes, in order, in one transaction, each row with its article's
        content hash when known (files); nothing of it when it raises."""
        db = self._writable()
        with transaction(db):
            for ident, highlight in changes:
                if highlight is None:
                    db.execute("DELETE FROM highlights WHERE id = ?", (ident,))
                    continue
                anchor = highlight.anchor
                key = files.get(highlight.path, (None, None, None))
                db.execute(
                    f"INSERT OR REPLACE INTO highlights ({_COLUMNS})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        ident,
                        encode_path(highlight.path),
                        anchor.quote,
                        anchor.prefix,
                        anchor.suffix,
                        anchor.start,
                        highlight.note,
                        highlight.created,
                        *key,
                    ),
                )

    def write_hashes(self, hashes: Mapping[str, FileKey]) -> None:
        """Save the content hashes of highlighted articles, in one transaction."""
        db = self._writable()
        with transaction(db):
            for path, key in hashes.items():
                db.execute(
                    "UPDATE highlights SET hash = ?, size = ?, mtime = ? WHERE path = ?",
                    (*key, encode_path(path)),
                )

    def _writable(self) -> sqlite3.Connection:
        if self.db is None:
            raise sqlite3.OperationalError(self.unwritable or "the highlights are closed")
        return self.db
