"""Reading state: marks persist, follow moved files, survive kills, damage and unwritable dirs."""

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

from reader.core.corpus import scan
from reader.core.paths import data_dir
from reader.core.state import ReadingState, state_file
from tests.conftest import save_problems_of
from tests.unit.guards import fifo_and_device, opened_paths, without_hanging


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three small articles with distinct contents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in [("a.txt", "Alpha\n\none"), ("b.txt", "Beta\n\ntwo"), ("c.md", "# Gamma")]:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def p(folder: Path, name: str) -> str:
    return str(folder / name)


def test_default_file_is_per_corpus_under_the_data_dir(corpus: Path, tmp_path: Path) -> None:
    state = ReadingState(corpus)
    assert state.path == state_file(corpus)
    assert state.path.is_relative_to(data_dir() / "state")
    assert state.path != state_file(tmp_path / "other")
    state.set_read(p(corpus, "a.txt"))
    state.close()
    assert state.path.is_file()
    assert state.error is None


def test_marks_persist_across_close_and_reopen(corpus: Path) -> None:
    a, b, c = p(corpus, "a.txt"), p(corpus, "b.txt"), p(corpus, "c.md")
    with ReadingState(corpus) as state:
        assert not state.is_read(a) and not state.is_starred(a)
        state.set_read(a)
        assert state.toggle_star(b) is True
        assert state.toggle_read(c) is True
        assert state.toggle_read(c) is False
    with ReadingState(corpus) as state:
        assert state.is_read(a) and not state.is_starred(a)
        assert state.is_starred(b) and not state.is_read(b)
        assert not state.is_read(c)
        assert state.toggle_star(b) is False
        state.set_read(a, False)
    with ReadingState(corpus) as state:
        assert not state.is_read(a) and not state.is_starred(b)
        count = state._store.db.execute("SELECT count(*) FROM marks").fetchone()[0]  # type: ignore[union-attr]
        assert count == 0  # unmarked articles leave no row behind


def test_positions_persist(corpus: Path) -> None:
    a = p(corpus, "a.txt")
    with ReadingState(corpus) as state:
        assert state.position(a) == 0
        state.set_position(a, 42)
        state.set_position(p(corpus, "b.txt"), -5)
        assert state.position(a) == 42
        assert state.position(p(corpus, "b.txt")) == 0
    with ReadingState(corpus) as state:
        assert state.position(a) == 42
        assert not state.is_read(a)  # a position alone is not a read mark


def test_last_selected_theme_and_sort_persist(corpus: Path) -> None:
    with ReadingState(corpus) as state:
        assert (state.last_selected, state.theme, state.sort) == (None, None, None)
        state.last_selected = p(corpus, "b.txt")
        state.theme = "textual-light"
        state.sort = "title"
    with ReadingState(corpus) as state:
        assert state.last_selected == p(corpus, "b.txt")
        assert state.theme == "textual-light"
        assert state.sort == "title"
        state.sort = None
    with ReadingState(corpus) as state:
        assert state.sort is None and state.theme == "textual-light"


def test_the_list_row_persists(corpus: Path) -> None:
    with ReadingState(corpus) as state:
        assert state.list_row is None
        state.list_row = 7
    with ReadingState(corpus) as state:
        assert state.list_row == 7
        state.list_row = None
    with ReadingState(corpus) as state:
        assert state.list_row is None


def test_mark_all_read(corpus: Path) -> None:
    paths = [f.path for f in scan(corpus)]
    with ReadingState(corpus) as state:
        state.mark_all_read(paths)
        assert all(state.is_read(x) for x in paths)
        assert state.read_count == 3
    with ReadingState(corpus) as state:
        assert all(state.is_read(x) for x in paths)
        assert all(state.mark(x).hash for x in paths)


def test_two_corpora_keep_separate_state(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    with ReadingState(corpus) as state:
        state.set_read("x")
        state.theme = "nord"
    with ReadingState(other) as state:
        assert not state.is_read("x") and state.theme is None


def test_rename_and_move_keep_marks_via_reconcile(corpus: Path) -> None:
    a, b, c = p(corpus, "a.txt"), p(corpus, "b.txt"), p(corpus, "c.md")
    with ReadingState(corpus) as state:
        state.set_read(a)
        state.toggle_star(b)
        state.set_position(b, 7)
        state.last_selected = b
        assert state.reconcile(scan(corpus)) == 0
    (corpus / "sub").mkdir()
    os.rename(a, corpus / "renamed.txt")
    os.rename(b, corpus / "sub" / "b.txt")
    with ReadingState(corpus) as state:
        assert state.reconcile(scan(corpus)) == 2
        assert state.is_read(p(corpus, "renamed.txt")) and not state.is_read(a)
        moved = p(corpus, "sub/b.txt")
        assert state.is_starred(moved) and state.position(moved) == 7
        assert not state.is_starred(b)
        assert state.last_selected == moved
        assert not state.is_read(c)
    with ReadingState(corpus) as state:  # the move itself was saved
        assert state.is_read(p(corpus, "renamed.txt"))
        assert state.reconcile([str(corpus / "renamed.txt"), moved, c]) == 0


def test_reconcile_needs_same_content_and_hashes_only_new_paths(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = p(corpus, "a.txt")
    state = ReadingState(corpus)
    state.set_read(a)
    state.flush()  # the writer has hashed a.txt before it goes
    os.remove(a)
    (corpus / "new.txt").write_text("Alpha\n\nONE", encoding="utf-8")  # same size, other bytes
    assert state.reconcile(scan(corpus)) == 0
    assert not state.is_read(p(corpus, "new.txt"))
    assert state.is_read(a)  # a vanished file's mark is kept: it may come back

    hashed: list[str] = []
    import reader.core.moves as module

    real = module.file_hash

    def spy(path: str) -> tuple[str, int, float] | None:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(module, "file_hash", spy)
    (corpus / "later.txt").write_text("Alpha\n\none", encoding="utf-8")
    assert state.reconcile(scan(corpus)) == 1
    assert hashed == [p(corpus, "later.txt")]  # not new.txt (seen before), not b or c
    assert state.is_read(p(corpus, "later.txt"))


def test_reconcile_pairs_duplicates_one_to_one(corpus: Path) -> None:
    (corpus / "a2.txt").write_text("Alpha\n\none", encoding="utf-8")
    state = ReadingState(corpus)
    state.set_read(p(corpus, "a.txt"))
    state.toggle_star(p(corpus, "a2.txt"))
    state.flush()  # the writer has hashed both before they move
    os.rename(corpus / "a.txt", corpus / "x.txt")
    os.rename(corpus / "a2.txt", corpus / "y.txt")
    assert state.reconcile(scan(corpus)) == 2
    marks = {state.is_read(p(corpus, "x.txt")), state.is_read(p(corpus, "y.txt"))}
    stars = {state.is_starred(p(corpus, "x.txt")), state.is_starred(p(corpus, "y.txt"))}
    assert marks == {True, False} and stars == {True, False}


class FailingConnection:
    """A connection that fails on its Nth statement, as a kill or a full disk would."""

    def __init__(self, db: sqlite3.Connection, fail_at: int, error: Exception) -> None:
        self.db, self.fail_at, self.error, self.count = db, fail_at, error, 0

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        self.count += 1
        if self.count == self.fail_at:
            raise self.error
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


def test_failure_in_the_middle_of_a_write_leaves_the_old_state(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))  # no retry by itself
    paths = [p(corpus, n) for n in ("a.txt", "b.txt", "c.md")]
    state = ReadingState(corpus)
    state.set_read(paths[0])
    state.flush()
    real = state._store.db
    assert real is not None
    # BEGIN, first row, then the second row fails: the first row must not reach the disk.
    state._store.db = FailingConnection(real, 3, sqlite3.OperationalError("disk I/O error"))  # type: ignore[assignment]
    state.mark_all_read(paths + [p(corpus, "gone.txt")])
    assert all(state.is_read(x) for x in paths)  # in memory the app carries on
    state.flush()
    assert state.save_problem == "disk I/O error"
    with ReadingState(corpus) as fresh:
        assert fresh.is_read(paths[0])
        assert not fresh.is_read(paths[1]) and not fresh.is_read(paths[2])
    state._store.db = real
    state.theme = "nord"  # a change tries again at once, and saves what failed before too
    state.flush()
    assert state.save_problem is None
    state.close()
    assert state.unsaved_report() is None
    with ReadingState(corpus) as fresh:
        assert all(fresh.is_read(x) for x in paths) and fresh.theme == "nord"


def test_disk_full_keeps_working_in_memory(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))
    state = ReadingState(corpus)
    real = state._store.db
    assert real is not None
    full = sqlite3.OperationalError("database or disk is full")
    state._store.db = FailingConnection(real, 2, full)  # type: ignore[assignment]
    state.toggle_star(p(corpus, "a.txt"))
    assert state.is_starred(p(corpus, "a.txt"))
    state.flush()
    assert state.save_problem == "database or disk is full"
    assert not real.in_transaction
    state._store.db = real
    state.close()


WRITER = """
import sys
from pathlib import Path
from reader.core.state import ReadingState
state = ReadingState(Path(sys.argv[1]), Path(sys.argv[2]))
i = 0
while True:
    state.mark_all_read([f"/batch{i}/{j}" for j in range(100)])
    state.flush()
    print(i, flush=True)
    i += 1
"""


def test_kill_during_writes_leaves_whole_batches(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(corpus), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if int(line) >= 30:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with ReadingState(corpus, db) as state:
        assert state.error is None
        batches: dict[str, int] = {}
        for path in state._marks:
            batch = path.split("/")[1]
            batches[batch] = batches.get(batch, 0) + 1
        assert len(batches) >= 30
        assert set(batches.values()) == {100}  # every batch whole, none half-written
        check = state._store.db.execute("PRAGMA integrity_check").fetchone()[0]  # type: ignore[union-attr]
        assert check == "ok"


def test_garbage_state_file_is_set_aside(corpus: Path) -> None:
    path = state_file(corpus)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database\n" * 300)
    state = ReadingState(corpus)
    assert state.error is not None
    assert str(path) in state.error and "set aside" in state.error
    aside = list(path.parent.glob(path.name + ".broken-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    state.set_read(p(corpus, "a.txt"))  # a fresh state works and is saved
    state.close()
    with ReadingState(corpus) as again:
        assert again.error is None and again.is_read(p(corpus, "a.txt"))


def test_truncated_database_is_set_aside(corpus: Path) -> None:
    with ReadingState(corpus) as state:
        state.mark_all_read([f"/x/{i}" for i in range(2000)])
        # saved before close(), which waits for the last write only CLOSE_SECONDS: on a busy
        # machine the 2,000 rows stayed unsaved, the file held one page, and nothing was hurt
        state.flush()
    path = state_file(corpus)
    data = path.read_bytes()
    assert len(data) > 4100
    path.write_bytes(data[:100] + b"\xff" * 4000 + data[4100:])
    state = ReadingState(corpus)
    assert state.error is not None and str(path) in state.error
    state.close()


def test_unwritable_data_dir_works_in_memory(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))  # mkdir fails even as root
    state = ReadingState(corpus)
    assert state.error is not None and "not saved" in state.error
    assert str(state.path.parent) in state.error
    a = p(corpus, "a.txt")
    state.set_read(a)
    assert state.toggle_star(a) is True
    state.set_position(a, 3)
    state.theme = "nord"
    state.mark_all_read([p(corpus, "b.txt")])
    assert state.is_read(a) and state.is_starred(a) and state.position(a) == 3
    assert state.theme == "nord" and state.is_read(p(corpus, "b.txt"))
    assert state.reconcile(scan(corpus)) == 0
    state.close()


def test_newer_schema_is_not_destroyed(corpus: Path) -> None:
    path = state_file(corpus)
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.close()
    state = ReadingState(corpus)
    assert state.error is not None and "newer" in state.error
    assert path.exists() and not list(path.parent.glob("*.broken-*"))
    state.set_read("x")
    assert state.is_read("x")
    state.close()


def test_used_from_two_threads(corpus: Path) -> None:
    state = ReadingState(corpus)

    def work(prefix: str) -> None:
        for i in range(200):
            state.toggle_read(f"/{prefix}/{i}")
            state.set_position(f"/{prefix}/{i}", i + 1)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("ui", "worker")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    state.close()
    assert state.error is None
    with ReadingState(corpus) as again:
        assert again.read_count == 400
        assert again.position("/worker/199") == 200


def test_paths_that_are_not_utf8_are_kept(tmp_path: Path) -> None:
    name = os.fsdecode(b"/corpus/caf\xe9.txt")
    db = tmp_path / "state.sqlite3"
    state = ReadingState(tmp_path, db)
    state.set_read(name)
    state.last_selected = name
    state.close()
    again = ReadingState(tmp_path, db)
    assert again.is_read(name)
    assert again.last_selected == name
    assert again.error is None
    again.close()


def test_paths_kept_in_the_older_hex_form_are_read_and_rewritten(tmp_path: Path) -> None:
    name = os.fsdecode(b"/corpus/caf\xe9.txt")
    old = "hex:" + b"/corpus/caf\xe9.txt".hex()
    db = tmp_path / "state.sqlite3"
    ReadingState(tmp_path, db).close()  # the schema
    raw = sqlite3.connect(db)
    raw.execute("INSERT INTO marks (path, read) VALUES (?, 1)", (old,))
    raw.execute("INSERT INTO meta (key, value) VALUES ('last_selected', ?)", (old,))
    raw.commit()
    raw.close()
    with ReadingState(tmp_path, db) as state:
        assert state.is_read(name) and state.last_selected == name
        state.set_read(name, False)  # the row is found under the path's new form
    with ReadingState(tmp_path, db) as state:
        assert not state.is_read(name) and state.last_selected == name
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM marks").fetchone()[0] == 0
    raw.close()


def test_every_change_made_before_close_is_saved(corpus: Path) -> None:
    a, b = p(corpus, "a.txt"), p(corpus, "b.txt")
    state = ReadingState(corpus)
    for i in range(300):
        state.set_position(f"/scroll/{i}", i + 1)
    state.set_read(a)
    state.toggle_star(b)
    state.theme = "nord"
    state.close()  # no flush: close waits for the writer
    with ReadingState(corpus) as again:
        assert again.is_read(a) and again.is_starred(b) and again.theme == "nord"
        assert again.position("/scroll/299") == 300
        assert again.mark(a).hash and again.mark(b).hash  # hashed before it was saved


def test_changes_are_hashed_and_saved_on_the_writer_thread_only(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.core.state as module

    caller = threading.current_thread()
    threads: list[threading.Thread] = []
    real_hash = module.file_hash

    def spy_hash(path: str) -> tuple[str, int, float] | None:
        threads.append(threading.current_thread())
        return real_hash(path)

    monkeypatch.setattr(module, "file_hash", spy_hash)
    state = ReadingState(corpus)
    real_write = state._store.write

    def spy_write(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return real_write(*args)

    monkeypatch.setattr(state._store, "write", spy_write)
    state.set_read(p(corpus, "a.txt"))
    state.toggle_read(p(corpus, "b.txt"))
    state.toggle_star(p(corpus, "c.md"))
    state.set_position(p(corpus, "a.txt"), 5)
    state.mark_all_read([p(corpus, "c.md")])
    state.last_selected = p(corpus, "a.txt")
    state.flush()
    assert threads and caller not in threads
    assert all(state.mark(p(corpus, n)).hash for n in ("a.txt", "b.txt", "c.md"))
    state.close()


def test_changes_apply_at_once_while_a_write_waits(corpus: Path) -> None:
    """A write held up (a lock, a slow disk) never holds up the caller: it sees its changes."""
    a, b = p(corpus, "a.txt"), p(corpus, "b.txt")
    state = ReadingState(corpus)
    real_write = state._store.write
    writing, release = threading.Event(), threading.Event()

    def slow_write(*args: Any) -> Any:
        writing.set()
        release.wait()
        return real_write(*args)

    state._store.write = slow_write  # type: ignore[method-assign]
    state.set_read(a)
    assert writing.wait(timeout=10)  # the writer is now stuck in the database

    def change() -> None:
        state.toggle_star(b)
        state.set_position(a, 9)
        state.theme = "nord"
        state.mark_all_read([b])

    without_hanging(change)
    assert state.is_read(a) and state.is_starred(b) and state.position(a) == 9
    assert state.is_read(b) and state.theme == "nord"
    release.set()
    state.close()
    with ReadingState(corpus) as again:
        assert again.is_read(a) and again.is_starred(b) and again.position(a) == 9
        assert again.is_read(b) and again.theme == "nord"


def test_a_fifo_or_a_device_named_as_an_article_is_never_opened(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo, zero = fifo_and_device(corpus)
    empty = corpus / "empty.txt"
    empty.write_bytes(b"")
    opened = opened_paths(monkeypatch)
    state = ReadingState(corpus)
    assert state.toggle_star(str(fifo)) is True
    state.set_read(str(zero))
    state.mark_all_read([str(fifo), str(zero)])
    state.set_read(str(empty))
    without_hanging(state.flush)
    assert state.is_starred(str(fifo)) and state.is_read(str(zero))
    # A vanished empty article and a new FIFO of the same size (0): not hashed either.
    empty.unlink()
    os.mkfifo(corpus / "new-pipe.txt")
    assert without_hanging(lambda: state.reconcile(scan(corpus))) == 0
    without_hanging(state.close)
    assert str(fifo) not in opened and str(zero) not in opened
    assert str(corpus / "new-pipe.txt") not in opened
    with ReadingState(corpus) as again:
        assert again.is_starred(str(fifo)) and again.is_read(str(zero))


def test_two_readers_on_one_folder_keep_each_others_marks(corpus: Path) -> None:
    path = str(corpus / "a.txt")
    first, second = ReadingState(corpus), ReadingState(corpus)
    assert first.toggle_star(path) is True
    first.flush()
    second.set_read(path)  # second still believes the article unstarred
    second.flush()
    assert second.is_starred(path)  # it learns of the star as its own change is saved
    first.set_position(path, 12)
    first.flush()
    first.close()
    second.close()
    again = ReadingState(corpus)
    assert again.is_starred(path) and again.is_read(path) and again.position(path) == 12
    again.toggle_star(path)
    again.set_read(path, False)
    again.set_position(path, 0)
    again.close()
    assert ReadingState(corpus).mark(path).blank  # a blank row is gone


# --- saving when the disk is full or the file locked (issue 14.2) ---------------------------


class Pauses(threading.Condition):
    """The writer's retry condition, noting the pause asked before each retry."""

    def __init__(self, lock: Any) -> None:
        super().__init__(lock)
        self.asked: list[float | None] = []

    def wait_for(self, predicate: Any, timeout: float | None = None) -> Any:
        self.asked.append(timeout)
        return super().wait_for(predicate, timeout)


def until(condition: Any) -> None:
    """Wait until condition() holds; the deadline only guards against a hang."""
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("never happened")


def on_disk(state: ReadingState) -> dict[str, tuple[int, int]]:
    """path -> (read, starred) as the database file holds them, read by another connection."""
    db = sqlite3.connect(state.path)
    try:
        return {
            row[0]: (row[1], row[2]) for row in db.execute("SELECT path, read, starred FROM marks")
        }
    finally:
        db.close()


def test_a_full_disk_is_said_retried_with_growing_pauses_and_cleared(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.01, 0.02, 0.04))
    state = ReadingState(corpus)
    state.set_read(p(corpus, "a.txt"))
    state.flush()
    db = state._store.db
    assert db is not None
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLITE_FULL
    state._writer._wake = pauses = Pauses(state._lock)
    told, cleared = save_problems_of(state)
    many = [f"/articles/{'long-name-' * 20}{n}.txt" for n in range(500)]
    state.mark_all_read(many)
    state.flush()
    assert state.save_problem == "database or disk is full"
    assert told == ["database or disk is full"]
    assert all(state.is_read(x) for x in many)  # in memory the app carries on
    assert many[0] not in on_disk(state)
    until(lambda: len(pauses.asked) >= 5)
    assert pauses.asked[:4] == [0.01, 0.02, 0.04, 0.04]  # the pause grows to its longest
    db.execute("PRAGMA max_page_count = 1073741823")  # room again
    assert cleared.wait(timeout=10), "never saved"  # retried by itself: no change since
    assert state.save_problem is None and told == ["database or disk is full", None]
    assert all(on_disk(state)[x] == (1, 0) for x in many)
    state.close()
    assert state.unsaved_report() is None


def test_a_lock_held_too_long_is_retried_and_close_tries_a_last_time(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))  # only changes retry
    state = ReadingState(corpus)
    told, _ = save_problems_of(state)
    other = sqlite3.connect(state.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    a, b = p(corpus, "a.txt"), p(corpus, "b.txt")
    state.toggle_star(a)
    state.flush()
    assert state.save_problem == "database is locked" and told == ["database is locked"]
    state.set_read(b)  # a change tries again at once: still locked
    state.flush()
    assert state.save_problem == "database is locked" and told == ["database is locked"]
    other.execute("ROLLBACK")  # the lock is let go; close() tries once more
    without_hanging(state.close)
    assert state.unsaved_report() is None and told == ["database is locked", None]
    assert on_disk(state) == {a: (0, 1), b: (1, 0)}
    other.close()


def test_close_while_saving_still_fails_reports_what_is_lost(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    state = ReadingState(corpus)
    other = sqlite3.connect(state.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    state.toggle_star(p(corpus, "a.txt"))
    state.set_read(p(corpus, "b.txt"))
    state.set_position(p(corpus, "c.md"), 4)
    without_hanging(state.close)
    assert state.unsaved_report() == "3 marks could not be saved: database is locked"
    other.execute("ROLLBACK")
    other.close()
    assert on_disk(state) == {}
    assert state.is_starred(p(corpus, "a.txt"))  # memory still holds them


def test_close_waits_a_bounded_time_for_a_write_held_up(corpus: Path) -> None:
    state = ReadingState(corpus)
    real_write = state._store.write
    writing, release = threading.Event(), threading.Event()

    def stuck_write(*args: Any) -> Any:
        writing.set()
        release.wait()
        return real_write(*args)

    state._store.write = stuck_write  # type: ignore[method-assign]
    state.set_read(p(corpus, "a.txt"))
    assert writing.wait(timeout=10)
    writer = state._writer.thread
    assert writer is not None and writer.daemon  # the process never waits for it
    without_hanging(lambda: state.close(timeout=0.05))
    assert state.unsaved_report() == "1 mark could not be saved: still being saved when reader quit"
    release.set()
    writer.join(timeout=10)
    assert not writer.is_alive()
    assert state._store.db is None  # the writer closed the database as it ended
    assert on_disk(state) == {p(corpus, "a.txt"): (1, 0)}


def test_a_read_only_database_is_said_and_retried(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own read-only refusal (query_only: it holds as root, where chmod does not)."""
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.01,))
    state = ReadingState(corpus)
    db = state._store.db
    assert db is not None
    db.execute("PRAGMA query_only = 1")
    told, cleared = save_problems_of(state)
    state.toggle_star(p(corpus, "a.txt"))
    state.flush()
    assert state.save_problem == "attempt to write a readonly database"
    db.execute("PRAGMA query_only = 0")
    assert cleared.wait(timeout=10), "never saved"
    assert on_disk(state) == {p(corpus, "a.txt"): (0, 1)}
    state.close()
