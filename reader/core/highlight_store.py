"""The highlights' table in the state file: opened, or only read, as article_table.py opens
each per-article table, and the highlights' writer's own write (highlights.py), one
transaction.

A highlight is a row with an id of its own, so two readers on one folder each add, change and
delete their own rows and never undo each other's. Opening never raises: when the file cannot
be written the highlights are only read, `error` says why and `unwritable` why nothing can be
saved. Used by one thread at a time (the highlights' writer, or their opener).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.anchoring import Anchor
from reader.core.article_table import ArticleTable, known_key
from reader.core.decoding import clean
from reader.core.moves import FileKey
from reader.core.paths import decode_path, encode_path
from reader.core.state_store import transaction

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


class HighlightStore(ArticleTable):
    """The highlights' table of one state file, opened (or not: see `error`) at creation;
    `rows` is what it held then, each with its article's content hash (or None)."""

    TABLE, SCHEMA, COLUMNS = "highlights", HIGHLIGHTS_TABLE, _COLUMNS

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.rows: list[tuple[Highlight, FileKey | None]] = []
        super().__init__(path, read_only=read_only)

    def _take(self, rows: list[tuple[object, ...]]) -> None:
        for ident, text, quote, prefix, suffix, start, note, created, digest, size, mtime in rows:
            # what another program may have written is cleaned as an article's text is
            anchor = Anchor(
                clean(str(quote)), clean(str(prefix)), clean(str(suffix)), int(str(start))
            )
            highlight = Highlight(
                str(ident), decode_path(str(text)), anchor, clean(str(note)), float(str(created))
            )
            self.rows.append((highlight, known_key(digest, size, mtime)))

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
