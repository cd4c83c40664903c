"""What a user must read is read whole: the footer shows each key whole or not at all (the
help screen lists them all), and a status message too long for a line wraps onto the next;
the next message takes its place whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer

from reader.core.settings import Settings
from reader.tui.app import ReaderApp
from reader.tui.widgets.status_bar import StatusBar
from tests.ui.conftest import screen_text, settle, started, status

SIZES = [(80, 24), (60, 20), (120, 40)]
BAD_KEYS = Settings(keymap=(("app.toggle_star", "x"), ("app.sort", "notakey"), ("app.no", "y")))


def assert_footer_whole(app: ReaderApp) -> None:
    """Each key (or group of keys) the footer shows ends before the palette's key, and after
    the last one shown the line is blank: nothing is cut."""
    footer = app.main_screen.query_one(Footer)  # (under a dialog too)
    line = screen_text(app).splitlines()[-1]
    palette = next(child for child in footer.children if child.has_class("-command-palette"))
    shown = [c for c in footer.children if c.display and not c.has_class("-command-palette")]
    assert shown, line
    for child in shown:
        assert child.region.right <= palette.region.x, line
        if type(child).__name__ == "FooterKey" and child.description:
            assert child.description in line
    end = shown[-1].region.right
    assert not line[end : palette.region.x].strip(), line
    assert line[palette.region.x :] == "▏^p palette "


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_footer_keys_are_whole_wherever_the_focus_is(
    small_corpus: Path, size: tuple[int, int]
) -> None:
    async with started(small_corpus, size=size) as (app, pilot):
        assert_footer_whole(app)
        assert "? Help" in screen_text(app).splitlines()[-1]  # where every key is listed
        await pilot.press("enter")  # the article
        await settle(pilot)
        assert_footer_whole(app)
        await pilot.press("slash", *"missiles")  # the search box
        await settle(pilot)
        assert_footer_whole(app)
        await app.main_screen.run_action("app.focus_previous")  # (a narrow terminal)
        await settle(pilot)
        assert_footer_whole(app)


def on_screen(app: ReaderApp, said: str) -> bool:
    """Whether the status line's text is on screen whole, over however many lines."""
    lines = screen_text(app).splitlines()[:-1]  # above the footer
    bottom = " ".join(" ".join(lines[-6:]).split())
    return " ".join(said.split()) in bottom


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_config_warnings_are_read_whole(small_corpus: Path, size: tuple[int, int]) -> None:
    async with started(small_corpus, size=size, settings=BAD_KEYS) as (app, pilot):
        said = status(app)
        assert "no key is named 'notakey'; its default keys kept" in said
        assert "app.no" in said
        assert on_screen(app, said)
        await pilot.press("x")  # the star key the keymap gave: a new message, whole
        await settle(pilot)
        assert status(app) == "Starred · u to undo"
        assert on_screen(app, "Starred · u to undo")
        assert app.query_one(StatusBar).size.height == 1  # the long one is gone


async def test_a_message_longer_than_the_screen_allows_is_cut_at_four_lines(
    small_corpus: Path,
) -> None:
    async with started(small_corpus, size=(60, 20)) as (app, pilot):
        app.main_screen.status_bar.say("word " * 200)
        await settle(pilot)
        assert app.query_one(StatusBar).size.height == 4  # the panes keep the rest
        app.main_screen.status_bar.say("Short")
        await settle(pilot)
        assert app.query_one(StatusBar).size.height == 1


@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_footer_keys_stay_whole_under_a_dialog(
    small_corpus: Path, size: tuple[int, int]
) -> None:
    """A dialog moves the focus (the footer is made anew, under it): still whole."""
    async with started(small_corpus, size=size) as (app, pilot):
        await pilot.press("enter", "S")
        await settle(pilot)
        assert "Page down" in screen_text(app).splitlines()[-1]  # the article's keys
        assert_footer_whole(app)
