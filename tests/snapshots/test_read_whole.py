"""Small terminals (80x24, 60x20): the dialogs centred and what a user must read shown whole,
pinned as SVG snapshots (review them by eye when they change)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from reader.tui.widgets.search_bar import SearchBar
from tests.ui.conftest import many_articles, settle

SMALL = [(80, 24), (60, 20)]


@pytest.fixture
def fixed_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield many_articles(tmp_path / "many", 6)
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SMALL, ids=lambda size: f"{size[0]}x{size[1]}")
def test_saved_searches_centred(snap_compare, fixed_many: Path, size: tuple[int, int]) -> None:
    """S: the saved searches in the middle of the screen, as every dialog is, with the whole
    hint (Enter runs · d deletes · Esc closes) in its border."""

    async def save_one_then_switch(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"topic1")
        await settle(pilot)
        await pilot.press("ctrl+s", "ctrl+u", *"Topic one", "enter")
        await settle(pilot)
        await pilot.press("escape", "escape", "S")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_many), terminal_size=size, run_before=save_one_then_switch)


@pytest.mark.parametrize("size", SMALL, ids=lambda size: f"{size[0]}x{size[1]}")
def test_no_saved_searches_yet(snap_compare, fixed_many: Path, size: tuple[int, int]) -> None:
    """S with nothing saved: the line that says how to save one is read whole."""

    async def switch(pilot) -> None:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_many), terminal_size=size, run_before=switch)


# Two warnings a config.toml can give, as long as they come (the keys' own words aside).
WARNINGS = [
    "config.toml: reading_width: 500 is more than 200; using the default (78)",
    "config.toml: [keys] app.sort: no key is named 'notakey'; its default keys kept",
]


@pytest.mark.parametrize("size", SMALL, ids=lambda size: f"{size[0]}x{size[1]}")
def test_warnings_wrap_and_the_footer_keys_are_whole(
    snap_compare, fixed_many: Path, size: tuple[int, int]
) -> None:
    """The status line's warnings wrap onto a second (third) line, read whole; the footer
    shows the keys that fit whole and leaves the others to the help screen."""
    app = ReaderApp(fixed_many, notices=WARNINGS)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SMALL, ids=lambda size: f"{size[0]}x{size[1]}")
def test_search_box_footer(snap_compare, fixed_many: Path, size: tuple[int, int]) -> None:
    """In the search box, the box's own keys first, each whole."""

    async def search(pilot) -> None:
        await settle(pilot)
        pilot.app.query_one(SearchBar).cursor_blink = False  # the same picture every time
        await pilot.press("slash", *"topic")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_many), terminal_size=size, run_before=search)
