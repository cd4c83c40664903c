"""Keys typed fast, as a user does, in a real terminal: a burst after / lands in the search box,
and Enter typed with the query opens the best hit, whenever the results come."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED_TITLE, SEEDS


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A copy of the bundled seeds/ folder."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


ARTICLE_KEYS = "n N Match"  # in the footer while the article has the focus


def search_box(screen: str) -> str:
    """What the search box shows (the third line, inside its border)."""
    return screen.splitlines()[2].strip("▊▎ ")


def test_a_burst_right_after_the_list_appears_lands_in_the_box(terminal, seeds_copy) -> None:
    term = terminal(str(seeds_copy))
    term.wait(SEED_TITLE[:30])  # the list is there
    term.type("/quit")
    screen = term.wait("0 articles match")  # "quit" was searched for
    assert search_box(screen) == "quit"
    assert not term.dead(), "q quit instead of going into the box"
    term.keys("C-u")
    term.type("Kursk\r")
    term.wait("match 1/2")
    screen = term.wait(ARTICLE_KEYS)
    assert search_box(screen) == "Kursk"
    assert "deployed thousands of troops to the Kursk region" in screen.replace("\n", " ")
    assert "Traceback" not in screen


def test_a_burst_typed_at_launch_lands_in_the_box(terminal, seeds_copy) -> None:
    term = terminal(str(seeds_copy))
    term.type("/quit")  # before the app has even started
    screen = term.wait("0 articles match")  # "quit" was searched for
    assert search_box(screen) == "quit"
    assert not term.dead()


def test_a_query_and_enter_typed_at_launch_open_the_hit(terminal, seeds_copy) -> None:
    term = terminal(str(seeds_copy))
    term.type("/Kursk\r")  # Enter before the list, the index and the results
    term.wait("match 1/2")
    screen = term.wait(ARTICLE_KEYS)  # the hit was opened, not just previewed
    assert search_box(screen) == "Kursk"
