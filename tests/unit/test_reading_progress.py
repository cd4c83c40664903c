"""How far each article was read: kept with its mark, in the state database, beside the
position; a database made before it was kept gains the column and keeps its marks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.state import ReadingState
from reader.core.state_store import Mark

OLD_SCHEMA = """
CREATE TABLE marks (
    path TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    hash TEXT,
    size INTEGER,
    mtime REAL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
PRAGMA user_version=1;
"""


def test_progress_is_saved_and_read_back(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    with ReadingState(tmp_path, db) as state:
        state.set_position("/a.txt", 120)
        state.set_progress("/a.txt", 37)
        state.set_progress("/b.txt", 250)  # kept in range
        assert state.progress("/a.txt") == 37
    with ReadingState(tmp_path, db) as state:
        assert (state.position("/a.txt"), state.progress("/a.txt")) == (120, 37)
        assert state.progress("/b.txt") == 100
        assert state.progress("/never.txt") == 0
        state.set_progress("/b.txt", 0)  # nothing else remembered of it: the row goes
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM marks WHERE path LIKE '%b.txt'").fetchone() == (
            0,
        )
    assert not Mark(progress=5).blank and Mark().blank


def test_a_database_from_before_progress_gains_it_and_an_older_reader_still_writes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "state.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.executescript(OLD_SCHEMA)
        conn.execute("INSERT INTO marks (path, read, position) VALUES ('/a.txt', 1, 40)")
    with ReadingState(tmp_path, db) as state:
        assert state.error is None
        assert state.is_read("/a.txt") and state.position("/a.txt") == 40
        assert state.progress("/a.txt") == 0
        state.set_progress("/a.txt", 55)
    with sqlite3.connect(db) as conn:  # an older reader names its columns: still fine
        conn.execute(
            "INSERT INTO marks (path, read, starred, position, hash, size, mtime)"
            " VALUES ('/c.txt', 1, 0, 3, NULL, NULL, NULL)"
            " ON CONFLICT(path) DO UPDATE SET read = excluded.read"
        )
        conn.execute("UPDATE marks SET starred = 1 WHERE path = '/a.txt'")
    with ReadingState(tmp_path, db) as state:
        assert state.progress("/a.txt") == 55 and state.is_starred("/a.txt")
        assert state.is_read("/c.txt") and state.progress("/c.txt") == 0
