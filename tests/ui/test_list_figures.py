"""The list's figures on a first start: what is not known yet is shown as not known (never a
guess that changes under the user), the list and the pane agree once it is known, and the
article the user selected stays where it is on the screen as the rows re-sort around it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader import cli
from reader.core import catalog as catalog_mod
from reader.core.article import ArticleSummary
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from tests.conftest import dated_articles, write_article
from tests.ui.conftest import main, settle, started, until


@pytest.fixture
def held_reading(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The list's full summaries wait until the event is set: the first, quick list stays."""
    release = threading.Event()
    real = catalog_mod.read_summary

    def held(path: str, size: int, mtime: float) -> ArticleSummary:
        release.wait(30)
        return real(path, size, mtime)

    monkeypatch.setattr(catalog_mod, "read_summary", held)
    yield release
    release.set()


def list_text(lst: ArticleList) -> list[str]:
    """The lines the list draws on screen."""
    height = lst.scrollable_content_region.height
    return ["".join(s.text for s in lst.render_line(y)).rstrip() for y in range(height)]


def screen_row(lst: ArticleList) -> int:
    return lst.cursor_on_screen


def listed(app: ReaderApp) -> bool:
    """Whether the list's worker is done: every summary read."""
    return not any(w.group == "catalog" and not w.is_finished for w in app.workers)


async def test_figures_not_known_yet_are_shown_as_not_known(
    tmp_path: Path, held_reading: threading.Event
) -> None:
    folder = dated_articles(tmp_path / "dated", 8)
    two = write_article(folder, "two.txt", "Greetings", "Hello there.")  # two words
    app = ReaderApp(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        lst = app.query_one(ArticleList)
        await until(pilot, lambda: len(lst.summaries) == 9, "the first list")
        await pilot.pause()
        shown = list_text(lst)
        metas = [line for line in shown[1::2] if line.strip()]
        assert len(metas) == 9
        assert all(line.strip() == "…" for line in metas), shown  # no words, no date yet
        held_reading.set()
        await until(pilot, lambda: listed(app), "the full summaries")
        await settle(pilot)
        row = lst.index_of(str(two))
        assert row is not None
        assert list_text(lst)[2 * row + 1].strip().endswith("2 words · 1 min")
        lst.cursor = row
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.path == two
        assert "2 words · 1 min read" in "\n".join(list_text_of_view(view))


def list_text_of_view(view: ArticleView) -> list[str]:
    height = view.scrollable_content_region.height
    return ["".join(s.text for s in view.render_line(y)) for y in range(height)]


async def test_a_search_and_esc_after_the_rows_re_sorted_keep_the_place(
    tmp_path: Path, held_reading: threading.Event
) -> None:
    folder = dated_articles(tmp_path / "dated", 60)
    app = ReaderApp(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(ArticleList)
        await until(pilot, lambda: len(lst.summaries) == 60, "the first list")
        await pilot.press("j", "j", "j")
        await pilot.pause()
        chosen = lst.current
        assert chosen is not None and screen_row(lst) == 3
        await pilot.press("slash", *"story")
        await until(pilot, lambda: main(app).session.results is not None, "the results")
        held_reading.set()  # the full summaries come while the user searches
        await until(pilot, lambda: listed(app), "the full summaries")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert lst.current is not None and lst.current.path == chosen.path
        assert (lst.index_of(chosen.path) or 0) > 15  # its stated date put it far down
        assert screen_row(lst) == 3  # yet it is drawn where the user left it


async def test_rows_re_sorting_as_figures_come_keep_the_selected_article_in_place(
    tmp_path: Path, held_reading: threading.Event
) -> None:
    folder = dated_articles(tmp_path / "dated", 60)
    app = ReaderApp(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        lst = app.query_one(ArticleList)
        await until(pilot, lambda: len(lst.summaries) == 60, "the first list")
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()
        chosen = lst.current
        assert chosen is not None and screen_row(lst) == 4
        held_reading.set()
        await until(pilot, lambda: listed(app), "the full summaries")
        await settle(pilot)
        assert lst.current is not None and lst.current.path == chosen.path
        assert lst.index_of(chosen.path) != 4  # it moved in the list...
        assert screen_row(lst) == 4  # ... not on the screen


async def test_a_start_after_reader_index_reads_no_article_for_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 30)
    assert cli.main(["index", str(folder)]) == 0
    read: list[str] = []

    def counted(real: Callable[[str, int, float], ArticleSummary]) -> Any:
        def read_one(path: str, size: int, mtime: float) -> ArticleSummary:
            read.append(path)
            return real(path, size, mtime)

        return read_one

    for name in ("read_summary", "quick_summary"):
        monkeypatch.setattr(catalog_mod, name, counted(getattr(catalog_mod, name)))
    async with started(folder, size=(120, 30)) as (app, pilot):
        lst = app.query_one(ArticleList)
        assert len(lst.summaries) == 30
        assert read == []  # the list came whole from what `reader index` kept
        assert all(line.strip().endswith("min") for line in list_text(lst)[1::2] if line)
