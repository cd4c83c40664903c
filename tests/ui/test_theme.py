"""The theme: the open article follows a switch at once, and one theme serves every folder."""

from __future__ import annotations

from pathlib import Path

from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import settle, started


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
