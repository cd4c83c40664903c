"""The look of highlights and notes (issue 27), pinned as SVG snapshots: the highlighted
article with the reading cursor on a highlight and its note said, in a dark and a light
theme, and the folder's highlights (\"); review them by eye when they change."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.tui.app import ReaderApp
from tests.conftest import SEED
from tests.ui.conftest import settle

FIXED_TIME = 1_731_888_000  # 18 Nov 2024, as test_snapshots.py has it: the dates never drift


@pytest.fixture
def fixed_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sample article, its file dated FIXED_TIME, shown in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    folder = tmp_path / "seeds"
    folder.mkdir()
    target = folder / SEED.name
    shutil.copy(SEED, target)
    os.utime(target, (FIXED_TIME, FIXED_TIME))
    yield folder
    monkeypatch.undo()
    time.tzset()


async def highlighted(pilot) -> None:
    """Two passages highlighted by key, the second with a note, the cursor back on it."""
    await settle(pilot)
    await pilot.press("enter")  # into the article
    await pilot.press("right_parenthesis", "right_parenthesis", "h")
    await pilot.press("right_curly_bracket", "v", "right_parenthesis", "h")
    await pilot.press("a", *"Worth [b]quoting[/b] *later*", "enter")
    await settle(pilot)
    await pilot.press("left_parenthesis")
    await settle(pilot)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
def test_highlighted_article(snap_compare, fixed_seed: Path, theme: str) -> None:
    async def run(pilot) -> None:
        pilot.app.theme = theme
        await highlighted(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=run)


def test_all_highlights_view(snap_compare, fixed_seed: Path) -> None:
    async def run(pilot) -> None:
        await highlighted(pilot)
        await pilot.press("quotation_mark")
        await settle(pilot)
        pilot.app.screen.query_one(Input).cursor_blink = False  # the same picture every time
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=run)
