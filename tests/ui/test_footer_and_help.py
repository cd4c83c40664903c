"""What the footer offers, what help lists, and keys that say why when they cannot act."""

from __future__ import annotations

from pathlib import Path

from reader.core.settings import Settings
from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import settle, started, status, type_query


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
