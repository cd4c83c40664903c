"""Keys sent as one burst in a real terminal, with two CPU hogs running: each acts on the article
the user sees selected when it is handled, and lands where the keys before it put the focus."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import many_articles

ARTICLE_KEYS = "n N Match"  # in the footer while the article has the focus
LIST_KEYS = "⏎ Open"  # in the footer while the list has the focus


@pytest.fixture
def hogs() -> Iterator[None]:
    """Two processes that keep both cores busy while the test types."""
    spin = [sys.executable, "-c", "while True: pass"]
    procs = [subprocess.Popen(spin) for _ in range(2)]
    yield
    for proc in procs:
        proc.kill()
        proc.wait()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return many_articles(tmp_path / "articles", 8)  # Article 007 first, newest first


def line_with(screen: str, text: str) -> str:
    """The list's part of the screen line that shows text in the list."""
    lines = (line.split("││")[0] for line in screen.splitlines() if "││" in line)
    return next(line for line in lines if text in line)


def search_box(screen: str) -> str:
    return screen.splitlines()[2].strip("▊▎ ")


def panes(screen: str, line: int) -> tuple[str, str]:
    """The list's and the article's text on one line of the screen (0: their first line)."""
    left, right = screen.splitlines()[5 + line].split("││")
    return left.strip("│ ★●"), right.strip("│ ▃▁█")


def test_escape_then_j_j_enter_in_a_burst_opens_the_third_row(terminal, folder, hogs) -> None:
    term = terminal(str(folder))
    term.wait("Article 000")
    term.tmux("send-keys", "-t", "main", "/", "p", "a", "r", "a", "Escape", "j", "j", "Enter")
    screen = term.wait(ARTICLE_KEYS)
    assert search_box(screen).startswith("Search:")  # the box was left, empty
    assert panes(screen, 0)[1] == "Article 005"  # the third row's article, opened


def test_j_s_in_a_burst_stars_the_row_the_cursor_moved_to(terminal, folder, hogs) -> None:
    term = terminal(str(folder))
    term.wait("Article 000")
    term.tmux("send-keys", "-t", "main", "j", "s", "j", "j", "m")
    screen = term.wait("Marked read")
    assert "★" in line_with(screen, "Article 006")
    assert "★" not in line_with(screen, "Article 007")
    assert "●" not in line_with(screen, "Article 004")  # read: no unread dot
    assert "●" in line_with(screen, "Article 005")


def test_j_s_in_a_burst_at_launch_stars_the_second_row(terminal, folder, hogs) -> None:
    """Typed before the list is shown (a first start: the folder still being read), the keys
    act on the list as it first shows; they were lost on "Reading the folder…"."""
    term = terminal(str(folder))
    term.tmux("send-keys", "-t", "main", "j", "s")
    screen = term.wait("Starred")
    assert "★" in line_with(screen, "Article 006")
    assert "★" not in line_with(screen, "Article 007")


def test_down_j_enter_in_a_burst_opens_the_second_result(terminal, folder, hogs) -> None:
    term = terminal(str(folder))
    term.wait("Article 000")
    term.tmux("send-keys", "-t", "main", "/", *"topic0", "Down", "j", "Enter")
    screen = term.wait(ARTICLE_KEYS)
    assert search_box(screen) == "topic0"  # no j typed into the box
    first, shown = panes(screen, 0)[0], panes(screen, 0)[1]
    second = panes(screen, 3)[0]  # a result is three lines: title, meta, snippet
    assert {first, second} == {"Article 000", "Article 007"}
    assert shown == second


def test_j_s_five_milliseconds_apart_stars_the_row_the_cursor_moved_to(
    terminal, folder, hogs
) -> None:
    term = terminal(str(folder))
    term.wait("Article 000")
    term.keys("j", "s", "j", "s", "j", "m", pause=0.005)  # typed quickly over ssh
    screen = term.wait("Marked read")  # the last key handled
    assert "★" in line_with(screen, "Article 006") and "★" in line_with(screen, "Article 005")
    assert "★" not in line_with(screen, "Article 007")
    assert "●" not in line_with(screen, "Article 004")
