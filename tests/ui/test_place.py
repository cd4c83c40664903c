"""The user's place in the list (the article under the cursor, where its row is on screen, the
article open) survives what happens around it: the first list replaced by the full one, a
relaunch, articles added while browsing or while reading results."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from reader.core.corpus import FileStat
from reader.tui import library as library_mod
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from tests.conftest import dated_articles, write_article
from tests.ui.conftest import main, many_articles, settle, started, titles, type_query


def screen_row(lst: ArticleList) -> int:
    """Where the cursor's row is drawn: rows from the top of the list."""
    row_height = lst.virtual_size.height // len(lst.summaries)  # 2 lines, 3 with snippets
    return lst.cursor - round(lst.scroll_y) // row_height


def open_path(app) -> str | None:
    article = app.query_one(ArticleView).article
    return str(article.path) if article is not None else None


async def wait_for(pilot, condition, tries: int = 100) -> None:
    """Let the app run until condition() holds (a hang guard, not a timing)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.1)


async def test_the_full_list_replacing_the_first_keeps_the_selection_and_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 60)
    newest_file = str(folder / "s059.txt")  # the first row of the quick list
    shown: list[str | None] = []
    show = ArticleView.show

    def spy(view: ArticleView, article, *args, **kwargs) -> None:
        shown.append(str(article.path) if article is not None else None)
        show(view, article, *args, **kwargs)

    monkeypatch.setattr(ArticleView, "show", spy)
    async with started(folder, size=(100, 30)) as (app, pilot):
        lst = app.query_one(ArticleList)
        assert lst.summaries[0].path != newest_file  # the full list is ordered otherwise
        assert lst.current.path == newest_file  # the selection kept
        assert screen_row(lst) == 0  # ... where it was, at the top of the list
        assert set(shown) == {newest_file}  # the preview never switched to another article


async def test_a_relaunch_restores_where_the_list_was_scrolled(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 60)
    async with started(corpus, size=(100, 24)) as (app, pilot):
        lst = app.query_one(ArticleList)
        await pilot.press(*["j"] * 30, *["k"] * 4)  # scrolled down, the cursor mid-screen
        await settle(pilot)
        chosen, row, top = lst.current.path, screen_row(lst), round(lst.scroll_y)
        assert top > 0 and 0 < row < 8
        await pilot.press("q")

    async with started(corpus, size=(100, 24)) as (app, pilot):
        lst = app.query_one(ArticleList)
        assert lst.current.path == chosen
        assert (screen_row(lst), round(lst.scroll_y)) == (row, top)


async def test_an_article_added_while_browsing_keeps_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.tui.library.POLL_SECONDS", 0.2)
    corpus = many_articles(tmp_path / "many", 30)
    async with started(corpus, size=(100, 24)) as (app, pilot):
        lst = app.query_one(ArticleList)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        where, row, reading = lst.current.path, screen_row(lst), open_path(app)
        write_article(corpus, "new.txt", "Brand new article", "Fresh words.")  # the newest
        await wait_for(pilot, lambda: "Brand new article" in titles(app))
        await settle(pilot)
        assert titles(app)[0] == "Brand new article"
        assert lst.current.path == where and screen_row(lst) == row
        assert open_path(app) == reading


async def test_an_article_added_while_reading_results_keeps_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.tui.library.POLL_SECONDS", 0.2)
    corpus = many_articles(tmp_path / "many", 100)
    async with started(corpus, size=(100, 30)) as (app, pilot):
        await type_query(pilot, "topic3")
        lst = app.query_one(ArticleList)
        count = len(titles(app))
        await pilot.press("down", *["j"] * 8, "enter")  # into the results, the ninth one open
        await settle(pilot)
        where, row, reading = lst.current.path, screen_row(lst), open_path(app)
        assert reading == where and lst.cursor == 8 and lst.scroll_y > 0
        # a new article that ranks first (its title has the word too)
        write_article(corpus, "new.txt", "About topic3", "topic3 topic3 topic3 and topic3.")
        await wait_for(pilot, lambda: len(titles(app)) == count + 1)
        await settle(pilot)
        assert len(titles(app)) == count + 1
        assert lst.current.path == where and screen_row(lst) == row
        assert open_path(app) == reading
        assert main(app).search_bar.value == "topic3"


async def test_a_relaunch_shows_the_last_list_while_the_folder_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = many_articles(tmp_path / "many", 40)
    async with started(corpus, size=(100, 24)) as (app, pilot):
        before = titles(app)
        await pilot.press("q")
    write_article(corpus, "new.txt", "Brand new article", "Fresh words.")  # since the last run
    scanned = threading.Event()
    real_scan = library_mod.scan

    def held_scan(*args: Any, **kwargs: Any) -> Any:
        scanned.wait(30)  # until the test lets it go
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(library_mod, "scan", held_scan)
    app = ReaderApp(corpus)
    try:
        async with app.run_test(size=(100, 24)) as pilot:
            await wait_for(pilot, lambda: titles(app) == before)
            assert titles(app) == before  # the last run's list, while the scan is held
            lst = app.query_one(ArticleList)
            await pilot.press("j", "j", "j")  # keys typed meanwhile move the cursor
            await pilot.pause()
            where, row = lst.current.path, screen_row(lst)
            assert where == str(corpus / "art_036.txt")
            scanned.set()
            await wait_for(pilot, lambda: "Brand new article" in titles(app))
            await settle(pilot)
            assert titles(app) == ["Brand new article", *before]  # what changed shows up
            assert lst.current.path == where and screen_row(lst) == row  # the place kept
            assert main(app).library.index is not None  # and the index checked after the scan
    finally:
        scanned.set()


async def test_starting_makes_no_text_of_the_folders_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker given the file list, without a description, had Textual describe it with
    repr(): the text of every file, on the UI thread (0.23 s at 100,000 articles)."""
    corpus = many_articles(tmp_path / "many", 20)
    described: list[int] = []

    def counting_repr(self: FileStat) -> str:
        described.append(1)
        return "FileStat(...)"

    monkeypatch.setattr(FileStat, "__repr__", counting_repr)
    async with started(corpus, size=(100, 24)) as (app, pilot):
        assert len(titles(app)) == 20 and main(app).library.index is not None
    assert described == []
