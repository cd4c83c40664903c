"""A state file that cannot be written (issue 23, items 8-9): what it holds is read and
shown, the user is told once that changes won't be kept, and every change made is counted as
lost, so quitting says what and why (and exits 1).

A read-only folder is simulated by making the state file's read-write opener fail as SQLite
does in one ("unable to open database file": it cannot make the WAL's files there), the
read-only opener (mode=ro) being the real one. chmod cannot stand in when the tests run as
root (root writes through any permission bits); the test with a real chmod runs otherwise.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.history import SearchHistory
from reader.core.search_tables import SearchTables
from reader.core.state import ReadingState, state_file
from reader.core.state_store import open_read_only
from reader.core.tags import Tags

CANT = "unable to open database file"


def cannot_open(*_args: object, **_kwargs: object) -> sqlite3.Connection:
    raise sqlite3.OperationalError(CANT)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A state file holding a read mark, a star, a tag and a search in the history."""
    root = tmp_path / "articles"
    root.mkdir()
    path = state_file(root)
    with ReadingState(root, path) as state:
        state.set_read(str(root / "a.txt"))
        state.toggle_star(str(root / "b.txt"))
    with Tags(path) as tags:
        tags.set(str(root / "a.txt"), ["war"])
    with SearchTables(path) as tables:
        SearchHistory(tables).add("storms")
    return root


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for module in ("state_store", "article_table", "search_tables"):
        monkeypatch.setattr(f"reader.core.{module}.connect", cannot_open)
    yield


def test_a_read_only_state_is_read_and_each_change_is_counted_lost(
    saved: Path, read_only: None
) -> None:
    path = state_file(saved)
    a, b, c = (str(saved / name) for name in ("a.txt", "b.txt", "c.txt"))
    notice = f"Reading state is read-only: changes won't be kept (cannot write {path}: {CANT})"
    state = ReadingState(saved, path)
    assert state.is_read(a) and state.is_starred(b)  # what was saved shows
    assert state.error == notice
    state.toggle_star(c)
    state.set_read(b)
    state.flush()  # returns: nothing is tried
    state.close()
    assert state.is_starred(c)  # kept in memory until the app quits
    assert state.unsaved_report() == f"2 marks could not be saved: cannot write {path}: {CANT}"
    assert state.save_problem is None  # not said again as a failing save ("will retry")

    tags = Tags(path)
    assert tags.of(a) == {"war"} and tags.error == notice  # the same words: said once
    tags.add([c], "later")
    tags.close()
    assert tags.unsaved_report() == f"1 tag change could not be saved: cannot write {path}: {CANT}"

    tables = SearchTables(path)
    history = SearchHistory(tables)
    history.take(history.load())
    assert history.entries == ["storms"] and tables.error == notice
    told: list[str | None] = []
    tables.change(lambda db: None, told.append)
    assert told == [f"cannot write {path}: {CANT}"]  # said at once: it will never be written
    history.add("moon")
    tables.close()
    report = tables.unsaved_report()
    assert report == f"2 changes to searches could not be saved: cannot write {path}: {CANT}"

    db = sqlite3.connect(path)  # the file is as it was
    assert db.execute("SELECT count(*) FROM marks").fetchone() == (2,)
    db.close()


def test_nothing_changed_nothing_lost(saved: Path, read_only: None) -> None:
    path = state_file(saved)
    for store in (ReadingState(saved, path), Tags(path), SearchTables(path)):
        store.close()
        assert store.unsaved_report() is None


def test_a_state_file_replaced_by_a_folder_counts_each_change_lost(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    path = state_file(root)
    path.mkdir(parents=True)
    state = ReadingState(root, path)
    assert state.error is not None and "changes won't be kept" in state.error
    state.toggle_star(str(root / "a.txt"))
    state.close()
    report = state.unsaved_report()
    assert report is not None and report.startswith("1 mark could not be saved: ")
    tags = Tags(path)
    tags.add([str(root / "a.txt")], "war")
    tags.close()
    assert (tags.unsaved_report() or "").startswith("1 tag change could not be saved: ")
    tables = SearchTables(path)
    SearchHistory(tables).add("storms")
    tables.close()
    assert (tables.unsaved_report() or "").startswith("1 change to searches could not be saved")


def test_a_damaged_tags_table_counts_the_new_tag_lost(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    path = state_file(root)
    with ReadingState(root, path) as state:
        state.set_read(str(root / "a.txt"))
    with Tags(path) as tags:
        tags.set_many({str(root / f"{n:05}-{'x' * 60}.txt"): ["war"] for n in range(300)})
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")  # all in the one file
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tags'").fetchone()
    db.close()
    with open(path, "r+b") as file:  # one page of the tags table, and only it, damaged
        file.seek((page - 1) * page_size)
        file.write(b"\xff" * page_size)
    state = ReadingState(root, path)
    assert state.is_read(str(root / "a.txt")) and state.unwritable is None  # marks are fine
    state.close()
    tags = Tags(path)
    assert tags.error is not None and "malformed" in tags.error
    tags.add([str(root / "a.txt")], "new")
    tags.close()
    report = tags.unsaved_report()
    assert report == (
        f"1 tag change could not be saved: cannot read the tags in {path}: "
        "database disk image is malformed"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="as root, a folder's permission bits stop no write")
def test_a_folder_really_read_only_is_read(saved: Path) -> None:
    path = state_file(saved)
    folder = path.parent
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        state = ReadingState(saved, path)
        assert state.is_read(str(saved / "a.txt"))
        assert state.error == (
            f"Reading state is read-only: changes won't be kept ({folder} is not writable)"
        )
        assert Tags(path).of(str(saved / "a.txt")) == {"war"}
        tables = SearchTables(path)
        assert SearchHistory(tables).load() == ["storms"]
        state.toggle_star(str(saved / "c.txt"))
        state.close()
        report = state.unsaved_report()
        assert report == f"1 mark could not be saved: {folder} is not writable"
    finally:
        folder.chmod(mode)


def test_a_folder_where_sqlite_cannot_make_the_wal_files_is_read_immutable(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a read-only folder without the WAL's -shm file, mode=ro cannot open the file (SQLite
    cannot make the -shm there): it is read as immutable. Simulated by refusing mode=ro."""
    real = sqlite3.connect

    def connect(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if "mode=ro" in str(target):
            raise sqlite3.OperationalError(CANT)
        return real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    db = open_read_only(state_file(saved))
    try:
        assert db.execute("SELECT count(*) FROM marks").fetchone() == (2,)
    finally:
        db.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="as root, a file's permission bits stop no write")
def test_a_read_only_file_is_read_by_marks_tags_and_searches_alike(saved: Path) -> None:
    path = state_file(saved)
    path.chmod(stat.S_IRUSR)
    try:
        notice = f"Reading state is read-only: changes won't be kept ({path} is not writable)"
        state, tags, tables = ReadingState(saved, path), Tags(path), SearchTables(path)
        assert SearchHistory(tables).load() == ["storms"]
        assert state.error == tags.error == tables.error == notice  # said once in the app
        for store in (state, tags, tables):
            store.close()
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
