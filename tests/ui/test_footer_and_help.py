"""What the footer offers, what help lists, and keys that say why when they cannot act."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer

from reader.core.settings import Settings
from reader.tui.app import ReaderApp
from reader.tui.main_screen import MainScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.help_screen import HelpScreen
from tests.ui.conftest import screen_text, settle, started, status, type_query


async def test_n_and_N_without_a_search_say_why(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(ArticleView).has_focus
        for key in ("n", "N"):
            app.main_screen.status_bar.say("")
            await pilot.press(key)
            assert status(app) == "No search: type / to search", key


async def test_n_names_the_search_key_a_keymap_gave(seed_corpus: Path) -> None:
    settings = Settings(keymap=(("app.search", "ctrl+f"),))
    async with started(seed_corpus, settings=settings) as (app, pilot):
        await pilot.press("tab", "n")
        assert status(app) == "No search: type ^f to search"


async def test_n_in_an_article_without_matches_says_so(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await type_query(pilot, "zqxvw")  # no article matches: the article shown has no match
        await pilot.press("tab", "tab")  # from the box past the list
        assert app.query_one(ArticleView).has_focus
        await pilot.press("n")
        assert status(app) == "No match in this article"


def footer_fits(app: ReaderApp) -> bool:
    """Whether every key the footer offers is on screen (none cut off at its right end)."""
    return app.screen.query_one(Footer).max_scroll_x == 0


async def test_the_footer_fits_120_columns_wherever_the_focus_is(small_corpus: Path) -> None:
    async with started(small_corpus, size=(120, 40)) as (app, pilot):
        assert app.query_one(ArticleList).has_focus
        assert footer_fits(app)
        assert "⏎ Open" in footer_line(app) and "? Help" in footer_line(app)
        await pilot.press("tab")
        await settle(pilot)
        assert app.query_one(ArticleView).has_focus
        assert footer_fits(app)
        assert "n N Match" in footer_line(app)
        await type_query(pilot, "ukrane ")  # a search with a suggestion: its key shows too
        assert "^y Accept suggestion" in footer_line(app)
        assert "⏎ Open the best hit" in footer_line(app)
        assert footer_fits(app)
        await pilot.press("down")
        await settle(pilot)
        assert footer_fits(app)


async def test_a_key_that_comes_and_goes_leaves_the_other_keys_in_place(
    small_corpus: Path,
) -> None:
    """The suggestion's key comes and goes as the user types: only it is mounted and removed,
    not the whole footer composed anew (20 to 50 ms a time, at a keystroke)."""
    async with started(small_corpus, size=(120, 40)) as (app, pilot):
        await pilot.press("slash")
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        before = list(footer.children)
        await pilot.press(*"ukrane ")
        await settle(pilot)
        assert "^y Accept suggestion" in footer_line(app)
        assert footer_fits(app)
        assert [child for child in footer.children if child in before] == before
        await pilot.press("ctrl+y")  # the suggestion taken: no other to offer
        await settle(pilot)
        assert "Accept suggestion" not in footer_line(app)
        assert "⏎ Open the best hit" in footer_line(app)
        assert list(footer.children) == before


def footer_line(app: ReaderApp) -> str:
    """The bottom line of the screen."""
    return screen_text(app).splitlines()[-1]


async def test_help_in_two_columns_lists_enter_in_the_search_box(seed_corpus: Path) -> None:
    async with started(seed_corpus, size=(120, 40)) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        # Two columns, some lines to scroll (all of it fits 200x50, in three); the keys of
        # highlights and notes (issue 27) made it 21 rows more than a screen
        assert body.max_scroll_x == 0 and 0 < body.max_scroll_y <= 24
        text = screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        text += screen_text(app)
        for binding in (*MainScreen.BINDINGS, *ArticleList.BINDINGS, *ArticleView.BINDINGS):
            assert isinstance(binding, Binding) and binding.id in text
        assert "Open the best hit" in text and "search.open" in text


async def test_help_in_a_small_terminal_scrolls(seed_corpus: Path) -> None:
    async with started(seed_corpus, size=(80, 24)) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_x == 0 and body.max_scroll_y > 0  # one column, to scroll
        await pilot.press("end")
        await settle(pilot)
        assert "help.close" in screen_text(app)  # the last key
