"""A search result's row: its snippet drawn from the hit, its matched words in the style the
stylesheet gives the list's `article-list--match` component (bold reverse as shipped)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from rich.style import Style
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.row_lines import STAR_MARK
from tests.conftest import write_article
from tests.ui.conftest import settle, type_query


class UnderlinedMatches(ReaderApp):
    """The reader with a stylesheet of its own for the matched words (read after the shipped
    one, so it wins)."""

    CSS = "ArticleList > .article-list--match { text-style: underline; }"


@contextlib.asynccontextmanager
async def searched(app: ReaderApp, query: str) -> AsyncIterator[Pilot[Any]]:
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await type_query(pilot, query)
        yield pilot


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    write_article(root, "a.txt", "Harbour news", "Boats came in. The walrus sat on the pier.")
    return root


def styles_of(article_list: ArticleList, line: int, word: str) -> list[Style]:
    """The styles the list draws word in on one of its lines."""
    return [
        segment.style or Style()
        for segment in article_list.render_line(line)
        if word in segment.text
    ]


async def test_a_snippets_matches_are_bold_reverse_as_shipped(tmp_path: Path) -> None:
    app = ReaderApp(folder(tmp_path))
    async with searched(app, "walrus"):
        article_list = app.query_one(ArticleList)
        assert article_list.render_line(2).text.strip().startswith("Boats came in.")
        [match] = styles_of(article_list, 2, "walrus")  # the third line: the snippet
        assert match.bold and match.reverse
        [other] = styles_of(article_list, 2, "Boats")
        assert not other.bold and not other.reverse


async def test_the_match_style_is_the_stylesheets(tmp_path: Path) -> None:
    app = UnderlinedMatches(folder(tmp_path))
    async with searched(app, "walrus"):
        [match] = styles_of(app.query_one(ArticleList), 2, "walrus")
        assert match.underline
        assert not match.bold and not match.reverse  # nothing hard-coded over the stylesheet


async def test_a_line_is_drawn_anew_only_when_what_it_shows_changes(tmp_path: Path) -> None:
    """Typing sets the rows at each key, mostly to the same articles: their lines are drawn
    once, and again when the row's marks or the cursor change."""
    root = folder(tmp_path)
    write_article(root, "b.txt", "Harbour walls", "The walrus left the harbour at dawn.")
    app = ReaderApp(root)
    async with searched(app, "walrus") as pilot:
        await pilot.press("down")  # into the results
        await settle(pilot)
        article_list = app.query_one(ArticleList)
        drawn = [article_list.render_line(y) for y in range(6)]
        again = [article_list.render_line(y) for y in range(6)]
        assert all(line is first for line, first in zip(again, drawn, strict=True))
        assert STAR_MARK not in drawn[0].text and STAR_MARK not in drawn[3].text
        await pilot.press("s")  # the first one starred
        await settle(pilot)
        now = [article_list.render_line(y) for y in range(6)]
        assert now[0].text.startswith(STAR_MARK)
        assert now[3] is drawn[3] and now[4] is drawn[4]  # the second row: as it was
        await pilot.press("down")  # the cursor onto the second row: drawn anew
        await settle(pilot)
        assert article_list.render_line(3) is not drawn[3]
        assert article_list.render_line(3).text == drawn[3].text
