"""In a real terminal: save a search, narrow it, and after a relaunch walk the history and
run the saved search."""

from __future__ import annotations

from pathlib import Path

MARKETS = "Markets rally as inflation cools"
UKRAINE = "Ukraine receives long-range missiles"


def search_box(screen: str) -> str:
    """What the search box shows (the third line, inside its border)."""
    return screen.splitlines()[2].strip("▊▎ ")


def test_save_narrow_then_history_and_saved_after_a_relaunch(terminal, small_corpus: Path) -> None:
    term = terminal(str(small_corpus))
    term.wait(UKRAINE[:30])
    term.type("/missiles")
    term.wait("3 articles match")
    term.keys("C-s")
    term.wait("Save this search")
    term.keys("C-u")
    term.type("War\r")
    term.wait("Saved “War”")
    term.keys("Down")  # into the results, then narrow them
    term.type("|inflation")
    screen = term.wait("within missiles › inflation")
    assert search_box(screen) == "missiles | inflation"
    term.wait("1 article matches")
    term.type("\r")  # run for good: into the history
    term.wait("n N Match")  # the article open, with the focus
    term.keys("q")
    assert term.wait_dead()

    term = terminal(str(small_corpus))
    term.wait(UKRAINE[:30])
    term.keys("/", "Up")
    screen = term.wait("within missiles › inflation")
    assert search_box(screen) == "missiles | inflation"
    term.keys("Escape")  # one level back
    screen = term.wait("3 articles match")
    assert search_box(screen) == "missiles"
    term.keys("Escape", "Escape", "S")
    term.wait("War  3 · 2 unread")  # the article opened before was read
    term.keys("Enter")
    screen = term.wait("3 articles match")
    assert search_box(screen) == "missiles"
    assert "Traceback" not in screen
