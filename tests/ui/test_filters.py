"""The filter dialog toggles in place, and a list filtered to nothing says why."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from reader.core.ordering import ListFilter
from reader.tui.widgets.filter_screen import CHECKED, FilterScreen
from tests.ui.conftest import main, screen_text, settle, started


def checked(app) -> list[str]:
    """The labels of the dialog's choices that are ticked."""
    menu = app.screen.query_one(OptionList)
    prompts = [str(menu.get_option_at_index(n).prompt) for n in range(menu.option_count)]
    return [p[len(CHECKED) :].split("  ")[0] for p in prompts if p.startswith(CHECKED)]


async def test_enter_and_space_toggle_several_filters_without_closing(
    small_corpus: Path,
) -> None:
    async with started(small_corpus) as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        assert checked(app) == ["All articles"]
        await pilot.press("down", "enter")  # Unread only
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)  # still open: Enter toggles
        assert checked(app) == ["Unread only"]
        await pilot.press("down", "space")  # Starred only, by Space
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        assert checked(app) == ["Unread only", "Starred only"]
        await pilot.press("space")  # Starred off again
        await pilot.pause()
        assert checked(app) == ["Unread only"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FilterScreen)
        assert main(app).order.list_filter == ListFilter(unread=True)
        assert "showing unread" in screen_text(app)
        await pilot.press("f", "enter")  # All articles: every filter off
        await pilot.pause()
        assert checked(app) == ["All articles"]
        await pilot.press("f")  # f closes too
        await settle(pilot)
        assert not main(app).order.list_filter.active
