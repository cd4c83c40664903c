"""A huge article answers at once (issue 23, item 6): its first part is shown, said so, and
`c`, `[`/`]` and `&` act on that part; the contents list over 100,000 headings draws only the
rows in sight. What is counted is rows and headings, never seconds."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from reader.tui.widgets import article_view, markdown_lines, reading_panes
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.contents_screen import ContentsScreen
from reader.tui.widgets.pick_list import PickList
from tests.odd_folder import build_odd_folder
from tests.ui.conftest import HANG_GUARD, screen_text, settle, started, status, titles, until

FEW = 200  # rows made for a dialog's first frames: a few screens' worth


async def test_a_huge_article_shows_its_first_part_and_its_keys_act_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading_panes, "SHOWN_BLOCKS", 300)  # 1,000 headings: 2,000 blocks
    folder = tmp_path / "odd"
    build_odd_folder(folder, scale=0.01)
    async with started(folder) as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.press(*["down"] * titles(app).index("Heading 0 headingword"), "enter")
        await settle(pilot)
        await until(
            pilot, lambda: view.article is not None and view.article.title.startswith("Heading 0")
        )
        await settle(pilot)
        assert "Only the start of this file is shown (its first 300 blocks)" in screen_text(app)
        assert len(view.headings) == 150  # of the 300 blocks laid out
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ContentsScreen)
        menu = app.screen.query_one(PickList)
        assert menu.option_count == 150
        await pilot.press("end", "enter")
        await settle(pilot)
        assert status(app) == "Heading 150 of 150: Heading 150 headingword"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert status(app) == "At the last heading"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert status(app) == "Heading 149 of 150: Heading 149 headingword"


async def test_the_contents_of_100000_headings_opens_at_once(small_corpus: Path) -> None:
    # An OptionList of 100,000 headings laid each one out before showing any (about 7 s).
    headings = [(n % 3, f"Heading {n}") for n in range(100_000)]
    chosen: list[int | None] = []
    async with started(small_corpus) as (app, pilot):
        app.push_screen(ContentsScreen(headings, current=50_000), chosen.append)
        await pilot.pause()
        await pilot.pause()
        menu = app.screen.query_one(PickList)
        assert menu.option_count == 100_000
        assert menu.highlighted == 50_000
        assert 0 < len(menu.made) < FEW
        assert "Heading 50000" in screen_text(app)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert chosen == [99_999]


async def test_a_markdown_layout_stops_between_runs_when_another_article_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rich rendered a document in one call that nothing could stop (100,000 headings: 77 s
    of a worker still busy after the next article was shown). Now it is rendered a run of
    blocks at a time, and a layout given up stops after the run it is in."""
    monkeypatch.setattr(article_view, "BACKGROUND_LAYOUT_BYTES", 100)  # each one in a worker
    folder = tmp_path / "odd"
    build_odd_folder(folder, scale=0.01)  # headings.md: 2,000 blocks, 10 runs
    small = folder / "zebra_once.md"
    os.utime(small, (2_000_000_000, 2_000_000_000))  # the newest: shown first
    gate = threading.Event()
    runs: list[str] = []
    real = markdown_lines.Markdown

    def held(text: str, *args: Any, **kwargs: Any) -> Any:
        runs.append(text)
        if len(runs) == 2 and "Heading" in text:
            gate.wait(HANG_GUARD)  # the second run of headings.md, until the test goes on
        return real(text, *args, **kwargs)

    async with started(folder) as (app, pilot):
        view = app.query_one(ArticleView)
        monkeypatch.setattr(markdown_lines, "Markdown", held)
        lst = app.query_one(ArticleList)
        lst.cursor = titles(app).index("Heading 0 headingword")  # previewed, laid out
        await until(pilot, lambda: len(runs) == 2, "the second run of headings.md")
        await pilot.press("home")  # the first article again, while headings.md is laid out
        await until(pilot, lambda: view.article is not None and view.article.path == small)
        gate.set()
        await settle(pilot)
        assert len(runs) == 3  # the run it was in, and zebra_once.md's one
        assert "Heading" not in runs[-1]
        assert view.article is not None and view.article.path == small
