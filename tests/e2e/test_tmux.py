"""End to end: the installed `reader` in a real terminal (tmux), read off the screen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import SEED_TITLE, SEEDS
from tests.e2e.tmux import BOX_KEYS, READER, child_of


def test_reads_seed_title_and_first_paragraph(terminal) -> None:
    term = terminal()
    term.wait("Biden authorized Ukraine")  # in the list: the newest sample, on top
    term.keys("g")  # the first start previews the quick list's first, whichever file that was
    screen = term.wait("President Joe Biden has authorized")
    assert f"{len(list(SEEDS.glob('*.*')))} articles" in screen  # the bundled samples
    term.keys("enter", "space", "escape", "q")
    assert term.wait_dead(), "q did not quit"
    assert "Traceback" not in term.screen()


def test_search_kursk_finds_seed_and_counts_matches(terminal) -> None:
    term = terminal()
    term.wait("Biden authorized Ukraine")  # the list is up
    term.keys("/")
    term.wait(BOX_KEYS)
    term.type("Kursk")
    term.wait("1 article match")
    screen = term.wait("troops to the Ku")  # the hit's snippet, drawn under its title
    assert SEED_TITLE[:40] in screen
    term.keys("Enter")
    screen = term.wait("match 1/2")
    term.keys("n")
    term.wait("match 2/2")
    assert "Traceback" not in term.screen()


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signals_end_the_app_and_restore_the_terminal(terminal, signame: str) -> None:
    # reader under a shell that reports the tty state after it
    term = terminal(script=f"{READER}; echo EXITED; stty -a")
    term.wait("Biden authorized Ukraine")  # the list is up
    reader_pid = child_of(term.pane_pid())
    os.kill(reader_pid, getattr(__import__("signal"), signame))
    screen = term.wait("icanon")  # the shell went on to run stty: reader has exited
    assert "Traceback" not in screen
    # the shell after reader sees a sane terminal: canonical mode and echo back on
    stty = next(line for line in screen.splitlines() if "icanon" in line)
    assert "-icanon" not in stty and "-echo " not in stty


def test_a_file_added_to_the_open_folder_appears_and_is_found(terminal, seed_corpus: Path) -> None:
    term = terminal(str(seed_corpus))
    term.wait("President Joe Biden has authorized")
    (seed_corpus / "zeppelin.txt").write_text(
        "Zeppelin season opens\n\nA zeppelin drifted over the harbour at dawn.\n"
    )
    term.wait("Zeppelin season opens")  # in the list, within a few seconds
    term.wait("2 articles")
    term.keys("/")
    term.wait(BOX_KEYS)
    term.type("zeppelin")
    screen = term.wait("1 article match")
    assert "Zeppelin season opens" in screen


def test_closing_the_terminal_ends_the_reader(terminal) -> None:
    term = terminal()
    term.wait("Biden authorized Ukraine")  # the list is up
    reader_pid = child_of(term.pane_pid())
    term.stop()  # the window closes: the reader gets SIGHUP and its tty is gone
    end = time.monotonic() + 10
    while Path(f"/proc/{reader_pid}").exists() and time.monotonic() < end:
        time.sleep(0.1)
    alive = Path(f"/proc/{reader_pid}").exists()
    if alive:
        os.kill(reader_pid, 9)
    assert not alive, "the reader outlived its terminal"
