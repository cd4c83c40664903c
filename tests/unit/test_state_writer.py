"""The one background writer of the state file, as the marks, the tags and the searches each use
it: writes in order, retried when the file is locked, said before flush() returns."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.core.history import SearchHistory
from reader.core.saved_searches import SavedSearch, SavedSearches
from reader.core.search_tables import SearchTables
from reader.core.state import ReadingState, state_file
from reader.core.state_writer import SavedInBackground, StateWriter
from reader.core.tags import Tags
from tests.conftest import save_problems_of

LOCKED = "database is locked"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in [("a.txt", "Alpha\n\none"), ("b.txt", "Beta\n\ntwo")]:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_marks_tags_and_searches_wait_out_a_lock_and_are_saved_in_order(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the state file's write lock while the app marks, tags and
    searches: each says so at once, keeps its changes, and retries by itself once the lock is
    let go; the searches are written in the order they were made."""
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.05,))
    a, b = str(corpus / "a.txt"), str(corpus / "b.txt")
    state = ReadingState(corpus)
    tags = Tags(state.path)
    tables = SearchTables(state.path)
    history, saved = SearchHistory(tables), SavedSearches(tables)
    history.take(history.load())
    saved.take(saved.load())
    stores: list[SavedInBackground] = [state, tags, tables]
    told = [save_problems_of(store) for store in stores]
    other = sqlite3.connect(state.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    state.toggle_star(a)
    history.add("first")
    tags.set(a, ["war"])
    saved.save(SavedSearch("gone", "first"))
    state.set_read(b)
    history.add("second")
    saved.delete("gone")  # after its save: written after it, it wins
    saved.save(SavedSearch("kept", "second"))
    history.add("first")  # run again: the newest
    for store in stores:
        store.flush()
        assert store.save_problem == LOCKED
    assert [said for said, _ in told] == [[LOCKED]] * 3
    other.execute("ROLLBACK")  # let go: the retries save everything, no change needed
    for _, cleared in told:
        assert cleared.wait(timeout=10), "never retried"
    other.close()
    for store in stores:
        store.close()
    assert [said for said, _ in told] == [[LOCKED, None]] * 3
    assert [store.unsaved_report() for store in stores] == [None, None, None]
    with ReadingState(corpus) as again, Tags(again.path) as tags_again:
        assert again.is_starred(a) and again.is_read(b)
        assert tags_again.of(a) == {"war"}
    tables = SearchTables(state.path)
    history, saved = SearchHistory(tables), SavedSearches(tables)
    assert history.load() == ["first", "second"]
    assert [s.name for s in saved.load()] == ["kept"]
    tables.close()


class Noted(threading.Condition):
    """A writer's idle condition, noting the problem said each time it tells a waiting
    flush() that a try is done."""

    def __init__(self, writer: StateWriter) -> None:
        super().__init__(writer.lock)
        self.writer = writer
        self.problems: list[str | None] = []

    def notify_all(self) -> None:
        self.problems.append(self.writer.problem)
        super().notify_all()


def _marks(corpus: Path) -> tuple[SavedInBackground, Callable[[], None]]:
    state = ReadingState(corpus)
    return state, lambda: state.toggle_star(str(corpus / "a.txt"))


def _tags(corpus: Path) -> tuple[SavedInBackground, Callable[[], None]]:
    tags = Tags(state_file(corpus))
    return tags, lambda: tags.set(str(corpus / "a.txt"), ["war"])


def _searches(corpus: Path) -> tuple[SavedInBackground, Callable[[], None]]:
    tables = SearchTables(state_file(corpus))
    history = SearchHistory(tables)
    history.take(history.load())  # opened before the lock: only the write waits for it
    return tables, lambda: history.add("war")


@pytest.mark.parametrize("make", [_marks, _tags, _searches], ids=["marks", "tags", "searches"])
def test_flush_returns_once_the_failure_is_said(
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], tuple[Any, Callable[[], None]]],
) -> None:
    """save_problem is set, and the listener told, before flush() may return: it used to be
    set just after, so a check right after flush() could find None on a busy machine."""
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))  # no retry
    store, change = make(corpus)
    writer = store._writer
    writer._idle = noted = Noted(writer)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    change()
    store.flush()
    assert noted.problems == [LOCKED]
    assert store.save_problem == LOCKED
    other.execute("ROLLBACK")
    other.close()
    store.close()
    assert store.unsaved_report() is None


def test_a_mistake_while_hashing_is_said_and_the_writer_goes_on(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug of reader's raised while the tagged articles were hashed (after the tags were
    # written) ended the writer thread with a traceback on stderr, said nowhere.
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.05,))
    calls = []

    def failing_once(path: str, known: object) -> None:
        calls.append(path)
        if len(calls) == 1:
            raise ValueError("a mistake")

    monkeypatch.setattr("reader.core.kept_by_content.refreshed_hash", failing_once)
    died: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", died.append)
    tags = Tags(state_file(corpus))
    a, b = str(corpus / "a.txt"), str(corpus / "b.txt")
    tags.set(a, ["war"])
    tags.flush()
    assert tags.save_problem == "an unexpected error (ValueError; see the log)"
    tags.set(b, ["peace"])  # the writer still saves
    tags.flush()
    tags.close()
    assert died == []
    with Tags(state_file(corpus)) as again:
        assert (again.of(a), again.of(b)) == ({"war"}, {"peace"})
