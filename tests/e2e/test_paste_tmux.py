"""Pastes that never end or never stop: the app answers keys again, and says what it cut."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED_TITLE


def test_a_paste_that_never_ends_leaves_the_keys_working(terminal, seed_corpus: Path) -> None:
    term = terminal(str(seed_corpus))
    term.wait(SEED_TITLE[:30])
    term.keys("/")
    term.type("\x1b[200~moon")  # the start of a bracketed paste, and never its end
    term.wait("moon")  # ended once nothing more came: pasted into the box
    term.keys("Escape", "q")
    assert term.wait_dead(), "the app stayed deaf after a paste with no end"


def test_a_huge_paste_is_cut_and_the_app_answers(
    terminal, seed_corpus: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * (10 * 1024 * 1024))
    term = terminal(str(seed_corpus))
    term.wait(SEED_TITLE[:30])
    term.keys("/")
    term.tmux("load-buffer", str(big))
    term.tmux("paste-buffer", "-p", "-r", "-t", "main")  # bracketed, as a terminal pastes
    term.wait("Pasted the first 65,536 of 10,485,760 characters", seconds=60)
    term.keys("Escape", "q")
    assert term.wait_dead()
