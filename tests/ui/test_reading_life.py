"""A reading life: read marks, stars, positions, order and theme last across launches."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader.core import files
from reader.core.settings import Settings
from reader.core.state import ReadingState
from reader.core.tags import Tags
from reader.tui.app import ReaderApp
from reader.tui.library import IndexProgressed
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.row_lines import STAR_MARK, UNREAD_MARK
from tests.conftest import write_article
from tests.ui.conftest import (
    main,
    many_articles,
    screen_text,
    settle,
    started,
    titles,
    type_query,
    until_status,
)


def first_row(app: ReaderApp) -> str:
    lines = screen_text(app).splitlines()
    return next(line for line in lines if "Article 0" in line)


async def test_open_marks_read_m_toggles_s_stars(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 3)
    async with started(corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        path = lst.current.path
        assert UNREAD_MARK in first_row(app)
        state = main(app).state
        assert state is not None and not state.is_read(path)
        await pilot.press("enter")
        await settle(pilot)
        assert state.is_read(path)
        assert UNREAD_MARK not in first_row(app)
        await pilot.press("m")
        assert not state.is_read(path)
        await pilot.press("escape", "m")
        assert state.is_read(path)
        await pilot.press("s")
        await pilot.pause()
        assert state.is_starred(path)
        assert STAR_MARK in first_row(app)
        await pilot.press("s")
        assert not state.is_starred(path)


async def test_moving_through_the_list_does_not_mark_read(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 3)
    async with started(corpus) as (app, pilot):
        await pilot.press("j", "j")
        await settle(pilot)
        assert main(app).state is not None and main(app).state.read_count == 0


async def test_restart_restores_marks_position_selection_order_theme(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 6)
    async with started(corpus, size=(100, 20)) as (app, pilot):
        await pilot.press("j", "j", "s", "enter")
        await settle(pilot)
        chosen = app.query_one(ArticleList).current.path
        await pilot.press("space", "space")
        position = round(app.query_one(ArticleView).scroll_y)
        assert position > 0
        await pilot.press("escape", "o")  # order by title
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("q")

    async with started(corpus, size=(100, 20)) as (again, pilot):
        state = main(again).state
        assert state is not None
        lst = again.query_one(ArticleList)
        assert lst.current.path == chosen  # the last selected article
        assert state.is_read(chosen) and state.is_starred(chosen)
        assert main(again).order.browse_sort == "title"
        assert again.theme == "textual-light"
        await settle(pilot)
        assert round(again.query_one(ArticleView).scroll_y) == position  # reading resumes there


async def test_a_renamed_file_keeps_its_marks(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 3)
    async with started(corpus) as (app, pilot):
        await pilot.press("s")
        path = app.query_one(ArticleList).current.path
        await pilot.press("q")
    moved = Path(path).with_name("renamed.txt")
    Path(path).rename(moved)
    async with started(corpus) as (again, pilot):
        state = main(again).state
        assert state is not None and state.is_starred(str(moved))


class CountingHashlib:
    """Stands in for files.py's `hashlib`: notes the digest of each file hashed."""

    def __init__(self) -> None:
        self.digests: list[str] = []

    def sha256(self) -> Any:
        real, digests = hashlib.sha256(), self.digests

        class Noted:
            def update(self, data: bytes) -> None:
                real.update(data)

            def hexdigest(self) -> str:
                digests.append(real.hexdigest())
                return digests[-1]

        return Noted()


async def test_a_renamed_file_keeps_its_marks_and_tags_and_is_hashed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = many_articles(tmp_path / "many", 3)
    path = corpus / "art_001.txt"
    with ReadingState(corpus) as state:
        state.toggle_star(str(path))
        with Tags(state.path) as tags:
            tags.set(str(path), ["war"])
    moved = path.with_name("renamed.txt")
    path.rename(moved)
    counting = CountingHashlib()
    monkeypatch.setattr(files, "hashlib", counting)
    async with started(corpus) as (app, pilot):
        await pilot.press("q")
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        assert state.is_starred(str(moved)) and tags.of(str(moved)) == {"war"}
        assert not state.is_starred(str(path)) and tags.of(str(path)) == frozenset()
    content = hashlib.sha256(moved.read_bytes()).hexdigest()
    assert counting.digests.count(content) == 1  # not once for the marks, again for the tags


async def test_f_filters_unread_starred_and_source_with_a_search(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        everything = titles(app)
        assert len(everything) == 4
        await pilot.press("enter")  # opening marks the first article read
        await settle(pilot)
        read_title = app.query_one(ArticleList).current.title
        await pilot.press("escape", "f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("down", "enter", "escape")  # "Unread only"
        await settle(pilot)
        assert read_title not in titles(app) and len(titles(app)) == 3
        assert "showing unread" in screen_text(app)
        await pilot.press("f", "down", "enter", "escape")  # unread off again
        await settle(pilot)
        assert titles(app) == everything
        await pilot.press("f", "down", "down", "down", "enter", "escape")  # the first source
        await settle(pilot)
        shown = app.query_one(ArticleList).summaries
        assert shown and {s.source for s in shown} == {shown[0].source}
        await type_query(pilot, "missiles")  # a search, filtered the same way
        assert all(s.source == shown[0].source for s in app.query_one(ArticleList).summaries)
        await pilot.press("escape")
        await pilot.press("f", "enter", "escape")  # all articles
        await settle(pilot)
        assert titles(app) == everything


async def test_settings_reading_width_and_notices(seed_corpus: Path) -> None:
    settings = Settings(reading_width=40, mark_read_on_open=False)
    async with started(
        seed_corpus, settings=settings, notices=["config.toml line 2: bad value"], size=(140, 40)
    ) as (app, pilot):
        view = app.query_one(ArticleView)
        assert max(strip.cell_length for strip in view._lines) <= 40
        assert "config.toml line 2: bad value" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).state is not None and main(app).state.read_count == 0  # the setting is off


async def test_live_folder_adds_changes_and_removes(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.tui.library.POLL_SECONDS", 0.2)
    async with started(small_corpus) as (app, pilot):
        await pilot.press("j")
        where = app.query_one(ArticleList).current
        await type_query(pilot, "zeppelin")
        assert titles(app) == []
        write_article(small_corpus, "new.txt", "Zeppelin returns", "A zeppelin flew over town.")
        (small_corpus / "b_weather.txt").unlink()
        for _ in range(100):
            await pilot.pause(0.1)
            if titles(app) == ["Zeppelin returns"]:
                break
        assert titles(app) == ["Zeppelin returns"]  # the search kept, and answered anew
        await pilot.press("escape")
        await settle(pilot)
        shown = titles(app)
        assert "Zeppelin returns" in shown and "Storms sweep across the plains" not in shown
        assert app.query_one(ArticleList).current == where  # the user's place kept


async def test_a_folder_removed_while_reading_is_said_and_its_articles_kept(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unmounted drive or a folder moved away: the status line says so, the list stays as
    it was, and the note goes once the folder is back."""
    monkeypatch.setattr("reader.tui.library.POLL_SECONDS", 0.2)
    async with started(small_corpus) as (app, pilot):
        shown = titles(app)
        away = tmp_path / "away"
        small_corpus.rename(away)

        async def said(text: str, present: bool) -> bool:
            for _ in range(100):
                await pilot.pause(0.1)
                if (text in screen_text(app)) == present:
                    return True
            return False

        assert await said("Can't see the folder", True)
        assert "not found" in screen_text(app)
        assert titles(app) == shown
        away.rename(small_corpus)
        assert await said("Can't see the folder", False)
        assert titles(app) == shown


async def test_a_big_index_is_said_in_the_status_line(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        main(app).post_message(IndexProgressed(0, 154_000))
        await pilot.pause()
        assert "Indexing 154,000 articles takes a while" in screen_text(app)
        main(app).post_message(IndexProgressed(0, 12))
        await pilot.pause()
        assert "Indexing 12 articles…" in screen_text(app)


async def test_marks_that_cannot_be_saved_are_said_retried_and_reported_at_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14.2: another process holds the state file's write lock (as SQLite really reports
    it: "database is locked"); the marks stay on screen, the status line says so, a retry
    saves them once the lock is let go, and quitting while it is held says what is lost."""
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.05,))
    corpus = many_articles(tmp_path / "many", 3)
    warning = "Can't save marks: database is locked; will retry"
    async with started(corpus) as (app, pilot):
        state = main(app).state
        assert state is not None
        path = app.query_one(ArticleList).current.path
        other = sqlite3.connect(state.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("s")
        assert STAR_MARK in first_row(app)  # on screen at once
        await until_status(app, pilot, warning)
        assert saved_marks(state.path) == {}
        other.execute("ROLLBACK")  # the lock is let go: the next retry saves the star
        await until_status(app, pilot, warning, present=False)
        assert saved_marks(state.path) == {path: (0, 1)}
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("m")
        await until_status(app, pilot, warning)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    other.execute("ROLLBACK")
    other.close()
    assert app.return_code == 1
    assert "reader: 1 mark could not be saved: database is locked" in capsys.readouterr().err
    assert saved_marks(state.path) == {path: (0, 1)}  # the read mark was not saved


def saved_marks(db_path: Path) -> dict[str, tuple[int, int]]:
    """path -> (read, starred) as the state file holds them."""
    db = sqlite3.connect(db_path)
    try:
        return {r[0]: (r[1], r[2]) for r in db.execute("SELECT path, read, starred FROM marks")}
    finally:
        db.close()
