"""The help screen in a real terminal too small for it: its border says what is out of sight
(a scrollbar's thumb says it only in colour, and took a second to get there), and End shows
the last key at once."""

from __future__ import annotations

from tests.conftest import SEED_TITLE, SEEDS


def test_help_says_more_below_and_end_shows_the_last_key(terminal) -> None:
    term = terminal(str(SEEDS), size=(80, 24))
    term.wait(SEED_TITLE[:24])  # in the list (its row cuts it at 80 columns)
    term.keys("?")
    screen = term.wait("more below ↓ · esc closes")
    assert "help.close" not in screen
    term.keys("End")
    screen = term.wait("more above ↑ · esc closes")
    assert "help.close" in screen and "more below" not in screen
