"""A table of the state file kept per article (the tags', the highlights'): opening it, or
only reading it, and saving the articles' content hashes. Each store (tag_store.py,
highlight_store.py) names its table, the SQL that makes it and the columns it reads, and
turns the rows it read into its own (`_take`); its writes are its own.

Opening never raises: when the file cannot be written, the table is only read (opened
read-only), the store has no database, `error` says why and `unwritable` why nothing can be
saved (what is in the table then lasts until the app quits, and quitting counts each change
as lost). Used by one thread at a time (the store's writer, or its opener).
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

from reader.core.moves import FileKey
from reader.core.paths import encode_path
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


def known_key(digest: object, size: object, mtime: object) -> FileKey | None:
    """An article's content hash as a row holds it, or None when it was never saved."""
    if digest is None or size is None or mtime is None:
        return None
    return (str(digest), int(str(size)), float(str(mtime)))


class ArticleTable(Connection, ABC):
    """One per-article table of a state file, opened (or not: see `error`) at creation."""

    TABLE = ""  # its name: "tags"
    SCHEMA = ""  # the SQL that makes it
    COLUMNS = ""  # what `_take` is given of each row, the last three the content hash

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.error: str | None = None
        self.unwritable: str | None = None  # why nothing can be saved (no database)
        self._open(read_only)

    @abstractmethod
    def _take(self, rows: list[tuple[object, ...]]) -> None:
        """Keep the rows read (COLUMNS each) as the store's own."""

    def _select(self, db: sqlite3.Connection) -> list[tuple[object, ...]]:
        return db.execute(f"SELECT {self.COLUMNS} FROM {self.TABLE}").fetchall()

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
            db.executescript(self.SCHEMA)
            rows = self._select(db)
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
        """Only read the table: asked (the command line), or the file cannot be written
        (why); nothing will be saved."""
        self.unwritable = why
        try:
            db = open_read_only(self.path)
            try:
                check_version(db)
                if not db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self.TABLE,)
                ).fetchone():
                    rows = []
                else:
                    rows = self._select(db)
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:
            if self.path.is_file():  # there is a table, but it cannot be read
                why = self.unwritable = f"cannot read the {self.TABLE} in {self.path}: {exc}"
            noun = self.TABLE.capitalize()
            self.error = f"{noun} cannot be read ({why})" if asked else not_saved_notice(why)
            return
        self.error = None if asked else read_only_notice(why)
        self._take(rows)

    def write_hashes(self, hashes: Mapping[str, FileKey]) -> None:
        """Save the content hashes of the articles in the table, in one transaction."""
        db = self._writable()
        with transaction(db):
            for path, key in hashes.items():
                db.execute(
                    f"UPDATE {self.TABLE} SET hash = ?, size = ?, mtime = ? WHERE path = ?",
                    (*key, encode_path(path)),
                )

    def _writable(self) -> sqlite3.Connection:
        if self.db is None:
            raise sqlite3.OperationalError(self.unwritable or f"the {self.TABLE} are closed")
        return self.db
