"""In a real terminal: save a search, narrow it, tag a result, and after a relaunch walk the
history, find the tagged article by its tag and run the saved search."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.tmux import BOX_KEYS, LIST_KEYS

MARKETS = "Markets rally as inflation cools"
UKRAINE = "Ukraine receives long-range missiles"


def search_box(screen: str) -> str:
    """What the search box shows (the third line, inside its border)."""
    return screen.splitlines()[2].strip("▊▎ ")


def test_save_narrow_tag_then_all_kept_after_a_relaunch(terminal, small_corpus: Path) -> None:
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
    term.wait(LIST_KEYS)
    term.type("|inflation")
    screen = term.wait("within missiles › inflation")
    assert search_box(screen) == "missiles | inflation"
    term.wait("1 article matches")
    term.type("\r")  # run for good: into the history
    term.wait("n N Match")  # the article open, with the focus
    term.keys("t")  # tag it
    term.wait("Enter adds")
    term.type("keep\r")
    term.keys("Escape")
    term.wait("#keep")  # in the article's metadata line
    term.keys("q")
    assert term.wait_dead()

    term = terminal(str(small_corpus))
    term.wait(UKRAINE[:30])
    term.keys("/")
    term.wait(BOX_KEYS)
    term.keys("Up")
    screen = term.wait("within missiles › inflation")
    assert search_box(screen) == "missiles | inflation"
    term.keys("Escape")  # one level back
    screen = term.wait("3 articles match")
    assert search_box(screen) == "missiles"
    term.keys("Escape")
    term.wait_gone("articles match")  # the search cleared
    term.wait(LIST_KEYS)
    term.type("/tag:keep")
    screen = term.wait("1 article matches")
    assert MARKETS[:20] in screen and "#keep" in screen  # the tagged result, tags in its row
    term.keys("Escape")
    term.wait(LIST_KEYS)
    term.keys("S")
    term.wait("War  3 articles · 2 unread")  # the article opened before was read
    term.keys("Enter")
    screen = term.wait("3 articles match")
    assert search_box(screen) == "missiles"
    assert "Traceback" not in screen
