"""Saved searches: a query with its filters and order under a name, kept per folder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reader.core.article import ArticleSummary
from reader.core.history import HISTORY_CAP, SearchHistory
from reader.core.ordering import ListFilter
from reader.core.saved_searches import SavedSearch, SavedSearches, clean_name, count
from reader.core.search_tables import SearchTables
from reader.core.state import state_file


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


def saved_of(root: Path) -> SavedSearches:
    saved = SavedSearches(SearchTables(state_file(root)))
    saved.take(saved.load())
    return saved


def test_saved_searches_last_across_launches(root: Path) -> None:
    saved = saved_of(root)
    war = SavedSearch("War", "ukraine | missiles", ListFilter(True, False, "NBCNews.com"), "date")
    saved.save(war)
    saved.save(SavedSearch("alpha", "gardening"))
    saved.tables.close()
    again = saved_of(root)
    assert [s.name for s in again.all] == ["alpha", "War"]  # as people sort: case aside
    assert again.get("War") == war


def test_a_tag_filter_lasts_across_launches(root: Path) -> None:
    saved = saved_of(root)
    war = SavedSearch("War", "missiles", ListFilter(unread=True, tag="war"), "date")
    saved.save(war)
    saved.tables.close()
    assert saved_of(root).get("War") == war


OLD_TABLE = """
CREATE TABLE saved_searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    unread INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    sort TEXT NOT NULL,
    saved INTEGER NOT NULL DEFAULT 0
);
INSERT INTO saved_searches (name, query, unread, starred, source, sort, saved)
    VALUES ('old', 'ukraine', 1, 0, 'NBC', 'date', 1);
"""


def test_a_database_from_before_tag_filters_keeps_working(root: Path) -> None:
    path = state_file(root)
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.executescript(OLD_TABLE)
    db.close()
    saved = saved_of(root)
    assert saved.tables.error is None
    assert saved.all == [SavedSearch("old", "ukraine", ListFilter(True, False, "NBC"), "date")]
    saved.save(SavedSearch("new", "kyiv", ListFilter(tag="war")))
    saved.tables.close()
    again = saved_of(root)
    assert again.get("new") == SavedSearch("new", "kyiv", ListFilter(tag="war"))
    assert again.get("old") == SavedSearch("old", "ukraine", ListFilter(True, False, "NBC"), "date")
    # an older reader names its columns: its reads and writes still work
    db = sqlite3.connect(path)
    db.execute(
        "INSERT OR REPLACE INTO saved_searches (name, query, unread, starred, source, sort, saved)"
        " VALUES ('older', 'x', 0, 0, NULL, 'relevance', 2)"
    )
    db.commit()
    assert db.execute("SELECT name, query FROM saved_searches WHERE name = 'new'").fetchone() == (
        "new",
        "kyiv",
    )
    db.close()
    assert saved_of(root).get("older") == SavedSearch("older", "x")


def test_saving_under_a_name_in_use_replaces_it(root: Path) -> None:
    saved = saved_of(root)
    saved.save(SavedSearch("news", "ukraine"))
    saved.save(SavedSearch("news", "russia", ListFilter(starred=True), "title"))
    assert [s.query for s in saved.all] == ["russia"]
    saved.tables.close()
    assert saved_of(root).all == [SavedSearch("news", "russia", ListFilter(starred=True), "title")]


def test_delete(root: Path) -> None:
    saved = saved_of(root)
    saved.save(SavedSearch("a", "ukraine"))
    saved.save(SavedSearch("b", "russia"))
    saved.delete("a")
    assert [s.name for s in saved.all] == ["b"]
    saved.tables.close()
    assert [s.name for s in saved_of(root).all] == ["b"]


def test_changes_made_before_the_load_are_kept(root: Path) -> None:
    first = saved_of(root)
    first.save(SavedSearch("a", "ukraine"))
    first.save(SavedSearch("b", "russia"))
    first.tables.close()
    saved = SavedSearches(SearchTables(state_file(root)))
    saved.delete("a")
    saved.save(SavedSearch("c", "kyiv"))
    saved.take(saved.load())
    assert [s.name for s in saved.all] == ["b", "c"]


def test_a_name_is_one_clean_line() -> None:
    assert clean_name("  war\n news\x1b[31m ") == "war news [31m"
    assert len(clean_name("x" * 500)) == 80


def test_count_applies_the_filters() -> None:
    def summary(name: str, source: str | None) -> ArticleSummary:
        return ArticleSummary(name, name.upper(), source, 0.0, 10, 100, 0.0)

    by_path = {p: summary(p, s) for p, s in (("a", "NBC"), ("b", "NBC"), ("c", None))}
    read = {"a"}
    starred = {"b", "c"}
    paths = ["a", "b", "c", "gone"]  # "gone": matched by the index, no longer in the folder

    def of(f: ListFilter) -> tuple[int, int]:
        counts = count(
            SavedSearch("x", "q", f), paths, by_path, read.__contains__, starred.__contains__
        )
        return counts.matches, counts.unread

    assert of(ListFilter()) == (3, 2)
    assert of(ListFilter(unread=True)) == (2, 2)
    assert of(ListFilter(starred=True)) == (2, 2)
    assert of(ListFilter(source="NBC")) == (2, 1)


def test_count_applies_a_tag_filter_with_the_articles_tags() -> None:
    by_path = {p: ArticleSummary(p, p.upper(), None, 0.0, 10, 100, 0.0) for p in "abc"}
    tags = {"a": {"war"}, "b": {"war", "kyiv"}}
    saved = SavedSearch("x", "q", ListFilter(tag="war"))
    counts = count(
        saved, "abc", by_path, {"a"}.__contains__, lambda _: False, lambda p: tags.get(p, set())
    )
    assert (counts.matches, counts.unread) == (2, 1)


WRITER = """
import sys
import threading
import time
from pathlib import Path
from typing import Any
from reader.core.history import SearchHistory
from reader.core.ordering import ListFilter
from reader.core.saved_searches import SavedSearch, SavedSearches
from reader.core.search_tables import SearchTables

tables = SearchTables(Path(sys.argv[1]))
history, saved = SearchHistory(tables), SavedSearches(tables)
history.take(history.load())
saved.take(saved.load())
n = 0
while True:
    history.add(f"query {n}")
    saved.save(SavedSearch(f"name {n % 7}", f"query {n}", ListFilter(n % 2 == 0), "date"))
    if n % 7 == 6:
        saved.delete(f"name {n % 5}")
    n += 1
    if n % 10 == 0:
        tables.flush()
        print(n, flush=True)
"""


def test_a_kill_leaves_whole_changes(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if int(line) >= 300:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    tables = SearchTables(db)
    history, saved = SearchHistory(tables), SavedSearches(tables)
    history.take(history.load())
    saved.take(saved.load())
    assert tables.error is None
    # the history: at most the cap, newest first, one run after another
    numbers = [int(q.split()[1]) for q in history.entries]
    assert len(numbers) == HISTORY_CAP
    assert numbers == list(range(numbers[0], numbers[0] - HISTORY_CAP, -1))
    # each saved search whole: its name, query and filter from one save
    assert saved.all
    for s in saved.all:
        n = int(s.query.split()[1])
        assert s.name == f"name {n % 7}"
        assert s.list_filter == ListFilter(n % 2 == 0) and s.sort == "date"


class Pauses(threading.Condition):
    """The writer's retry condition, noting the pause asked before each retry."""

    def __init__(self, lock: Any) -> None:
        super().__init__(lock)
        self.asked: list[float | None] = []

    def wait_for(self, predicate: Any, timeout: float | None = None) -> Any:
        self.asked.append(timeout)
        return super().wait_for(predicate, timeout)


def test_a_full_disk_is_told_retried_with_growing_pauses_and_the_save_kept(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.01, 0.02, 0.04))
    saved = saved_of(root)
    tables = saved.tables
    db = tables._db
    assert db is not None
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLITE_FULL
    tables._writer._wake = pauses = Pauses(tables._writer.lock)
    done: list[str | None] = []
    big = "x " * 4000
    saved.save(SavedSearch("big", big), done.append)
    saved.save(SavedSearch("after", "b"), done.append)
    tables.flush()
    assert tables.save_problem == "database or disk is full"
    assert done == ["database or disk is full"] * 2  # told at once: not written yet
    assert saved.get("big") is not None  # kept in memory
    for _ in range(1000):
        if len(pauses.asked) >= 5:
            break
        time.sleep(0.01)
    assert pauses.asked[:4] == [0.01, 0.02, 0.04, 0.04]  # the pause grows to its longest
    db.execute("PRAGMA max_page_count = 1073741823")  # room again
    for _ in range(1000):
        if tables.save_problem is None:
            break
        time.sleep(0.01)
    tables.close()
    assert tables.unsaved_report() is None
    assert done == ["database or disk is full"] * 2  # told once each
    assert [s.name for s in saved_of(root).all] == ["after", "big"]


def test_a_read_only_database_is_retried_in_order(root: Path) -> None:
    """SQLite's own read-only refusal (query_only holds as root, where chmod does not): a save
    then a delete of the same name stay in order, so the delete wins once written."""
    saved = saved_of(root)
    tables = saved.tables
    db = tables._db
    assert db is not None
    db.execute("PRAGMA query_only = 1")
    saved.save(SavedSearch("gone", "a"))
    saved.delete("gone")
    saved.save(SavedSearch("kept", "b"))
    tables.flush()
    assert tables.save_problem == "attempt to write a readonly database"
    db.execute("PRAGMA query_only = 0")
    tables.close()
    assert tables.unsaved_report() is None and tables.save_problem is None
    assert [s.name for s in saved_of(root).all] == ["kept"]
