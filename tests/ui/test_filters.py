"""The filter dialog toggles in place, and a list filtered to nothing says why."""

from __future__ import annotations

from pathlib import Path

from reader.core.ordering import ListFilter
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.filter_screen import CHECKED, FilterScreen
from reader.tui.widgets.pick_list import PickList
from tests.conftest import SEED_TITLE
from tests.ui.conftest import main, screen_text, settle, started, titles, type_query


def checked(app) -> list[str]:
    """The labels of the dialog's choices that are ticked."""
    menu = app.screen.query_one(PickList)
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


def header(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_a_list_filtered_to_nothing_says_why_and_hides_the_article(
    seed_corpus: Path,
) -> None:
    async with started(seed_corpus) as (app, pilot):
        await pilot.press("enter")  # opening marks the only article read
        await settle(pilot)
        assert app.query_one(ArticleView).article is not None
        await pilot.press("escape", "f", "down", "enter", "escape")  # unread only
        await settle(pilot)
        assert titles(app) == []
        text = screen_text(app)
        assert "No unread articles; f changes the filters" in text
        assert "0 of 1 article" in header(app) and "showing unread" in header(app)
        assert app.query_one(ArticleView).article is None  # the hidden article is not shown
        assert SEED_TITLE[:30] not in text
        await pilot.press("f", "enter", "escape")  # all articles again
        await settle(pilot)
        assert app.query_one(ArticleView).article is not None  # the first article, open again
        assert "1 article" in header(app) and " of " not in header(app)


async def test_the_header_counts_what_a_source_filter_shows(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        assert "4 articles" in header(app)
        await pilot.press("f", "down", "down", "down", "enter", "escape")  # the first source
        await settle(pilot)
        shown = len(titles(app))
        assert 0 < shown < 4
        assert f"{shown} of 4 articles" in header(app)
        await pilot.press("f", "down", "enter", "down", "down", "enter", "escape")  # and unread
        await settle(pilot)
        assert f"{len(titles(app))} of 4 articles" in header(app)


async def test_a_search_filtered_to_nothing_says_why(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await pilot.press("f", "down", "down", "enter", "escape")  # starred only: none is
        await settle(pilot)
        assert "No starred articles; f changes the filters" in screen_text(app)
        await type_query(pilot, "missiles")
        assert titles(app) == []
        empty = "No starred articles match; f changes the filters"
        assert app.query_one(ArticleList).empty_text == empty
        assert "No starred articles match; f changes the" in screen_text(app)  # then wrapped
        assert app.query_one(ArticleView).article is None
