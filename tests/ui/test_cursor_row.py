"""The list's cursor row: it stands out from the other rows in every theme, focused or not."""

from __future__ import annotations

from pathlib import Path

from rich.color import Color, ColorType

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import many_articles, started


def backgrounds(article_list: ArticleList, y: int) -> set[Color | None]:
    """The background colours of one line of the list, as drawn."""
    return {
        segment.style.bgcolor if segment.style else None for segment in article_list.render_line(y)
    }


async def test_the_cursor_row_stands_out_in_every_theme(tmp_path: Path) -> None:
    async with started(many_articles(tmp_path / "many", 6)) as (app, pilot):
        article_list = app.query_one(ArticleList)
        await pilot.press("j", "j")
        assert article_list.cursor == 2  # rows are two lines high: the cursor is on lines 4, 5
        for theme in sorted(app.available_themes):
            app.theme = theme
            seen: dict[bool, set[Color | None]] = {}
            for focused in (True, False):
                (article_list if focused else app.query_one(ArticleView)).focus()
                await pilot.pause()
                assert article_list.has_focus is focused
                cursor = backgrounds(article_list, 4) | backgrounds(article_list, 5)
                others = set().union(*(backgrounds(article_list, y) for y in (0, 1, 2, 3, 6, 7)))
                assert len(cursor) == 1, (theme, focused, cursor)  # one background, end to end
                assert not cursor & others, (theme, focused, cursor, others)
                seen[focused] = cursor
            truecolor = all(c is not None and c.type is ColorType.TRUECOLOR for c in seen[True])
            if truecolor:  # an ANSI theme has no shades of a colour to tell focus by
                assert seen[True] != seen[False], theme
