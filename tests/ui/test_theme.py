"""The theme: the open article follows a switch at once, and one theme serves every folder."""

from __future__ import annotations

from pathlib import Path

from reader.core.settings import Settings
from reader.core.state import ReadingState
from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import many_articles, settle, started, status


def text_backgrounds(view: ArticleView) -> set[str]:
    """The background colours of every piece of text the article view draws."""
    colours = set()
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            if segment.text.strip() and segment.style is not None and segment.style.bgcolor:
                colours.add(segment.style.bgcolor.name)
    return colours


async def test_a_theme_switch_recolours_the_open_article(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        view = app.query_one(ArticleView)
        assert view.article is not None
        dark_pane = view.rich_style.bgcolor
        assert text_backgrounds(view) == {dark_pane.name}
        app.theme = "textual-light"
        await settle(pilot)
        light_pane = view.rich_style.bgcolor
        assert light_pane != dark_pane
        assert text_backgrounds(view) == {light_pane.name}  # no dark bars left on the light pane
        assert view.article is not None


async def test_one_theme_for_every_folder(tmp_path: Path) -> None:
    first, second = many_articles(tmp_path / "first", 2), many_articles(tmp_path / "second", 2)
    async with started(first) as (app, pilot):
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("q")
    async with started(second) as (app, pilot):
        assert app.theme == "textual-light"  # chosen in another folder: the last theme chosen
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("q")
    async with started(first) as (app, pilot):
        assert app.theme == "nord"


async def test_a_theme_kept_by_a_folder_before_is_taken_once(tmp_path: Path) -> None:
    first, second = many_articles(tmp_path / "first", 2), many_articles(tmp_path / "second", 2)
    with ReadingState(first) as state:  # where older versions kept the theme, folder by folder
        state.theme = "gruvbox"
    async with started(first) as (app, pilot):
        assert app.theme == "gruvbox"
        await pilot.press("q")
    async with started(second) as (app, pilot):
        assert app.theme == "gruvbox"  # from now on the one theme of every folder


async def test_the_config_theme_wins(tmp_path: Path) -> None:
    folder = many_articles(tmp_path / "first", 2)
    async with started(folder) as (app, pilot):
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("q")
    async with started(folder, settings=Settings(theme="textual-light")) as (app, pilot):
        assert app.theme == "textual-light"


async def test_a_theme_chosen_in_the_app_is_kept_over_the_config(tmp_path: Path) -> None:
    folder = many_articles(tmp_path / "first", 2)
    nord = Settings(theme="nord")
    async with started(folder, settings=nord) as (app, pilot):
        assert app.theme == "nord"
        app.theme = "gruvbox"  # as the palette's "Change theme" does
        await pilot.pause()
        assert "Theme gruvbox kept over config.toml's theme = 'nord' until it changes" in status(
            app
        )
        await pilot.press("q")
    async with started(folder, settings=nord) as (app, pilot):
        assert app.theme == "gruvbox"  # the later decision: config.toml has not changed since
        await pilot.press("q")
    async with started(folder, settings=Settings(theme="textual-light")) as (app, pilot):
        assert app.theme == "textual-light"  # config.toml changed since: now it is the later
        await pilot.press("q")
    async with started(folder, settings=nord) as (app, pilot):
        assert app.theme == "nord"  # changed again
        await pilot.press("q")
    async with started(folder) as (app, pilot):
        assert app.theme == "nord"  # the line taken out: the last theme in use stays


async def test_an_unknown_config_theme_keeps_the_one_chosen(tmp_path: Path) -> None:
    folder = many_articles(tmp_path / "first", 2)
    async with started(folder) as (app, pilot):
        app.theme = "gruvbox"
        await pilot.pause()
        await pilot.press("q")
    async with started(folder, settings=Settings(theme="no-such-theme")) as (app, pilot):
        assert app.theme == "gruvbox"
        assert "Unknown theme 'no-such-theme': keeping gruvbox" in status(app)


async def test_an_unknown_theme_is_said_and_the_default_kept(tmp_path: Path) -> None:
    folder = many_articles(tmp_path / "first", 2)
    async with started(folder, settings=Settings(theme="no-such-theme")) as (app, pilot):
        assert app.theme == "textual-dark"
        assert "Unknown theme 'no-such-theme': keeping textual-dark" in status(app)
