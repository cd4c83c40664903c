"""Every glyph a row can carry shows on the selected row, in every theme, focused or not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.color import Color
from rich.segment import Segment

from reader.core.article import ArticleSummary
from reader.search.results import SearchHit
from reader.tui.widgets.article_list import ArticleList, ResultRow, Row
from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import many_articles, started


class AllMarks:
    """Reading state that gives a row every mark at once: starred, partly read; unread or
    read as asked."""

    def __init__(self, read: bool) -> None:
        self.read = read

    def is_read(self, path: str) -> bool:
        return self.read

    def is_starred(self, path: str) -> bool:
        return True

    def progress(self, path: str) -> int:
        return 37


class AllTags:
    def of(self, path: str) -> frozenset[str]:
        return frozenset({"war", "kyiv"})


def rows() -> list[Row]:
    """One of each kind of row: an article, one that cannot be read, a search result (its
    snippet and a matched word)."""
    article = ArticleSummary("/a.txt", "An article", "nbcnews", 1.7e9, 1200, 7000, 1.7e9)
    broken = ArticleSummary("/b.txt", "b.txt", None, 1.7e9, 0, 10, 1.7e9, error="not text")
    snippet = "the missile strike hit the bridge"
    hit = SearchHit(
        path="/c.txt",
        title="A result",
        score=1.0,
        source=None,
        date=None,
        all_words=True,
        snippet=snippet,
        snippet_spans=((4, 11),),
    )
    result = ResultRow(replace(article, path="/c.txt"), hit)
    return [result, article, broken]  # a result first: every row is drawn 3 lines high


def same_colour(one: Color, other: Color) -> bool:
    """Whether two colours look the same: the same colour, or the same RGB."""
    if one == other:
        return True
    return one.triplet is not None and one.triplet == other.triplet


def shown_colours(segment: Segment) -> tuple[Color, Color]:
    """A segment's foreground and background as the terminal draws them."""
    style = segment.style
    assert style is not None
    foreground = style.color or Color.default()
    background = style.bgcolor or Color.default()
    if style.reverse:
        foreground, background = background, foreground
    return foreground, background


async def test_every_glyph_shows_on_the_selected_row_in_every_theme(tmp_path: Path) -> None:
    async with started(many_articles(tmp_path / "many", 2)) as (app, pilot):
        article_list = app.query_one(ArticleList)
        article_list.tags = AllTags()
        shown = rows()
        article_list.set_rows(shown)
        await pilot.pause()
        hidden = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            for focused in (True, False):
                (article_list if focused else app.query_one(ArticleView)).focus()
                await pilot.pause()
                assert article_list.has_focus is focused
                for read in (False, True):
                    article_list.marks = AllMarks(read)
                    for n in range(len(shown)):
                        # the cursor on each row in turn (its watcher would open the article)
                        article_list.set_reactive(ArticleList.cursor, n)
                        for y in range(3 * n, 3 * n + 3):  # a result's rows are 3 lines high
                            for segment in article_list.render_line(y):
                                if not segment.text.strip():
                                    continue
                                foreground, background = shown_colours(segment)
                                if same_colour(foreground, background):
                                    hidden.append((theme, focused, read, segment.text))
        texts = {text for *_, text in hidden}
        assert not hidden, f"drawn in the row's own background: {texts} in {hidden[:6]}"
