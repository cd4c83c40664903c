"""The tags' table in the state file (state_store.py makes it): opened, or only read, as
article_table.py opens each per-article table, and the tags' writer's own write, one
transaction: the tags added and taken off.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.core.article_table import ArticleTable, known_key
from reader.core.moves import FileKey
from reader.core.paths import decode_path, encode_path
from reader.core.state_store import TAGS_TABLE, transaction

Change = tuple[str, str, bool]  # (path, tag, added): a tag given to an article or taken off


class TagStore(ArticleTable):
    """The tags' table of one state file, opened (or not: see `error`) at creation; `rows`
    is what it held then: (path, tag, the article's content hash or None)."""

    TABLE, SCHEMA, COLUMNS = "tags", TAGS_TABLE, "path, tag, hash, size, mtime"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.rows: list[tuple[str, str, FileKey | None]] = []
        super().__init__(path, read_only=read_only)

    def _take(self, rows: list[tuple[object, ...]]) -> None:
        for text, tag, digest, size, mtime in rows:
            self.rows.append((decode_path(str(text)), str(tag), known_key(digest, size, mtime)))

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
