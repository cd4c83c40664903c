"""Search history: newest first, no copies, capped, kept per folder in the state database."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.history import (
    HISTORY_CAP,
    SearchHistory,
    newer,
    normalized,
    older,
    remembered,
)
from reader.core.search_tables import SearchTables
from reader.core.state import ReadingState, state_file
from tests.conftest import save_problems_of


def test_remembered_puts_the_query_first_and_keeps_no_copy() -> None:
    entries = remembered([], "ukraine")
    entries = remembered(entries, "missiles")
    entries = remembered(entries, "  ukraine   ")  # run again: back to the top
    assert entries == ["ukraine", "missiles"]
    assert remembered(entries, "   ") == entries  # nothing to remember


@given(st.lists(st.text(alphabet="ab ", max_size=4), max_size=300))
def test_remembered_is_capped_and_unique(queries: list[str]) -> None:
    entries: list[str] = []
    for query in queries:
        entries = remembered(entries, query, cap=10)
    assert len(entries) <= 10
    assert len(set(entries)) == len(entries)
    assert all(entries) and all(normalized(e) == e for e in entries)
    ran = [normalized(q) for q in queries if q.strip()]
    if ran:
        assert entries[0] == ran[-1]


def test_the_walk() -> None:
    entries = ["newest", "middle", "oldest"]
    assert older(entries, "", None) == 0  # an empty box starts the walk
    assert older(entries, "newest", 0) == 1
    assert older(entries, "oldest", 2) is None  # no older entry
    assert older(entries, "newest", None) == 1  # a query as it was run goes on from there
    assert older(entries, "middle", None) == 2
    assert older(entries, "newe", None) is None  # a query typed: no walk
    assert older(entries, "newest x", 0) is None  # edited
    assert newer(entries, "oldest", 2) == 1
    assert newer(entries, "newest", 0) == -1  # past the newest: the box as before
    assert newer(entries, "newest", None) is None  # no walk: ↓ goes to the results
    assert newer(entries, "newest!", 0) is None  # edited since
    assert older([], "", None) is None


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


def history_of(root: Path) -> SearchHistory:
    history = SearchHistory(SearchTables(state_file(root)))
    history.take(history.load())
    return history


def test_history_lasts_across_launches_per_folder(root: Path, tmp_path: Path) -> None:
    history = history_of(root)
    for query in ("ukraine", "missiles", "ukraine"):
        history.add(query)
    assert history.entries == ["ukraine", "missiles"]
    history.tables.close()
    assert history_of(root).entries == ["ukraine", "missiles"]
    other = tmp_path / "other"
    other.mkdir()
    assert history_of(other).entries == []


def test_the_saved_history_is_capped(root: Path) -> None:
    history = history_of(root)
    for n in range(HISTORY_CAP + 30):
        history.add(f"query {n}")
    history.tables.close()
    again = history_of(root).entries
    assert len(again) == HISTORY_CAP
    assert again[0] == f"query {HISTORY_CAP + 29}" and again[-1] == "query 30"
    db = sqlite3.connect(state_file(root))
    assert db.execute("SELECT COUNT(*) FROM search_history").fetchone()[0] == HISTORY_CAP


def test_queries_run_before_the_history_loads_come_on_top(root: Path) -> None:
    first = history_of(root)
    first.add("old")
    first.add("older still")
    first.tables.close()
    history = SearchHistory(SearchTables(state_file(root)))
    history.add("new")  # before load(): memory only, saved meanwhile
    loaded = history.load()
    history.take(loaded)
    assert history.entries == ["new", "older still", "old"]


def test_shares_the_reading_state_file_without_harm(root: Path) -> None:
    article = root / "a.txt"
    article.write_text("A\n\nText.\n")
    with ReadingState(root) as state:
        state.toggle_star(str(article))
        history = SearchHistory(SearchTables(state.path))
        history.take(history.load())
        history.add("ukraine")
        state.set_read(str(article))
        history.tables.close()
    with ReadingState(root) as state:
        assert state.is_starred(str(article)) and state.is_read(str(article))
        assert state.error is None
    assert history_of(root).entries == ["ukraine"]


def test_an_older_state_file_gains_the_tables(root: Path) -> None:
    path = state_file(root)
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE marks (path TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,"
        " starred INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0,"
        " hash TEXT, size INTEGER, mtime REAL);"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version=1;"
    )
    db.execute("INSERT INTO marks (path, read) VALUES ('x', 1)")
    db.commit()
    db.close()
    history = history_of(root)
    assert history.entries == []
    history.add("ukraine")
    history.tables.close()
    assert history_of(root).entries == ["ukraine"]
    with ReadingState(root) as state:
        assert state.is_read("x") and state.error is None


def test_a_newer_state_file_is_left_alone(root: Path) -> None:
    path = state_file(root)
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.close()
    history = history_of(root)
    history.add("ukraine")  # kept in memory
    history.tables.flush()
    assert history.entries == ["ukraine"]
    assert history.tables.error is not None and "newer" in history.tables.error
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == []


def test_an_unreadable_file_keeps_the_history_in_memory(root: Path) -> None:
    path = state_file(root)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is no database" * 100)
    history = history_of(root)
    history.add("ukraine")
    history.tables.flush()
    assert history.entries == ["ukraine"]
    assert history.tables.error is not None


def test_a_lock_held_too_long_is_said_kept_in_order_and_retried(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the state file's write lock: the entries are not dropped, the
    problem is told at once, and they are written in order once the lock is let go."""
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.05,))
    history = history_of(root)
    told, cleared = save_problems_of(history.tables)
    other = sqlite3.connect(state_file(root), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    history.add("first")
    history.add("second")
    history.tables.flush()
    assert history.tables.save_problem == "database is locked"
    assert told == ["database is locked"]
    assert history.entries == ["second", "first"]  # in memory the app carries on
    other.execute("ROLLBACK")  # let go: a retry writes them, no change needed
    assert cleared.wait(timeout=10), "never retried"
    assert told == ["database is locked", None]
    other.close()
    history.tables.close()
    assert history.tables.unsaved_report() is None
    assert history_of(root).entries == ["second", "first"]


def test_a_change_made_while_a_write_fails_is_tried_before_the_pause(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """flush() waits until every change so far was tried: one made while the write before it
    was failing is tried at once, not after the whole pause (here an hour: flush() hung)."""
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))
    tables = SearchTables(state_file(root))
    problems: list[str | None] = []
    second = threading.Event()

    def failing(db: sqlite3.Connection) -> None:
        if not second.is_set():  # the second change comes while this write runs, then it fails
            tables.change(lambda db: None, problems.append)
            second.set()
        raise sqlite3.OperationalError("database is locked")

    tables.change(failing, problems.append)
    assert second.wait(timeout=10)
    flushed = threading.Thread(target=tables.flush, daemon=True)
    flushed.start()
    flushed.join(timeout=30)
    assert not flushed.is_alive(), "flush() waited for the pause"
    assert problems == ["database is locked", "database is locked"]
    assert tables.save_problem == "database is locked"
    tables.close(timeout=0.5)


def test_close_tries_a_last_time_and_reports_what_is_lost(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))  # close retries
    history = history_of(root)
    other = sqlite3.connect(state_file(root), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    history.add("lost")
    history.add("lost too")
    history.tables.flush()
    history.tables.close()
    assert history.tables.unsaved_report() == (
        "2 changes to searches could not be saved: database is locked"
    )
    other.execute("ROLLBACK")
    other.close()
    assert history_of(root).entries == []
