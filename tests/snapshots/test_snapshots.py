"""The look of the reader, pinned as SVG snapshots (review them by eye when they change)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from tests.conftest import SEED
from tests.ui.conftest import many_articles, settle

FIXED_TIME = 1_731_888_000  # 18 Nov 2024, so the dates shown never drift


@pytest.fixture
def fixed_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
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


def test_seed_article(snap_compare, fixed_seed: Path) -> None:
    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=settle)


def test_seed_search_kursk(snap_compare, fixed_seed: Path) -> None:
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"kursk", "enter")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=search)


def test_seed_article_light_theme(snap_compare, fixed_seed: Path) -> None:
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=light)


@pytest.fixture
def fixed_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield many_articles(tmp_path / "many", 6)
    monkeypatch.undo()
    time.tzset()


def test_list_cursor_on_row_3(snap_compare, fixed_many: Path) -> None:
    """The selected row is highlighted in the focused list."""

    async def down_two(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_many), terminal_size=(120, 30), run_before=down_two)


def test_list_cursor_on_row_3_blurred(snap_compare, fixed_many: Path) -> None:
    """The selected row stays marked, more softly, while the article has the focus."""

    async def down_two_then_read(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "tab")
        await settle(pilot)

    assert snap_compare(
        ReaderApp(fixed_many), terminal_size=(120, 30), run_before=down_two_then_read
    )


def test_help_at_120x40(snap_compare, fixed_seed: Path) -> None:
    """Every key on one screen: two columns of sections, nothing to scroll."""

    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=help_)


def test_seed_article_after_a_theme_switch(snap_compare, fixed_seed: Path) -> None:
    async def switch(pilot) -> None:
        await settle(pilot)  # the article is open, laid out in the dark theme
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=switch)


def test_seed_filtered_to_nothing(snap_compare, fixed_seed: Path) -> None:
    async def unread_only(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")  # opening the only article marks it read
        await settle(pilot)
        await pilot.press("escape", "f", "down", "enter", "escape")  # unread only
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=unread_only)
