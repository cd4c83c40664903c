"""q quits from every dialog (README: q quits anywhere), except where it is typed into a text
box, and in help, which closes on q as less does."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from reader.core.settings import Settings
from reader.tui.widgets.contents_screen import ContentsScreen
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.help_screen import HelpScreen
from reader.tui.widgets.history_screen import HistoryScreen
from reader.tui.widgets.save_search_screen import SaveSearchScreen
from reader.tui.widgets.saved_searches_screen import SavedSearchesScreen
from reader.tui.widgets.tag_screen import TagScreen
from tests.long_pep import long_pep_text
from tests.ui.conftest import settle, started, until

# The keys that open each dialog with the focus on its list (no text box): the tags' list
# needs a tag in it first; the contents need the article open.
OPENED_BY = {
    "filter": (("f",), FilterScreen),
    "saved searches": (("S",), SavedSearchesScreen),
    "tags, in the list": (("t", *"war", "enter", "down"), TagScreen),
    "contents": (("enter", "c"), ContentsScreen),
}


@pytest.fixture
def long_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "pep-9999.txt").write_text(long_pep_text(), encoding="utf-8")
    return folder


@pytest.mark.parametrize("dialog", OPENED_BY)
async def test_q_quits_from_the_dialog(long_folder: Path, dialog: str) -> None:
    keys, screen_type = OPENED_BY[dialog]
    async with started(long_folder) as (app, pilot):
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, screen_type)
        assert not isinstance(app.focused, Input)
        await pilot.press("q")
        await until(pilot, lambda: app.return_code is not None, "the app quit")
        assert app.return_code == 0


@pytest.mark.parametrize(
    ("keys", "screen_type"),
    [
        (("t",), TagScreen),
        (("ctrl+r",), HistoryScreen),
        (("slash", *"war", "ctrl+s", "ctrl+u"), SaveSearchScreen),
    ],
    ids=["tags", "history", "save search"],
)
async def test_q_is_typed_in_a_dialogs_text_box(
    long_folder: Path, keys: tuple[str, ...], screen_type: type
) -> None:
    async with started(long_folder) as (app, pilot):
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, screen_type)
        await pilot.press("q")
        await settle(pilot)
        assert app.return_code is None and isinstance(app.screen, screen_type)
        assert isinstance(app.focused, Input) and app.focused.value.endswith("q")


async def test_q_closes_help_then_quits(long_folder: Path) -> None:
    async with started(long_folder) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # help's own key: it closes, as less does
        await settle(pilot)
        assert app.return_code is None and not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await until(pilot, lambda: app.return_code is not None, "the app quit")


async def test_the_quit_key_a_keymap_gives_quits_from_a_dialog(long_folder: Path) -> None:
    settings = Settings(keymap=(("app.quit", "x"),))
    async with started(long_folder, settings=settings) as (app, pilot):
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("q")  # no longer the quit key
        await settle(pilot)
        assert app.return_code is None and isinstance(app.screen, FilterScreen)
        await pilot.press("x")
        await until(pilot, lambda: app.return_code is not None, "the app quit")
