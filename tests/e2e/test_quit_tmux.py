"""Quit ends the process at once, whatever long work is under way (issue 14.8): `q` pressed
while a 20 MB article is being laid out and indexed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

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
    term = terminal(script=f"{sys.executable} {PROBE} {root} {notes}; echo EXITED $?; read end")
    term.wait("laying out")  # the layout worker is busy with it
    term.keys("q")
    # A hang guard, not a measure: before, the process lived on 20 s and more.
    screen = term.wait("EXITED", seconds=10)
    assert "EXITED 0" in screen and "Traceback" not in screen
    facts = json.loads(notes.read_text())
    # The layout had started and never finished: the exit did not wait for it. Its worker was
    # cancelled as the app closed, and the layout gave up at that flag by itself.
    assert facts["layouts"] == [{"finished": False, "given_up": True, "cancelled": True}]
    # Indexing the 20 MB article (a single document: nothing to check a flag between) was
    # not waited for either.
    assert all(not update["finished"] for update in facts["updates"])
