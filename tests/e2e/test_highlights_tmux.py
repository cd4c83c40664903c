"""Highlights in a real terminal (issue 27): a passage highlighted by key with a note, the app
quit and the file edited above the passage, the app started again: the highlight is still on
its passage (' goes to it, its note is said), and `reader highlights` prints what the app
shows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEED, SEED_TITLE
from tests.e2e.tmux import READER, xdg_env

PASSAGE = (
    "The easing of longtime restrictions comes as North Korea has deployed thousands of "
    "troops to the Kursk region of Russia to support Russian troops fighting Ukrainian forces."
)
ARTICLE_KEYS = "n N Match"  # the footer while the article has the focus


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    shutil.copy(SEED, root / SEED.name)
    return root


def flat(screen: str) -> str:
    """The screen's text with its lines joined and its runs of spaces made one."""
    return " ".join(screen.split())


def test_a_highlight_survives_a_relaunch_and_an_edit_above_it(terminal, folder: Path) -> None:
    term = terminal(str(folder))
    term.wait(SEED_TITLE[:30])
    term.keys("Enter")
    term.wait(ARTICLE_KEYS)
    term.keys(")", ")", "h")  # the second paragraph: one sentence
    term.wait("Highlighted")
    term.keys("a")
    term.wait("Enter keeps it")
    term.type("kept *for* [b]later[/b]")
    term.keys("Enter")
    term.wait("Note written")
    term.keys("q")
    assert term.wait_dead(), "q did not quit"

    article = folder / SEED.name
    text = article.read_text()
    title, rest = text.split("\n", 1)
    article.write_text(f"{title}\n\nA paragraph written later, above the passage.\n{rest}")

    term = terminal(str(folder))
    term.wait(SEED_TITLE[:30])
    term.keys("Enter")
    term.wait("A paragraph written later")
    term.type("'")
    screen = term.wait("Highlights of this article (1)")
    assert PASSAGE[:60] in flat(screen)
    assert "✎ kept *for* [b]later[/b]" in screen  # the note as typed, never markup
    assert "no longer in the article" not in screen
    term.keys("Enter")
    screen = term.wait("✎ kept *for* [b]later[/b]")  # on the passage: its note is said
    assert "Traceback" not in screen

    shown = subprocess.run(
        [str(READER), "highlights", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, **xdg_env()},
        check=True,
    ).stdout
    assert f"> {PASSAGE}" in shown  # what the app shows, as Markdown
    assert "kept \\*for\\* \\[b\\]later\\[/b\\]" in shown
    assert f"## {SEED_TITLE}" in shown
