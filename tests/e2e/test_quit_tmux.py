"""Quitting in a real terminal: the process ends at once, whatever long work is under way
(issue 14.8: `q` while a 20 MB article is laid out and indexed), and marks that cannot be saved
are said, not lost silently (issue 14.2)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

from reader.core.state import state_file
from tests.e2e.tmux import READER
from tests.hostile import FULL_BIG_BYTES, _big_text

PROBE = Path(__file__).with_name("quit_probe.py")


def test_q_while_a_20mb_article_is_laid_out_and_indexed_ends_the_process(
    tmp_path: Path, terminal
) -> None:
    root = tmp_path / "big"
    root.mkdir()
    (root / "small.txt").write_text("A small article\n\nA few words.\n")
    big = root / "big.txt"
    big.write_bytes(_big_text(FULL_BIG_BYTES, "bigreportword"))
    os.utime(big, (2_000_000_000, 2_000_000_000))  # the newest: opened at start
    notes = tmp_path / "notes.json"
    # \$: the terminal's own shell passes $? on to the script's, which has run the reader.
    term = terminal(script=f"{sys.executable} {PROBE} {root} {notes}; echo EXITED \\$?; read end")
    term.wait("laying out")  # the layout worker is busy with it
    term.keys("q")
    # A hang guard, not a measure: before, the process lived on 20 s and more.
    screen = term.wait("EXITED", seconds=10)
    assert "EXITED 0" in screen and "Traceback" not in screen
    facts = json.loads(notes.read_text())
    # The layout had started and never finished: the exit did not wait for it. Its worker was
    # cancelled as the app closed, and the layout gave up at that flag by itself.
    assert facts["layouts"] == [{"finished": False, "given_up": True, "cancelled": True}]
    # (Whether the index update of the article was still running at `q` depends on how fast
    # the machine indexes: the bounded read and the fast writer now often finish it first, so
    # the exit's not waiting for it is shown by the hang guard above, not asserted here.)


def test_quit_while_marks_cannot_be_saved_says_so_and_exits_1(tmp_path: Path, terminal) -> None:
    """Issue 14.2 in a real terminal: another process holds the state file's write lock."""
    root = tmp_path / "few"
    root.mkdir()
    for n in range(3):
        (root / f"a{n}.txt").write_text(f"Article {n}\n\nBody of article {n}.\n")
    term = terminal(script=f"{READER} {root}; echo EXITED \\$?; read end")
    term.wait("Article 0")
    other = sqlite3.connect(state_file(root), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        term.keys("s")
        term.wait("Can't save marks: database is locked; will retry")
        term.keys("q")
        screen = term.wait("EXITED")
    finally:
        other.close()
    assert "reader: 1 mark could not be saved: database is locked" in screen
    assert "EXITED 1" in screen


def test_quit_when_the_state_file_cannot_be_opened_says_what_is_lost_and_exits_1(
    tmp_path: Path, terminal
) -> None:
    """Issue 23.9 in a real terminal: the state file replaced by a folder. A star and a tag,
    then q: one line after the app closes names both, and the status is 1 (it was 0, and
    nothing said)."""
    root = tmp_path / "few"
    root.mkdir()
    for n in range(3):
        (root / f"a{n}.txt").write_text(f"Article {n}\n\nBody of article {n}.\n")
    state_file(root).mkdir(parents=True)
    term = terminal(script=f"{READER} {root}; echo EXITED \\$?; read end")
    term.wait("Reading state is not saved")
    term.keys("s", "t")
    term.type("later")
    term.keys("Enter", "Escape")
    term.wait("later")  # in the article's metadata line: kept in memory
    term.keys("q")
    screen = term.wait("EXITED")
    said = "".join(screen.split("EXITED")[0].split())  # the line, wrapped at the width
    assert said.count("reader:") == 1
    assert "reader:1markcouldnotbesaved:cannotwrite" in said
    assert ";1tagchangecouldnotbesaved:cannotwrite" in said
    assert "EXITED 1" in screen
