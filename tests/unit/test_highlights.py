"""Highlights kept in the state database, with the promises marks and tags make: saved in the
background, two readers on one folder, a kill, a full disk or a lock said and retried, a
read-only state folder, articles that move; and a note is kept clean."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from reader.core.anchoring import Anchor, make_anchor
from reader.core.corpus import scan
from reader.core.highlight_store import Change, HighlightStore
from reader.core.highlights import NOTE_MAX_CHARS, Highlights, clean_note
from reader.core.state import state_file
from tests.conftest import save_problems_of


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\nThe first sentence. The second one.\n")
    (folder / "b.txt").write_text("Beta\n\nSomething else entirely.\n")
    return folder


def anchor(quote: str = "The second one.") -> Anchor:
    text = "The first sentence. The second one."
    start = text.index(quote)
    return make_anchor(text, start, start + len(quote))


def rows(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT path, quote, note FROM highlights").fetchall())


def test_highlights_and_notes_persist(corpus: Path) -> None:
    path = state_file(corpus)
    article = str(corpus / "a.txt")
    with Highlights(path) as store:
        made = store.add(article, anchor(), "a note")
        other = store.add(article, anchor("The first sentence."))
        store.set_note(other.id, "later")
        assert [h.id for h in store.of(article)] == [made.id, other.id]
    again = Highlights(path)
    assert {(h.quote, h.note) for h in again.of(article)} == {
        ("The second one.", "a note"),
        ("The first sentence.", "later"),
    }
    assert again.paths() == {article}
    again.delete(made.id)
    again.close()
    assert rows(path) == [(article, "The first sentence.", "later")]


def test_two_readers_on_one_folder_keep_each_others_highlights(corpus: Path) -> None:
    path = state_file(corpus)
    first, second = Highlights(path), Highlights(path)
    first.add(str(corpus / "a.txt"), anchor())
    second.add(str(corpus / "b.txt"), anchor())
    first.close()
    second.close()
    assert len(rows(path)) == 2


def test_a_lock_held_too_long_is_said_and_retried(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.01, 0.05))
    path = state_file(corpus)
    store = Highlights(path)
    told, cleared = save_problems_of(store)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    store.add(str(corpus / "a.txt"), anchor(), "kept")
    store.flush()
    assert store.save_problem == "database is locked" and told == ["database is locked"]
    blocker.execute("ROLLBACK")
    assert cleared.wait(timeout=10), "never retried"
    blocker.close()
    store.close()
    assert rows(path) == [(str(corpus / "a.txt"), "The second one.", "kept")]


def test_a_full_disk_is_said_and_nothing_is_lost(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))
    path = state_file(corpus)
    store = Highlights(path)
    store.flush()
    real = store._store.write

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    store._store.write = full  # type: ignore[method-assign]
    store.add(str(corpus / "a.txt"), anchor(), "one")
    store.flush()
    assert store.save_problem == "database or disk is full"
    store._store.write = real  # type: ignore[method-assign]
    store.add(str(corpus / "b.txt"), anchor(), "two")  # a change retries the first too
    store.close()
    assert [note for _, _, note in rows(path)] == ["one", "two"]


def test_close_reports_what_could_not_be_saved(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (3600.0,))
    path = state_file(corpus)
    store = Highlights(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    store.add(str(corpus / "a.txt"), anchor())
    store.flush()
    store.close()
    assert store.unsaved_report() == "1 highlight change could not be saved: database is locked"
    assert store.has(str(corpus / "a.txt"))
    blocker.execute("ROLLBACK")
    blocker.close()


def test_a_read_only_state_folder_shows_the_highlights_and_says_none_are_kept(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As test_state_read_only.py simulates it (chmod does not stop root): the read-write
    opener fails as SQLite does in a read-only folder, the read-only opener is the real one."""
    path = state_file(corpus)
    with Highlights(path) as store:
        store.add(str(corpus / "a.txt"), anchor())

    def cannot_open(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr("reader.core.article_table.connect", cannot_open)
    store = Highlights(path)
    assert store.error is not None and "read-only" in store.error
    assert store.has(str(corpus / "a.txt"))
    store.add(str(corpus / "b.txt"), anchor())  # in memory only
    assert store.has(str(corpus / "b.txt"))
    store.close()
    assert store.unsaved_report() == (
        f"1 highlight change could not be saved: cannot write {path}: unable to open database file"
    )
    assert len(rows(path)) == 1


def test_read_only_highlights_never_create_the_database(corpus: Path) -> None:
    path = state_file(corpus)
    store = Highlights(path, read_only=True)
    assert store.every() == [] and store.error is None
    store.close()
    assert not path.exists()


def test_highlights_follow_an_article_that_is_moved(corpus: Path) -> None:
    path = state_file(corpus)
    with Highlights(path) as store:
        store.add(str(corpus / "a.txt"), anchor(), "kept")
    (corpus / "a.txt").rename(corpus / "moved.txt")
    with Highlights(path) as store:
        assert store.reconcile(scan(corpus)) == 1
        assert [h.note for h in store.of(str(corpus / "moved.txt"))] == ["kept"]
        assert not store.has(str(corpus / "a.txt"))
    assert rows(path) == [(str(corpus / "moved.txt"), "The second one.", "kept")]


def test_highlights_follow_an_article_edited_then_moved(corpus: Path) -> None:
    path = state_file(corpus)
    with Highlights(path) as store:
        store.add(str(corpus / "a.txt"), anchor())
    (corpus / "a.txt").write_text("Alpha\n\nA new line.\n\nThe first sentence. The second one.\n")
    with Highlights(path) as store:
        store.reconcile(scan(corpus))  # seen changed: hashed again
        store.flush()
    (corpus / "a.txt").rename(corpus / "moved.txt")
    with Highlights(path) as store:
        assert store.reconcile(scan(corpus)) == 1
        assert store.has(str(corpus / "moved.txt"))


def test_a_note_is_kept_without_control_characters_or_line_breaks() -> None:
    assert clean_note("  two\nlines\x1b[31m red\x07 ") == "two lines [31m red"
    assert len(clean_note("x" * 5000)) == NOTE_MAX_CHARS


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from reader.core.anchoring import Anchor
from reader.core.highlights import Highlights
store = Highlights(Path(sys.argv[1]))
store.put_many({
    f"{sys.argv[2]}-{n}": __import__("reader.core.highlight_store").core.highlight_store.Highlight(
        f"{sys.argv[2]}-{n}", f"/x/{n}", Anchor("q", "", "", 0), "", 1.0)
    for n in range(3000)
})
time.sleep(float(sys.argv[3]))
os.kill(os.getpid(), 9)
"""


def test_a_kill_leaves_a_change_whole_or_not_at_all(corpus: Path) -> None:
    path = state_file(corpus)
    Highlights(path).close()
    saved = 0
    for run_number, pause in enumerate((0, 0.002, 0.01, 0.05, 0.5)):
        run = subprocess.run(
            [sys.executable, "-c", KILLED_WRITER, str(path), str(run_number), str(pause)],
            env=os.environ.copy(),
            check=False,
        )
        assert run.returncode == -signal.SIGKILL
        with sqlite3.connect(path) as db:
            count = db.execute("SELECT COUNT(*) FROM highlights").fetchone()[0]
        assert count in (saved, saved + 3000)
        saved = count
    assert saved > 0


def test_what_another_program_wrote_is_read_without_escapes(corpus: Path) -> None:
    path = state_file(corpus)
    Highlights(path).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO highlights (id, path, quote, note, created) VALUES (?, ?, ?, ?, ?)",
            ("x", str(corpus / "a.txt"), "The\x1b]0;owned\x07 quote", "a\x1b[31m note\x9b", 1.0),
        )
    (highlight,) = Highlights(path).every()
    assert highlight.quote == "The quote" and highlight.note == "a note"


def test_a_mistake_while_saving_keeps_the_highlight_says_it_and_retries(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error that is neither SQLite's nor the system's (a mistake of reader's) fails the
    write as a full disk would: the highlight is kept, the problem said, and the next try
    saves it with what came since. It used to end the writer and drop the change: never
    saved, and no longer counted at quit."""
    real = HighlightStore.write
    tries: list[int] = []

    def first_fails(self: HighlightStore, changes: Sequence[Change], files: Any) -> None:
        tries.append(len(changes))
        if len(tries) == 1:
            raise RuntimeError("a mistake")
        real(self, changes, files)

    monkeypatch.setattr(HighlightStore, "write", first_fails)
    path = state_file(corpus)
    with Highlights(path) as store:
        store.add(str(corpus / "a.txt"), anchor(), "first")
        store.flush()
        assert store.save_problem == "an unexpected error (RuntimeError; see the log)"
        store.add(str(corpus / "b.txt"), anchor(), "second")
        store.flush()
        assert store.save_problem is None
    assert store.unsaved_report() is None
    assert tries == [1, 2]
    assert [note for _, _, note in rows(path)] == ["first", "second"]


def test_a_highlight_changed_twice_is_one_change_lost(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made, then given a note, in a state that cannot be written: quitting says one
    highlight change is lost, not two."""

    def cannot_open(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr("reader.core.article_table.connect", cannot_open)
    store = Highlights(state_file(corpus))
    made = store.add(str(corpus / "a.txt"), anchor())
    store.set_note(made.id, "a note")
    store.add(str(corpus / "b.txt"), anchor())
    store.close()
    assert (store.unsaved_report() or "").startswith("2 highlight changes could not be saved:")
