"""The article shown changes on disk or is deleted while it is read or previewed: the pane
reads it again where it was, or says its file is gone (issue 24 item 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.tui.widgets.article_view import ArticleView
from tests.conftest import write_article
from tests.ui.conftest import settle, started, status, until


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.tui.library.POLL_SECONDS", 0.1)


def long_one(folder: Path, last: str) -> Path:
    paragraphs = [f"Paragraph {n} says something worth reading." for n in range(80)]
    path = write_article(folder, "long.txt", "A long read", *paragraphs, last)
    os.utime(path, (2_000_000_000, 2_000_000_000))  # the newest: the list's first row
    return path


def shown_text(view: ArticleView) -> str:
    return view.article.body_text if view.article is not None else ""


async def test_the_article_being_read_is_reloaded_where_it_was(small_corpus: Path) -> None:
    path = long_one(small_corpus, "The first ending.")
    async with started(small_corpus, size=(100, 30)) as (app, pilot):
        await pilot.press("enter")  # open it to read
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert "The first ending." in shown_text(view)
        await pilot.press("space", "space")
        await settle(pilot)
        where = view.scroll_y
        assert where > 0
        told: list[str] = []
        notify = app.notify
        app.notify = lambda text, **kw: (told.append(str(text)), notify(text, **kw))[1]  # type: ignore[method-assign]
        long_one(small_corpus, "A second ending, written since.")
        os.utime(path, (2_000_000_100, 2_000_000_100))
        await until(pilot, lambda: "written since" in shown_text(view), "the article reloaded")
        await settle(pilot)
        assert view.scroll_y == where  # the place kept
        assert told == ["The article changed on disk: reloaded"]


async def test_the_article_previewed_is_reloaded(small_corpus: Path) -> None:
    path = long_one(small_corpus, "The first ending.")
    async with started(small_corpus) as (app, pilot):
        view = app.query_one(ArticleView)
        assert "The first ending." in shown_text(view)  # the first row, previewed
        long_one(small_corpus, "A second ending, written since.")
        os.utime(path, (2_000_000_100, 2_000_000_100))
        await until(pilot, lambda: "written since" in shown_text(view), "the preview reloaded")


async def test_the_article_deleted_while_read_says_so(small_corpus: Path) -> None:
    path = long_one(small_corpus, "The first ending.")
    async with started(small_corpus) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        path.unlink()
        said = "The article's file was deleted: it shows as it was"
        await until(pilot, lambda: status(app) == said, "the deletion said")
        assert "The first ending." in shown_text(view)  # still there to read
        await settle(pilot)  # the index updated since: the note stays while it is shown
        assert status(app) == said
